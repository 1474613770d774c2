//! The one error type of the crate: a [`ErrorKind`] and the byte offset where
//! the problem was detected.
//!
//! Errors are small (32 bytes), `Copy`, hold no reference into the input and
//! never allocate: a name or value that came from the input is kept as its
//! position there ([`Span`]), not copied. [`Error::with_input`] shows the
//! error with those names filled in from the input; `Display` alone says
//! what went wrong and where, without them.

use core::fmt;

use crate::xml::Text;

/// A decode or encode failure: what went wrong and where.
///
/// The offset counts bytes from the start of the input (a UTF-8 BOM, when
/// present, is counted). For encode errors it counts bytes from the start of
/// the value that could not be encoded, or the bytes written so far for
/// sink failures (offsets are kept as 32 bits: beyond 4 GiB, which only an
/// encoder's sink can reach, they read as `u32::MAX`).
///
/// Match on [`Error::kind`] to decide what to do. To tell a person what went
/// wrong, show [`Error::with_input`] with the input that was decoded: it
/// names what was found there (elements with their namespace URI, values,
/// prefixes). `Display` of the error alone says the same without those
/// names. Two errors are equal when their kind and offset are.
///
/// ```
/// use umcodec::{ErrorKind, Message};
///
/// // A SOAP 1.2 envelope: this codec reads SOAP 1.1.
/// let xml = br#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"/>"#;
/// let e = Message::decode(xml).unwrap_err();
/// assert_eq!(e.kind(), &ErrorKind::Soap12Envelope);
/// assert_eq!(e.kind().code(), "soap12_envelope");
/// assert_eq!(e.offset(), 0);
/// assert!(!e.is_incomplete());
/// assert!(e.to_string().contains("SOAP 1.2 envelope"));
/// assert!(e.to_string().ends_with("(at byte 0)"));
/// assert!(core::mem::size_of::<umcodec::Error>() <= 32);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Error {
    kind: ErrorKind,
    offset: u32,
    /// A more specific explanation than the kind's, when the decoder
    /// recognised the mistake (shown by `Display`, not compared).
    hint: Hint,
}

/// What [`Error::message`] says instead of the kind's own description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hint {
    /// The kind's description.
    None,
    /// A [`ErrorKind::ProcessingInstruction`] that is an XML declaration
    /// (`<?xml` followed by whitespace or `?>`) after the start.
    DeclarationNotFirst,
}

impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.offset == other.offset
    }
}

impl Eq for Error {}

/// A 32-bit offset: inputs are at most `u32::MAX` bytes
/// ([`crate::Limits::max_input_len`]); larger encoder offsets saturate.
const fn narrow(n: usize) -> u32 {
    if n > u32::MAX as usize {
        u32::MAX
    } else {
        n as u32
    }
}

impl Error {
    /// Creates an error of `kind` at byte `offset`.
    ///
    /// ```
    /// use umcodec::{Error, ErrorKind};
    ///
    /// let e = Error::new(ErrorKind::InvalidBase64, 12);
    /// assert_eq!(e.to_string(), "value is not valid base64 (at byte 12)");
    /// ```
    #[must_use]
    pub const fn new(kind: ErrorKind, offset: usize) -> Self {
        Error {
            kind,
            offset: narrow(offset),
            hint: Hint::None,
        }
    }

    /// Makes the error's message more specific where the `input` it was
    /// found in shows what the mistake was: a processing instruction that
    /// is an XML declaration placed after the start of the document
    /// (after whitespace, typically) says so. Kind and offset are kept.
    #[cold]
    pub(crate) fn explained(mut self, input: &[u8]) -> Self {
        if matches!(self.kind, ErrorKind::ProcessingInstruction) && is_misplaced_declaration(input, self.offset()) {
            self.hint = Hint::DeclarationNotFirst;
        }
        self
    }

