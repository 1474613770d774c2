//! The SOAP 1.1 `Fault`: `faultcode`, `faultstring`, `faultactor?`,
//! `detail?`, all unqualified, in that order.

use crate::cursor::{Cursor, QName, Space};
use crate::error::{Error, ErrorKind, Result, Span};
use crate::message::{typed_decode, Encode, Operation};
use crate::messages::ews::{HeaderUse, Headers};
use crate::xml::Tag;
use crate::xml::{escape, escape_text, write_xmlns, Context, Ns, RawXml, Sink, Text};

pub(crate) const FAULT: &QName = &QName::new(Space::Soap, "Fault");
const CODE: &QName = &QName::new(Space::None, "faultcode");
const STRING: &QName = &QName::new(Space::None, "faultstring");
const ACTOR: &QName = &QName::new(Space::None, "faultactor");
const DETAIL: &QName = &QName::new(Space::None, "detail");

/// Longest `faultcode` written with references or CDATA that is resolved.
const MAX_ESCAPED_CODE: usize = 512;

/// A SOAP 1.1 fault, as both services send it: the body of an envelope
/// that reports a failure instead of a response.
///
/// A fault is a valid message, not a decoding error: [`Message::decode`]
/// returns it as [`Message::Fault`], and `Fault::decode` reads an envelope
/// that must hold one.
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
/// assert_eq!(Fault::decode(xml)?, f);
/// # Ok::<_, umcodec::Error>(())
/// ```
///
/// [`Message::decode`]: crate::Message::decode
/// [`Message::Fault`]: crate::Message::Fault
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Fault<'a> {
    /// The `faultcode` element: which kind of failure, as a qualified name
    /// (`soap:Client` for a bad request, `soap:Server` for a failure on the
    /// server, or a code of the service's own such as
    /// `a:ErrorSchemaValidation`).
    pub code: FaultCode<'a>,
    /// The `faultstring` element: a human-readable explanation, as written
    /// after unescaping (not trimmed).
    pub string: Text<'a>,
    /// The `xml:lang` attribute of `faultstring`, when present: the
    /// language of the explanation (Exchange writes `en-US`).
    pub lang: Option<Text<'a>>,
    /// The `faultactor` element, when present: a URI naming the node that
    /// caused the fault.
    pub actor: Option<Text<'a>>,
    /// The `detail` element, when present: its content (the
    /// application-specific error elements), as written.
    pub detail: Option<RawXml<'a>>,
}

/// The typed content of a fault's `detail` that both services use, read
/// from [`Fault::detail`] by [`Fault::typed_detail`]: the UM web service's
/// `ExceptionType` and EWS's `e:ResponseCode` and `e:Message`. Each is
/// `None` when the detail has no such child.
///
/// ```
/// use umcodec::Fault;
///
/// let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
///   <faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/errors">a:InvalidCallIdException</faultcode>
///   <faultstring xml:lang="en-US">The call identifier isn't valid.</faultstring>
///   <detail><m:ExceptionType xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">InvalidCallIdException</m:ExceptionType></detail>
/// </s:Fault></s:Body></s:Envelope>"#;
/// let fault = Fault::decode(xml)?;
/// let d = fault.typed_detail();
/// assert_eq!(d.exception_type.unwrap(), "InvalidCallIdException");
/// assert_eq!((d.response_code, d.message), (None, None));
/// assert!(fault.detail.is_some()); // the raw detail is still there
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultDetail<'a> {
    /// `ExceptionType`, in the messages namespace or in none (the UM web
    /// service writes both): the name of the server's exception, such as
    /// `InvalidCallIdException`.
    pub exception_type: Option<Text<'a>>,
    /// `e:ResponseCode` in the errors namespace
    /// ([`ERRORS`](crate::namespaces::ERRORS)): an EWS response code such
    /// as `ErrorSchemaValidation`, as written.
    pub response_code: Option<Text<'a>>,
    /// `e:Message` in the errors namespace: the explanation, for people.
    pub message: Option<Text<'a>>,
}

