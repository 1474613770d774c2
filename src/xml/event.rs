//! What both readers report: the events, resolved names and attributes, and
//! the resource limits they enforce.

use super::text::Text;

/// The namespace bound to the `xml` prefix.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of `xmlns` attributes; nothing may be bound to it.
pub const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// Resource limits of the reader. Going past one is
/// [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded), never a panic or an allocation.
///
/// The reader keeps its stacks in fixed arrays inside itself, so each limit
/// is also capped by a capacity (`*_CAPACITY`); a larger configured value
/// acts as the capacity.
///
/// ```
/// use umcodec::error::Limit;
/// use umcodec::{ErrorKind, Limits, Message, Options};
///
/// // An Internet-facing server: small envelopes, shallow nesting.
/// let limits = Limits::default().with_max_input_len(64 * 1024).with_max_depth(16);
/// let options = Options::default().with_limits(limits);
///
/// // Header blocks the codec does not process are skipped, but checked.
/// let deep = format!(
///     r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><trace xmlns="urn:example">{}"#,
///     "<a>".repeat(20)
/// );
/// let e = Message::decode_with(deep.as_bytes(), &options).unwrap_err();
/// assert_eq!(e.kind(), &ErrorKind::LimitExceeded { limit: Limit::Depth, max: 16 });
///
/// // A configured value above the capacity acts as the capacity.
/// assert!(Limits::default().max_depth <= Limits::DEPTH_CAPACITY);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Maximum element nesting depth; the root element is depth 1.
    /// Default 64, capacity [`Limits::DEPTH_CAPACITY`].
    pub max_depth: usize,
    /// Maximum namespace declarations in scope at one time (the built-in
    /// `xml` binding is not counted). Default 64, capacity
    /// [`Limits::NAMESPACES_CAPACITY`].
    pub max_namespaces: usize,
    /// Maximum attributes on one element, namespace declarations included.
    /// Default 32, capacity [`Limits::ATTRIBUTES_CAPACITY`].
    pub max_attributes: usize,
    /// Maximum input length in bytes. Default 64 MiB; at most
    /// `u32::MAX` (offsets are kept as `u32` to keep the reader small).
    pub max_input_len: usize,
}

impl Limits {
    // The reader's stacks are not written until used (`xml/stack.rs`), so
    // a capacity costs no time per decode, only stack space (the reader is
    // about 3.3 KiB): they stay close to the defaults.

    /// Storage for open elements.
    pub const DEPTH_CAPACITY: usize = 128;
    /// Storage for namespace declarations in scope.
    pub const NAMESPACES_CAPACITY: usize = 64;
    /// Storage for the attributes of one element.
    pub const ATTRIBUTES_CAPACITY: usize = 32;

    /// The defaults (what [`Limits::default`] gives), usable in `const`.
    ///
    /// ```
    /// use umcodec::Limits;
    /// const STRICT: Limits = Limits::new().with_max_depth(16).with_max_input_len(1 << 20);
    /// assert_eq!(STRICT.max_attributes, Limits::default().max_attributes);
    /// ```
    #[must_use]
    pub const fn new() -> Limits {
        Limits {
            max_depth: 64,
            max_namespaces: 64,
            max_attributes: 32,
            max_input_len: 64 << 20,
        }
    }

    /// These limits with [`Limits::max_depth`] set to `n`.
    #[must_use]
    pub const fn with_max_depth(mut self, n: usize) -> Limits {
        self.max_depth = n;
        self
    }

    /// These limits with [`Limits::max_namespaces`] set to `n`.
    #[must_use]
    pub const fn with_max_namespaces(mut self, n: usize) -> Limits {
        self.max_namespaces = n;
        self
    }

    /// These limits with [`Limits::max_attributes`] set to `n`.
    #[must_use]
    pub const fn with_max_attributes(mut self, n: usize) -> Limits {
        self.max_attributes = n;
        self
    }

    /// These limits with [`Limits::max_input_len`] set to `n` bytes.
    #[must_use]
    pub const fn with_max_input_len(mut self, n: usize) -> Limits {
        self.max_input_len = n;
        self
    }

    /// Every limit at its capacity.
    pub(crate) const fn capacity() -> Limits {
        Limits {
            max_depth: Self::DEPTH_CAPACITY,
            max_namespaces: Self::NAMESPACES_CAPACITY,
            max_attributes: Self::ATTRIBUTES_CAPACITY,
            max_input_len: u32::MAX as usize,
        }
    }

    pub(crate) const fn effective(self) -> Limits {
        const fn min(a: usize, b: usize) -> usize {
            if a < b {
                a
            } else {
                b
            }
        }
        Limits {
            max_depth: min(self.max_depth, Self::DEPTH_CAPACITY),
            max_namespaces: min(self.max_namespaces, Self::NAMESPACES_CAPACITY),
            max_attributes: min(self.max_attributes, Self::ATTRIBUTES_CAPACITY),
            max_input_len: min(self.max_input_len, u32::MAX as usize),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new()
    }
}

/// The namespace of a resolved name.
#[derive(Clone, Copy, Debug)]
pub enum Ns<'a> {
    /// No namespace.
    None,
    /// The namespace of the `xml` prefix.
    Xml,
    /// Entry `i` of the table of known namespaces given to the reader.
    Known(usize),
    /// Any other namespace, by its URI (compared by value).
    Other(Text<'a>),
}

impl PartialEq for Ns<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Ns::None, Ns::None) | (Ns::Xml, Ns::Xml) => true,
            (Ns::Known(a), Ns::Known(b)) => a == b,
            (Ns::Other(a), Ns::Other(b)) => a == b,
            _ => false,
        }
    }
}

/// A resolved element or attribute name.
#[derive(Clone, Copy, Debug)]
pub struct Name<'a> {
    /// The namespace the prefix (or the default namespace) resolved to.
    pub ns: Ns<'a>,
    /// The prefix as written (empty for none).
    pub prefix: &'a str,
    /// The local part.
    pub local: &'a str,
}

/// An attribute of the current element (namespace declarations excluded).
#[derive(Clone, Copy, Debug)]
pub struct Attribute<'a> {
    /// Its resolved name.
    pub name: Name<'a>,
    /// Its value.
    pub value: Text<'a>,
    /// Byte offset of its name.
    pub offset: usize,
}

/// A start tag.
#[derive(Clone, Copy, Debug)]
pub struct Start<'a> {
    /// The element's resolved name.
    pub name: Name<'a>,
    /// Byte offset of its `<`.
    pub offset: usize,
    /// `true` for `<x/>` (an [`Event::End`] follows at once).
    pub empty: bool,
}

/// What [`Reader::next_event`](super::Reader::next_event) reports.
#[derive(Clone, Copy, Debug)]
pub enum Event<'a> {
    /// A start tag; its attributes are available from
    /// [`Reader::attributes`](super::Reader::attributes) until the next call.
    Start(Start<'a>),
    /// An end tag (or the end of an empty element); the offset is its `<`.
    End(usize),
    /// Character data between two tags: text, references, CDATA sections
    /// and comments, as one value.
    Text(Text<'a>),
    /// The end of a complete document.
    Eof,
}