    /// What went wrong, in words, without the offset and without names
    /// from the input: the kind's description, or a more specific one when
    /// the decoder recognised the mistake. `Display` of the error is this
    /// followed by `(at byte N)`.
    ///
    /// ```
    /// use umcodec::Message;
    ///
    /// // A line break before the XML declaration.
    /// let xml = b"\n<?xml version=\"1.0\"?><Envelope/>";
    /// let e = Message::decode(xml).unwrap_err();
    /// assert_eq!(e.kind().code(), "processing_instruction");
    /// assert_eq!(e.offset(), 1);
    /// assert!(e.message().to_string().starts_with("the XML declaration (<?xml ...?>) must come first"));
    /// ```
    pub fn message(&self) -> impl fmt::Display + '_ {
        ErrorMessage {
            error: self,
            input: None,
        }
    }

    /// The error as shown with the `input` it was found in: the names and
    /// values the kind keeps as positions ([`Span`]) are read from there,
    /// and an element found where another was expected is named with the
    /// namespace URI its prefix resolved to. `Display` writes the message
    /// and `(at byte N)`; [`WithInput::message`] the message alone.
    ///
    /// Give the same input that was decoded; for encode errors, the value
    /// that could not be encoded. With other bytes the names shown are
    /// meaningless (but nothing fails).
    ///
    /// ```
    /// use umcodec::Message;
    ///
    /// let xml = br#"<s:Envelope xmlns:s="urn:wrong"><s:Body/></s:Envelope>"#;
    /// let e = Message::decode(xml).unwrap_err();
    /// assert_eq!(
    ///     e.with_input(xml).to_string(),
    ///     "expected element {http://schemas.xmlsoap.org/soap/envelope/}Envelope, found {urn:wrong}Envelope (at byte 0)"
    /// );
    /// // Without the input, the error cannot name what it found.
    /// assert_eq!(
    ///     e.to_string(),
    ///     "expected element {http://schemas.xmlsoap.org/soap/envelope/}Envelope, found another element (at byte 0)"
    /// );
    /// ```
    #[must_use]
    pub fn with_input<'e>(&'e self, input: &'e [u8]) -> WithInput<'e> {
        WithInput { error: self, input }
    }

    /// The element found where the error was detected, read from `input`,
    /// for the kinds about one ([`ErrorKind::UnexpectedElement`],
    /// [`ErrorKind::UnexpectedChild`], [`ErrorKind::MustUnderstand`]):
    /// its local name and the namespace its prefix resolved to. `None` for
    /// other kinds, or when `input` holds no such element at the offset.
    ///
    /// ```
    /// use umcodec::error::NsName;
    /// use umcodec::Message;
    ///
    /// let xml = br#"<s:Envelope xmlns:s="urn:wrong"><s:Body/></s:Envelope>"#;
    /// let e = Message::decode(xml).unwrap_err();
    /// let found = e.found(xml).unwrap();
    /// assert_eq!(found.local, "Envelope");
    /// assert!(matches!(found.ns, NsName::Other(uri) if uri == "urn:wrong"));
    /// ```
    #[must_use]
    pub fn found<'a>(&self, input: &'a [u8]) -> Option<FoundName<'a>> {
        match self.kind {
            ErrorKind::UnexpectedElement { .. } | ErrorKind::UnexpectedChild { .. } | ErrorKind::MustUnderstand => {
                found_at(input, self.offset())
            }
            _ => None,
        }
    }

    /// What went wrong.
    ///
    /// ```
    /// use umcodec::{ErrorKind, GetCallInfoRequest};
    ///
    /// let e = GetCallInfoRequest::decode(b"<a/>").unwrap_err();
    /// assert!(matches!(e.kind(), ErrorKind::UnexpectedElement { .. }));
    /// ```
    #[must_use]
    pub const fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The byte offset at which the problem was detected.
    ///
    /// ```
    /// use umcodec::Message;
    ///
    /// let xml = b"<?xml version=\"1.0\"?>\n<Envelope/>";
    /// let e = Message::decode(xml).unwrap_err();
    /// assert_eq!(&xml[e.offset()..], b"<Envelope/>"); // the element found
    /// ```
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset as usize
    }

    /// `true` when the input ended too early: appending bytes could still
    /// make it a valid envelope. A server reading a body in chunks keeps
    /// reading on this error and rejects on any other.
    ///
    /// ```
    /// use umcodec::Message;
    ///
    /// let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>"#;
    /// assert!(Message::decode(xml).unwrap_err().is_incomplete());
    /// assert!(!Message::decode(b"not XML").unwrap_err().is_incomplete());
    /// ```
    #[must_use]
    pub const fn is_incomplete(&self) -> bool {
        matches!(self.kind, ErrorKind::Incomplete)
    }
}

/// An [`Error`] shown with the input it was found in
/// ([`Error::with_input`]).
#[derive(Clone, Copy, Debug)]
pub struct WithInput<'e> {
    error: &'e Error,
    input: &'e [u8],
}

impl<'e> WithInput<'e> {
    /// The message without the offset, names filled in from the input.
    ///
    /// ```
    /// use umcodec::Message;
    ///
    /// let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body></s:Bdy>"#;
    /// let e = Message::decode(xml).unwrap_err();
    /// assert_eq!(
    ///     e.with_input(xml).message().to_string(),
    ///     "end tag </s:Bdy> does not match the open element <s:Body>"
    /// );
    /// assert_eq!(e.message().to_string(), "end tag does not match the open element");
    /// ```
    pub fn message(&self) -> impl fmt::Display + 'e {
        ErrorMessage {
            error: self.error,
            input: Some(self.input),
        }
    }
}

impl fmt::Display for WithInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message(), self.error.offset)
    }
}

/// Where a name or value is in the input, as errors keep it: a byte offset
/// and a length. [`Span::text`] reads it back from the input.
///
/// ```
/// use umcodec::error::Span;
/// use umcodec::{ErrorKind, Message};
///
/// let xml = b"<a b='1' b='2'/>";
/// let e = Message::decode(xml).unwrap_err();
/// let ErrorKind::DuplicateAttribute { name } = *e.kind() else { panic!() };
/// assert_eq!((name.start(), name.len()), (9, 1));
/// assert_eq!(name.text(xml), Some("b"));
/// assert_eq!(name, Span::new(9, 1));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// The `len` bytes from `start` (each kept as 32 bits, saturating).
    #[must_use]
    pub const fn new(start: usize, len: usize) -> Span {
        Span {
            start: narrow(start),
            len: narrow(len),
        }
    }

    /// Offset of the first byte.
    #[must_use]
    pub const fn start(self) -> usize {
        self.start as usize
    }

    /// Length in bytes.
    #[must_use]
    pub const fn len(self) -> usize {
        self.len as usize
    }

    /// `true` for a span of no bytes.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.len == 0
    }

    /// The bytes of `input` the span covers, as text; `None` when they are
    /// out of range or not UTF-8.
    #[must_use]
    pub fn text(self, input: &[u8]) -> Option<&str> {
        let bytes = input.get(self.start()..self.start().checked_add(self.len())?)?;
        core::str::from_utf8(bytes).ok()
    }
}

