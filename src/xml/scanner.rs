//! The namespace-aware, validating pull reader: one pass over the bytes, no
//! tokenizer underneath.
//!
//! Each event is scanned straight from the input: `memchr`/`memmem` find
//! the delimiters of comments and CDATA sections; character data,
//! attribute values, whitespace and names are skipped sixteen bytes at a
//! time with SSE2 on x86-64 (a word at a time elsewhere: `xml/runs.rs`)
//! while nothing in them needs a closer look, and what does is matched
//! against a byte-class table.
//! Everything XML 1.0 and Namespaces in XML 1.0 require of a document is
//! checked on the way (the rules SOAP adds too: no DTD, no processing
//! instruction); the xmlparser-based reader in [`super::oracle`] (feature
//! `oracle`) states the same rules through a general tokenizer, and the
//! `scanner` fuzz target holds the two to the same decisions.
//!
//! Names come out already resolved to a [`Ns`]: URIs are classified once,
//! when declared, against a table of known namespaces supplied by the
//! caller, so later checks compare small integers instead of strings.

use super::chars::{find_invalid_char, is_name_char, is_name_start_char, is_xml_space, parse_ref, Ref};
use super::chars::{swar, ATTR_STOP, NAME, NAME_START};
use super::declaration::{Decl, DeclMatch};
use super::event::{Attribute, Event, Limits, Name, Ns, Start, XMLNS_NS, XML_NS};
use super::expected::{Expected, ExpectedAttributes, ExpectedDeclaration};
use super::runs::{skip_attr_plain, skip_name_chars, skip_plain, skip_space};
use super::stack::Stack;
use super::text::Text;
use crate::error::{Error, ErrorKind, Limit, Result, Span, Syntax};

/// Namespace reference kept in the fixed stacks: `NS_NONE`, `NS_XML`,
/// `NS_OTHER` (URI in the binding), or `NS_KNOWN + i`.
type NsCode = u16;
const NS_NONE: NsCode = 0;
const NS_XML: NsCode = 1;
const NS_OTHER: NsCode = 2;
const NS_KNOWN: NsCode = 3;

#[derive(Clone, Copy)]
struct Binding {
    prefix_start: u32,
    /// 0 for the default namespace.
    prefix_len: u32,
    uri_start: u32,
    uri_len: u32,
    ns: NsCode,
    /// The URI is its own value (no reference, no literal TAB, LF or CR).
    clean: bool,
}

#[derive(Clone, Copy)]
struct RawAttr {
    /// Offset of the name.
    start: u32,
    /// Length of the prefix; 0 when unprefixed.
    prefix_len: u32,
    is_decl: bool,
    /// As [`Binding::clean`], for the value.
    clean: bool,
    /// For a declaration whose value was matched whole against the known
    /// namespaces: 1 + its index; else 0.
    known: u8,
    /// Length of the whole `prefix:local` name.
    name_len: u32,
    value_start: u32,
    value_len: u32,
    ns: NsCode,
    /// For `NS_OTHER`: the binding that holds the URI.
    binding: u16,
}

impl RawAttr {
    const EMPTY: RawAttr = RawAttr {
        start: 0,
        prefix_len: 0,
        is_decl: false,
        clean: false,
        known: 0,
        name_len: 0,
        value_start: 0,
        value_len: 0,
        ns: NS_NONE,
        binding: 0,
    };

    /// The record of the attribute named `b[at..at + name_len]` (a prefix
    /// of `prefix_len` bytes) whose value runs from `value_start` to
    /// `value_end`: a plain attribute, as read; declarations and values
    /// that need a look set the other fields.
    #[inline(always)]
    fn read(at: usize, prefix_len: usize, name_len: usize, value_start: usize, value_end: usize) -> RawAttr {
        RawAttr {
            start: at as u32,
            prefix_len: prefix_len as u32,
            clean: true,
            name_len: name_len as u32,
            value_start: value_start as u32,
            value_len: (value_end - value_start) as u32,
            ..RawAttr::EMPTY
        }
    }

    fn prefix<'a>(&self, input: &'a str) -> &'a str {
        slice(input, self.start as usize, self.prefix_len as usize)
    }

    fn local<'a>(&self, input: &'a str) -> &'a str {
        let skip = if self.prefix_len == 0 {
            0
        } else {
            self.prefix_len as usize + 1
        };
        slice(input, self.start as usize + skip, self.name_len as usize - skip)
    }

    fn qname<'a>(&self, input: &'a str) -> &'a str {
        slice(input, self.start as usize, self.name_len as usize)
    }

    fn value<'a>(&self, input: &'a str) -> Text<'a> {
        let start = self.value_start as usize;
        Text::attribute_known(slice(input, start, self.value_len as usize), start, self.clean)
    }
}

/// `input[start..start + len]`, empty if out of range (never, for spans the
/// reader recorded).
fn slice(input: &str, start: usize, len: usize) -> &str {
    input.get(start..start + len).unwrap_or("")
}

/// Whether the declarations of `known`'s URIs can be matched whole
/// instead of scanned and checked: every URI is a value with no byte an
/// attribute value is checked for, neither empty nor the `xml`/`xmlns`
/// namespace (declaring those has rules of its own), and the table is
/// short enough for the index a record keeps.
fn plain_table(known: &[&str]) -> bool {
    known.len() < usize::from(u8::MAX)
        && known.iter().all(|u| {
            !u.is_empty() && *u != XML_NS && *u != XMLNS_NS && u.bytes().all(|c| NAME[usize::from(c)] & ATTR_STOP == 0)
        })
}

/// Whether the attribute name `b[at..at + name_len]`, with a prefix of
/// `prefix_len` bytes (0: none), is a namespace declaration: `xmlns` or
/// `xmlns:…`.
#[inline(always)]
fn is_declaration(b: &[u8], at: usize, prefix_len: usize, name_len: usize) -> bool {
    (prefix_len == 5 || name_len == 5) && b.get(at..at + 5) == Some(b"xmlns")
}

/// The eight bytes at `at`, when they start with `xmlns` (a declaration's
/// name, or another name the general scan judges: `xmlnsx`); `None` for
/// anything else, or fewer than eight bytes left.
#[inline(always)]
fn xmlns_word(b: &[u8], at: usize) -> Option<u64> {
    const XMLNS: u64 = u64::from_le_bytes(*b"xmlns\0\0\0");
    swar::word(b, at).filter(|w| w & swar::low_bytes(5) == XMLNS)
}

/// The name of the declaration at `at`, whose first eight bytes `w`
/// start with `xmlns` ([`xmlns_word`]), when it goes on with `=` or `:`
/// and a name-start byte: (prefix length: 0 or 5, where the name ends).
/// One word compare instead of the general name scan, for the attributes
/// that long envelopes have most of; `None` for anything else (`xmlnsx`,
/// `xmlns:` and a byte that cannot start a name, or a non-ASCII one).
#[inline(always)]
fn declaration_name(b: &[u8], at: usize, w: u64) -> Option<(usize, usize)> {
    match (w >> 40) as u8 {
        b'=' => Some((0, at + 5)),
        b':' if NAME[usize::from((w >> 48) as u8)] & NAME_START != 0 => Some((5, skip_name_chars(b, at + 7))),
        _ => None,
    }
}

/// A start tag just read, as the decoders look at it: its offset, local
/// name, namespace and emptiness, without the [`Start`] event built
/// around them ([`Reader::start`] builds it). A few words, where a
/// `Start` is ten: the schema code passes it around and compares it.
#[derive(Clone, Copy, Debug)]
pub struct Tag {
    offset: u32,
    local_start: u32,
    local_len: u32,
    code: NsCode,
    /// For `NS_OTHER`: the binding that holds the URI.
    binding: u8,
    /// 1 for `<x/>`, else 0: a byte, not a `bool`, so that `Option<Tag>`
    /// has a tag byte of its own (see [`Step`]).
    empty: u8,
}

/// The namespace of a [`Tag`], as the schema code tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TagNs {
    /// No namespace.
    None,
    /// Entry `i` of the reader's table of known namespaces.
    Known(usize),
    /// Any other (the `xml` namespace included).
    Other,
}

impl Tag {
    /// Byte offset of the tag's `<`.
    #[inline(always)]
    pub(crate) fn offset(&self) -> usize {
        self.offset as usize
    }

    /// The element's namespace.
    #[inline(always)]
    pub(crate) fn ns(&self) -> TagNs {
        match self.code {
            NS_NONE => TagNs::None,
            NS_XML | NS_OTHER => TagNs::Other,
            k => TagNs::Known(usize::from(k - NS_KNOWN)),
        }
    }
}

/// What [`Reader::next_step`] found.
// `repr(u8)`: a tag byte of its own. Without it the variant hides in the
// niche of the `Tag`'s `empty` flag, and every match on a step (one per
// element read) decodes it with a few more instructions.
#[derive(Clone, Copy, Debug)]
#[repr(u8)]
pub enum Step {
    /// A start tag, read.
    Start(Tag),
    /// An end tag at this offset, read (or the end of an empty element).
    End(usize),
    /// Anything else, not read: [`Reader::next_event`] reports it.
    Other,
}

/// Where the reader is in the document.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// At the start: an XML declaration may come.
    Start,
    /// Before the root element.
    Prolog,
    /// Inside the root element, or anywhere in a fragment.
    Content,
    /// After the root element.
    Epilog,
}

/// An open element: the offset of its name (after its `<`), the name's
/// length when below 65,536 bytes (else 0: the end tag takes the general
/// path), and the bindings in scope before its declarations. The general
/// path needs no length: the validated start tag ends the name with
/// whitespace, `>` or `/`, which is what the end tag is checked against.
#[derive(Clone, Copy)]
struct Open {
    name: u32,
    len: u16,
    scope: u8,
}

/// A qualified name found in a tag: `start..end`, with the colon at
/// `colon` when there is one.
#[derive(Clone, Copy)]
struct QSpan {
    start: usize,
    colon: Option<usize>,
    end: usize,
}

/// The namespace-aware, validating pull reader: XML 1.0 well-formedness,
/// Namespaces in XML 1.0, no DTD or processing instruction, and the
/// [`Limits`], checked in one pass with nothing allocated.
///
/// ```
/// use umcodec::xml::{Event, Limits, Ns, Reader};
///
/// static KNOWN: [&str; 1] = ["urn:a"];
/// let mut r = Reader::new(b"<p:x xmlns:p='urn:a'>hi &amp; bye</p:x>", &KNOWN, Limits::default())?;
/// let Event::Start(s) = r.next_event()? else { panic!() };
/// assert_eq!((s.name.ns, s.name.local), (Ns::Known(0), "x"));
/// let Event::Text(t) = r.next_event()? else { panic!() };
/// assert_eq!(t, "hi & bye");
/// assert!(matches!(r.next_event()?, Event::End(_)));
/// assert!(matches!(r.next_event()?, Event::Eof));
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone)]
pub struct Reader<'a> {
    input: &'a str,
    pos: usize,
    known: &'static [&'static str],
    limits: Limits,
    phase: Phase,
    /// Reading element content with no root element around it.
    fragment: bool,
    /// The end of an empty element is still to be reported, at this offset.
    pending_end: Option<u32>,
    /// One bit per attribute of the current start tag, chosen by a hash of
    /// its name: the duplicate check compares whole names only when a new
    /// name's bit is already set (rare: no loop over the attributes seen,
    /// so no data-dependent branch per pair).
    attr_filter: u64,
    /// One bit per prefix the current start tag bound as it read them
    /// ([`Reader::bind_known`], [`Reader::expected_declaration`]), chosen
    /// by its length and last byte ([`Reader::prefix_bit`]), while it has
    /// bound any (`bindings.len() > tag_scope`): a declaration whose bit
    /// is not set repeats none of them.
    bound_lens: u64,
    /// The current start tag has namespace declarations.
    tag_declares: bool,
    /// `known` holds only URIs without a byte an attribute value must be
    /// checked for, so a value equal to one needs no scan.
    plain_known: bool,
    /// The current start tag has prefixed attributes (declarations aside).
    tag_prefixed: bool,
    /// Bindings in scope before the current start tag. While its
    /// attributes are read, those from here to the top are the
    /// declarations of known namespaces it made, bound as they were read
    /// (see [`Reader::bind_known`], [`Reader::expected_declaration`]).
    tag_scope: usize,
    /// The attribute names still expected ([`Reader::expect_attributes`]),
    /// the next one first.
    expected: &'static [Expected],
    /// The namespace declarations still expected, the next one first.
    expected_declarations: &'static [ExpectedDeclaration],
    /// The open elements, the innermost last.
    open: Stack<Open, { Limits::DEPTH_CAPACITY }>,
    /// The namespace bindings in scope, the innermost last.
    bindings: Stack<Binding, { Limits::NAMESPACES_CAPACITY }>,
    /// The attributes of the current start tag, in document order.
    attrs: Stack<RawAttr, { Limits::ATTRIBUTES_CAPACITY }>,
}

