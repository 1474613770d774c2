//! The SOAP 1.1 `Fault`: `faultcode`, `faultstring`, `faultactor?`,
//! `detail?`, all unqualified, in that order.

use crate::cursor::{Cursor, QName, Space};
use crate::error::{Error, ErrorKind, Result, ShortStr};
use crate::xml::{escape, escape_text, write_xmlns, Context, Ns, RawXml, Sink, Text};

pub(crate) const FAULT: QName = QName::new(Space::Soap, "Fault");
const CODE: QName = QName::new(Space::None, "faultcode");
const STRING: QName = QName::new(Space::None, "faultstring");
const ACTOR: QName = QName::new(Space::None, "faultactor");
const DETAIL: QName = QName::new(Space::None, "detail");

/// Longest `faultcode` written with references or CDATA that is resolved.
const MAX_ESCAPED_CODE: usize = 512;

/// A SOAP 1.1 fault, as both services send it.
///
/// ```
/// use umcodec::{Fault, Message};
///
/// let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
///   <faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorSchemaValidation</faultcode>
///   <faultstring xml:lang="en-US">The request failed schema validation.</faultstring>
/// </s:Fault></s:Body></s:Envelope>"#;
/// let Message::Fault(f) = Message::decode(xml)? else { panic!() };
/// assert_eq!(f.code.local(), Some("ErrorSchemaValidation"));
/// assert_eq!(f.code.namespace.unwrap(), "http://schemas.microsoft.com/exchange/services/2006/types");
/// assert_eq!(f.string, "The request failed schema validation.");
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Fault<'a> {
    /// `faultcode`.
    pub code: FaultCode<'a>,
    /// `faultstring`: free text, as written after unescaping.
    pub string: Text<'a>,
    /// `faultactor`, a URI.
    pub actor: Option<Text<'a>>,
    /// `detail`: its content, as written.
    pub detail: Option<RawXml<'a>>,
}

/// A fault code: an `xs:QName` and the namespace its prefix resolved to.
/// Codes compare without surrounding whitespace.
#[derive(Clone, Copy, Debug, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct FaultCode<'a> {
    /// The QName as written (surrounding whitespace removed when the text
    /// needs no unescaping), e.g. `a:ErrorSchemaValidation`.
    pub qname: Text<'a>,
    /// The namespace URI of the prefix; `None` for an unprefixed code.
    pub namespace: Option<Text<'a>>,
}

impl PartialEq for FaultCode<'_> {
    fn eq(&self, other: &Self) -> bool {
        crate::values::trimmed_eq(&self.qname, &other.qname) && self.namespace == other.namespace
    }
}

impl<'a> FaultCode<'a> {
    /// A code `prefix:local` in `namespace` (or unprefixed with `None`).
    #[must_use]
    pub const fn new(namespace: Option<&'a str>, qname: &'a str) -> Self {
        FaultCode {
            qname: Text::new(qname),
            namespace: match namespace {
                Some(ns) => Some(Text::new(ns)),
                None => None,
            },
        }
    }

    /// The local part, when the QName needs no unescaping.
    #[must_use]
    pub fn local(&self) -> Option<&'a str> {
        let q = self.qname.as_str()?;
        Some(q.split_once(':').map_or(q, |(_, l)| l))
    }

    /// The prefix (empty for none), when the QName needs no unescaping.
    #[must_use]
    pub fn prefix(&self) -> Option<&'a str> {
        let q = self.qname.as_str()?;
        Some(q.split_once(':').map_or("", |(p, _)| p))
    }
}

/// `true` for an NCName (a name without a colon).
fn is_ncname(s: &str) -> bool {
    use xmlparser::XmlCharExt;
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c != ':' && c.is_xml_name_start()) && chars.all(|c| c != ':' && c.is_xml_name())
}

/// Splits a QName into (prefix, local) or `None` when it is not one.
fn split_qname(q: &str) -> Option<(&str, &str)> {
    let (p, l) = q.split_once(':').unwrap_or(("", q));
    ((p.is_empty() || is_ncname(p)) && is_ncname(l)).then_some((p, l))
}

impl<'a> Fault<'a> {
    /// Decodes the content of `soap:Fault` (just opened).
    pub(crate) fn decode_body(cur: &mut Cursor<'a>) -> Result<Self> {
        cur.no_attributes(FAULT)?;
        cur.expect(CODE)?;
        cur.no_attributes(CODE)?;
        let code = decode_code(cur)?;
        cur.expect(STRING)?;
        cur.no_attributes(STRING)?;
        let string = cur.text(STRING)?;
        let mut fault = Fault {
            code,
            string,
            actor: None,
            detail: None,
        };
        let mut next = cur.next_child()?;
        if let Some(s) = next {
            if cur.is(&s, ACTOR)? {
                cur.no_attributes(ACTOR)?;
                fault.actor = Some(cur.text(ACTOR)?);
                next = cur.next_child()?;
            }
        }
        if let Some(s) = next {
            if !cur.is(&s, DETAIL)? {
                return Err(cur.unexpected_child(FAULT, &s));
            }
            cur.no_attributes(DETAIL)?;
            let start = cur.reader.position();
            let end = cur.reader.skip_element()?;
            fault.detail = Some(RawXml::in_document(cur.reader.input(), start, end.max(start)));
            cur.expect_end(FAULT)?;
        }
        Ok(fault)
    }