/// The resource limits of [`crate::Limits`], named in
/// [`ErrorKind::LimitExceeded`].
///
/// ```
/// use umcodec::error::Limit;
/// use umcodec::{ErrorKind, Limits, Message, Options};
///
/// let options = Options::default().with_limits(Limits::default().with_max_depth(2));
/// let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><a><b/></a></s:Body></s:Envelope>"#;
/// let e = Message::decode_with(xml, &options).unwrap_err();
/// assert_eq!(e.kind(), &ErrorKind::LimitExceeded { limit: Limit::Depth, max: 2 });
/// assert_eq!(Limit::Depth.code(), "depth");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// Element nesting depth.
    Depth,
    /// Namespace declarations in scope at one time.
    Namespaces,
    /// Attributes (namespace declarations included) on one element.
    Attributes,
    /// Length of the input in bytes.
    InputLength,
}

impl Limit {
    /// A stable identifier for scripts and tests.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Limit::Depth => "depth",
            Limit::Namespaces => "namespaces",
            Limit::Attributes => "attributes",
            Limit::InputLength => "input_length",
        }
    }
}

/// What the XML tokenizer found wrong (the reason inside
/// [`ErrorKind::Malformed`]).
///
/// ```
/// use umcodec::error::Syntax;
/// use umcodec::{ErrorKind, Message};
///
/// let e = Message::decode(b"<a b=c/>").unwrap_err();
/// assert_eq!(e.kind(), &ErrorKind::Malformed(Syntax::ExpectedQuote));
/// assert_eq!(e.offset(), 5);
/// assert_eq!(e.to_string(), "malformed XML: expected a quote (at byte 5)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Syntax {
    /// A name is missing or starts with a character names cannot start with.
    InvalidName,
    /// A byte other than the one the grammar requires here.
    UnexpectedChar,
    /// A quote was expected (attribute values are quoted).
    ExpectedQuote,
    /// Whitespace was expected (between attributes, for example).
    ExpectedSpace,
    /// A comment contains `--` or ends with `-`.
    InvalidComment,
    /// Character data contains `]]>`.
    CdataEndInText,
    /// Markup that XML does not define, or markup where it may not appear
    /// (text outside the root element, a second root element, `<!FOO`).
    UnexpectedMarkup,
    /// The XML declaration is not well formed.
    InvalidDeclaration,
}

impl Syntax {
    const fn describe(self) -> &'static str {
        match self {
            Syntax::InvalidName => "invalid or missing name",
            Syntax::UnexpectedChar => "unexpected character",
            Syntax::ExpectedQuote => "expected a quote",
            Syntax::ExpectedSpace => "expected whitespace",
            Syntax::InvalidComment => "comment contains `--` or ends with `-`",
            Syntax::CdataEndInText => "`]]>` is not allowed in character data",
            Syntax::UnexpectedMarkup => "markup or text not allowed here",
            Syntax::InvalidDeclaration => "malformed XML declaration",
        }
    }
}

/// How the namespace of a found element is named
/// ([`FoundName::ns`]): displayed as `{URI}` before the local name (nothing
/// for no namespace).
///
/// ```
/// use umcodec::error::NsName;
/// use umcodec::xml::Text;
///
/// assert_eq!(NsName::None.to_string(), "");
/// assert_eq!(NsName::Known(umcodec::namespaces::TYPES).to_string(),
///            "{http://schemas.microsoft.com/exchange/services/2006/types}");
/// assert_eq!(NsName::Other(Text::new("urn:wrong")).to_string(), "{urn:wrong}");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NsName<'a> {
    /// No namespace (an unqualified name).
    None,
    /// A namespace the codec knows by name, by URI: one it reads, or one
    /// it can tell apart such as
    /// [`SOAP12_ENVELOPE`](crate::namespaces::SOAP12_ENVELOPE).
    Known(&'static str),
    /// Any other namespace, by its URI as declared (its value has
    /// references expanded; `Display` keeps the start and the end of a long
    /// URI, with `…` in place of the middle).
    Other(Text<'a>),
}

impl fmt::Display for NsName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NsName::None => Ok(()),
            NsName::Known(uri) => write!(f, "{{{uri}}}"),
            NsName::Other(uri) => {
                let len = uri.chars().map(char::len_utf8).sum();
                write!(f, "{{{}}}", ShortStr::elided(len, uri.chars()))
            }
        }
    }
}

