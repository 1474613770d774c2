//! The one error type of the crate: a [`ErrorKind`] and the byte offset where
//! the problem was detected.
//!
//! Errors are `Copy`, hold no reference into the input and never allocate:
//! names that came from the input are kept in a small inline buffer
//! ([`ShortStr`]), truncated when long.

use core::fmt;

/// A decode or encode failure: what went wrong and where.
///
/// The offset counts bytes from the start of the input (a UTF-8 BOM, when
/// present, is counted). For encode errors it counts bytes from the start of
/// the value that could not be encoded, or the bytes written so far for
/// sink failures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    offset: usize,
}

impl Error {
    /// Creates an error of `kind` at byte `offset`.
    #[must_use]
    pub const fn new(kind: ErrorKind, offset: usize) -> Self {
        Error { kind, offset }
    }

    /// What went wrong.
    #[must_use]
    pub const fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The byte offset at which the problem was detected.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// `true` when the input ended too early: appending bytes could still
    /// make it a valid envelope. A server reading a body in chunks keeps
    /// reading on this error and rejects on any other.
    #[must_use]
    pub const fn is_incomplete(&self) -> bool {
        matches!(self.kind, ErrorKind::Incomplete)
    }
}

/// The resource limits of [`crate::Limits`], named in
/// [`ErrorKind::LimitExceeded`].
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

/// How a namespace is named in an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NsName {
    /// No namespace (an unqualified name).
    None,
    /// One of the namespaces the codec knows, by URI.
    Known(&'static str),
    /// A namespace the codec does not know.
    Other,
}

impl fmt::Display for NsName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NsName::None => Ok(()),
            NsName::Known(uri) => write!(f, "{{{uri}}}"),
            NsName::Other => f.write_str("{another namespace}"),
        }
    }
}

/// An element or attribute name as found in the input, for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoundName {
    /// The namespace the name resolved to.
    pub ns: NsName,
    /// The local part (truncated when long).
    pub local: ShortStr,
}

impl fmt::Display for FoundName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.ns, self.local)
    }
}

/// A name the schema expects, for error messages.
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

/// A short copy of input text kept inside an error (at most
/// [`ShortStr::CAPACITY`] bytes, cut at a character boundary).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ShortStr {
    buf: [u8; ShortStr::CAPACITY],
    len: u8,
    truncated: bool,
}

impl ShortStr {
    /// Bytes kept; longer text is truncated and shown with `…`.
    pub const CAPACITY: usize = 40;

    /// Copies at most [`Self::CAPACITY`] bytes of `s`.
    #[must_use]
    pub fn new(s: &str) -> Self {
        let mut end = s.len().min(Self::CAPACITY);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let mut buf = [0; Self::CAPACITY];
        buf[..end].copy_from_slice(&s.as_bytes()[..end]);
        ShortStr {
            buf,
            len: end as u8,
            truncated: end < s.len(),
        }
    }

    /// The kept text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Cut at a char boundary of valid UTF-8 in `new`, so this cannot fail.
        core::str::from_utf8(&self.buf[..usize::from(self.len)]).unwrap_or("")
    }

    /// `true` when the original text was longer than what is kept.
    #[must_use]
    pub const fn is_truncated(&self) -> bool {
        self.truncated
    }
}

