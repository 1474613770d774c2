//! [`RawXml`]: element content kept as written (for `MessageXml` and fault
//! `detail`, whose content the schemas leave open).

use core::fmt;

use super::event::Event;
use super::scanner::Reader;
use super::text::Text;
use super::writer::{write_xmlns, Sink};
use crate::error::{Error, ErrorKind, Limit, Result};

/// Well-formed element content borrowed from the input, exactly as written
/// (escapes unresolved, comments kept).
///
/// Prefixes inside it may be declared on ancestors outside it; a decoded
/// value remembers its document so that an encoder can re-declare the
/// namespaces in scope, keeping what the content means. A value built with
/// [`RawXml::new`] has nothing in scope but the `xml` prefix, and is checked
/// for well-formedness when encoded.
///
/// Two values are equal when their content is byte-for-byte equal.
///
/// ```
/// use umcodec::{DisconnectPhoneCallResponse, Encode, RawXml, ResponseClass};
///
/// // The prefix `t` is declared on the envelope, outside the content...
/// let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"
///   xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><s:Body>
///   <m:DisconnectPhoneCallResponse ResponseClass="Error" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
///     <m:MessageXml><t:Value Name="Policy">Throttled</t:Value></m:MessageXml>
///   </m:DisconnectPhoneCallResponse></s:Body></s:Envelope>"#;
/// let resp = DisconnectPhoneCallResponse::decode(xml)?;
/// let raw = resp.message_xml.unwrap();
/// assert_eq!(raw.as_str(), r#"<t:Value Name="Policy">Throttled</t:Value>"#);
///
/// // ...and encoding re-declares it, so the content keeps its meaning.
/// let mut buf = [0u8; 1024];
/// let n = resp.encode(&mut buf)?;
/// assert_eq!(DisconnectPhoneCallResponse::decode(&buf[..n])?, resp);
///
/// // Built by hand: checked when encoded.
/// let bad = DisconnectPhoneCallResponse {
///     message_xml: Some(RawXml::new("<a>unclosed")),
///     ..resp
/// };
/// assert!(bad.encoded_len().is_err());
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct RawXml<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
}

impl<'a> RawXml<'a> {
    /// Content to encode: elements and text, with every prefix declared
    /// inside it.
    ///
    /// ```
    /// # use umcodec::RawXml;
    /// let raw = RawXml::new(r#"<t:Value xmlns:t="urn:x" Name="Policy">MaxConcurrency</t:Value>"#);
    /// assert!(raw.as_str().starts_with("<t:Value"));
    /// ```
    #[must_use]
    pub const fn new(fragment: &'a str) -> Self {
        RawXml {
            doc: fragment,
            start: 0,
            end: fragment.len(),
        }
    }

    /// Content found in `doc` between `start` and `end`.
    pub(crate) fn in_document(doc: &'a str, start: usize, end: usize) -> Self {
        RawXml { doc, start, end }
    }

    /// The content as written: markup, references and comments as they
    /// are in the input.
    ///
    /// ```
    /// # use umcodec::RawXml;
    /// assert_eq!(RawXml::new("a &amp; <b/>").as_str(), "a &amp; <b/>");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &'a str {
        self.doc.get(self.start..self.end).unwrap_or("")
    }

    /// Byte offset of the content in the input it was decoded from (0 for
    /// a value built with [`RawXml::new`]).
    ///
    /// ```
    /// # use umcodec::RawXml;
    /// assert_eq!(RawXml::new("<b/>").offset(), 0);
    /// ```
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.start
    }

    /// Calls `visit(prefix, uri)` for each namespace declaration in scope
    /// at the start of the content (outermost first, one per prefix; the
    /// default namespace has the empty prefix). A value built with
    /// [`RawXml::new`] is checked for well-formedness first.
    pub(crate) fn with_scope(
        &self,
        known: &'static [&'static str],
        mut visit: impl FnMut(&'a str, Text<'a>) -> Result<()>,
    ) -> Result<()> {
        if self.doc.len() > u32::MAX as usize {
            return Err(Error::new(
                ErrorKind::LimitExceeded {
                    limit: Limit::InputLength,
                    max: u32::MAX as usize,
                },
                0,
            ));
        }
        if self.start == 0 && self.end == self.doc.len() {
            let mut r = Reader::fragment(self.doc, known);
            loop {
                if let Event::Eof = r.next_event()? {
                    return Ok(());
                }
            }
        }
        let mut r = Reader::unlimited(self.doc, known);
        loop {
            match r.next_event()? {
                Event::Start(_) if r.position() == self.start => break,
                Event::Eof => return Err(Error::new(ErrorKind::Incomplete, self.start)),
                _ if r.position() > self.start => return Err(Error::new(ErrorKind::Incomplete, self.start)),
                _ => {}
            }
        }
        for (prefix, uri) in r.in_scope() {
            visit(prefix, uri)?;
        }
        Ok(())
    }
}

impl RawXml<'_> {
    /// Writes a declaration for each prefix in scope of the content, except
    /// the `(prefix, uri)` pairs the writer already has in scope at that
    /// point (`already`). The default namespace is the caller's business:
    /// it depends on how the wrapper element is written.
    ///
    /// Outermost first, so that re-encoding what was encoded writes the same
    /// bytes again.
    pub(crate) fn write_prefix_scope<S: Sink + ?Sized>(
        &self,
        out: &mut S,
        known: &'static [&'static str],
        already: &[(&str, &str)],
    ) -> Result<()> {
        self.with_scope(known, |prefix, uri| {
            if prefix.is_empty() || already.iter().any(|&(p, u)| p == prefix && uri == u) {
                Ok(())
            } else {
                write_xmlns(out, prefix, &uri)
            }
        })
    }
}

impl PartialEq for RawXml<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for RawXml<'_> {}

impl fmt::Debug for RawXml<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawXml").field(&self.as_str()).finish()
    }
}