/// An element found in the input where the schema wanted another
/// ([`Error::found`]): displayed as `{namespace URI}local`, the prefix
/// resolved (a long local name is cut, with `…`).
///
/// ```
/// use umcodec::error::NsName;
/// use umcodec::Message;
///
/// let xml = br#"<s:Envelope xmlns:s="urn:wrong"><s:Body/></s:Envelope>"#;
/// let found = Message::decode(xml).unwrap_err().found(xml).unwrap();
/// assert_eq!(found.local, "Envelope");
/// assert_eq!(found.to_string(), "{urn:wrong}Envelope");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoundName<'a> {
    /// The namespace the name resolved to.
    pub ns: NsName<'a>,
    /// The local part.
    pub local: &'a str,
}

impl FoundName<'_> {
    /// `true` for the `Envelope` of SOAP 1.2.
    fn is_soap12_envelope(&self) -> bool {
        self.ns == NsName::Known(crate::namespaces::SOAP12_ENVELOPE) && self.local == "Envelope"
    }
}

impl fmt::Display for FoundName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.ns, ShortStr::new(self.local))
    }
}

/// The start tag at `offset` of `input`, named: read again from the start
/// of the document (errors are rare; keeping the name in the error would
/// make every `Result` larger).
#[cold]
fn found_at(input: &[u8], offset: usize) -> Option<FoundName<'_>> {
    use crate::namespaces::{KNOWN, SOAP12_ENVELOPE};
    use crate::xml::Ns;
    let text = core::str::from_utf8(input).ok()?;
    let name = crate::xml::Reader::start_tag_at(text, &KNOWN, offset)?.name;
    let ns = match name.ns {
        Ns::None => NsName::None,
        Ns::Known(i) => NsName::Known(KNOWN.get(i).copied()?),
        Ns::Xml => NsName::Known(crate::xml::XML_NS),
        Ns::Other(uri) if uri == SOAP12_ENVELOPE => NsName::Known(SOAP12_ENVELOPE),
        Ns::Other(uri) => NsName::Other(uri),
    };
    Some(FoundName { ns, local: name.local })
}

/// A name the schema expects, for error messages: displayed as
/// `{namespace URI}local`, or `local` alone when unqualified. Errors refer
/// to the codec's own constant names (`&'static`), which keeps them small.
///
/// ```
/// use umcodec::error::ExpectedName;
///
/// let n = ExpectedName { ns: Some("urn:x"), local: "Body" };
/// assert_eq!(n.to_string(), "{urn:x}Body");
/// assert_eq!(ExpectedName { ns: None, local: "faultcode" }.to_string(), "faultcode");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpectedName {
    /// Namespace URI, `None` for unqualified names.
    pub ns: Option<&'static str>,
    /// Local name.
    pub local: &'static str,
}

impl fmt::Display for ExpectedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ns {
            Some(ns) => write!(f, "{{{ns}}}{}", self.local),
            None => f.write_str(self.local),
        }
    }
}

/// A short copy of text for an error message (at most
/// [`ShortStr::CAPACITY`] bytes, cut at a character boundary and shown
/// with `…`), so that a hostile name or value cannot make a message long.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct ShortStr {
    buf: [u8; ShortStr::CAPACITY],
    len: u8,
    cut: Cut,
}

/// Where a [`ShortStr`] lost text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cut {
    /// Nowhere: it holds the whole text.
    None,
    /// At the end; `Display` appends `…`.
    End,
    /// In the middle; the buffer holds `…` in its place.
    Middle,
}

impl ShortStr {
    /// Bytes kept; longer text is truncated and shown with `…`.
    pub(crate) const CAPACITY: usize = 40;

    /// Bytes of the start kept by [`ShortStr::elided`].
    const HEAD: usize = 16;
    const MARK: &'static str = "…";

    /// Copies at most [`Self::CAPACITY`] bytes of `s`.
    #[must_use]
    pub(crate) fn new(s: &str) -> Self {
        Self::cut(s.chars())
    }

    /// Copies the text of `len` bytes (UTF-8) that `chars` yields; when it
    /// is longer than [`Self::CAPACITY`], keeps its start and its end with
    /// `…` in place of the middle (for URIs, which differ at either end).
    pub(crate) fn elided(len: usize, chars: impl Iterator<Item = char>) -> Self {
        let mut s = ShortStr {
            buf: [0; Self::CAPACITY],
            len: 0,
            cut: Cut::None,
        };
        let (head, tail_from) = if len <= Self::CAPACITY {
            (Self::CAPACITY, 0)
        } else {
            s.cut = Cut::Middle;
            (Self::HEAD, len - (Self::CAPACITY - Self::HEAD - Self::MARK.len()))
        };
        let mut at = 0;
        let mut marked = false;
        for c in chars {
            let n = c.len_utf8();
            if at + n <= head || (at >= tail_from && tail_from > 0) {
                s.push(c);
            } else if !marked {
                Self::MARK.chars().for_each(|m| s.push(m));
                marked = true;
            }
            at += n;
        }
        s
    }

    /// Copies the text `chars` yields, up to [`Self::CAPACITY`] bytes; a
    /// longer text is cut at the end (shown with `…`).
    pub(crate) fn cut(chars: impl Iterator<Item = char>) -> Self {
        let mut s = ShortStr {
            buf: [0; Self::CAPACITY],
            len: 0,
            cut: Cut::None,
        };
        for c in chars {
            if usize::from(s.len) + c.len_utf8() > Self::CAPACITY {
                s.cut = Cut::End;
                break;
            }
            s.push(c);
        }
        s
    }