    /// Writes `<prefix:Fault>…</prefix:Fault>`.
    pub(crate) fn encode<S: Sink + ?Sized>(&self, out: &mut S, soap_prefix: &str) -> Result<()> {
        out.write_str("<")?;
        out.write_str(soap_prefix)?;
        out.write_str(":Fault>")?;
        self.encode_code(out, soap_prefix)?;
        out.write_str("<faultstring>")?;
        escape_text(out, &self.string, Context::Content)?;
        out.write_str("</faultstring>")?;
        if let Some(actor) = &self.actor {
            out.write_str("<faultactor>")?;
            escape_text(out, actor, Context::Content)?;
            out.write_str("</faultactor>")?;
        }
        if let Some(detail) = &self.detail {
            out.write_str("<detail")?;
            // `detail` is unqualified, so the default namespace in scope of
            // its content is always none: only prefixes are carried.
            let ours = [(soap_prefix, crate::namespaces::SOAP_ENVELOPE)];
            detail.write_prefix_scope(out, &crate::namespaces::KNOWN, &ours)?;
            out.write_str(">")?;
            out.write_str(detail.as_str())?;
            out.write_str("</detail>")?;
        }
        out.write_str("</")?;
        out.write_str(soap_prefix)?;
        out.write_str(":Fault>")
    }

    fn encode_code<S: Sink + ?Sized>(&self, out: &mut S, soap_prefix: &str) -> Result<()> {
        let mut buf = [0u8; MAX_ESCAPED_CODE];
        let q = match self.code.qname.as_str() {
            Some(q) => q,
            None => self
                .code
                .qname
                .unescape_into(&mut buf)
                .map_err(|_| code_error(&self.code.qname))?,
        };
        // Whitespace around a QName is insignificant (`xs:QName` collapses
        // it): the code is written without it.
        let q = crate::xml::trim_xml_space(q);
        let Some((prefix, _)) = split_qname(q) else {
            return Err(code_error(&self.code.qname));
        };
        out.write_str("<faultcode")?;
        match (&self.code.namespace, prefix) {
            (Some(ns), p) if !p.is_empty() => {
                if p == "xmlns"
                    || (p == "xml") != (*ns == crate::xml::XML_NS)
                    || ns.is_empty()
                    || *ns == crate::xml::XMLNS_NS
                {
                    return Err(code_error(&self.code.qname));
                }
                // The envelope's own prefix needs no second declaration.
                if !(p == soap_prefix && *ns == crate::namespaces::SOAP_ENVELOPE) {
                    write_xmlns(out, p, ns)?;
                }
            }
            (None, "") => {}
            // An unprefixed code has no namespace (faultcode is unqualified,
            // so no default namespace can be in scope); a prefixed one needs
            // its namespace.
            _ => return Err(code_error(&self.code.qname)),
        }
        out.write_str(">")?;
        escape(out, q, Context::Content, self.code.qname.offset())?;
        out.write_str("</faultcode>")
    }
}

fn code_error(t: &Text<'_>) -> Error {
    crate::values::invalid("faultcode", t)
}

/// Reads the `faultcode` text and resolves its prefix in the element's
/// scope. The end tag is read before reporting a bad value, so that a cut
/// input is `Incomplete`, never a wrong value.
fn decode_code<'a>(cur: &mut Cursor<'a>) -> Result<FaultCode<'a>> {
    let mut text = Text::content("", cur.reader.position(), true);
    let mut resolved = None;
    loop {
        match cur.reader.next_event()? {
            crate::xml::Event::Text(t) => {
                text = t;
                // Resolve while the faultcode's scope is still open.
                resolved = Some(resolve(cur, &t));
            }
            crate::xml::Event::End(_) => break,
            crate::xml::Event::Start(s) => return Err(cur.unexpected_child(CODE, &s)),
            crate::xml::Event::Eof => return Err(Error::new(ErrorKind::Incomplete, cur.reader.input().len())),
        }
    }
    resolved.unwrap_or_else(|| Err(code_error(&text)))
}

fn resolve<'a>(cur: &Cursor<'a>, text: &Text<'a>) -> Result<FaultCode<'a>> {
    let mut buf = [0u8; MAX_ESCAPED_CODE];
    let (q, qname) = match text.trimmed_literal() {
        Some(trimmed) => trimmed,
        None => {
            let s = text.unescape_into(&mut buf).map_err(|_| code_error(text))?;
            (crate::xml::trim_xml_space(s), *text)
        }
    };
    let (prefix, _) = split_qname(q).ok_or_else(|| code_error(text))?;
    if prefix.is_empty() {
        return Ok(FaultCode { qname, namespace: None });
    }
    let namespace = match cur.reader.resolve(prefix) {
        None => {
            return Err(Error::new(
                ErrorKind::UnboundPrefix {
                    prefix: ShortStr::new(prefix),
                },
                text.offset(),
            ))
        }
        Some(Ns::Known(i)) => Text::new(crate::namespaces::KNOWN[i]),
        Some(Ns::Xml) => Text::new(crate::xml::XML_NS),
        Some(Ns::Other(uri)) => uri,
        Some(Ns::None) => return Err(code_error(text)),
    };
    Ok(FaultCode {
        qname,
        namespace: Some(namespace),
    })
}