/// A fault code: an `xs:QName` (`prefix:local` or `local`) and the
/// namespace URI its prefix stands for. Codes compare by QName text
/// (without surrounding whitespace) and namespace.
///
/// # Prefix and namespace
///
/// A decoded code always carries the namespace its prefix was bound to in
/// the document. To build one, give the namespace with the prefix:
///
/// - a prefixed code names its namespace: `FaultCode::new(Some(uri),
///   "a:ErrorSchemaValidation")`; the encoder declares the prefix on
///   `faultcode` when the envelope does not already bind it to that URI;
/// - **the one exception is the prefix `soap`** (exactly, lowercase): with
///   no namespace given, `soap:` stands for the SOAP 1.1 envelope namespace
///   [`SOAP_ENVELOPE`] (`http://schemas.xmlsoap.org/soap/envelope/`),
///   which is what `soap:Client`, `soap:Server`, `soap:MustUnderstand` and
///   `soap:VersionMismatch` mean everywhere. [`FaultCode::new`] fills the
///   namespace in; the encoder and `==` apply the same rule to a code built
///   as a struct literal;
/// - any other prefix without a namespace cannot be written: encoding fails
///   with [`ErrorKind::UnboundPrefix`] naming the prefix — give its
///   namespace URI (`Some(uri)`), or use the `soap` prefix for the SOAP
///   codes;
/// - an unprefixed code has no namespace (`None`); `faultcode` is
///   unqualified, so no default namespace applies to it.
///
/// The SOAP 1.1 codes are provided as constants: [`FaultCode::CLIENT`],
/// [`FaultCode::SERVER`], [`FaultCode::MUST_UNDERSTAND`] and
/// [`FaultCode::VERSION_MISMATCH`].
///
/// ```
/// use umcodec::namespaces::{SOAP_ENVELOPE, TYPES};
/// use umcodec::{Encode, Fault, FaultCode, Text};
///
/// // `soap:` alone means the SOAP 1.1 envelope namespace.
/// let code = FaultCode::new(None, "soap:Client");
/// assert_eq!(code.namespace.unwrap(), SOAP_ENVELOPE);
/// assert_eq!(code, FaultCode::CLIENT);
/// assert_eq!((code.prefix(), code.local()), (Some("soap"), Some("Client")));
///
/// // Any other prefix needs its namespace...
/// let fault = |code| Fault { code, string: Text::new("Bad request."), lang: None, actor: None, detail: None };
/// let err = fault(FaultCode::new(None, "a:ErrorSchemaValidation")).encoded_len().unwrap_err();
/// assert_eq!(err.kind().code(), "unbound_prefix");
///
/// // ...given with it, the encoder declares it.
/// let f = fault(FaultCode::new(Some(TYPES), "a:ErrorSchemaValidation"));
/// let mut buf = [0u8; 512];
/// let n = f.encode(&mut buf)?;
/// assert!(core::str::from_utf8(&buf[..n]).unwrap().contains(
///     r#"<faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorSchemaValidation</faultcode>"#
/// ));
/// assert_eq!(Fault::decode(&buf[..n])?, f);
/// # Ok::<_, umcodec::Error>(())
/// ```
///
/// [`SOAP_ENVELOPE`]: crate::namespaces::SOAP_ENVELOPE
/// [`ErrorKind::UnboundPrefix`]: crate::ErrorKind::UnboundPrefix
#[derive(Clone, Copy, Debug, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct FaultCode<'a> {
    /// The text of `faultcode`: the QName as written (surrounding whitespace
    /// removed when the text needs no unescaping), e.g.
    /// `a:ErrorSchemaValidation`.
    pub qname: Text<'a>,
    /// The namespace URI the QName's prefix is bound to; `None` for an
    /// unprefixed code (and, when building one, for a `soap:` code: see
    /// above).
    pub namespace: Option<Text<'a>>,
}

impl PartialEq for FaultCode<'_> {
    fn eq(&self, other: &Self) -> bool {
        crate::values::trimmed_eq(&self.qname, &other.qname)
            && self.effective_namespace() == other.effective_namespace()
    }
}

/// The prefix that stands for the SOAP 1.1 envelope namespace when a fault
/// code is built without a namespace.
const SOAP_PREFIX: &str = "soap";

impl<'a> FaultCode<'a> {
    /// `soap:Client`: the request was wrong (malformed, or missing
    /// information); it should not be resent unchanged.
    pub const CLIENT: Self = FaultCode::soap("soap:Client");
    /// `soap:Server`: the request could not be processed for a reason
    /// other than its content; it may succeed later.
    pub const SERVER: Self = FaultCode::soap("soap:Server");
    /// `soap:MustUnderstand`: a header block marked `mustUnderstand` was not
    /// understood.
    pub const MUST_UNDERSTAND: Self = FaultCode::soap("soap:MustUnderstand");
    /// `soap:VersionMismatch`: the envelope is not in the SOAP 1.1
    /// envelope namespace.
    pub const VERSION_MISMATCH: Self = FaultCode::soap("soap:VersionMismatch");