    /// Appends `c` when it fits.
    fn push(&mut self, c: char) {
        let at = usize::from(self.len);
        if let Some(dst) = self.buf.get_mut(at..at + c.len_utf8()) {
            c.encode_utf8(dst);
            self.len += c.len_utf8() as u8;
        }
    }

    /// The kept text (for text cut in the middle, with `…` in place of the
    /// middle).
    #[must_use]
    pub(crate) fn as_str(&self) -> &str {
        // Cut at char boundaries of valid UTF-8, so this cannot fail.
        core::str::from_utf8(&self.buf[..usize::from(self.len)]).unwrap_or("")
    }

    /// `true` when the original text was longer than what is kept.
    #[cfg(test)]
    pub(crate) const fn is_truncated(&self) -> bool {
        !matches!(self.cut, Cut::None)
    }
}

impl fmt::Debug for ShortStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)?;
        if self.cut == Cut::End {
            f.write_str(Self::MARK)?;
        }
        Ok(())
    }
}

impl fmt::Display for ShortStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())?;
        if self.cut == Cut::End {
            f.write_str(Self::MARK)?;
        }
        Ok(())
    }
}

/// What went wrong. Every variant has a stable [`ErrorKind::code`] used by
/// the corpus and by scripts; `Display` describes it for people. Names and
/// values found in the input are kept as their [`Span`] there (and a found
/// element by the error's offset): [`Error::with_input`] shows them.
///
/// A server typically answers [`ErrorKind::Incomplete`] by reading more,
/// and any other kind with a `soap:Client` fault:
///
/// ```
/// use umcodec::{Encode, ErrorKind, Fault, FaultCode, Message, Text};
///
/// fn answer(body: &[u8], reply: &mut [u8]) -> Option<usize> {
///     let e = match Message::decode(body) {
///         Ok(_) => return Some(0), // handle the message
///         Err(e) => e,
///     };
///     match e.kind() {
///         ErrorKind::Incomplete => None, // read more of the body first
///         ErrorKind::MustUnderstand { .. } => Some(fault(FaultCode::MUST_UNDERSTAND, reply)),
///         ErrorKind::Soap12Envelope => Some(fault(FaultCode::VERSION_MISMATCH, reply)),
///         _ => Some(fault(FaultCode::CLIENT, reply)),
///     }
/// }
///
/// fn fault(code: FaultCode<'_>, reply: &mut [u8]) -> usize {
///     let f = Fault { code, string: Text::new("Bad request."), lang: None, actor: None, detail: None };
///     f.encode(reply).expect("the reply buffer holds a fault")
/// }
///
/// let mut reply = [0u8; 512];
/// assert_eq!(answer(b"<s:Envelope xmlns:s=", &mut reply), None);
/// let soap12 = br#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>"#;
/// let n = answer(soap12, &mut reply).unwrap();
/// let Message::Fault(f) = Message::decode(&reply[..n]).unwrap() else { panic!() };
/// assert_eq!(f.code, FaultCode::VERSION_MISMATCH);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended before the envelope was complete; more bytes could
    /// still make it valid.
    Incomplete,
    /// The input is not valid UTF-8.
    InvalidUtf8,
    /// A character XML 1.0 does not allow (a control character, U+FFFE,
    /// U+FFFF), in the input or, when encoding, in a value.
    InvalidChar {
        /// The offending character.
        ch: char,
    },
    /// Not well-formed XML, with the tokenizer's reason.
    Malformed(Syntax),
    /// The XML declaration names a version other than 1.0.
    UnsupportedVersion,
    /// The XML declaration names an encoding other than UTF-8.
    UnsupportedEncoding,
    /// A document type declaration: SOAP forbids DTDs, so no entity is ever
    /// declared or expanded.
    Doctype,
    /// A processing instruction: SOAP forbids them. An XML declaration
    /// that is not at the very start of the input (after a line break, for
    /// instance) is one too; [`Error::message`] then says that the
    /// declaration must come first.
    ProcessingInstruction,
    /// An entity or character reference that is undefined, malformed, or
    /// refers to a character XML does not allow.
    InvalidReference,
    /// An end tag does not match the open element.
    MismatchedEndTag {
        /// The qualified name of the open element, as written.
        expected: Span,
        /// The qualified name in the end tag, as written.
        found: Span,
    },
    /// The same attribute twice on one element (also when two prefixes
    /// bound to one namespace name the same local attribute).
    DuplicateAttribute {
        /// The second one's qualified name, as written.
        name: Span,
    },
    /// A prefix used without a namespace declaration in scope: on an
    /// element or attribute, or in a `faultcode` value; when encoding, a
    /// [`FaultCode`](crate::FaultCode) with a prefix (other than `soap`)
    /// but no namespace URI.
    UnboundPrefix {
        /// The prefix, as written before the `:` (in the value, for a
        /// fault code being encoded).
        prefix: Span,
    },
    /// Misuse of the reserved `xml`/`xmlns` prefixes or namespaces, or an
    /// attempt to undeclare a prefix (`xmlns:p=""`).
    ReservedNamespace,
    /// A configured resource limit was exceeded.
    LimitExceeded {
        /// Which limit.
        limit: Limit,
        /// Its configured value (capped at the reader's capacity).
        max: usize,
    },
    /// An element other than the one the schema requires here: the one
    /// that starts at the error's offset ([`Error::found`] names it, with
    /// the namespace URI its prefix resolved to).
    UnexpectedElement {
        /// The element the schema allows here.
        expected: &'static ExpectedName,
    },
    /// A required element is missing: the parent ended first.
    MissingElement {
        /// The element the schema requires.
        expected: &'static ExpectedName,
    },
    /// An element where the schema allows only text, or an element after
    /// the content the schema allows: the one that starts at the error's
    /// offset ([`Error::found`]).
    UnexpectedChild {
        /// The parent whose content model does not allow the child.
        parent: &'static ExpectedName,
    },
    /// Non-whitespace text where the schema allows only elements.
    UnexpectedText,
    /// A required attribute is missing.
    MissingAttribute {
        /// The element that lacks it.
        element: &'static ExpectedName,
        /// The attribute (unqualified).
        attribute: &'static ExpectedName,
    },
    /// An unqualified attribute the schema does not define.
    UnexpectedAttribute {
        /// The element that carries it.
        element: &'static ExpectedName,
        /// The attribute's name.
        attribute: Span,
    },
    /// A value outside its type: an unknown enumeration value, a number
    /// that is not an `xs:int`, a bad `mustUnderstand`.
    InvalidValue {
        /// The element or attribute whose value it is, as the schema names
        /// it (`CallState`, `ResponseClass`, `soap:mustUnderstand`,
        /// `faultcode`).
        field: &'static &'static str,
        /// The value as written (shown unescaped).
        found: Span,
    },
    /// A header block marked `mustUnderstand` that this codec does not
    /// process for this message: the one that starts at the error's offset
    /// ([`Error::found`] names it, with its namespace URI).
    MustUnderstand,
    /// In strict mode, an Exchange namespace spelled `https://`; Exchange
    /// servers reject that spelling.
    HttpsNamespace,
    /// The root element is the `Envelope` of SOAP 1.2
    /// ([`SOAP12_ENVELOPE`](crate::namespaces::SOAP12_ENVELOPE)); this
    /// codec reads SOAP 1.1, the version both Exchange services speak. A
    /// SOAP 1.1 server answers such a request with a `soap:VersionMismatch`
    /// fault ([`FaultCode::VERSION_MISMATCH`](crate::FaultCode::VERSION_MISMATCH)).
    Soap12Envelope,
    /// The value is not standard base64.
    InvalidBase64,
    /// The output buffer is too small.
    BufferTooSmall {
        /// The bytes the whole encoding needs.
        needed: usize,
    },
    /// The formatter sink returned an error.
    Fmt,
    /// The `std::io::Write` sink returned an error.
    #[cfg(feature = "std")]
    Io(std::io::ErrorKind),
}