impl<'a> Reader<'a> {
    /// Starts reading `input`. `known` lists the namespace URIs the caller
    /// wants reported as [`Ns::Known`] (by index). A declaration of one of
    /// them is matched whole instead of scanned when the table is plain:
    /// fewer than 255 URIs, none empty or the `xml`/`xmlns` namespace,
    /// each one an attribute value as it is written (no quote, `<`, `&`,
    /// control character, nor one from U+F000 to U+FFFF). That is checked
    /// here, once per reader.
    ///
    /// # Errors
    /// The input is longer than `limits.max_input_len`, or is not UTF-8.
    pub fn new(input: &'a [u8], known: &'static [&'static str], limits: Limits) -> Result<Self> {
        let text = Self::check_input(input, limits)?;
        let mut r = Self::with(text, known, limits.effective());
        r.plain_known = plain_table(known);
        Ok(r)
    }

    /// The checks [`Reader::new`] makes before reading: the input length
    /// limit and UTF-8. Apart from `new` so that a caller can build the
    /// reader in place with [`Reader::checked`] (it is large, and a move
    /// copies it).
    #[inline]
    pub(crate) fn check_input(input: &'a [u8], limits: Limits) -> Result<&'a str> {
        let limits = limits.effective();
        if input.len() > limits.max_input_len {
            return Err(Error::new(
                ErrorKind::LimitExceeded {
                    limit: Limit::InputLength,
                    max: limits.max_input_len,
                },
                limits.max_input_len,
            ));
        }
        if let Some(t) = crate::xml::chars::ascii_str(input) {
            return Ok(t);
        }
        match core::str::from_utf8(input) {
            Ok(t) => Ok(t),
            Err(e) if e.error_len().is_none() => Err(Error::new(ErrorKind::Incomplete, input.len())),
            Err(e) => Err(Error::new(ErrorKind::InvalidUtf8, e.valid_up_to())),
        }
    }

    /// A reader over text that passed [`Reader::check_input`] with
    /// `limits`. `known` must be a plain table (as [`Reader::new`] says),
    /// as the crate's is: that is not checked here.
    #[inline(always)]
    pub(crate) fn checked(text: &'a str, known: &'static [&'static str], limits: Limits) -> Self {
        let mut r = Self::with(text, known, limits.effective());
        r.plain_known = true;
        r
    }

    /// Reads `text` as element content (a fragment: any number of
    /// elements and text, no root required), with nothing in scope but the
    /// `xml` prefix.
    pub(crate) fn fragment(text: &'a str, known: &'static [&'static str]) -> Self {
        let mut r = Self::with(text, known, Limits::capacity());
        r.phase = Phase::Content;
        r.fragment = true;
        r.pos = 0;
        r
    }

    /// Reads `text` with every limit at its capacity (for re-reading input
    /// that was already validated under some configured limits).
    pub(crate) fn unlimited(text: &'a str, known: &'static [&'static str]) -> Self {
        Self::with(text, known, Limits::capacity())
    }

    #[inline(always)]
    fn with(text: &'a str, known: &'static [&'static str], limits: Limits) -> Self {
        Reader {
            input: text,
            // A byte order mark is not part of the document.
            pos: if text.starts_with('\u{FEFF}') { 3 } else { 0 },
            known,
            limits,
            phase: Phase::Start,
            fragment: false,
            pending_end: None,
            open: Stack::new(),
            bindings: Stack::new(),
            attrs: Stack::new(),
            attr_filter: 0,
            bound_lens: 0,
            tag_declares: false,
            tag_prefixed: false,
            tag_scope: 0,
            plain_known: false,
            expected: &[],
            expected_declarations: &[],
        }
    }

    /// Sets the unprefixed attributes and the namespace declarations the
    /// rest of the document is expected to have, in order: each attribute
    /// read is compared with the next one expected first, and recorded
    /// without a name scan when it is written `name="`, or bound without a
    /// URI lookup when it is the declaration expected (see
    /// [`ExpectedAttributes`]). The declarations are used only when this
    /// reader's table of known namespaces is the set's own and its URIs
    /// are matched whole ([`Reader::new`]). Changes nothing of what is
    /// read or rejected, only how fast.
    pub fn expect_attributes(&mut self, names: &'static ExpectedAttributes) {
        self.expected = names.entries();
        // A declaration names its URI by an index into the table the set
        // was built with: only this reader's own, and only when its URIs
        // are matched whole (a plain table), as `known_value` would.
        self.expected_declarations = if self.plain_known {
            names.declarations(self.known)
        } else {
            &[]
        };
    }

    /// The whole input, as text.
    #[must_use]
    pub fn input(&self) -> &'a str {
        self.input
    }

    /// Current element depth (1 inside the root element).
    #[must_use]
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    /// Byte offset just past what has been read (after a [`Event::Start`]:
    /// just past its `>`).
    #[must_use]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Reads the next event.
    ///
    /// # Errors
    /// Any well-formedness or namespace violation, a limit, or
    /// [`ErrorKind::Incomplete`] when the input ends early.
    pub fn next_event(&mut self) -> Result<Event<'a>> {
        if let Some(offset) = self.pending_end.take() {
            self.close_frame();
            return Ok(Event::End(offset as usize));
        }
        if self.phase != Phase::Content {
            return self.outside_root();
        }
        let b = self.input.as_bytes();
        match b.get(self.pos) {
            Some(b'<') => match b.get(self.pos + 1) {
                Some(b'/') => self.end_tag(),
                Some(b'!') => self.text_run(),
                Some(b'?') => Err(self.pi_error(self.pos)),
                Some(_) => self.start_tag(),
                None => Err(self.incomplete()),
            },
            Some(_) => self.text_run(),
            None if self.fragment && self.open.len() == 0 => Ok(Event::Eof),
            None => Err(self.incomplete()),
        }
    }

    /// Skips whitespace between elements (what a schema without mixed
    /// content expects there), then reads the next event as
    /// [`Reader::next_event`] does. Text that is not all whitespace is
    /// still reported, from its start.
    ///
    /// # Errors
    /// As [`Reader::next_event`].
    #[inline(always)]
    pub fn next_event_after_space(&mut self) -> Result<Event<'a>> {
        if self.phase == Phase::Content && self.pending_end.is_none() {
            let b = self.input.as_bytes();
            let i = skip_space(b, self.pos);
            // Only when a tag follows: text or the end of input must be
            // reported whole, from where it starts.
            if b.get(i) == Some(&b'<') && !b[i..].starts_with(b"<!") {
                self.pos = i;
            }
        }
        self.next_event()
    }

    /// The start tag at `offset` of the document `text`, read again from
    /// the start (for an error that names the element it found there);
    /// `None` when the document holds none there, or is not well-formed
    /// up to it.
    #[cold]
    pub(crate) fn start_tag_at(text: &'a str, known: &'static [&'static str], offset: usize) -> Option<Start<'a>> {
        let mut r = Self::unlimited(text, known);
        loop {
            match r.next_event() {
                Ok(Event::Start(s)) if s.offset == offset => return Some(s),
                Ok(Event::Start(s)) if s.offset > offset => return None,
                Ok(Event::Eof) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }

    /// Skips the rest of the current element (its content is still fully
    /// checked) and returns the offset of its end tag. With no element open
    /// it reads to the end of the document and returns the input length.
    ///
    /// # Errors
    /// As [`Reader::next_event`].
    pub fn skip_element(&mut self) -> Result<usize> {
        // The same checks as `next_event`, without building events.
        let target = self.open.len();
        loop {
            if let Some(offset) = self.pending_end.take() {
                self.close_frame();
                if self.open.len() < target {
                    return Ok(offset as usize);
                }
                continue;
            }
            if self.phase != Phase::Content {
                match self.next_event()? {
                    Event::Eof => return Ok(self.input.len()),
                    Event::End(offset) if self.open.len() < target => return Ok(offset),
                    _ => continue,
                }
            }
            let b = self.input.as_bytes();
            match b.get(self.pos) {
                Some(b'<') => match b.get(self.pos + 1) {
                    Some(b'/') => {
                        let lt = self.pos;
                        self.close_tag()?;
                        if self.open.len() < target {
                            return Ok(lt);
                        }
                    }
                    Some(b'!') => {
                        self.text_span()?;
                    }
                    Some(b'?') => return Err(self.pi_error(self.pos)),
                    Some(_) => {
                        self.open_tag()?;
                    }
                    None => return Err(self.incomplete()),
                },
                Some(_) => {
                    self.text_span()?;
                }
                None if self.fragment && self.open.len() == 0 => return Ok(self.input.len()),
                None => return Err(self.incomplete()),
            }
        }
    }

    /// `true` when the element just started has an attribute with a
    /// prefix (namespace declarations aside): without one, no attribute is
    /// in a namespace, and looking for one can stop here.
    #[must_use]
    pub fn has_qualified_attributes(&self) -> bool {
        self.tag_prefixed
    }

    /// The attributes of the element just started (namespace declarations
    /// excluded), in document order: after its [`Event::Start`] and until
    /// an element ends or starts (none after that).
    pub fn attributes(&self) -> impl Iterator<Item = Attribute<'a>> + '_ {
        self.attrs
            .as_slice()
            .iter()
            .filter(|a| !a.is_decl)
            .map(move |a| Attribute {
                name: Name {
                    ns: self.ns_of(a.ns, usize::from(a.binding)),
                    prefix: a.prefix(self.input),
                    local: a.local(self.input),
                },
                value: a.value(self.input),
                offset: a.start as usize,
            })
    }

    /// How many attributes (namespace declarations included) the element
    /// just started has.
    pub(crate) fn attribute_count(&self) -> usize {
        self.attrs.len()
    }

    /// The unprefixed attributes of the element just started (namespace
    /// declarations excluded): local name, value and offset. What
    /// [`Reader::attributes`] yields with [`Ns::None`], without resolving
    /// anything.
    pub(crate) fn unqualified_attributes(&self) -> impl Iterator<Item = (&'a [u8], Text<'a>, usize)> + '_ {
        let input = self.input;
        self.attrs
            .as_slice()
            .iter()
            .filter(|a| !a.is_decl && a.prefix_len == 0)
            .map(move |a| {
                let (start, len) = (a.start as usize, a.name_len as usize);
                let name = input.as_bytes().get(start..start + len).unwrap_or(b"");
                (name, a.value(input), start)
            })
    }

    /// Resolves `prefix` (empty for the default namespace) in the current
    /// scope, as for a QName in element content; `None` when unbound.
    #[must_use]
    pub fn resolve_prefix(&self, prefix: &str) -> Option<Ns<'a>> {
        self.resolve(prefix.as_bytes()).map(|(code, i)| self.ns_of(code, i))
    }

    /// The namespace declarations in scope, outermost first, one per
    /// prefix (the default namespace has the empty prefix; an undeclared
    /// default is reported with an empty URI).
    pub fn in_scope(&self) -> impl Iterator<Item = (&'a str, Text<'a>)> + '_ {
        let input = self.input;
        let bound = self.bindings.as_slice();
        let prefix = move |b: &Binding| slice(input, b.prefix_start as usize, b.prefix_len as usize);
        bound.iter().enumerate().filter_map(move |(i, b)| {
            let p = prefix(b);
            let shadowed = bound[i + 1..].iter().any(|o| prefix(o) == p);
            (!shadowed).then(|| (p, Self::uri_of(input, b)))
        })
    }

    fn uri_of(input: &'a str, b: &Binding) -> Text<'a> {
        let start = b.uri_start as usize;
        Text::attribute_known(slice(input, start, b.uri_len as usize), start, b.clean)
    }

    fn ns_of(&self, code: NsCode, binding: usize) -> Ns<'a> {
        match code {
            NS_NONE => Ns::None,
            NS_XML => Ns::Xml,
            NS_OTHER => match self.bindings.as_slice().get(binding) {
                Some(b) => Ns::Other(Self::uri_of(self.input, b)),
                // A `Tag` kept past its element's end (see `Reader::start`).
                None => Ns::None,
            },
            k => Ns::Known(usize::from(k - NS_KNOWN)),
        }
    }

    #[cold]
    #[inline(never)]
    fn err(&self, kind: ErrorKind, offset: usize) -> Error {
        Error::new(kind, offset)
    }

    #[cold]
    #[inline(never)]
    fn malformed(&self, syntax: Syntax, offset: usize) -> Error {
        Error::new(ErrorKind::Malformed(syntax), offset)
    }

    #[cold]
    #[inline(never)]
    fn incomplete(&self) -> Error {
        Error::new(ErrorKind::Incomplete, self.input.len())
    }

    #[cold]
    #[inline(never)]
    fn invalid_char(&self, (at, ch): (usize, char), base: usize) -> Error {
        Error::new(ErrorKind::InvalidChar { ch }, base + at)
    }

    /// Checks that `input[from..to]` holds only XML characters.
    #[inline]
    fn check_chars(&self, from: usize, to: usize) -> Result<()> {
        match find_invalid_char(&self.input.as_bytes()[from..to]) {
            None => Ok(()),
            Some(found) => Err(self.invalid_char(found, from)),
        }
    }

    // ---- outside the root element ----------------------------------------

    /// Reads the prolog up to the root element's start tag, or the epilog
    /// to the end of input.
    fn outside_root(&mut self) -> Result<Event<'a>> {
        if self.read_to_root()? {
            self.start_tag()
        } else {
            Ok(Event::Eof)
        }
    }

    /// The root element's start tag, read into a [`Tag`] as
    /// [`Reader::next_step`] reads the others (no [`Start`] event built);
    /// what comes before it is read and checked as
    /// [`Reader::next_event`] does. For a reader that has read nothing.
    ///
    /// # Errors
    /// As [`Reader::next_event`]; [`ErrorKind::Incomplete`] when the
    /// input holds no element.
    pub fn root_tag(&mut self) -> Result<Tag> {
        if self.phase != Phase::Content && self.read_to_root()? {
            return self.open_start();
        }
        Err(self.incomplete())
    }

    /// Reads what follows the root element to the end of the input, as
    /// [`Reader::next_event`] does until it reports [`Event::Eof`]. Most
    /// documents end with the root's end tag and a line end at most:
    /// that is checked here without reading an event.
    ///
    /// # Errors
    /// As [`Reader::next_event`]; [`ErrorKind::Incomplete`] when the root
    /// element has not ended.
    pub fn finish(&mut self) -> Result<()> {
        if self.phase == Phase::Epilog && self.pending_end.is_none() {
            let rest = self.input.as_bytes().get(self.pos..).unwrap_or_default();
            if rest.iter().all(|&c| is_xml_space(c)) {
                self.pos = self.input.len();
                return Ok(());
            }
        }
        match self.next_event()? {
            Event::Eof => Ok(()),
            // Only before the root's end: the reader reports anything
            // after it as an error itself.
            _ => Err(self.incomplete()),
        }
    }

    /// Reads what comes outside the root element up to a tag that starts
    /// it (`true`: the phase is then [`Phase::Content`], the position at
    /// its `<`) or to the end of the input after it (`false`).
    #[inline(always)]
    fn read_to_root(&mut self) -> Result<bool> {
        let b = self.input.as_bytes();
        if self.phase == Phase::Start {
            self.phase = Phase::Prolog;
            self.declaration()?;
        }
        loop {
            let mut i = self.pos;
            while i < b.len() && is_xml_space(b[i]) {
                i += 1;
            }
            self.pos = i;
            let Some(&c) = b.get(i) else {
                return if self.phase == Phase::Epilog {
                    Ok(false)
                } else {
                    Err(self.incomplete())
                };
            };
            if c != b'<' {
                return Err(self.malformed(Syntax::UnexpectedMarkup, i));
            }
            match b.get(i + 1) {
                None => return Err(self.incomplete()),
                Some(b'!') if b[i..].starts_with(b"<!--") => self.pos = self.comment(i)?,
                Some(b'!') => return Err(self.bang_error(i)),
                Some(b'?') => return Err(self.pi_error(i)),
                Some(_) if self.phase == Phase::Epilog => return Err(self.malformed(Syntax::UnexpectedMarkup, i)),
                Some(_) => {
                    self.phase = Phase::Content;
                    return Ok(true);
                }
            }
        }
    }

    /// The XML declaration, when the document starts with one.
    fn declaration(&mut self) -> Result<()> {
        let at = self.pos;
        let rest = &self.input.as_bytes()[at..];
        if !rest.starts_with(b"<?xml") {
            return Ok(());
        }
        // The spellings real clients and servers send, matched whole
        // first (each has a space after `<?xml`, so none is the processing
        // instruction checked for below).
        const COMMON: [&[u8]; 4] = [
            b"<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            b"<?xml version=\"1.0\" encoding=\"utf-8\" ?>",
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            b"<?xml version=\"1.0\"?>",
        ];
        if let Some(d) = COMMON
            .iter()
            .find(|d| rest.get(..d.len()).is_some_and(|r| swar::same(r, d)))
        {
            self.pos = at + d.len();
            return Ok(());
        }
        // `<?xml` followed by a name character is a processing instruction
        // whose target merely starts with `xml`.
        let next = match self.input[at + 5..].chars().next() {
            None => return Err(self.incomplete()),
            Some(c) if c == ':' || is_name_char(c) => return Ok(()),
            Some(c) => c,
        };
        let mut m = DeclMatch::new(rest);
        if next == ' ' {
            match m.run() {
                Ok(()) => {}
                Err(Decl::Eof) => return Err(self.incomplete()),
                Err(Decl::Stop) => return Err(self.malformed(Syntax::InvalidDeclaration, at + m.i)),
            }
        } else {
            // Any other character makes a processing instruction with the
            // target `xml`: one that is complete is held to the declaration
            // grammar, which TAB, CR and LF (or `?>` at once) can satisfy.
            let body = &rest[5..];
            let end = memchr::memmem::find(body, b"?>");
            if let Some(found) = find_invalid_char(&body[..end.unwrap_or(body.len())]) {
                return Err(self.err(ErrorKind::ProcessingInstruction, at + 5 + found.0));
            }
            let Some(end) = end else {
                return Err(self.incomplete());
            };
            let decl = &rest[..5 + end + 2];
            m = DeclMatch::new(decl);
            if m.run().is_err() || m.i != decl.len() {
                return Err(self.malformed(Syntax::InvalidDeclaration, at + m.i));
            }
        }
        if &rest[m.version.0..m.version.1] != b"1.0" {
            return Err(self.err(ErrorKind::UnsupportedVersion, at + m.version.0));
        }
        if let Some((a, e)) = m.encoding {
            if !rest[a..e].eq_ignore_ascii_case(b"utf-8") {
                return Err(self.err(ErrorKind::UnsupportedEncoding, at + a));
            }
        }
        self.pos = at + m.i;
        Ok(())
    }

    /// The error for markup starting `<!` that is neither a comment nor
    /// (inside an element) a CDATA section.
    #[cold]
    #[inline(never)]
    fn bang_error(&self, at: usize) -> Error {
        let rest = &self.input.as_bytes()[at..];
        if rest.starts_with(b"<!DOCTYPE") {
            return self.err(ErrorKind::Doctype, at);
        }
        let openers: [&[u8]; 2] = [b"<!--", b"<![CDATA["];
        if openers.iter().any(|o| o.len() > rest.len() && o.starts_with(rest)) {
            return self.incomplete();
        }
        self.malformed(Syntax::UnexpectedMarkup, at)
    }

    /// The error for a processing instruction at `at`: SOAP forbids them.
    /// One cut short by the end of input is incomplete, as a reader cannot
    /// yet tell what it is.
    #[cold]
    #[inline(never)]
    fn pi_error(&self, at: usize) -> Error {
        let rest = &self.input.as_bytes()[at..];
        let bom = if self.input.starts_with('\u{FEFF}') { 3 } else { 0 };
        if at == bom && matches!(DeclMatch::new(rest).run(), Err(Decl::Eof)) {
            // The whole input so far may still become an XML declaration.
            return self.incomplete();
        }
        if rest.starts_with(b"<?xml ") || !self.pi_runs_to_end(at) {
            return self.err(ErrorKind::ProcessingInstruction, at);
        }
        self.incomplete()
    }

    /// `true` when the processing instruction at `at` is cut short by the
    /// end of input: it has a valid target start, no `?>` and only XML
    /// characters up to the end.
    fn pi_runs_to_end(&self, at: usize) -> bool {
        let body = &self.input[at + 2..];
        let target_ok = body.chars().next().is_some_and(|c| c == ':' || is_name_start_char(c));
        target_ok
            && memchr::memmem::find(body.as_bytes(), b"?>").is_none()
            && find_invalid_char(body.as_bytes()).is_none()
    }

    /// A comment starting at `at`; returns the offset just past it.
    fn comment(&self, at: usize) -> Result<usize> {
        let body_start = at + 4;
        let body = &self.input.as_bytes()[body_start..];
        let Some(e) = memchr::memmem::find(body, b"-->") else {
            self.check_chars(body_start, self.input.len())?;
            return Err(self.incomplete());
        };
        self.check_chars(body_start, body_start + e)?;
        let text = &body[..e];
        if text.ends_with(b"-") || memchr::memmem::find(text, b"--").is_some() {
            return Err(self.malformed(Syntax::InvalidComment, at));
        }
        Ok(body_start + e + 3)
    }

    /// A CDATA section starting at `at`; returns the offset just past it.
    fn cdata(&self, at: usize) -> Result<usize> {
        let body_start = at + 9;
        let body = &self.input.as_bytes()[body_start..];
        let Some(e) = memchr::memmem::find(body, b"]]>") else {
            self.check_chars(body_start, self.input.len())?;
            return Err(self.incomplete());
        };
        self.check_chars(body_start, body_start + e)?;
        Ok(body_start + e + 3)
    }

    // ---- character data --------------------------------------------------

    /// Reads the end of the element just opened when it is empty
    /// (`<a/>`), the [`Event::End`] that [`Reader::next_event`] would
    /// report next; `false`, with nothing read, for any other element.
    #[inline(always)]
    pub(crate) fn end_of_empty(&mut self) -> bool {
        if self.pending_end.take().is_some() {
            self.close_frame();
            return true;
        }
        false
    }

    /// The content of the element just opened, when it is text only (or
    /// nothing), and its end tag: what [`Reader::next_event`] reports as a
    /// [`Event::Text`] (when there is text) and an [`Event::End`], read
    /// without building the events, for schema code that reads a simple
    /// value. `None` for an empty element (`<a/>`, nothing read), and
    /// when something other than the end tag follows the text (a child
    /// element, a processing instruction, the end of input): then the
    /// text is read but not reported, and the next event is what follows
    /// it.
    ///
    /// # Errors
    /// As [`Reader::next_event`], for the text and the end tag.
    pub fn element_text(&mut self) -> Result<Option<Text<'a>>> {
        if self.pending_end.is_some() || self.phase != Phase::Content {
            return Ok(None);
        }
        let (start, clean) = self.text_span()?;
        let b = self.input.as_bytes();
        if b.get(self.pos) != Some(&b'<') || b.get(self.pos + 1) != Some(&b'/') {
            return Ok(None);
        }
        // As `text_run` makes it, not through it: a call here costs more
        // than these two lines.
        let raw = self.input.get(start..self.pos).unwrap_or("");
        self.close_tag()?;
        Ok(Some(Text::content(raw, start, clean)))
    }

    /// Gathers text, references, CDATA sections and comments into one
    /// [`Event::Text`].
    fn text_run(&mut self) -> Result<Event<'a>> {
        let (start, clean) = self.text_span()?;
        let raw = self.input.get(start..self.pos).unwrap_or("");
        Ok(Event::Text(Text::content(raw, start, clean)))
    }

    /// Reads what [`Reader::text_run`] reports: returns where it starts and
    /// whether it is its own value. Always inlined: most texts are a few
    /// bytes, read in one word.
    #[inline(always)]
    fn text_span(&mut self) -> Result<(usize, bool)> {
        let b = self.input.as_bytes();
        let start = self.pos;
        let mut clean = true;
        let mut i = start;
        loop {
            match b.get(i) {
                None => break,
                Some(b'<') => match b.get(i + 1) {
                    Some(b'!') if b[i..].starts_with(b"<!--") => {
                        i = self.comment(i)?;
                        clean = false;
                    }
                    Some(b'!') if b[i..].starts_with(b"<![CDATA[") => {
                        i = self.cdata(i)?;
                        clean = false;
                    }
                    Some(b'!') => return Err(self.bang_error(i)),
                    // A processing instruction ends the text; the next
                    // event reports it.
                    _ => break,
                },
                Some(_) => {
                    let (end, plain) = self.char_data(i)?;
                    // Two runs of plain text are never adjacent: something
                    // else separates them, and made the value unclean.
                    clean &= plain;
                    i = end;
                }
            }
        }
        self.pos = i;
        Ok((start, clean))
    }

    /// Character data from `start` to the next `<` or the end of input;
    /// returns where it ends and whether it is its own value (no reference,
    /// no CR).
    ///
    /// Errors follow the order a tokenizer finds them in: a character XML
    /// does not allow anywhere in the run, then `]]>`, then the first bad
    /// reference.
    #[inline]
    fn char_data(&self, start: usize) -> Result<(usize, bool)> {
        let b = self.input.as_bytes();
        let i = skip_plain(b, start);
        if b.get(i).is_none_or(|&c| c == b'<') {
            return Ok((i, true));
        }
        self.char_data_slow(i)
    }

    #[inline(never)]
    fn char_data_slow(&self, mut i: usize) -> Result<(usize, bool)> {
        let b = self.input.as_bytes();
        let mut clean = true;
        let mut cdata_end: Option<usize> = None;
        let mut bad_ref: Option<Error> = None;
        while let Some(&c) = b.get(i) {
            match c {
                b'<' => break,
                b'&' => {
                    clean = false;
                    match parse_ref(&b[i..]) {
                        Ref::Char(_, len) => {
                            i += len;
                            continue;
                        }
                        // Cut by the end of input: nothing follows to check.
                        Ref::Truncated => {
                            bad_ref.get_or_insert(self.incomplete());
                            i = b.len();
                            break;
                        }
                        Ref::Invalid => {
                            if bad_ref.is_none() {
                                bad_ref = Some(self.err(ErrorKind::InvalidReference, i));
                            }
                        }
                    }
                }
                b'\r' => clean = false,
                b']' if cdata_end.is_none() && b[i..].starts_with(b"]]>") => cdata_end = Some(i),
                b'\t' | b'\n' => {}
                _ if c < 0x20 || c == 0xEF => {
                    if let Some(found) = find_invalid_char(&b[i..(i + 3).min(b.len())]) {
                        return Err(self.invalid_char(found, i));
                    }
                }
                _ => {}
            }
            i = skip_plain(b, i + 1);
        }
        if let Some(at) = cdata_end {
            return Err(self.malformed(Syntax::CdataEndInText, at));
        }
        match bad_ref {
            Some(e) => Err(e),
            None => Ok((i, clean)),
        }
    }

    // ---- tags ------------------------------------------------------------

    /// A qualified name starting at `start`; a bad name is reported at
    /// `report` (the `<` of a tag, the start of an attribute).
    ///
    /// An empty prefix (`:a`) passes here when `empty_prefix` is set: in
    /// an attribute, the rest of the attribute's syntax is checked first
    /// (as a tokenizer would), and the caller rejects the name after.
    #[inline(always)]
    fn qname(&self, start: usize, report: usize, empty_prefix: bool) -> Result<QSpan> {
        // ASCII names, the common case: name-start byte, name bytes, at
        // most one colon followed by a name-start byte, ended by an ASCII
        // byte that cannot be in a name. Anything else takes the general
        // path below, which also finds the errors.
        let b = self.input.as_bytes();
        if b.get(start).is_some_and(|&c| NAME[usize::from(c)] & NAME_START != 0) {
            let mut i = skip_name_chars(b, start + 1);
            let mut colon = None;
            if b.get(i) == Some(&b':') && b.get(i + 1).is_some_and(|&c| NAME[usize::from(c)] & NAME_START != 0) {
                colon = Some(i);
                i = skip_name_chars(b, i + 2);
            }
            if b.get(i).is_some_and(|&c| c < 0x80 && c != b':') {
                return Ok(QSpan { start, colon, end: i });
            }
        }
        self.qname_general(start, report, empty_prefix)
    }

    #[inline(never)]
    fn qname_general(&self, start: usize, report: usize, empty_prefix: bool) -> Result<QSpan> {
        let b = self.input.as_bytes();
        let mut i = start;
        let mut colon = None;
        let mut two_colons = false;
        loop {
            i = skip_name_chars(b, i);
            let Some(&c) = b.get(i) else {
                return Err(self.cut_name(start, report));
            };
            if c < 0x80 {
                if c == b':' {
                    two_colons |= colon.is_some();
                    colon.get_or_insert(i);
                    i += 1;
                } else {
                    break;
                }
            } else {
                match self.input[i..].chars().next() {
                    Some(ch) if is_name_char(ch) => i += ch.len_utf8(),
                    _ => break,
                }
            }
        }
        let starts_name = |at: usize| -> bool {
            match b.get(at) {
                Some(&c) if c < 0x80 => NAME[usize::from(c)] & NAME_START != 0,
                Some(_) => self.input[at..].chars().next().is_some_and(is_name_start_char),
                None => false,
            }
        };
        let ok = !two_colons
            && match colon {
                Some(col) => {
                    (if col == start { empty_prefix } else { starts_name(start) })
                        && col + 1 < i
                        && starts_name(col + 1)
                }
                None => i > start && starts_name(start),
            };
        if !ok {
            return Err(self.bad_name(report));
        }
        Ok(QSpan { start, colon, end: i })
    }

    /// A name that runs to the end of input: incomplete while it may still
    /// grow into a name.
    #[cold]
    #[inline(never)]
    fn cut_name(&self, start: usize, report: usize) -> Error {
        let first = self.input[start..].chars().next();
        if first.is_none_or(|c| c == ':' || is_name_start_char(c)) {
            self.incomplete()
        } else {
            self.malformed(Syntax::InvalidName, report)
        }
    }

    #[cold]
    #[inline(never)]
    fn bad_name(&self, start: usize) -> Error {
        self.malformed(Syntax::InvalidName, start)
    }

    fn start_tag(&mut self) -> Result<Event<'a>> {
        let tag = self.open_start()?;
        Ok(Event::Start(self.start(&tag)))
    }