    const fn soap(qname: &'a str) -> Self {
        FaultCode {
            qname: Text::new(qname),
            namespace: Some(Text::new(crate::namespaces::SOAP_ENVELOPE)),
        }
    }

    /// A code `prefix:local` in `namespace`, or an unprefixed `local` with
    /// `None`.
    ///
    /// With `None`, a `soap:` code gets the SOAP 1.1 envelope namespace
    /// (see [Prefix and namespace](FaultCode#prefix-and-namespace)); a
    /// code with another prefix keeps `None` and fails to encode.
    ///
    /// ```
    /// use umcodec::namespaces::{ERRORS, SOAP_ENVELOPE};
    /// use umcodec::FaultCode;
    ///
    /// let code = FaultCode::new(Some(ERRORS), "a:InvalidCallIdException");
    /// assert_eq!(code.local(), Some("InvalidCallIdException"));
    /// assert_eq!(FaultCode::new(None, "soap:Server").namespace.unwrap(), SOAP_ENVELOPE);
    /// assert_eq!(FaultCode::new(None, "Server").namespace, None);
    /// ```
    #[must_use]
    pub const fn new(namespace: Option<&'a str>, qname: &'a str) -> Self {
        FaultCode {
            qname: Text::new(qname),
            namespace: match namespace {
                Some(ns) => Some(Text::new(ns)),
                None if has_soap_prefix(qname.as_bytes()) => Some(Text::new(crate::namespaces::SOAP_ENVELOPE)),
                None => None,
            },
        }
    }

    /// `true` for `soap:Client` and its dotted refinements
    /// (`soap:Client.Authentication`), in the SOAP 1.1 envelope namespace.
    ///
    /// ```
    /// use umcodec::FaultCode;
    ///
    /// assert!(FaultCode::CLIENT.is_client());
    /// assert!(FaultCode::new(None, "soap:Client.Authentication").is_client());
    /// assert!(!FaultCode::SERVER.is_client());
    /// ```
    #[must_use]
    pub fn is_client(&self) -> bool {
        self.is_soap("Client")
    }

    /// `true` for `soap:Server` and its dotted refinements, in the SOAP
    /// 1.1 envelope namespace.
    ///
    /// ```
    /// use umcodec::namespaces::TYPES;
    /// use umcodec::FaultCode;
    ///
    /// assert!(FaultCode::SERVER.is_server());
    /// assert!(!FaultCode::new(Some(TYPES), "a:Server").is_server());
    /// ```
    #[must_use]
    pub fn is_server(&self) -> bool {
        self.is_soap("Server")
    }

    /// `true` when the code is `soap:NAME` or `soap:NAME.…` in the SOAP 1.1
    /// envelope namespace (whatever its prefix).
    fn is_soap(&self, name: &str) -> bool {
        let in_soap = self
            .effective_namespace()
            .is_some_and(|ns| ns == crate::namespaces::SOAP_ENVELOPE);
        in_soap
            && crate::values::with_trimmed(&self.qname, |q| {
                q.map(|q| q.split_once(':').map_or(q, |(_, l)| l))
                    .is_some_and(|l| l == name || l.strip_prefix(name).is_some_and(|r| r.starts_with('.')))
            })
    }

    /// The local part, when the QName needs no unescaping.
    ///
    /// ```
    /// # use umcodec::FaultCode;
    /// assert_eq!(FaultCode::SERVER.local(), Some("Server"));
    /// ```
    #[must_use]
    pub fn local(&self) -> Option<&'a str> {
        let q = self.qname.as_str()?;
        Some(q.split_once(':').map_or(q, |(_, l)| l))
    }

    /// The prefix (empty for none), when the QName needs no unescaping.
    ///
    /// ```
    /// # use umcodec::FaultCode;
    /// assert_eq!(FaultCode::SERVER.prefix(), Some("soap"));
    /// assert_eq!(FaultCode::new(None, "Server").prefix(), Some(""));
    /// ```
    #[must_use]
    pub fn prefix(&self) -> Option<&'a str> {
        let q = self.qname.as_str()?;
        Some(q.split_once(':').map_or("", |(p, _)| p))
    }

    /// The namespace, with the `soap` prefix rule applied to a code built
    /// without one.
    fn effective_namespace(&self) -> Option<Text<'a>> {
        match self.namespace {
            Some(ns) => Some(ns),
            None => {
                let ws = |c: &char| matches!(c, ' ' | '\t' | '\r' | '\n');
                let mut chars = self.qname.chars().skip_while(ws);
                let soap = SOAP_PREFIX.chars().chain([':']).all(|c| chars.next() == Some(c));
                soap.then(|| Text::new(crate::namespaces::SOAP_ENVELOPE))
            }
        }
    }
}