impl ErrorKind {
    /// A stable snake_case identifier for the kind, used by the corpus
    /// expectations and by scripts (and printed in brackets by the
    /// command-line program).
    ///
    /// ```
    /// use umcodec::Message;
    ///
    /// assert_eq!(Message::decode(b"<!DOCTYPE x>").unwrap_err().kind().code(), "doctype");
    /// ```
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            ErrorKind::Incomplete => "incomplete",
            ErrorKind::InvalidUtf8 => "invalid_utf8",
            ErrorKind::InvalidChar { .. } => "invalid_char",
            ErrorKind::Malformed(_) => "malformed",
            ErrorKind::UnsupportedVersion => "unsupported_version",
            ErrorKind::UnsupportedEncoding => "unsupported_encoding",
            ErrorKind::Doctype => "doctype",
            ErrorKind::ProcessingInstruction => "processing_instruction",
            ErrorKind::InvalidReference => "invalid_reference",
            ErrorKind::MismatchedEndTag { .. } => "mismatched_end_tag",
            ErrorKind::DuplicateAttribute { .. } => "duplicate_attribute",
            ErrorKind::UnboundPrefix { .. } => "unbound_prefix",
            ErrorKind::ReservedNamespace => "reserved_namespace",
            ErrorKind::LimitExceeded { .. } => "limit_exceeded",
            ErrorKind::UnexpectedElement { .. } => "unexpected_element",
            ErrorKind::MissingElement { .. } => "missing_element",
            ErrorKind::UnexpectedChild { .. } => "unexpected_child",
            ErrorKind::UnexpectedText => "unexpected_text",
            ErrorKind::MissingAttribute { .. } => "missing_attribute",
            ErrorKind::UnexpectedAttribute { .. } => "unexpected_attribute",
            ErrorKind::InvalidValue { .. } => "invalid_value",
            ErrorKind::MustUnderstand => "must_understand",
            ErrorKind::HttpsNamespace => "https_namespace",
            ErrorKind::Soap12Envelope => "soap12_envelope",
            ErrorKind::InvalidBase64 => "invalid_base64",
            ErrorKind::BufferTooSmall { .. } => "buffer_too_small",
            ErrorKind::Fmt => "fmt",
            #[cfg(feature = "std")]
            ErrorKind::Io(_) => "io",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Incomplete => {
                f.write_str("incomplete input: the envelope is cut short; more bytes could complete it")
            }
            ErrorKind::InvalidUtf8 => f.write_str("invalid UTF-8 (only UTF-8 input is accepted)"),
            ErrorKind::InvalidChar { ch } => {
                write!(f, "character U+{:04X} is not allowed in XML 1.0", u32::from(*ch))
            }
            ErrorKind::Malformed(s) => write!(f, "malformed XML: {}", s.describe()),
            ErrorKind::UnsupportedVersion => f.write_str("XML declaration: only version 1.0 is supported"),
            ErrorKind::UnsupportedEncoding => {
                f.write_str("XML declaration: only the UTF-8 encoding is supported")
            }
            ErrorKind::Doctype => f.write_str("document type declarations (DTDs) are not allowed in SOAP"),
            ErrorKind::ProcessingInstruction => {
                f.write_str("processing instructions are not allowed in SOAP")
            }
            ErrorKind::InvalidReference => f.write_str(
                "invalid reference: only &lt; &gt; &amp; &apos; &quot; and character references to XML characters are allowed; write a literal & as &amp;",
            ),
            ErrorKind::MismatchedEndTag { .. } => f.write_str("end tag does not match the open element"),
            ErrorKind::DuplicateAttribute { .. } => f.write_str("an attribute appears twice on one element"),
            ErrorKind::UnboundPrefix { .. } => f.write_str(
                "prefix is not bound to a namespace (missing xmlns declaration; for a FaultCode being encoded, give its namespace URI)",
            ),
            ErrorKind::ReservedNamespace => f.write_str(
                "invalid namespace declaration: the xml/xmlns prefixes and namespaces are reserved, and a prefix cannot be undeclared",
            ),
            ErrorKind::LimitExceeded { limit, max } => {
                write!(f, "limit exceeded: {} (maximum {max}); raise it in Limits if this input is legitimate", limit.code())
            }
            ErrorKind::UnexpectedElement { expected } => {
                write!(f, "expected element {expected}, found another element")
            }
            ErrorKind::MissingElement { expected } => {
                write!(f, "missing required element {expected}")
            }
            ErrorKind::UnexpectedChild { parent } => {
                write!(f, "an element is not allowed here inside {parent}")
            }
            ErrorKind::UnexpectedText => f.write_str("text is not allowed here, only elements and whitespace"),
            ErrorKind::MissingAttribute { element, attribute } => {
                write!(f, "element {element} is missing required attribute {attribute}")
            }
            ErrorKind::UnexpectedAttribute { element, .. } => {
                write!(f, "an attribute is not allowed on element {element}")
            }
            ErrorKind::InvalidValue { field, .. } => write!(f, "invalid {field} value"),
            ErrorKind::MustUnderstand => {
                f.write_str("a header block is marked mustUnderstand but is not processed by this codec")
            }
            ErrorKind::HttpsNamespace => f.write_str(
                "namespace spelled https:// (strict mode): Exchange uses and accepts only http://schemas.microsoft.com/exchange/services/2006/...",
            ),
            ErrorKind::Soap12Envelope => write!(
                f,
                "a SOAP 1.2 envelope ({}); this codec reads SOAP 1.1, whose envelope namespace is {}",
                crate::namespaces::SOAP12_ENVELOPE,
                crate::namespaces::SOAP_ENVELOPE
            ),
            ErrorKind::InvalidBase64 => f.write_str("value is not valid base64"),
            ErrorKind::BufferTooSmall { needed } => write!(f, "output buffer too small: {needed} bytes needed"),
            ErrorKind::Fmt => f.write_str("the fmt::Write sink failed"),
            #[cfg(feature = "std")]
            ErrorKind::Io(kind) => write!(f, "the io::Write sink failed: {kind}"),
        }
    }
}