impl fmt::Debug for ShortStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)?;
        if self.truncated {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Display for ShortStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())?;
        if self.truncated {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// What went wrong. Every variant has a stable [`ErrorKind::code`] used by
/// the corpus and by scripts.
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
    /// A processing instruction: SOAP forbids them.
    ProcessingInstruction,
    /// An entity or character reference that is undefined, malformed, or
    /// refers to a character XML does not allow.
    InvalidReference,
    /// An end tag does not match the open element.
    MismatchedEndTag {
        /// The qualified name of the open element, as written.
        expected: ShortStr,
        /// The qualified name in the end tag, as written.
        found: ShortStr,
    },
    /// The same attribute twice on one element (also when two prefixes
    /// bound to one namespace name the same local attribute).
    DuplicateAttribute {
        /// The attribute's qualified name, as written.
        name: ShortStr,
    },
    /// A prefix used without a namespace declaration in scope.
    UnboundPrefix {
        /// The prefix.
        prefix: ShortStr,
    },
    /// Misuse of the reserved `xml`/`xmlns` prefixes or namespaces, or an
    /// attempt to undeclare a prefix (`xmlns:p=""`).
    ReservedNamespace,
    /// A configured resource limit was exceeded.
    LimitExceeded {
        /// The limit.
        limit: Limit,
        /// Its configured value.
        max: usize,
    },
    /// An element other than the one the schema requires here.
    UnexpectedElement {
        /// The element the schema allows here.
        expected: ExpectedName,
        /// The element found.
        found: FoundName,
    },
    /// A required element is missing: the parent ended first.
    MissingElement {
        /// The element the schema requires.
        expected: ExpectedName,
    },
    /// An element where the schema allows only text, or an element after
    /// the content the schema allows.
    UnexpectedChild {
        /// The parent whose content model does not allow the child.
        parent: ExpectedName,
        /// The element found.
        found: FoundName,
    },
    /// Non-whitespace text where the schema allows only elements.
    UnexpectedText,
    /// A required attribute is missing.
    MissingAttribute {
        /// The element.
        element: ExpectedName,
        /// The attribute (unqualified).
        attribute: &'static str,
    },
    /// An unqualified attribute the schema does not define.
    UnexpectedAttribute {
        /// The element.
        element: ExpectedName,
        /// The attribute's local name.
        attribute: ShortStr,
    },
    /// A value outside its type: an unknown enumeration value, a number
    /// that is not an `xs:int`, a bad `mustUnderstand`.
    InvalidValue {
        /// The field or type.
        field: &'static str,
        /// The value found (after unescaping, truncated when long).
        found: ShortStr,
    },
    /// A header block marked `mustUnderstand` that this codec does not
    /// process for this message.
    MustUnderstand {
        /// The header block.
        block: FoundName,
    },
    /// In strict mode, an Exchange namespace spelled `https://`; Exchange
    /// servers reject that spelling.
    HttpsNamespace,
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
    /// expectations and by scripts.
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
            ErrorKind::MustUnderstand { .. } => "must_understand",
            ErrorKind::HttpsNamespace => "https_namespace",
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
            ErrorKind::MismatchedEndTag { expected, found } => {
                write!(f, "end tag </{found}> does not match the open element <{expected}>")
            }
            ErrorKind::DuplicateAttribute { name } => write!(f, "attribute {name} appears twice on one element"),
            ErrorKind::UnboundPrefix { prefix } => {
                write!(f, "prefix `{prefix}` is not bound to a namespace (missing xmlns:{prefix} declaration)")
            }
            ErrorKind::ReservedNamespace => f.write_str(
                "invalid namespace declaration: the xml/xmlns prefixes and namespaces are reserved, and a prefix cannot be undeclared",
            ),
            ErrorKind::LimitExceeded { limit, max } => {
                write!(f, "limit exceeded: {} (maximum {max}); raise it in Limits if this input is legitimate", limit.code())
            }
            ErrorKind::UnexpectedElement { expected, found } => {
                write!(f, "expected element {expected}, found {found}")
            }
            ErrorKind::MissingElement { expected } => {
                write!(f, "missing required element {expected}")
            }
            ErrorKind::UnexpectedChild { parent, found } => {
                write!(f, "element {found} is not allowed here inside {parent}")
            }
            ErrorKind::UnexpectedText => f.write_str("text is not allowed here, only elements and whitespace"),
            ErrorKind::MissingAttribute { element, attribute } => {
                write!(f, "element {element} is missing required attribute {attribute}")
            }
            ErrorKind::UnexpectedAttribute { element, attribute } => {
                write!(f, "attribute {attribute} is not allowed on element {element}")
            }
            ErrorKind::InvalidValue { field, found } => write!(f, "invalid {field} value {found:?}"),
            ErrorKind::MustUnderstand { block } => {
                write!(f, "header block {block} is marked mustUnderstand but is not processed by this codec")
            }
            ErrorKind::HttpsNamespace => f.write_str(
                "namespace spelled https:// (strict mode): Exchange uses and accepts only http://schemas.microsoft.com/exchange/services/2006/...",
            ),
            ErrorKind::InvalidBase64 => f.write_str("value is not valid base64"),
            ErrorKind::BufferTooSmall { needed } => write!(f, "output buffer too small: {needed} bytes needed"),
            ErrorKind::Fmt => f.write_str("the fmt::Write sink failed"),
            #[cfg(feature = "std")]
            ErrorKind::Io(kind) => write!(f, "the io::Write sink failed: {kind}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.kind, self.offset)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// Result alias used throughout the crate.
pub type Result<T> = core::result::Result<T, Error>;