    /// Reads the start tag at the current position into a [`Tag`].
    #[inline(always)]
    fn open_start(&mut self) -> Result<Tag> {
        let lt = self.pos;
        let (name, code, binding, empty) = self.open_tag()?;
        let local_start = name.colon.map_or(lt + 1, |c| c + 1);
        Ok(Tag {
            offset: lt as u32,
            local_start: local_start as u32,
            local_len: (name.end - local_start) as u32,
            code,
            binding: binding as u8,
            empty: u8::from(empty),
        })
    }

    /// The [`Start`] event of `tag`, an element still open (its namespace
    /// declarations in scope). For a tag kept past its element's end the
    /// namespace is unspecified (never a panic).
    #[must_use]
    pub fn start(&self, tag: &Tag) -> Start<'a> {
        let (lt, local_start) = (tag.offset as usize, tag.local_start as usize);
        let prefix = if local_start > lt + 1 {
            slice(self.input, lt + 1, local_start - lt - 2)
        } else {
            ""
        };
        Start {
            name: Name {
                ns: self.ns_of(tag.code, usize::from(tag.binding)),
                prefix,
                local: slice(self.input, local_start, tag.local_len as usize),
            },
            offset: lt,
            empty: tag.empty != 0,
        }
    }

    /// The [`Tag`] of the start event `s` of an element still open.
    pub(crate) fn tag(&self, s: &Start<'_>) -> Tag {
        let local_start = s.offset
            + 1
            + if s.name.prefix.is_empty() {
                0
            } else {
                s.name.prefix.len() + 1
            };
        let (code, binding) = self.resolve(s.name.prefix.as_bytes()).unwrap_or((NS_NONE, 0));
        Tag {
            offset: s.offset as u32,
            local_start: local_start as u32,
            local_len: s.name.local.len() as u32,
            code,
            binding: binding as u8,
            empty: u8::from(s.empty),
        }
    }

    /// The local name of `tag`, as bytes (compared, not returned).
    #[inline(always)]
    pub(crate) fn local_bytes(&self, tag: &Tag) -> &'a [u8] {
        let start = tag.local_start as usize;
        self.input
            .as_bytes()
            .get(start..start + tag.local_len as usize)
            .unwrap_or(b"")
    }

    /// What comes next inside an element, for readers of element content
    /// that skip whitespace between elements: a start tag, read into a
    /// [`Tag`] (no [`Event`] built), an end tag, or [`Step::Other`]
    /// (text that is not only whitespace, a comment, the end of input;
    /// also anything outside the root element), with nothing consumed
    /// but the whitespace [`Reader::next_event_after_space`] skips, for
    /// [`Reader::next_event`] to report.
    ///
    /// # Errors
    /// As [`Reader::next_event`], for the tag read.
    pub fn next_step(&mut self) -> Result<Step> {
        if let Some(offset) = self.pending_end.take() {
            self.close_frame();
            return Ok(Step::End(offset as usize));
        }
        if self.phase != Phase::Content {
            return Ok(Step::Other);
        }
        let b = self.input.as_bytes();
        let i = skip_space(b, self.pos);
        match (b.get(i), b.get(i + 1)) {
            (Some(b'<'), Some(b'/')) => {
                self.pos = i;
                self.close_tag()?;
                Ok(Step::End(i))
            }
            (Some(b'<'), Some(&c)) if c != b'!' && c != b'?' => {
                self.pos = i;
                Ok(Step::Start(self.open_start()?))
            }
            _ => Ok(Step::Other),
        }
    }

    /// Reads a start tag: its name and prefix, the namespace code and
    /// binding it resolved to, whether the element is empty.
    #[inline(always)]
    fn open_tag(&mut self) -> Result<(QSpan, NsCode, usize, bool)> {
        let lt = self.pos;
        let name = self.qname(lt + 1, lt, false)?;
        if self.open.len() >= self.limits.max_depth {
            return Err(self.err(
                ErrorKind::LimitExceeded {
                    limit: Limit::Depth,
                    max: self.limits.max_depth,
                },
                lt,
            ));
        }
        let bindings_before = self.bindings.len();
        // Most elements of these schemas have no attributes.
        let (end, empty) = if self.input.as_bytes().get(name.end) == Some(&b'>') {
            self.attrs.truncate(0);
            self.tag_declares = false;
            self.tag_prefixed = false;
            (name.end + 1, false)
        } else {
            self.tag_scope = bindings_before;
            match self.attributes_of(name.end) {
                Ok(tag) => tag,
                Err(e) => return Err(self.drop_tag(bindings_before, e)),
            }
        };
        if self.tag_declares {
            if let Err(e) = self.declare_namespaces() {
                return Err(self.drop_tag(bindings_before, e));
            }
        }
        let prefix: &[u8] = match name.colon {
            Some(c) => self.input.as_bytes().get(lt + 1..c).unwrap_or(b""),
            None => b"",
        };
        if prefix == b"xmlns" {
            let e = self.err(ErrorKind::ReservedNamespace, lt);
            return Err(self.drop_tag(bindings_before, e));
        }
        let Some((code, binding)) = self.resolve(prefix) else {
            let e = self.err(
                ErrorKind::UnboundPrefix {
                    prefix: Span::new(lt + 1, prefix.len()),
                },
                lt,
            );
            return Err(self.drop_tag(bindings_before, e));
        };
        if self.tag_prefixed {
            if let Err(e) = self.resolve_attributes() {
                return Err(self.drop_tag(bindings_before, e));
            }
        }
        self.open.push(Open {
            name: (lt + 1) as u32,
            len: u16::try_from(name.end - lt - 1).unwrap_or(0),
            scope: bindings_before as u8,
        });
        self.pos = end;
        if empty {
            self.pending_end = Some(lt as u32);
        }
        Ok((name, code, binding, empty))
    }

    /// Undoes what a start tag that failed with `e` recorded: what it bound
    /// is not in scope anywhere, and its attributes are not reported. So
    /// reading on after the error (which callers should not) finds the
    /// reader as it was before the tag, not with its bindings twice.
    #[cold]
    #[inline(never)]
    fn drop_tag(&mut self, bindings_before: usize, e: Error) -> Error {
        self.end_scope(bindings_before);
        e
    }

    /// Takes the bindings back to the first `bindings`, and with them the
    /// last start tag's attributes, which may name bindings just dropped.
    #[inline(always)]
    fn end_scope(&mut self, bindings: usize) {
        self.bindings.truncate(bindings);
        self.attrs.truncate(0);
        self.tag_prefixed = false;
    }

    /// Reads the attributes of a start tag whose name ends at `i`; returns
    /// the offset past the tag and whether the element is empty.
    fn attributes_of(&mut self, mut i: usize) -> Result<(usize, bool)> {
        let b = self.input.as_bytes();
        self.attrs.truncate(0);
        self.attr_filter = 0;
        self.tag_declares = false;
        self.tag_prefixed = false;
        loop {
            // The gaps in a tag: one space between two names, or a space
            // ending a line before the next attribute's indentation. Tested
            // here, not in `skip_space`: its other callers (between
            // elements, in end tags) meet other gaps, and there the same
            // tests cost more than they saved.
            let after_space = match b.get(i..).and_then(<[u8]>::first_chunk::<2>) {
                Some(&[b' ', c]) if c > b' ' => i + 1,
                // From the line end, which `skip_space` is known to take.
                Some(&[b' ', b'\n']) => skip_space(b, i + 1),
                _ => skip_space(b, i),
            };
            let spaced = after_space > i;
            i = after_space;
            match b.get(i) {
                None => return Err(self.incomplete()),
                Some(b'>') => return Ok((i + 1, false)),
                Some(b'/') => {
                    return match b.get(i + 1) {
                        Some(b'>') => Ok((i + 2, true)),
                        None => Err(self.incomplete()),
                        Some(_) => Err(self.malformed(Syntax::UnexpectedChar, i + 1)),
                    }
                }
                Some(_) if !spaced => return Err(self.malformed(Syntax::ExpectedSpace, i)),
                Some(_) => {
                    i = match self.plain_attribute(i) {
                        Some(next) => next,
                        None => self.attribute(i)?,
                    }
                }
            }
        }
    }

    /// The attribute at `at` when it is the next one expected
    /// ([`Reader::expect_attributes`]), written `name="` and with a plain
    /// value (as [`Reader::plain_attribute`] takes it): recorded, and the
    /// offset past its closing quote returned. `None`, with nothing
    /// recorded, for anything else: the general paths read it.
    ///
    /// The expected name is a valid unprefixed name that is not a
    /// declaration (checked when the set was built), and `="` right after
    /// it ends it: what [`Reader::plain_attribute`] would find by scanning.
    /// Its filter bit was worked out then too.
    #[inline(always)]
    fn expected_attribute(&mut self, at: usize) -> Option<usize> {
        let (e, rest) = self.expected.split_first()?;
        let b = self.input.as_bytes();
        if !e.starts(b.get(at..)?.first_chunk::<24>()?) {
            return None;
        }
        let value_start = at + e.name_len + 2;
        let value_end = skip_attr_plain(b, value_start);
        if *b.get(value_end)? != b'"' {
            return None;
        }
        let next = self.record_plain_with(RawAttr::read(at, 0, e.name_len, value_start, value_end), e.bit)?;
        self.expected = rest;
        Some(next)
    }

    /// The attribute at `at` when it has the shape nearly all have: an
    /// ASCII name, `="` or `='` right after it, and a value that needs no
    /// check beyond UTF-8 (no reference, `<`, control or U+FFFE/U+FFFF
    /// byte, no quote of the other kind). Records it (a declaration of a
    /// known namespace may be bound instead: [`Reader::bind_known`]) and
    /// returns the offset past its closing quote; `None`, with nothing
    /// recorded or bound, for anything else, the limit reached or a
    /// possible duplicate: [`Reader::attribute`] then reads it again and
    /// decides.
    #[inline(always)]
    fn plain_attribute(&mut self, at: usize) -> Option<usize> {
        let b = self.input.as_bytes();
        if let Some(w) = xmlns_word(b, at) {
            if let Some(next) = self.expected_declaration(at) {
                return Some(next);
            }
            if let Some((prefix_len, end)) = declaration_name(b, at, w) {
                return self.plain_declaration(at, prefix_len, end);
            }
        }
        if let Some(next) = self.expected_attribute(at) {
            return Some(next);
        }
        if NAME[usize::from(*b.get(at)?)] & NAME_START == 0 {
            return None;
        }
        let mut end = skip_name_chars(b, at + 1);
        let mut prefix_len = 0;
        if *b.get(end)? == b':' {
            if NAME[usize::from(*b.get(end + 1)?)] & NAME_START == 0 {
                return None;
            }
            prefix_len = end - at;
            end = skip_name_chars(b, end + 2);
        }
        let name_len = end - at;
        // A declaration `xmlns_word` left (the input ends within eight
        // bytes) is read by the general path.
        if is_declaration(b, at, prefix_len, name_len) {
            return None;
        }
        let quote = match b.get(end..end + 2)? {
            [b'=', q @ (b'"' | b'\'')] => *q,
            _ => return None,
        };
        let value_start = end + 2;
        let value_end = skip_attr_plain(b, value_start);
        if *b.get(value_end)? != quote {
            return None;
        }
        self.record_plain(RawAttr::read(at, prefix_len, name_len, value_start, value_end))
    }

    /// [`Reader::plain_attribute`] for a declaration whose name
    /// ([`declaration_name`]) ends at `end`: a known namespace is bound as
    /// it is read when it can be ([`Reader::bind_known`]), anything else
    /// recorded. The other attributes' path never reaches the known-URI
    /// match, the repeat check or the binding.
    #[inline(always)]
    fn plain_declaration(&mut self, at: usize, prefix_len: usize, end: usize) -> Option<usize> {
        let quote = match self.input.as_bytes().get(end..end + 2)? {
            [b'=', q @ (b'"' | b'\'')] => *q,
            _ => return None,
        };
        let known = if self.plain_known {
            self.known_value(end + 2, quote)
        } else {
            None
        };
        self.declaration_with(at, prefix_len, end, quote, known)
    }

    /// The declaration at `at` when it is the next one expected
    /// ([`Reader::expect_attributes`]), byte for byte up to its closing
    /// quote: what [`Reader::plain_declaration`] does with it, with what
    /// it would work out (the name's end and prefix, the URI's index, the
    /// prefix's bit, that the prefix is not a reserved one) known since
    /// the set was built. `None` for anything else (and then
    /// [`Reader::plain_declaration`] reads it).
    #[inline(always)]
    fn expected_declaration(&mut self, at: usize) -> Option<usize> {
        let (d, rest) = self.expected_declarations.split_first()?;
        let text = d.text.as_bytes();
        if self.input.as_bytes().get(at..at + text.len()) != Some(text) {
            return None;
        }
        let end = at + d.name_len;
        let next = if self.tag_declares
            || self.tag_attributes() >= self.limits.max_attributes
            || self.bindings.len() >= self.limits.max_namespaces
        {
            // Recorded, not bound (see `bind_known`).
            let prefix_len = if d.prefix_len == 0 { 0 } else { 5 };
            self.declaration_with(at, prefix_len, end, b'"', Some((d.known, d.uri_len)))?
        } else {
            // As `declared_prefix` puts it: the name's start for `xmlns`.
            let prefix_start = if d.prefix_len == 0 { at } else { end - d.prefix_len };
            let tag_bound = self.bindings.len() > self.tag_scope;
            if tag_bound && self.bound_lens & d.bit != 0 && self.declared_here(prefix_start, d.prefix_len) {
                return None;
            }
            self.push_binding(
                prefix_start,
                d.prefix_len,
                end + 2,
                d.uri_len,
                NS_KNOWN + d.known as NsCode,
                true,
            );
            self.bound_lens = if tag_bound { self.bound_lens | d.bit } else { d.bit };
            at + text.len()
        };
        self.expected_declarations = rest;
        Some(next)
    }

    /// The rest of [`Reader::plain_declaration`], once the declaration's
    /// name (ending at `end`), quote and known URI (index and length, whose
    /// closing quote was matched) are known.
    #[inline(always)]
    fn declaration_with(
        &mut self,
        at: usize,
        prefix_len: usize,
        end: usize,
        quote: u8,
        known: Option<(usize, usize)>,
    ) -> Option<usize> {
        let b = self.input.as_bytes();
        let value_start = end + 2;
        let name_len = end - at;
        let (prefix_start, plen) = Self::declared_prefix(at, prefix_len, name_len);
        let bit = Self::prefix_bit(b, end, plen);
        let tag_bound = self.bindings.len() > self.tag_scope;
        if tag_bound && self.bound_lens & bit != 0 && self.declared_here(prefix_start, plen) {
            return None;
        }
        let value_end = match known {
            Some((k, len)) => {
                if !self.tag_declares && self.bind_known(prefix_start, plen, value_start, k, len) {
                    // The first binding of the tag starts the set anew.
                    self.bound_lens = if tag_bound { self.bound_lens | bit } else { bit };
                    return Some(value_start + len + 1);
                }
                value_start + len
            }
            None => {
                let e = skip_attr_plain(b, value_start);
                if *b.get(e)? != quote {
                    return None;
                }
                e
            }
        };
        self.record_plain(RawAttr {
            is_decl: true,
            known: known.map_or(0, |(k, _)| k as u8 + 1),
            ..RawAttr::read(at, prefix_len, name_len, value_start, value_end)
        })
    }

    /// Records the plain attribute `a` and returns the offset past its
    /// closing quote; `None` at the limit or for a possible duplicate,
    /// which the general path decides.
    #[inline(always)]
    fn record_plain(&mut self, a: RawAttr) -> Option<usize> {
        let bit = 1u64 << (name_hash(self.input.as_bytes(), a.start as usize, a.name_len as usize) >> 58);
        self.record_plain_with(a, bit)
    }

    /// [`Reader::record_plain`] for a name whose filter bit is `bit`.
    #[inline(always)]
    fn record_plain_with(&mut self, a: RawAttr, bit: u64) -> Option<usize> {
        if self.tag_attributes() >= self.limits.max_attributes || self.attr_filter & bit != 0 {
            return None;
        }
        self.record(a, bit);
        Some((a.value_start + a.value_len) as usize + 1)
    }

    /// One attribute at `at`; returns the offset past its closing quote.
    #[inline(never)]
    fn attribute(&mut self, at: usize) -> Result<usize> {
        let b = self.input.as_bytes();
        let name = self.qname(at, at, true)?;
        // `name="`, with nothing around the `=`, is how attributes are
        // written; anything else takes the general path.
        let (quote, value_start) = match (b.get(name.end), b.get(name.end + 1)) {
            (Some(b'='), Some(&q @ (b'"' | b'\''))) => (q, name.end + 2),
            _ => self.attribute_eq(name.end)?,
        };
        let prefix_len = name.colon.map_or(0, |c| c - at);
        let name_len = name.end - at;
        let is_decl = is_declaration(b, at, prefix_len, name_len);
        // A declaration of a known namespace, the common case: its value
        // is compared whole instead of scanned.
        let known = if is_decl && self.plain_known {
            self.known_value(value_start, quote)
        } else {
            None
        };
        // One pass over the value: its end, whether it is its own value,
        // and the checks a tokenizer makes on the way (characters, `<`).
        // References are judged after the limit and duplicate checks.
        let (value_end, clean, bad_ref) = match known {
            // Matched up to its closing quote, and known URIs are plain.
            Some((_, len)) => (value_start + len, true, None),
            None => self.attribute_value(value_start, quote)?,
        };

        if name.colon == Some(at) {
            return Err(self.bad_name(at));
        }
        if self.tag_attributes() >= self.limits.max_attributes {
            return Err(self.err(
                ErrorKind::LimitExceeded {
                    limit: Limit::Attributes,
                    max: self.limits.max_attributes,
                },
                at,
            ));
        }
        let bit = 1u64 << (name_hash(b, at, name_len) >> 58);
        if (self.attr_filter & bit != 0 && self.seen_attribute(at, name_len))
            || (is_decl && {
                let (start, len) = Self::declared_prefix(at, prefix_len, name_len);
                self.declared_here(start, len)
            })
        {
            return Err(self.duplicate(at, name_len));
        }
        if let Some(r) = bad_ref {
            return Err(self.err(ErrorKind::InvalidReference, r));
        }
        self.record(
            RawAttr {
                is_decl,
                clean,
                known: known.map_or(0, |(k, _)| k as u8 + 1),
                ..RawAttr::read(at, prefix_len, name_len, value_start, value_end)
            },
            bit,
        );
        Ok(value_end + 1)
    }

    /// The ` = "` of an attribute whose name ends at `i`, spaced or cut
    /// short: the quote and where the value starts.
    #[inline(never)]
    fn attribute_eq(&self, i: usize) -> Result<(u8, usize)> {
        let b = self.input.as_bytes();
        let mut i = skip_space(b, i);
        match b.get(i) {
            Some(b'=') => i += 1,
            Some(_) => return Err(self.malformed(Syntax::UnexpectedChar, i)),
            None => return Err(self.incomplete()),
        }
        i = skip_space(b, i);
        match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => Ok((q, i + 1)),
            Some(_) => Err(self.malformed(Syntax::ExpectedQuote, i)),
            None => Err(self.incomplete()),
        }
    }

    /// The rest of an attribute value from `i`: returns where the value
    /// ends (its closing `quote`), whether it is its own value, and the
    /// first bad reference (judged by the caller after the limit and
    /// duplicate checks).
    #[inline(always)]
    fn attribute_value(&self, mut i: usize, quote: u8) -> Result<(usize, bool, Option<usize>)> {
        let b = self.input.as_bytes();
        let mut clean = true;
        let mut bad_ref = None;
        loop {
            i = skip_attr_plain(b, i);
            let Some(&c) = b.get(i) else {
                return Err(self.incomplete());
            };
            match c {
                _ if c == quote => break,
                b'"' | b'\'' => {}
                b'<' => return Err(self.malformed(Syntax::UnexpectedChar, i)),
                b'&' => {
                    clean = false;
                    match parse_ref(&b[i..]) {
                        Ref::Char(_, len) => {
                            i += len;
                            continue;
                        }
                        Ref::Invalid | Ref::Truncated => {
                            bad_ref.get_or_insert(i);
                        }
                    }
                }
                b'\t' | b'\n' | b'\r' => clean = false,
                _ => {
                    if let Some(found) = find_invalid_char(&b[i..(i + 3).min(b.len())]) {
                        return Err(self.invalid_char(found, i));
                    }
                }
            }
            i += 1;
        }
        Ok((i, clean, bad_ref))
    }

    /// Whether the current start tag already has an attribute `qname`.
    #[inline(never)]
    fn seen_attribute(&self, at: usize, len: usize) -> bool {
        let input = self.input;
        let qname = slice(input, at, len);
        self.attrs.as_slice().iter().any(|a| a.qname(input) == qname)
    }

    /// The prefix a declaration named `b[at..at + name_len]` declares
    /// (empty for `xmlns`): its offset and length.
    #[inline(always)]
    fn declared_prefix(at: usize, prefix_len: usize, name_len: usize) -> (usize, usize) {
        if prefix_len == 0 {
            (at, 0)
        } else {
            (at + prefix_len + 1, name_len - prefix_len - 1)
        }
    }

    /// The bit of [`Reader::bound_lens`] for a declared prefix of `len`
    /// bytes whose name ends at `end`: its length and last byte, so that
    /// `xmlns:xsi` and `xmlns:xsd`, declared together on most Exchange
    /// replies, do not share one.
    #[inline(always)]
    fn prefix_bit(b: &[u8], end: usize, len: usize) -> u64 {
        prefix_bit_of(len, b.get(end.wrapping_sub(1)).copied().unwrap_or(0))
    }

    /// Attributes the current tag has so far: recorded, or declarations
    /// bound as they were read. What the attribute limit counts.
    #[inline(always)]
    fn tag_attributes(&self) -> usize {
        self.attrs.len() + (self.bindings.len() - self.tag_scope)
    }

    /// Records the attribute `a` of the current tag (checked, under the
    /// limit), whose name set `bit` of the duplicate filter.
    #[inline(always)]
    fn record(&mut self, a: RawAttr, bit: u64) {
        self.attrs.push(a);
        self.attr_filter |= bit;
        self.tag_declares |= a.is_decl;
        self.tag_prefixed |= a.prefix_len != 0 && !a.is_decl;
    }

    /// Whether the current tag already bound the prefix
    /// `input[start..start + len]` (a repeated declaration).
    fn declared_here(&self, start: usize, len: usize) -> bool {
        let b = self.input.as_bytes();
        let Some(p) = b.get(start..start + len) else {
            return false;
        };
        self.bindings.as_slice()[self.tag_scope..].iter().any(|d| {
            d.prefix_len as usize == len
                && b.get(d.prefix_start as usize..d.prefix_start as usize + len)
                    .is_some_and(|q| swar::same(q, p))
        })
    }

    /// Binds the prefix at `start` (`plen` bytes) to the known namespace
    /// `k` (value at `value_start`, `len` bytes) as the declaration is
    /// read, instead of recording it for [`Reader::declare_namespaces`]:
    /// only while no declaration of the tag is recorded (bindings stay in
    /// document order), and not for the reserved prefixes or at a limit,
    /// whose errors come after the tag's other attributes are read.
    /// `false` when it did not bind.
    #[inline(always)]
    fn bind_known(&mut self, start: usize, plen: usize, value_start: usize, k: usize, len: usize) -> bool {
        // Only a prefix of three or five bytes can be a reserved one: the
        // others skip taking the slice.
        let reserved = (plen == 3 || plen == 5)
            && matches!(
                self.input.as_bytes().get(start..start + plen),
                None | Some(b"xml" | b"xmlns")
            );
        if reserved
            || self.tag_attributes() >= self.limits.max_attributes
            || self.bindings.len() >= self.limits.max_namespaces
        {
            return false;
        }
        self.push_binding(start, plen, value_start, len, NS_KNOWN + k as NsCode, true);
        true
    }

    #[cold]
    #[inline(never)]
    fn duplicate(&self, at: usize, len: usize) -> Error {
        self.err(
            ErrorKind::DuplicateAttribute {
                name: Span::new(at, len),
            },
            at,
        )
    }

    fn declare_namespaces(&mut self) -> Result<()> {
        for i in 0..self.attrs.len() {
            let a = self.attrs.as_slice()[i];
            if !a.is_decl {
                continue;
            }
            let at = a.start as usize;
            let (prefix_start, prefix_len) = Self::declared_prefix(at, a.prefix_len as usize, a.name_len as usize);
            let p = self
                .input
                .as_bytes()
                .get(prefix_start..prefix_start + prefix_len)
                .unwrap_or(b"");
            let (xml_prefix, xmlns_prefix) = (p == b"xml", p == b"xmlns");
            if a.known != 0 {
                // A known namespace is neither the `xml` nor the `xmlns` one.
                if xmlns_prefix || xml_prefix {
                    return Err(self.err(ErrorKind::ReservedNamespace, at));
                }
                self.bind(at, prefix_start, prefix_len, &a, NS_KNOWN + NsCode::from(a.known - 1))?;
                continue;
            }
            let uri = a.value(self.input);
            let is_xml_uri = uri == XML_NS;
            if xmlns_prefix || uri == XMLNS_NS || (is_xml_uri != xml_prefix) {
                return Err(self.err(ErrorKind::ReservedNamespace, at));
            }
            if xml_prefix {
                continue; // Always bound; redeclaring it to its own URI is allowed.
            }
            let ns = if uri.is_empty() {
                if !p.is_empty() {
                    // Namespaces in XML 1.0 cannot undeclare a prefix.
                    return Err(self.err(ErrorKind::ReservedNamespace, at));
                }
                NS_NONE
            } else {
                let known = self.known.iter().position(|k| match uri.as_str() {
                    Some(u) => swar::same(u.as_bytes(), k.as_bytes()),
                    None => uri == *k,
                });
                known.map_or(NS_OTHER, |k| NS_KNOWN + k as NsCode)
            };
            self.bind(at, prefix_start, prefix_len, &a, ns)?;
        }
        Ok(())
    }

    /// Adds the binding that the recorded declaration `a` (at `at`) makes.
    #[inline]
    fn bind(&mut self, at: usize, prefix_start: usize, prefix_len: usize, a: &RawAttr, ns: NsCode) -> Result<()> {
        if self.bindings.len() >= self.limits.max_namespaces {
            return Err(self.err(
                ErrorKind::LimitExceeded {
                    limit: Limit::Namespaces,
                    max: self.limits.max_namespaces,
                },
                at,
            ));
        }
        self.push_binding(
            prefix_start,
            prefix_len,
            a.value_start as usize,
            a.value_len as usize,
            ns,
            a.clean,
        );
        Ok(())
    }

    /// Adds a binding (under the limit, checked by the caller).
    #[inline(always)]
    fn push_binding(
        &mut self,
        prefix_start: usize,
        prefix_len: usize,
        uri_start: usize,
        uri_len: usize,
        ns: NsCode,
        clean: bool,
    ) {
        self.bindings.push(Binding {
            prefix_start: prefix_start as u32,
            prefix_len: prefix_len as u32,
            uri_start: uri_start as u32,
            uri_len: uri_len as u32,
            ns,
            clean,
        });
    }

    /// Which known namespace the attribute value at `start` (quoted with
    /// `quote`) is, compared whole: (index, length). The lengths are tried
    /// first (the closing quote must follow); URIs are long enough (30 to
    /// 60 bytes) that the C library's compare beats a word loop here.
    #[inline]
    fn known_value(&self, start: usize, quote: u8) -> Option<(usize, usize)> {
        let rest = self.input.as_bytes().get(start..)?;
        self.known.iter().enumerate().find_map(|(k, uri)| {
            let len = uri.len();
            (rest.get(len) == Some(&quote) && rest.get(..len).is_some_and(|v| v == uri.as_bytes())).then_some((k, len))
        })
    }

    /// Resolves a prefix to (code, binding index).
    #[inline]
    fn resolve(&self, p: &[u8]) -> Option<(NsCode, usize)> {
        if p == b"xml" {
            return Some((NS_XML, 0));
        }
        let input = self.input.as_bytes();
        let found = self.bindings.as_slice().iter().rposition(|b| {
            b.prefix_len as usize == p.len()
                && input
                    .get(b.prefix_start as usize..b.prefix_start as usize + p.len())
                    .is_some_and(|q| swar::same(q, p))
        });
        match found {
            Some(i) => Some((self.bindings.as_slice()[i].ns, i)),
            None if p.is_empty() => Some((NS_NONE, 0)),
            None => None,
        }
    }

    fn resolve_attributes(&mut self) -> Result<()> {
        for i in 0..self.attrs.len() {
            let a = self.attrs.as_slice()[i];
            if a.is_decl || a.prefix_len == 0 {
                continue;
            }
            let p = a.prefix(self.input);
            let Some((ns, binding)) = self.resolve(p.as_bytes()) else {
                return Err(self.err(
                    ErrorKind::UnboundPrefix {
                        prefix: Span::new(a.start as usize, p.len()),
                    },
                    a.start as usize,
                ));
            };
            let slot = &mut self.attrs.as_mut_slice()[i];
            slot.ns = ns;
            slot.binding = binding as u16;
            // Two prefixes bound to one namespace name the same attribute.
            let local = a.local(self.input);
            let this = self.ns_of(ns, binding);
            for o in &self.attrs.as_slice()[..i] {
                if !o.is_decl
                    && o.prefix_len != 0
                    && o.local(self.input) == local
                    && self.ns_of(o.ns, usize::from(o.binding)) == this
                {
                    return Err(self.duplicate(a.start as usize, a.name_len as usize));
                }
            }
        }
        Ok(())
    }

    fn end_tag(&mut self) -> Result<Event<'a>> {
        let lt = self.pos;
        self.close_tag()?;
        Ok(Event::End(lt))
    }

    /// Reads an end tag and closes its element.
    #[inline(always)]
    fn close_tag(&mut self) -> Result<()> {
        let lt = self.pos;
        let b = self.input.as_bytes();
        // The end tag repeats the open element's name, which was checked
        // when the element started: compare, and expect `>` (or spaces).
        if let Some(top) = self.open.last() {
            let len = usize::from(top.len);
            let open = top.name as usize;
            let at = lt + 2;
            if len > 0 && same_span(b, open, at, len) {
                match b.get(at + len) {
                    Some(b'>') => {
                        self.pos = at + len + 1;
                        self.close_frame();
                        return Ok(());
                    }
                    Some(b' ' | b'\t' | b'\n' | b'\r') => {
                        let i = skip_space(b, at + len);
                        if b.get(i) == Some(&b'>') {
                            self.pos = i + 1;
                            self.close_frame();
                            return Ok(());
                        }
                    }
                    _ => {}
                }
            }
        }
        let name = self.qname(lt + 2, lt, false)?;
        let mut i = name.end;
        i = skip_space(b, i);
        match b.get(i) {
            Some(b'>') => {}
            Some(_) => return Err(self.malformed(Syntax::UnexpectedChar, i)),
            None => return Err(self.incomplete()),
        }
        let Some(top) = self.open.last() else {
            return Err(self.malformed(Syntax::UnexpectedMarkup, lt));
        };
        let found = &b[name.start..name.end];
        let open = top.name as usize;
        let same = b.get(open..open + found.len()) == Some(found)
            && matches!(
                b.get(open + found.len()),
                Some(b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/')
            );
        if !same {
            return Err(self.mismatch(open, name, lt));
        }
        self.pos = i + 1;
        self.close_frame();
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn mismatch(&self, open: usize, found: QSpan, lt: usize) -> Error {
        let b = self.input.as_bytes();
        let end = b[open..]
            .iter()
            .position(|&c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/'))
            .map_or(b.len(), |e| open + e);
        self.err(
            ErrorKind::MismatchedEndTag {
                expected: Span::new(open, end - open),
                found: Span::new(found.start, found.end - found.start),
            },
            lt,
        )
    }

    fn close_frame(&mut self) {
        if let Some(top) = self.open.pop() {
            self.end_scope(usize::from(top.scope));
            if self.open.len() == 0 && !self.fragment {
                self.phase = Phase::Epilog;
            }
        }
    }
}

/// `b[x..x + len] == b[y..y + len]`, for names: eight bytes at a time
/// when there is room, without a library call for short ones.
#[inline]
fn same_span(b: &[u8], x: usize, y: usize, len: usize) -> bool {
    let (Some(p), Some(q)) = (b.get(x..x + len), b.get(y..y + len)) else {
        return false;
    };
    if len <= 8 {
        if let (Some(u), Some(v)) = (swar::word(b, x), swar::word(b, y)) {
            return (u ^ v) & swar::low_bytes(len) == 0;
        }
    } else if len <= 16 {
        // Two words that overlap: the first eight bytes and the last.
        let tail = len - 8;
        if let (Some(u), Some(v), Some(s), Some(t)) = (
            swar::word(b, x),
            swar::word(b, y),
            swar::word(b, x + tail),
            swar::word(b, y + tail),
        ) {
            return u == v && s == t;
        }
    }
    swar::same(p, q)
}

/// A hash of the name `b[start..start + len]` for the attribute filter; its
/// top six bits pick the bit. Mixes the first and the last eight bytes and
/// the length, so that names sharing a start (`xmlns:xsi`, `xmlns:xsd`)
/// differ.
#[inline(always)]
fn name_hash(b: &[u8], start: usize, len: usize) -> u64 {
    let first = name_key(b, start, len);
    let last = if len > 8 {
        swar::word(b, start + len - 8).unwrap_or(0)
    } else {
        0
    };
    hash_words(first, last, len)
}

/// [`Reader::prefix_bit`] of a declared prefix of `len` bytes whose
/// declaration's name ends with `last`. Also run at compile time, for the
/// declarations of [`ExpectedAttributes`].
#[inline(always)]
pub(super) const fn prefix_bit_of(len: usize, last: u8) -> u64 {
    1u64 << (len.wrapping_mul(8).wrapping_add(last as usize) & 63)
}

/// [`name_hash`] of a name of `len` bytes whose first (up to) eight bytes,
/// zero-padded, are `first` and whose last eight, when it has more than
/// eight, are `last` (else 0). Also run at compile time, for the names of
/// [`ExpectedAttributes`].
pub(super) const fn hash_words(first: u64, last: u64, len: usize) -> u64 {
    (first ^ last.rotate_left(32) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The first (up to) eight bytes of `b[start..start + len]`, zero-padded,
/// as one number. Always inlined: once per attribute, the call cost more
/// than the word read it makes.
#[inline(always)]
fn name_key(b: &[u8], start: usize, len: usize) -> u64 {
    let n = len.min(8);
    match swar::word(b, start) {
        Some(w) => w & swar::low_bytes(n),
        None => {
            // Near the end of input: byte by byte.
            let mut k = [0u8; 8];
            for (d, s) in k.iter_mut().zip(b.get(start..start + n).unwrap_or(&[])) {
                *d = *s;
            }
            u64::from_le_bytes(k)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `name="value"` takes a shorter path than `name = "value"`; both
    /// read the same attributes, and the spaced path still finds the
    /// errors at the same offsets.
    #[test]
    fn spaced_and_unspaced_equals_read_alike() {
        static KNOWN: [&str; 0] = [];
        let doc = b"<r a=\"1\" b = '2' c\t=\n\"3\" d='4'/>";
        let mut r = Reader::new(doc, &KNOWN, Limits::default()).expect("reader");
        assert!(matches!(r.next_event(), Ok(Event::Start(_))));
        let want = [("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")];
        assert_eq!(r.attributes().count(), want.len());
        for (a, (name, value)) in r.attributes().zip(want) {
            assert_eq!((a.name.local, a.value.as_str()), (name, Some(value)));
        }
        let kind_at = |doc: &[u8]| {
            let mut r = Reader::new(doc, &KNOWN, Limits::default()).expect("reader");
            let e = r.next_event().expect_err("rejected");
            (*e.kind(), e.offset())
        };
        assert_eq!(kind_at(b"<r a=x/>"), (ErrorKind::Malformed(Syntax::ExpectedQuote), 5));
        assert_eq!(kind_at(b"<r a = x/>"), (ErrorKind::Malformed(Syntax::ExpectedQuote), 7));
        assert_eq!(kind_at(b"<r a x/>"), (ErrorKind::Malformed(Syntax::UnexpectedChar), 5));
        assert_eq!(kind_at(b"<r a="), (ErrorKind::Incomplete, 5));
        assert_eq!(kind_at(b"<r a=\""), (ErrorKind::Incomplete, 6));
    }

    /// The span comparison of end tags agrees with comparing slices, for
    /// every length up to two words and a difference at every position,
    /// near the end of input too.
    #[test]
    fn same_span_agrees_with_slices() {
        let base = b"abcdefghijklmnopqrstu:abcdefghijklmnopqrstu";
        let y = 22;
        for len in 0..=21 {
            for diff in 0..=len {
                let mut b = *base;
                if diff < len {
                    b[y + diff] = b'#';
                }
                for cut in [b.len(), y + len] {
                    let b = &b[..cut];
                    let want = b.get(0..len) == b.get(y..y + len);
                    assert_eq!(same_span(b, 0, y, len), want, "length {len}, difference at {diff}");
                }
            }
        }
    }

    /// An expected name's filter bit, worked out when its set is built, is
    /// the bit the reader's hash of the same name picks, so a name recorded
    /// through the fast path is found again by the duplicate check (and the
    /// other way round); and an expected name matches `name="` only.
    #[test]
    fn expected_names_hash_and_match_as_read() {
        extern crate std;
        use std::{format, string::String};
        let chars = b"aZ_-.09xmlnsVersion";
        let text = |s: &str| {
            let mut t = [b' '; 24];
            for (d, c) in t.iter_mut().zip(s.bytes()) {
                *d = c;
            }
            t
        };
        for len in 1..=ExpectedAttributes::MAX_NAME {
            for shift in 0..chars.len() {
                let name: String = (0..len)
                    .map(|j| match chars[(j * 7 + shift) % chars.len()] {
                        c if j == 0 && !c.is_ascii_alphabetic() => 'n',
                        c => char::from(c),
                    })
                    .collect();
                if name == "xmlns" {
                    continue;
                }
                let set = ExpectedAttributes::new(&[name.as_str()]);
                let e = set.entries()[0];
                let doc = format!("{name}=\"v\"{}", " ".repeat(24));
                assert_eq!(e.bit, 1u64 << (name_hash(doc.as_bytes(), 0, len) >> 58), "{name}");
                assert_eq!(e.name_len, len);
                assert!(e.starts(&text(&doc)), "{name}");
                let short = &name[..len - 1];
                for other in [
                    format!("{name}='v'"),
                    format!("{name} =\"v\""),
                    format!("{name}x=\"v\""),
                    format!("x{name}=\"v\""),
                    format!("{short}=\"v\""),
                ] {
                    assert!(!e.starts(&text(&other)), "{name}: {other}");
                }
            }
        }
    }

    /// Expected attributes change how an attribute is read, never what is
    /// read: with each of the sets below, every document (and every prefix
    /// of it: input cut short) reads to the same events, attributes,
    /// namespaces in scope (in order) and error, kind and offset, as with
    /// none. The documents put expected
    /// names where the fast path must decline: repeated (before and after
    /// an expected one), over the attribute limit, single-quoted, spaced,
    /// with values that need a look, prefixed, and across several tags.
    #[test]
    fn expected_attributes_read_alike() {
        extern crate std;
        use std::{format, string::String, vec::Vec};
        static SETS: [ExpectedAttributes; 7] = [
            ExpectedAttributes::new(&["a", "b", "Version"]),
            // Each declaration twice in a row: a repeat is the next one
            // expected, and only the duplicate check stops it.
            ExpectedAttributes::NONE.with_declarations(
                &crate::namespaces::KNOWN,
                &[
                    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
                    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
                    "xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
                    "xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
                ],
            ),
            ExpectedAttributes::new(&["a", "Version"]).with_declarations(
                &crate::namespaces::KNOWN,
                &[
                    "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"",
                    "xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
                    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
                    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
                    "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"",
                    "xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\"",
                ],
            ),
            crate::messages::ews::REQUEST_ATTRIBUTES,
            crate::messages::ews::RESPONSE_ATTRIBUTES,
            ExpectedAttributes::new(&["Version", "Version", "Id", "a", "a"]),
            ExpectedAttributes::new(&[
                "MajorVersion",
                "MinorVersion",
                "MajorBuildNumber",
                "MinorBuildNumber",
                "Version",
                "ResponseClass",
                "Id",
                "a",
            ]),
        ];
        let docs = [
            include_str!("../../corpus/valid/canonical_disconnect_phone_call_response.xml"),
            include_str!("../../corpus/valid/canonical_get_phone_call_information_response.xml"),
            include_str!("../../corpus/valid/canonical_disconnect_phone_call_request.xml"),
            include_str!("../../corpus/valid/canonical_play_on_phone_request.xml"),
            "<s:r xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/>",
            "<r xmlns:p=\"urn:x\" xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\"/>",
            "<r xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><x xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" a=\"1\" xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/></r>",
            "<r xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\" xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\"/>",
            "<r xmlns:s='http://schemas.xmlsoap.org/soap/envelope/' xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>",
            "<r xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/x\" xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/>",
            "<s:r xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" s:a=\"1\" a=\"2\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:a=\"3\"/>",
            "<r xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:t=\"urn:t\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>",
            "<r xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>",
            "<r xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><x xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\" xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\"/></r>",
            "<r a=\"1\" b=\"2\"/>",
            "<r b=\"2\" a=\"1\" b=\"3\"/>",
            "<r a=\"1\" a=\"2\"/>",
            "<r Version=\"1\" Version=\"2\"/>",
            "<r a='1' b=\"2\" a=\"3\"/>",
            "<r a = \"1\" b=\"2\"/>",
            "<r a=\"1&amp;\" b=\"2&#x9;\" Version=\"&bad;\"/>",
            "<r a=\"x<y\"/>",
            "<r a=\"\t\" b=\"\u{1}\"/>",
            "<r a=\"\u{e9}\" b=\"\u{FFFE}\"/>",
            "<r p:a=\"1\" xmlns:p=\"urn:p\" a=\"2\" p:b=\"3\" b=\"4\"/>",
            "<r xmlns=\"urn:d\" a=\"1\"><c b=\"2\" a=\"3\"/><c a=\"4\" b=\"5\"/></r>",
            "<r a=\"1\" b=\"2\" Version=\"3\" c=\"4\"/>",
            "<r Versions=\"1\" Version=\"2\" Version2=\"3\"/>",
            "<r a=\"1\"b=\"2\"/>",
            "<r a=\"1\" xmlns=\"urn:x\" b=\"2\" xmlns:b=\"urn:y\"/>",
            "<r a=\"1\">\n<x a=\"2\" Id=\"3\"/><y Id=\"4\" a=\"5\"/></r>",
        ];
        let read = |input: &[u8], set: Option<&'static ExpectedAttributes>, limits: Limits| {
            let mut seen = Vec::new();
            let end = (|| -> Result<()> {
                let mut r = Reader::new(input, &crate::namespaces::KNOWN, limits)?;
                if let Some(set) = set {
                    r.expect_attributes(set);
                }
                loop {
                    let e = r.next_event()?;
                    let attributes: Vec<String> = r.attributes().map(|a| format!("{a:?}")).collect();
                    let scope: Vec<String> = r.in_scope().map(|b| format!("{b:?}")).collect();
                    seen.push(format!("{e:?} {attributes:?} {scope:?}"));
                    if matches!(e, Event::Eof) {
                        return Ok(());
                    }
                }
            })();
            (seen, end.map_err(|e| (*e.kind(), e.offset())))
        };
        for doc in docs {
            // The fast path wants 24 bytes from an attribute's start on.
            let doc = format!("{doc}<!-- room after the attributes -->");
            for cut in 0..=doc.len() {
                let input = &doc.as_bytes()[..cut];
                for limits in [
                    Limits::default(),
                    Limits::default().with_max_attributes(3),
                    Limits::default().with_max_namespaces(2),
                ] {
                    let want = read(input, None, limits);
                    for set in &SETS {
                        assert_eq!(read(input, Some(set), limits), want, "{:?}", &doc[..cut.min(80)]);
                    }
                }
            }
        }
    }

    /// The same on generated documents: tags of random attributes and
    /// declarations (those the sets expect, near misses and broken ones),
    /// random gaps, random attribute and namespace limits from 1 up, a
    /// byte order mark now and then, cut anywhere; each read with and
    /// without each set, through `Reader::new` and `Reader::checked`. The
    /// fast paths must fire (counted) and change nothing.
    #[test]
    fn expected_attributes_read_alike_on_generated_documents() {
        extern crate std;
        use std::{format, string::String, vec::Vec};
        static SETS: [ExpectedAttributes; 2] = [
            ExpectedAttributes::new(&["a", "b", "a", "Version", "Id", "abcdefghijklmnopqrstuv", "b", "a"])
                .with_declarations(
                    &crate::namespaces::KNOWN,
                    &[
                        "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"",
                        "xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
                        "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"",
                        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
                        "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
                        "xmlns:xmlx=\"http://www.w3.org/2001/XMLSchema\"",
                    ],
                ),
            ExpectedAttributes::new(&["abcdefghi", "abcdefghijklmnopqrstuv", "a-b.c_d9", "Z"]),
        ];
        let sets = [
            &SETS[0],
            &SETS[1],
            &crate::messages::ews::REQUEST_ATTRIBUTES,
            &crate::messages::ews::RESPONSE_ATTRIBUTES,
        ];
        // The first `GOOD` of each list are well-formed.
        const GOOD: usize = 12;
        let decls = [
            "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"",
            "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"",
            "xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
            "xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\"",
            "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"",
            "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
            "xmlns:h=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
            "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"",
            "xmlns:xmlx=\"http://www.w3.org/2001/XMLSchema\"",
            "xmlns:p=\"urn:p\"",
            "xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'",
            "xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"",
            "xmlns:xml=\"http://www.w3.org/2001/XMLSchema\"",
            "xmlns:xmlns=\"http://www.w3.org/2001/XMLSchema\"",
            "xmlns:p=\"\"",
            "xmlns=\"\"",
            "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/x\"",
            "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope\"",
            "xmlns:s = \"http://schemas.xmlsoap.org/soap/envelope/\"",
            "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/&amp;\"",
            "xmlns",
            "xmlns:1=\"urn:x\"",
        ];
        let attrs = [
            "a=\"1\"",
            "b=\"2\"",
            "Version=\"V2\"",
            "Id=\"AAA=\"",
            "ChangeKey=\"ck\"",
            "MajorVersion=\"15\"",
            "ResponseClass=\"Success\"",
            "abcdefghi=\"9\"",
            "abcdefghijklmnopqrstuv=\"22\"",
            "a-b.c_d9=\"x\"",
            "Z=\"z\"",
            "s:Id=\"1\"",
            "a='1'",
            "a = \"1\"",
            "abcdefghijklmnopqrstuvw=\"23\"",
            "a=\"it's\"",
            "a=\"x&amp;y\"",
            "a=\"&bad;\"",
            "a=\"\t\"",
            "a=\"\r\"",
            "a=\"<\"",
            "a=\"\u{e9}\"",
            "a=\"\u{FFFE}\"",
            "a=\"\u{1}\"",
            "a=\"",
            "a",
            "p:a=\"1\"",
            "Versionx=\"1\"",
            ":a=\"1\"",
            "\u{e9}a=\"1\"",
            "a=\"\"\"",
        ];
        let gaps = [" ", " ", "\n    ", "\t", "  ", "", "\r\n "];
        let elements = ["r", "s:r", "t:x", "m:y", "p:q", "xsi:w", "soap:E", "xml:e"];
        let mut state = 0x1234_5678_9abc_def1u64;
        let mut pick = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut fast = (0, 0);
        let mut read = |input: &[u8], set: Option<&'static ExpectedAttributes>, limits: Limits, checked: bool| {
            let mut seen = Vec::new();
            let end = (|| -> Result<()> {
                let mut r = if checked {
                    Reader::checked(Reader::check_input(input, limits)?, &crate::namespaces::KNOWN, limits)
                } else {
                    Reader::new(input, &crate::namespaces::KNOWN, limits)?
                };
                let (names, declarations) = set.map_or((0, 0), |s| {
                    r.expect_attributes(s);
                    (r.expected.len(), r.expected_declarations.len())
                });
                let end = loop {
                    let e = match r.next_event() {
                        Ok(e) => e,
                        Err(e) => break Err(e),
                    };
                    let attributes: Vec<String> = r.attributes().map(|a| format!("{a:?}")).collect();
                    let scope: Vec<String> = r.in_scope().map(|b| format!("{b:?}")).collect();
                    seen.push(format!(
                        "{e:?} {attributes:?} {scope:?} {}",
                        r.has_qualified_attributes()
                    ));
                    if matches!(e, Event::Eof) {
                        break Ok(());
                    }
                };
                fast.0 += names - r.expected.len();
                fast.1 += declarations - r.expected_declarations.len();
                end
            })();
            (seen, end.map_err(|e| (*e.kind(), e.offset())))
        };
        for _ in 0..3_000 {
            let good = pick(2) == 0;
            let mut doc = String::new();
            if pick(8) == 0 {
                doc.push('\u{FEFF}');
            }
            let mut open = Vec::new();
            for _ in 0..1 + pick(3) {
                let name = elements[pick(elements.len())];
                doc.push('<');
                doc.push_str(name);
                for _ in 0..pick(9) {
                    doc.push_str(gaps[if good { pick(5) } else { pick(gaps.len()) }]);
                    let list = if pick(2) == 0 { &decls[..] } else { &attrs[..] };
                    doc.push_str(list[if good { pick(GOOD) } else { pick(list.len()) }]);
                }
                doc.push('>');
                open.push(name);
            }
            while let Some(name) = open.pop() {
                doc.push_str("</");
                doc.push_str(name);
                doc.push('>');
            }
            doc.push_str("<!-- room after the attributes -->");
            let cut = if pick(4) == 0 { pick(doc.len() + 1) } else { doc.len() };
            let input = &doc.as_bytes()[..cut];
            let caps = [usize::MAX, 1, 2, 3, 5, 8];
            let limits = Limits::default()
                .with_max_attributes(caps[pick(caps.len())])
                .with_max_namespaces(caps[pick(caps.len())]);
            for checked in [false, true] {
                let want = read(input, None, limits, checked);
                for set in sets {
                    assert_eq!(
                        read(input, Some(set), limits, checked),
                        want,
                        "{:?}",
                        String::from_utf8_lossy(input)
                    );
                }
            }
        }
        assert!(fast.0 > 1_000 && fast.1 > 1_000, "the fast paths fired {fast:?} times");
    }

    /// A set of names the fast path cannot take does not build.
    #[test]
    fn expected_names_are_checked_when_built() {
        extern crate std;
        for bad in [
            &[""][..],
            &["a:b"],
            &["xmlns"],
            &["1a"],
            &["a b"],
            &["abcdefghijklmnopqrstuvw"],
        ] {
            assert!(
                std::panic::catch_unwind(|| ExpectedAttributes::new(bad)).is_err(),
                "{bad:?}"
            );
        }
        let too_many = ["a"; ExpectedAttributes::MAX + 1];
        assert!(std::panic::catch_unwind(|| ExpectedAttributes::new(&too_many)).is_err());
        let fine = ["abcdefghijklmnopqrstuv"; ExpectedAttributes::MAX];
        assert_eq!(ExpectedAttributes::new(&fine).entries().len(), ExpectedAttributes::MAX);
        static K: [&str; 2] = ["urn:a", "urn:b"];
        static OTHER: [&str; 2] = ["urn:a", "urn:b"];
        for bad in [
            &["xmlns:p='urn:a'"][..],
            &["xmlns:p=\"urn:c\""],
            &["xmlns:xml=\"urn:a\""],
            &["xmlns:xmlns=\"urn:a\""],
            &["xmlns:1=\"urn:a\""],
            &["xmlns :p=\"urn:a\""],
            &["xmlnsp=\"urn:a\""],
            &["p=\"urn:a\""],
        ] {
            assert!(
                std::panic::catch_unwind(|| ExpectedAttributes::NONE.with_declarations(&K, bad)).is_err(),
                "{bad:?}"
            );
        }
        let set = ExpectedAttributes::NONE.with_declarations(&K, &["xmlns=\"urn:b\"", "xmlns:xmlx=\"urn:a\""]);
        let d = set.declarations(&K);
        assert_eq!(
            d.iter()
                .map(|d| (d.name_len, d.known, d.uri_len, d.prefix_len))
                .collect::<std::vec::Vec<_>>(),
            [(5, 1, 5, 0), (10, 0, 5, 4)]
        );
        // The lengths and bits worked out at compile time are the reader's own.
        let ews = [
            &crate::messages::ews::REQUEST_ATTRIBUTES,
            &crate::messages::ews::RESPONSE_ATTRIBUTES,
        ];
        assert!(ews
            .iter()
            .all(|s| !s.declarations(&crate::namespaces::KNOWN).is_empty()));
        let all = d
            .iter()
            .chain(ews.iter().flat_map(|s| s.declarations(&crate::namespaces::KNOWN)));
        for d in all {
            let b = d.text.as_bytes();
            // The name and prefix as the reader finds them in the text.
            let eq = b.iter().position(|&c| c == b'=').unwrap_or(0);
            let plen = if eq == 5 { 0 } else { eq - 6 };
            assert_eq!((d.name_len, d.prefix_len), (eq, plen), "{}", d.text);
            assert_eq!(d.bit, Reader::prefix_bit(b, eq, plen), "{}", d.text);
        }
        // Another table, even with the same URIs: no declaration is used.
        assert!(set.declarations(&OTHER).is_empty());
    }

    /// The duplicate check compares whole names only when the filter bit
    /// of a new name is taken: every duplicate is still found, and names
    /// that share their first or last eight bytes are told apart.
    #[test]
    fn duplicate_attributes_through_the_filter() {
        extern crate std;
        use std::{format, string::String};
        static KNOWN: [&str; 0] = [];
        let read = |doc: &str| -> Result<usize> {
            let mut r = Reader::new(doc.as_bytes(), &KNOWN, Limits::default())?;
            let Event::Start(_) = r.next_event()? else {
                panic!("no start")
            };
            Ok(r.attributes().count())
        };
        // 31 distinct names, many sharing a long start and end: accepted.
        let mut doc = String::from("<e xmlns:xsi='u' xmlns:xsd='v'");
        for i in 0..29 {
            doc.push_str(&format!(" attribute_{i:02}_same_end='{i}'"));
        }
        assert_eq!(read(&format!("{doc}/>")), Ok(29));
        // With any earlier name repeated as the 32nd (the capacity):
        // rejected at the repeat.
        for i in 0..29 {
            let at = doc.len() + 1;
            let bad = format!("{doc} attribute_{i:02}_same_end='x'/>");
            let e = read(&bad).unwrap_err();
            assert_eq!((e.kind().code(), e.offset()), ("duplicate_attribute", at), "{i}");
        }
        let e = read("<e xmlns:xsd='v' xmlns:xsd='v'/>").unwrap_err();
        assert_eq!((e.kind().code(), e.offset()), ("duplicate_attribute", 17));
    }

    /// `Reader::checked` compares declarations with the crate's known
    /// namespaces whole, without scanning them: that needs URIs with no
    /// byte a value is checked for, none of them the `xml`/`xmlns` one.
    #[test]
    fn known_namespaces_are_plain() {
        assert!(plain_table(&crate::namespaces::KNOWN));
        assert!(!plain_table(&["urn:a", ""]));
        assert!(!plain_table(&["urn:a\"b"]));
        assert!(!plain_table(&[XML_NS]));
        for uri in crate::namespaces::KNOWN {
            assert!(uri.bytes().all(|c| NAME[usize::from(c)] & ATTR_STOP == 0), "{uri}");
            assert!(uri != XML_NS && uri != XMLNS_NS);
            assert!(uri.len() < 255);
        }
    }

    /// The shortcut for plain attributes leaves the tag as the general
    /// path leaves it (the same attributes recorded, the same namespaces
    /// bound once its declarations are processed), and leaves everything
    /// else to it: each case is read by both from the same offset, and the
    /// shortcut must take it (or leave it) as listed.
    #[test]
    fn plain_attributes_read_as_the_general_path_reads_them() {
        static KNOWN: [&str; 2] = ["urn:k", "urn:kk"];
        let cases: [(&str, bool); 27] = [
            ("<r a=\"1\"/>", true),
            ("<r a-b.c_d9='x y'/>", true),
            ("<r p:a=\"\"/>", true),
            ("<r xmlns='urn:k'/>", true),
            ("<r xmlns:p=\"urn:kk\"/>", true),
            ("<r xmlns:p=\"urn:other\"/>", true),
            ("<r xmlns:p='urn:k2'/>", true),
            ("<r xmlns:xml='urn:k'/>", true),
            ("<r xmlns:xmlns='urn:k'/>", true),
            ("<r xmlnsx=\"1\"/>", true),
            ("<r xmlns:xmlnsx=\"1\"/>", true),
            ("<r xmlnsa:b=\"1\"/>", true),
            ("<r xmlns:p:q='urn:k'/>", false),
            ("<r xmlns:1='urn:k'/>", false),
            ("<r xmlns:\u{e9}='urn:k'/>", false),
            ("<r a=\"caf\u{e9} \u{4e2d}\"/>", true),
            ("<r a = \"1\"/>", false),
            ("<r a=\"&amp;\"/>", false),
            ("<r a=\"x\ty\"/>", false),
            ("<r a=\"it's\"/>", false),
            ("<r a=\"<\"/>", false),
            ("<r a=\"\u{FFFF}\"/>", false),
            ("<r \u{e9}=\"1\"/>", false),
            ("<r a\u{e9}=\"1\"/>", false),
            ("<r a:b:c=\"1\"/>", false),
            ("<r :a=\"1\"/>", false),
            ("<r a=\"1", false),
        ];
        let record = |a: &RawAttr| {
            (
                a.start,
                a.prefix_len,
                a.is_decl,
                a.clean,
                a.name_len,
                a.value_start,
                a.value_len,
            )
        };
        let binding = |b: &Binding| (b.prefix_start, b.prefix_len, b.uri_start, b.uri_len, b.ns, b.clean);
        // The tag once its declarations are processed: attributes recorded
        // (declarations aside), bindings, flags.
        let after = |r: &mut Reader<'_>| {
            let declared = if r.tag_declares {
                r.declare_namespaces().map_err(|e| *e.kind())
            } else {
                Ok(())
            };
            let mut records = [None; 2];
            for (slot, a) in records.iter_mut().zip(r.attrs.as_slice().iter().filter(|a| !a.is_decl)) {
                *slot = Some(record(a));
            }
            let mut bound = [None; 2];
            for (slot, b) in bound.iter_mut().zip(r.bindings.as_slice()) {
                *slot = Some(binding(b));
            }
            (declared, records, bound, r.attr_filter, r.tag_prefixed)
        };
        for (doc, plain) in cases {
            let mut fast = Reader::checked(doc, &KNOWN, Limits::default());
            let mut general = Reader::checked(doc, &KNOWN, Limits::default());
            let taken = fast.plain_attribute(3);
            assert_eq!(taken.is_some(), plain, "{doc}");
            let Some(next) = taken else {
                assert_eq!(
                    (fast.attrs.len(), fast.bindings.len()),
                    (0, 0),
                    "{doc}: nothing recorded or bound"
                );
                continue;
            };
            assert_eq!(general.attribute(3).ok(), Some(next), "{doc}");
            let fast_filter = fast.attr_filter;
            let (f, g) = (after(&mut fast), after(&mut general));
            // A declaration bound as it is read leaves no mark in the
            // duplicate filter (repeated declarations are found among the
            // tag's bindings instead).
            let filter_differs = fast.bindings.len() > 0 && fast.attrs.len() == 0 && fast_filter == 0;
            assert_eq!((f.0, f.1, f.2, f.4), (g.0, g.1, g.2, g.4), "{doc}");
            assert!(f.3 == g.3 || filter_differs, "{doc}");
        }
    }

    /// Declarations of known namespaces are bound as they are read; a
    /// repeated one is still a repeated attribute, and the limits still
    /// count them, with the errors where a reader that records every
    /// attribute first puts them.
    #[test]
    fn declarations_bound_as_read_keep_the_rules() {
        static KNOWN: [&str; 2] = ["urn:k", "urn:kk"];
        let kind_at = |doc: &[u8], limits: Limits| {
            let mut r = Reader::new(doc, &KNOWN, limits).expect("reader");
            loop {
                match r.next_event() {
                    Ok(Event::Eof) => return None,
                    Ok(_) => {}
                    Err(e) => return Some((*e.kind(), e.offset())),
                }
            }
        };
        let dup = |at: usize, len: usize| {
            Some((
                ErrorKind::DuplicateAttribute {
                    name: Span::new(at, len),
                },
                at,
            ))
        };
        let d = Limits::default();
        assert_eq!(kind_at(b"<r xmlns:p='urn:k' xmlns:p='urn:k'/>", d), dup(19, 7));
        assert_eq!(kind_at(b"<r xmlns='urn:k' xmlns='urn:kk'/>", d), dup(17, 5));
        assert_eq!(kind_at(b"<r xmlns:p='urn:k' a='1' xmlns:p='urn:x'/>", d), dup(25, 7));
        assert_eq!(
            kind_at(b"<r xmlns:p='urn:x' xmlns:q='urn:k' xmlns:q='urn:kk'/>", d),
            dup(35, 7)
        );
        assert_eq!(kind_at(b"<r xmlns:p='urn:k' xmlns:p='a&amp;'/>", d), dup(19, 7));
        // Prefixes of other lengths bound in between (the repeat check
        // looks among the lengths bound so far).
        assert_eq!(
            kind_at(
                b"<r xmlns:p='urn:k' xmlns:qq='urn:k' xmlns='urn:k' xmlns:p='urn:kk'/>",
                d
            ),
            dup(50, 7)
        );
        assert_eq!(
            kind_at(
                b"<r xmlns='urn:k' xmlns:p='urn:k'><a xmlns:p='urn:k' xmlns:q='urn:k' xmlns:p='urn:k'/></r>",
                d
            ),
            dup(68, 7)
        );
        assert_eq!(kind_at(b"<r xmlns:p='urn:k' xmlns:q='urn:k'><p:a/><q:a/></r>", d), None);
        let over = |limit: Limit, max: usize, at: usize| Some((ErrorKind::LimitExceeded { limit, max }, at));
        let one_ns = Limits::default().with_max_namespaces(1);
        assert_eq!(
            kind_at(b"<r xmlns:a='urn:k' xmlns:b='urn:k'/>", one_ns),
            over(Limit::Namespaces, 1, 19)
        );
        // A later syntax error comes first, as the limit is judged once the
        // tag's attributes are read.
        assert_eq!(
            kind_at(b"<r xmlns:a='urn:k' xmlns:b='urn:k' c='<'/>", one_ns),
            Some((ErrorKind::Malformed(Syntax::UnexpectedChar), 38))
        );
        let two_attrs = Limits::default().with_max_attributes(2);
        assert_eq!(
            kind_at(b"<r xmlns:a='urn:k' xmlns:b='urn:k' c='1'/>", two_attrs),
            over(Limit::Attributes, 2, 35)
        );
        // Bindings stay in document order: once one declaration of a tag is
        // recorded, the later ones are recorded too.
        let mut r = Reader::new(b"<r xmlns:p='urn:x' xmlns:q='urn:k' xmlns:s='urn:kk'/>", &KNOWN, d).expect("reader");
        assert!(matches!(r.next_event(), Ok(Event::Start(_))));
        let mut prefixes = [""; 3];
        for (slot, (p, _)) in prefixes.iter_mut().zip(r.in_scope()) {
            *slot = p;
        }
        assert_eq!(prefixes, ["p", "q", "s"]);
        // What a tag that failed bound is not in scope after it.
        let mut r = Reader::new(b"<r><x xmlns:p='urn:k' a='<'/></r>", &KNOWN, d).expect("reader");
        assert!(matches!(r.next_event(), Ok(Event::Start(_))));
        assert!(r.next_event().is_err());
        assert_eq!(r.in_scope().count(), 0);
    }

    /// A start event read by `next_event` and the [`Tag`] made of it
    /// give back the same event, for each way a name resolves.
    #[test]
    fn tags_of_start_events_give_them_back() {
        static KNOWN: [&str; 1] = ["urn:k"];
        let doc = "<r xmlns='urn:k' xmlns:o='urn:o'><o:a/><b xmlns=''><xml:c/><d/></b><o:e xmlns:o='urn:p'/></r>";
        let mut r = Reader::checked(doc, &KNOWN, Limits::default());
        let mut starts = 0;
        loop {
            match r.next_event() {
                Ok(Event::Start(s)) => {
                    let t = r.tag(&s);
                    let again = r.start(&t);
                    assert_eq!(t.offset(), s.offset);
                    assert_eq!((again.offset, again.empty), (s.offset, s.empty));
                    assert_eq!((again.name.prefix, again.name.local), (s.name.prefix, s.name.local));
                    assert_eq!(again.name.ns, s.name.ns, "at {}", s.offset);
                    starts += 1;
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{e:?}"),
            }
        }
        assert_eq!(starts, 6);
    }

    /// `element_text` reports what `next_event` does for a text-only
    /// element (its text, if any, and where its end tag is), errors
    /// included with their offsets, and leaves the reader where
    /// `next_event` would after the end tag; it declines anything else.
    #[test]
    fn element_text_reads_as_events_do() {
        static K: [&str; 0] = [];
        for (doc, simple) in [
            ("<r><a>x</a></r>", true),
            ("<r><a></a></r>", true),
            ("<r><a>a&amp;b<!--c--><![CDATA[<d>]]>e\r\nf</a ></r>", true),
            ("<r><a><!-->x--></a></r>", true),
            ("<r><a>x</b></r>", true),
            ("<r><a>x&bad;</a></r>", true),
            ("<r><a>x\u{1}</a></r>", true),
            ("<r><a>x]]></a></r>", true),
            ("<r><a>x<!DOCTYPE a></a></r>", true),
            ("<r><a>x</a", true),
            ("<r><a/></r>", false),
            ("<r><a>x<b/></a></r>", false),
            ("<r><a><b/>x</a></r>", false),
            ("<r><a>x<?p?></a></r>", false),
            ("<r><a>x", false),
        ] {
            // Read up to `<a ...>`, once per way.
            let open = |r: &mut Reader<'_>| {
                for _ in 0..2 {
                    assert!(matches!(r.next_event(), Ok(Event::Start(_))), "{doc}");
                }
            };
            let mut events = Reader::checked(doc, &K, Limits::default());
            open(&mut events);
            let mut text = None;
            let expected = loop {
                match events.next_event() {
                    Ok(Event::Text(t)) if text.is_none() => text = Some(t),
                    Ok(Event::End(at)) => break Ok((text, at)),
                    Ok(_) => break Err(None),
                    Err(e) => break Err(Some(e)),
                }
            };
            let mut fast = Reader::checked(doc, &K, Limits::default());
            open(&mut fast);
            match fast.element_text() {
                Ok(Some(t)) => {
                    assert!(simple, "{doc}");
                    let (text, at) = expected.unwrap_or_else(|e| panic!("{doc}: {e:?}"));
                    match text {
                        Some(e) => {
                            assert_eq!((t.raw(), t.offset()), (e.raw(), e.offset()), "{doc}");
                            assert!(t.chars().eq(e.chars()), "{doc}");
                        }
                        None => assert!(t.raw().is_empty(), "{doc}"),
                    }
                    assert_eq!(t.offset() + t.raw().len(), at, "{doc}");
                    assert_eq!(fast.position(), events.position(), "{doc}");
                    let next = |r: &mut Reader<'_>| match r.next_event() {
                        Ok(Event::Start(s)) => (0, s.offset),
                        Ok(Event::End(at)) => (1, at),
                        Ok(Event::Text(t)) => (2, t.offset()),
                        Ok(Event::Eof) => (3, 0),
                        Err(e) => (4, e.offset()),
                    };
                    assert_eq!(next(&mut fast), next(&mut events), "{doc}");
                }
                Ok(None) => assert!(!simple, "{doc}"),
                Err(e) => assert_eq!(Err(Some(e)), expected, "{doc}"),
            }
        }
    }

    /// An element's attributes may name bindings that end with it: after
    /// its end (an empty element's too) there are none to report, not
    /// stale ones, and asking never panics. Their bindings' slots are
    /// reused by the next declarations.
    #[test]
    fn attributes_end_with_their_element() {
        extern crate std;
        use std::{string::String, vec::Vec};
        let doc = b"<r xmlns:p='urn:p'><e xmlns:q='urn:q' q:a='1' p:b='2'/><f xmlns:q='urn:z' q:c='3'>t</f></r>";
        let mut r = Reader::new(doc, &[], Limits::default()).unwrap();
        let mut seen: Vec<(String, Vec<(String, String)>)> = Vec::new();
        loop {
            let e = r.next_event().unwrap();
            let attrs = r
                .attributes()
                .map(|a| (std::format!("{:?}", a.name.ns), a.name.local.into()))
                .collect();
            let kind = match e {
                Event::Start(s) => std::format!("start {}", s.name.local),
                Event::End(_) => "end".into(),
                Event::Text(_) => "text".into(),
                Event::Eof => break,
            };
            seen.push((kind, attrs));
        }
        let other = |uri: &str| std::format!("{:?}", Ns::Other(Text::new(uri)));
        let want: Vec<(String, Vec<(String, String)>)> = std::vec![
            ("start r".into(), std::vec![]),
            (
                "start e".into(),
                std::vec![(other("urn:q"), "a".into()), (other("urn:p"), "b".into())]
            ),
            ("end".into(), std::vec![]),
            ("start f".into(), std::vec![(other("urn:z"), "c".into())]),
            ("text".into(), std::vec![(other("urn:z"), "c".into())]),
            ("end".into(), std::vec![]),
            ("end".into(), std::vec![]),
        ];
        assert_eq!(seen, want);
    }

    /// A start tag that fails leaves nothing of itself behind: reading on
    /// (which the decoders never do) meets the same error each time, where
    /// the tag's bindings used to pile up until the namespace limit
    /// changed the error. And a `Tag` kept past its element's end gives a
    /// `Start` without a panic.
    #[test]
    fn a_failed_start_tag_leaves_nothing_behind() {
        for doc in [
            &b"<r><e xmlns:p='urn:p' q:a='1'/></r>"[..],
            b"<r><q:e xmlns:p='urn:p'/></r>",
            b"<r><xmlns:e xmlns:p='urn:p'/></r>",
            b"<r><e xmlns:p='urn:p' xmlns:q='urn:p' p:a='1' q:a='2'/></r>",
            b"<r><e xmlns:p='urn:p' p:a='1' a='1' a='2'/></r>",
        ] {
            let mut r = Reader::new(doc, &[], Limits::default()).unwrap();
            assert!(matches!(r.next_event(), Ok(Event::Start(_))));
            let first = r.next_event().unwrap_err();
            for _ in 0..Limits::NAMESPACES_CAPACITY + 2 {
                let again = r.next_event().unwrap_err();
                assert_eq!((again.kind(), again.offset()), (first.kind(), first.offset()));
                assert_eq!(r.in_scope().count(), 0, "{doc:?}");
                assert_eq!(r.attributes().count(), 0, "{doc:?}");
                assert!(!r.has_qualified_attributes());
            }
        }
        let mut r = Reader::new(b"<r><p:e xmlns:p='urn:p'/><f/></r>", &[], Limits::default()).unwrap();
        assert!(matches!(r.next_event(), Ok(Event::Start(_))));
        let Ok(Step::Start(e)) = r.next_step() else { panic!() };
        assert_eq!(r.start(&e).name.ns, Ns::Other(Text::new("urn:p")));
        assert!(matches!(r.next_step(), Ok(Step::End(_))));
        assert_eq!(r.start(&e).name.local, "e");
    }

    #[test]
    fn end_tags_compare_with_the_open_name() {
        static K: [&str; 0] = [];
        for (doc, ok) in [
            ("<a></a>", true),
            ("<a></a >", true),
            ("<ab></a>", false),
            ("<a></ab>", false),
            ("<p:abcdefghij xmlns:p='u'></p:abcdefghij\n>", true),
            ("<p:abcdefghij xmlns:p='u'></p:abcdefghiX>", false),
        ] {
            let mut r = Reader::new(doc.as_bytes(), &K, Limits::default()).unwrap();
            let mut result = Ok(());
            loop {
                match r.next_event() {
                    Ok(Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            }
            assert_eq!(result.is_ok(), ok, "{doc}: {result:?}");
        }
    }
}