/// [`Error::message`] and [`WithInput::message`].
struct ErrorMessage<'e> {
    error: &'e Error,
    input: Option<&'e [u8]>,
}

impl fmt::Display for ErrorMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.error;
        if e.hint == Hint::DeclarationNotFirst {
            return f.write_str(
                "the XML declaration (<?xml ...?>) must come first: nothing may precede it, not even whitespace or a line break",
            );
        }
        match self.input {
            Some(input) => with_names(f, e, input),
            None => fmt::Display::fmt(&e.kind, f),
        }
    }
}

/// The message of `e` with what it found read from `input`; the kind's
/// own description where `input` does not hold it.
fn with_names(f: &mut fmt::Formatter<'_>, e: &Error, input: &[u8]) -> fmt::Result {
    let name = |span: Span| span.text(input).map(ShortStr::new);
    match e.kind {
        ErrorKind::MismatchedEndTag { expected, found } => {
            if let (Some(expected), Some(found)) = (name(expected), name(found)) {
                return write!(f, "end tag </{found}> does not match the open element <{expected}>");
            }
        }
        ErrorKind::DuplicateAttribute { name: n } => {
            if let Some(n) = name(n) {
                return write!(f, "attribute {n} appears twice on one element");
            }
        }
        ErrorKind::UnboundPrefix { prefix } => {
            // A fault code's prefix may be written with references.
            if let Some(p) = prefix
                .text(input)
                .map(|raw| ShortStr::cut(Text::content(raw, 0, false).chars()))
            {
                return write!(
                    f,
                    "prefix `{p}` is not bound to a namespace (missing xmlns:{p} declaration; for a FaultCode being encoded, give its namespace URI)"
                );
            }
        }
        ErrorKind::UnexpectedElement { expected } => {
            if let Some(found) = e.found(input) {
                write!(f, "expected element {expected}, found {found}")?;
                if found.is_soap12_envelope() {
                    write!(
                        f,
                        ": a SOAP 1.2 envelope; this codec reads SOAP 1.1, whose envelope namespace is {}",
                        crate::namespaces::SOAP_ENVELOPE
                    )?;
                }
                return Ok(());
            }
        }
        ErrorKind::UnexpectedChild { parent } => {
            if let Some(found) = e.found(input) {
                return write!(f, "element {found} is not allowed here inside {parent}");
            }
        }
        ErrorKind::UnexpectedAttribute { element, attribute } => {
            if let Some(a) = name(attribute) {
                return write!(f, "attribute {a} is not allowed on element {element}");
            }
        }
        ErrorKind::InvalidValue { field, found } => {
            if let Some(raw) = found.text(input) {
                // An attribute value directly follows its quote; element
                // content never does (it follows a `>`).
                let in_attribute = found
                    .start()
                    .checked_sub(1)
                    .and_then(|i| input.get(i))
                    .is_some_and(|&c| c == b'"' || c == b'\'');
                let value = if in_attribute {
                    Text::attribute_known(raw, found.start(), false)
                } else {
                    Text::content(raw, found.start(), false)
                };
                return write!(f, "invalid {field} value {:?}", ShortStr::cut(value.chars()));
            }
        }
        ErrorKind::MustUnderstand => {
            if let Some(block) = e.found(input) {
                return write!(
                    f,
                    "header block {block} is marked mustUnderstand but is not processed by this codec"
                );
            }
        }
        _ => {}
    }
    fmt::Display::fmt(&e.kind, f)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message(), self.offset)
    }
}