/// `true` when `q`, after leading XML whitespace, starts with `soap:`.
const fn has_soap_prefix(q: &[u8]) -> bool {
    let mut i = 0;
    while i < q.len() && matches!(q[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    let p = SOAP_PREFIX.as_bytes();
    if q.len() < i + p.len() + 1 || q[i + p.len()] != b':' {
        return false;
    }
    let mut j = 0;
    while j < p.len() {
        if q[i + j] != p[j] {
            return false;
        }
        j += 1;
    }
    true
}

use crate::xml::is_ncname;

/// Splits a QName into (prefix, local) or `None` when it is not one.
fn split_qname(q: &str) -> Option<(&str, &str)> {
    let (p, l) = q.split_once(':').unwrap_or(("", q));
    ((p.is_empty() || is_ncname(p)) && is_ncname(l)).then_some((p, l))
}

/// The layout of Exchange's fault responses.
const FAULT_LAYOUT: super::Layout = super::layout!(
    prefix: "s",
    envelope: "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">",
    body: "<s:Body>",
    indent: false,
);

impl Encode for Fault<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        super::write(out, &FAULT_LAYOUT, None, &|o, _| self.encode(o, FAULT_LAYOUT.prefix))
    }
}

typed_decode!(
    Fault<'a>,
    "Fault",
    "a SOAP fault",
    "Anything that is not a valid envelope holding a fault (a response, for \
     instance), with the byte offset where it was detected. The fault itself \
     is the value returned, not an error.",
    "Fault, FaultCode, Text",
    "Fault { code: FaultCode::SERVER, string: Text::new(\"Try again later.\"), lang: None, actor: None, detail: None }",
);

impl<'a> Operation<'a> for Fault<'a> {
    const ELEMENT: &'static QName = FAULT;
    const HEADERS: HeaderUse = HeaderUse::None;

    /// Decodes the content of `soap:Fault` (just opened).
    fn decode_body(cur: &mut Cursor<'_, 'a>, _: &Tag, _: &Headers<'a>) -> Result<Self> {
        cur.no_attributes(FAULT)?;
        cur.expect(CODE)?;
        cur.no_attributes(CODE)?;
        let code = decode_code(cur)?;
        cur.expect(STRING)?;
        cur.no_attributes(STRING)?;
        let lang = cur
            .reader
            .attributes()
            .find(|a| a.name.ns == Ns::Xml && a.name.local == "lang")
            .map(|a| a.value);
        let string = cur.text(STRING)?;
        let mut fault = Fault {
            code,
            string,
            lang,
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
                return Err(cur.unexpected_child(FAULT, s.offset()));
            }
            // Unlike the other fault children, `detail` may carry any
            // attribute: SOAP 1.1 leaves them to the application and the
            // envelope schema has a wildcard for them. None is kept.
            let start = cur.reader.position();
            let end = cur.reader.skip_element()?;
            fault.detail = Some(RawXml::in_document(cur.reader.input(), start, end.max(start)));
            cur.expect_end(FAULT)?;
        }
        Ok(fault)
    }
}

impl<'a> Fault<'a> {
    /// A fault with `code` and `string`, no language, actor or detail.
    ///
    /// ```
    /// use umcodec::{Fault, FaultCode};
    ///
    /// let f = Fault::new(FaultCode::SERVER, "Try again later.");
    /// assert_eq!(f.string, "Try again later.");
    /// assert_eq!((f.lang, f.detail), (None, None));
    /// ```
    #[must_use]
    pub const fn new(code: FaultCode<'a>, string: &'a str) -> Self {
        Fault {
            code,
            string: Text::new(string),
            lang: None,
            actor: None,
            detail: None,
        }
    }