/// `true` when `input[offset..]` is an XML declaration (`<?xml` then
/// whitespace or `?>`) and something other than a byte order mark comes
/// before it.
fn is_misplaced_declaration(input: &[u8], offset: usize) -> bool {
    let (Some(before), Some(rest)) = (input.get(..offset), input.get(offset..)) else {
        return false;
    };
    let target_is_xml = rest.starts_with(b"<?xml") && matches!(rest.get(5), Some(b' ' | b'\t' | b'\r' | b'\n' | b'?'));
    target_is_xml && !before.is_empty() && before != "\u{FEFF}".as_bytes()
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// Result alias used throughout the crate; the error type can be given
/// (`Result<T, MyError>`), so that importing it shadows nothing.
///
/// ```
/// use umcodec::{GetCallInfoRequest, Result};
///
/// fn call_id(body: &[u8]) -> Result<String> {
///     Ok(GetCallInfoRequest::decode(body)?.call_id.to_string())
/// }
/// assert!(call_id(b"").unwrap_err().is_incomplete());
///
/// fn parse(s: &str) -> Result<u8, core::num::ParseIntError> {
///     s.parse()
/// }
/// assert_eq!(parse("7"), Ok(7));
/// ```
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// The error of `str::parse` for the codec's enumerations
/// ([`CallState`](crate::CallState), [`ExchangeVersion`](crate::ExchangeVersion),
/// [`KnownResponseCode`](crate::KnownResponseCode), …): the text is not one
/// of the type's values (they are case-sensitive, without surrounding
/// whitespace).
///
/// ```
/// use umcodec::error::UnknownValue;
/// use umcodec::ResponseClass;
///
/// assert_eq!("Error".parse::<ResponseClass>(), Ok(ResponseClass::Error));
/// let e = "error".parse::<ResponseClass>().unwrap_err();
/// assert_eq!(e, UnknownValue { type_name: "ResponseClass" });
/// assert_eq!(e.to_string(), "not a ResponseClass value");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    /// The enumeration's name.
    pub type_name: &'static str,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a {} value", self.type_name)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for UnknownValue {}

#[cfg(test)]
mod tests {
    use super::*;

    fn elided(s: &str) -> ShortStr {
        ShortStr::elided(s.len(), s.chars())
    }

    #[test]
    fn elided_text_keeps_both_ends_at_char_boundaries() {
        let s = elided("urn:x");
        assert_eq!((s.as_str(), s.is_truncated()), ("urn:x", false));
        assert_eq!(s, ShortStr::new("urn:x"));

        let exact = "0123456789012345678901234567890123456789";
        let s = elided(exact);
        assert_eq!((s.as_str(), s.is_truncated()), (exact, false));

        let s = elided("http://schemas.microsoft.com/exchange/services/2006/messages/");
        assert!(s.is_truncated());
        assert_eq!(s.as_str(), "http://schemas.m…rvices/2006/messages/");
        assert_eq!(s.as_str().len(), ShortStr::CAPACITY);

        // Two-byte characters: none is split, and the result fits.
        let wide = "éééééééééééééééééééééééééééééééééééééééééééééééééé";
        let s = elided(wide);
        assert!(s.as_str().len() <= ShortStr::CAPACITY);
        assert_eq!(s.as_str(), "éééééééé…éééééééééé");
    }
}