    /// The same fault with `xml:lang="lang"` on its `faultstring`, as
    /// Exchange writes it.
    ///
    /// ```
    /// use umcodec::{Encode, Fault, FaultCode};
    ///
    /// let f = Fault::new(FaultCode::SERVER, "Try again later.").with_lang("en-US");
    /// let mut buf = [0u8; 512];
    /// let n = f.encode(&mut buf)?;
    /// let xml = core::str::from_utf8(&buf[..n]).unwrap();
    /// assert!(xml.contains(r#"<faultstring xml:lang="en-US">Try again later.</faultstring>"#));
    /// assert_eq!(Fault::decode(&buf[..n])?.lang.unwrap(), "en-US");
    /// # Ok::<_, umcodec::Error>(())
    /// ```
    #[must_use]
    pub const fn with_lang(mut self, lang: &'a str) -> Self {
        self.lang = Some(Text::new(lang));
        self
    }

    /// A `soap:Client` fault: the request was wrong.
    ///
    /// ```
    /// use umcodec::Fault;
    ///
    /// assert!(Fault::client("Bad request.").code.is_client());
    /// ```
    #[must_use]
    pub const fn client(string: &'a str) -> Self {
        Fault::new(FaultCode::CLIENT, string)
    }

    /// A `soap:Server` fault: the server failed; the request may succeed
    /// later.
    ///
    /// ```
    /// use umcodec::Fault;
    ///
    /// assert!(Fault::server("Try again later.").code.is_server());
    /// ```
    #[must_use]
    pub const fn server(string: &'a str) -> Self {
        Fault::new(FaultCode::SERVER, string)
    }

    /// The typed children of [`Fault::detail`] (see [`FaultDetail`]): the
    /// first `ExceptionType`, `e:ResponseCode` and `e:Message` among its
    /// child elements that hold text only. Namespace prefixes must be
    /// declared inside the detail (as Exchange writes every child, each
    /// redeclaring its prefix); a child whose prefix is declared further
    /// out, or anything after content that is not well-formed, is not
    /// seen. Offsets count from the start of the input, as the detail's do.
    ///
    /// ```
    /// use umcodec::{Fault, FaultCode, RawXml};
    ///
    /// let mut fault = Fault::new(FaultCode::CLIENT, "The request failed schema validation.");
    /// fault.detail = Some(RawXml::new(concat!(
    ///     r#"<e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorSchemaValidation</e:ResponseCode>"#,
    ///     r#"<e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">The request failed schema validation.</e:Message>"#,
    /// )));
    /// let d = fault.typed_detail();
    /// assert_eq!(d.response_code.unwrap(), "ErrorSchemaValidation");
    /// assert_eq!(d.message.unwrap(), "The request failed schema validation.");
    /// assert_eq!(d.exception_type, None);
    /// ```
    #[must_use]
    pub fn typed_detail(&self) -> FaultDetail<'a> {
        let mut out = FaultDetail::default();
        if let Some(detail) = &self.detail {
            // Stops at the first error: what was found before it stands.
            let _ = scan_detail(detail, &mut out);
        }
        out
    }

    /// Writes `<prefix:Fault>…</prefix:Fault>`.
    pub(crate) fn encode<S: Sink + ?Sized>(&self, out: &mut S, soap_prefix: &str) -> Result<()> {
        out.write_str("<")?;
        out.write_str(soap_prefix)?;
        out.write_str(":Fault>")?;
        self.encode_code(out, soap_prefix)?;
        match &self.lang {
            Some(lang) => {
                out.write_str("<faultstring xml:lang=\"")?;
                escape_text(out, lang, Context::Attribute)?;
                out.write_str("\">")?;
            }
            None => out.write_str("<faultstring>")?,
        }
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
        match (self.code.effective_namespace(), prefix) {
            (Some(ns), p) if !p.is_empty() => {
                if p == "xmlns"
                    || (p == "xml") != (ns == crate::xml::XML_NS)
                    || ns.is_empty()
                    || ns == crate::xml::XMLNS_NS
                {
                    return Err(code_error(&self.code.qname));
                }
                // The envelope's own prefix needs no second declaration.
                if !(p == soap_prefix && ns == crate::namespaces::SOAP_ENVELOPE) {
                    write_xmlns(out, p, &ns)?;
                }
            }
            (None, "") => {}
            // A prefixed code needs its namespace (only `soap` implies one).
            (None, p) if p != "xml" && p != "xmlns" => {
                return Err(Error::new(
                    ErrorKind::UnboundPrefix {
                        prefix: prefix_span(&self.code.qname),
                    },
                    self.code.qname.offset(),
                ))
            }
            // An unprefixed code has no namespace (faultcode is unqualified,
            // so no default namespace can be in scope); the reserved
            // prefixes are no code's.
            _ => return Err(code_error(&self.code.qname)),
        }
        out.write_str(">")?;
        escape(out, q, Context::Content, self.code.qname.offset())?;
        out.write_str("</faultcode>")
    }
}

/// Which typed child of `detail` a name is.
fn detail_slot(name: &crate::xml::Name<'_>) -> Option<usize> {
    use crate::namespaces::{K_ERRORS, K_MESSAGES, K_MESSAGES_HTTPS};
    match (name.ns, name.local) {
        (Ns::None | Ns::Known(K_MESSAGES | K_MESSAGES_HTTPS), "ExceptionType") => Some(0),
        (Ns::Known(K_ERRORS), "ResponseCode") => Some(1),
        (Ns::Known(K_ERRORS), "Message") => Some(2),
        _ => None,
    }
}

/// Reads the children of `detail` into `out` (see [`Fault::typed_detail`]).
fn scan_detail<'a>(detail: &RawXml<'a>, out: &mut FaultDetail<'a>) -> Result<()> {
    use crate::xml::{Event, Reader};
    let base = detail.offset();
    let rebase = |t: Text<'a>| Text::content(t.raw(), base + t.offset(), t.as_str() == Some(t.raw()));
    let mut r = Reader::fragment(detail.as_str(), &crate::namespaces::KNOWN);
    loop {
        match r.next_event()? {
            Event::Eof => return Ok(()),
            Event::Start(s) => {
                let Some(slot) = detail_slot(&s.name) else {
                    r.skip_element()?;
                    continue;
                };
                // Text only: the last text before the end tag, or empty.
                let mut text = Some(Text::content("", base + r.position(), true));
                loop {
                    match r.next_event()? {
                        Event::Text(t) => text = text.map(|_| rebase(t)),
                        Event::Start(_) => {
                            text = None;
                            r.skip_element()?;
                        }
                        Event::End(_) => break,
                        Event::Eof => return Ok(()),
                    }
                }
                let field = match slot {
                    0 => &mut out.exception_type,
                    1 => &mut out.response_code,
                    _ => &mut out.message,
                };
                if field.is_none() {
                    *field = text;
                }
            }
            Event::Text(_) | Event::End(_) => {}
        }
    }
}

fn code_error(t: &Text<'_>) -> Error {
    crate::values::invalid(&"faultcode", t)
}

/// Reads the `faultcode` text and resolves its prefix in the element's
/// scope. The end tag is read before reporting a bad value, so that a cut
/// input is `Incomplete`, never a wrong value.
fn decode_code<'a>(cur: &mut Cursor<'_, 'a>) -> Result<FaultCode<'a>> {
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
            crate::xml::Event::Start(s) => return Err(cur.unexpected_child(CODE, s.offset)),
            crate::xml::Event::Eof => return Err(Error::new(ErrorKind::Incomplete, cur.reader.input().len())),
        }
    }
    resolved.unwrap_or_else(|| Err(code_error(&text)))
}

/// Where the prefix of the fault code `text` is written (what an unbound
/// prefix error names): up to the first `:` after leading whitespace, as
/// written (references included; the error shows it unescaped), or the
/// whole code when its colon is itself written as a reference.
#[cold]
fn prefix_span(text: &Text<'_>) -> Span {
    let raw = text.raw();
    let lead = raw.len() - raw.trim_start_matches([' ', '\t', '\r', '\n']).len();
    let code = crate::xml::trim_xml_space(raw);
    let len = code.find(':').unwrap_or(code.len());
    Span::new(text.offset() + lead, len)
}

fn resolve<'a>(cur: &Cursor<'_, 'a>, text: &Text<'a>) -> Result<FaultCode<'a>> {
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
    let namespace = match cur.reader.resolve_prefix(prefix) {
        None => {
            return Err(Error::new(
                ErrorKind::UnboundPrefix {
                    prefix: prefix_span(text),
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
