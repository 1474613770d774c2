//! The namespace-aware, validating pull reader: one pass over the bytes, no
//! tokenizer underneath.
//!
//! Each event is scanned straight from the input: `memchr`/`memmem` find
//! the delimiters of comments, CDATA sections and attribute values,
//! character data is skipped sixteen bytes at a time while nothing in it
//! needs a closer look, and names are matched against a byte-class table.
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
use super::chars::{ATTR_STOP, NAME, NAME_CHAR, NAME_START, TEXT_STOP};
use super::declaration::{Decl, DeclMatch};
use super::event::{Attribute, Event, Limits, Name, Ns, Start, XMLNS_NS, XML_NS};
use super::text::Text;
use crate::error::{Error, ErrorKind, Limit, Result, ShortStr, Syntax};

/// Namespace reference kept in the fixed stacks: `NS_NONE`, `NS_XML`,
/// `NS_OTHER` (URI in the binding), or `NS_KNOWN + i`.
type NsCode = u16;
const NS_NONE: NsCode = 0;
const NS_XML: NsCode = 1;
const NS_OTHER: NsCode = 2;
const NS_KNOWN: NsCode = 3;

#[derive(Clone, Copy, Default)]
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

#[derive(Clone, Copy, Default)]
struct RawAttr {
    /// Offset of the name.
    start: u32,
    /// Length of the prefix; 0 when unprefixed.
    prefix_len: u32,
    is_decl: bool,
    /// As [`Binding::clean`], for the value.
    clean: bool,
    /// Length of the whole `prefix:local` name.
    name_len: u32,
    value_start: u32,
    value_len: u32,
    ns: NsCode,
    /// For `NS_OTHER`: the binding that holds the URI.
    binding: u16,
}

impl RawAttr {
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
    depth: usize,
    /// Offset of the name of each open element (after its `<`).
    open_name: [u32; Limits::DEPTH_CAPACITY],
    /// Length of that name, as written.
    open_len: [u32; Limits::DEPTH_CAPACITY],
    /// Bindings in scope before each open element's declarations.
    open_scope: [u8; Limits::DEPTH_CAPACITY],
    nbind: usize,
    bindings: [Binding; Limits::NAMESPACES_CAPACITY],
    nattrs: usize,
    attrs: [RawAttr; Limits::ATTRIBUTES_CAPACITY],
}

impl<'a> Reader<'a> {
    /// Starts reading `input`. `known` lists the namespace URIs the caller
    /// wants reported as [`Ns::Known`] (by index).
    ///
    /// # Errors
    /// The input is longer than `limits.max_input_len`, or is not UTF-8.
    pub fn new(input: &'a [u8], known: &'static [&'static str], limits: Limits) -> Result<Self> {
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
        let text = match core::str::from_utf8(input) {
            Ok(t) => t,
            Err(e) if e.error_len().is_none() => return Err(Error::new(ErrorKind::Incomplete, input.len())),
            Err(e) => return Err(Error::new(ErrorKind::InvalidUtf8, e.valid_up_to())),
        };
        Ok(Self::with(text, known, limits))
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
            depth: 0,
            open_name: [0; Limits::DEPTH_CAPACITY],
            open_len: [0; Limits::DEPTH_CAPACITY],
            open_scope: [0; Limits::DEPTH_CAPACITY],
            nbind: 0,
            bindings: [Binding::default(); Limits::NAMESPACES_CAPACITY],
            nattrs: 0,
            attrs: [RawAttr::default(); Limits::ATTRIBUTES_CAPACITY],
        }
    }

    /// The whole input, as text.
    #[must_use]
    pub fn input(&self) -> &'a str {
        self.input
    }

    /// Current element depth (1 inside the root element).
    #[must_use]
    pub fn depth(&self) -> usize {
        self.depth
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
            None if self.fragment && self.depth == 0 => Ok(Event::Eof),
            None => Err(self.incomplete()),
        }
    }

    /// Skips the rest of the current element (its content is still fully
    /// checked) and returns the offset of its end tag. With no element open
    /// it reads to the end of the document and returns the input length.
    ///
    /// # Errors
    /// As [`Reader::next_event`].
    pub fn skip_element(&mut self) -> Result<usize> {
        let target = self.depth;
        loop {
            match self.next_event()? {
                Event::End(offset) if self.depth < target => return Ok(offset),
                Event::Eof => return Ok(self.input.len()),
                _ => {}
            }
        }
    }

    /// The attributes of the element just started (namespace declarations
    /// excluded), in document order.
    pub fn attributes(&self) -> impl Iterator<Item = Attribute<'a>> + '_ {
        self.attrs[..self.nattrs]
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

    /// Resolves `prefix` (empty for the default namespace) in the current
    /// scope, as for a QName in element content; `None` when unbound.
    #[must_use]
    pub fn resolve_prefix(&self, prefix: &str) -> Option<Ns<'a>> {
        self.resolve(prefix).map(|(code, i)| self.ns_of(code, i))
    }

    /// The namespace declarations in scope, outermost first, one per
    /// prefix (the default namespace has the empty prefix; an undeclared
    /// default is reported with an empty URI).
    pub fn in_scope(&self) -> impl Iterator<Item = (&'a str, Text<'a>)> + '_ {
        let input = self.input;
        let bound = &self.bindings[..self.nbind];
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
            NS_OTHER => Ns::Other(Self::uri_of(self.input, &self.bindings[binding])),
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
                    Ok(Event::Eof)
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
                    return self.start_tag();
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

    /// Gathers text, references, CDATA sections and comments into one
    /// [`Event::Text`].
    fn text_run(&mut self) -> Result<Event<'a>> {
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
        let raw = self.input.get(start..i).unwrap_or("");
        Ok(Event::Text(Text::content(raw, start, clean)))
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
    #[inline]
    fn qname(&self, start: usize, report: usize, empty_prefix: bool) -> Result<QSpan> {
        let b = self.input.as_bytes();
        let mut i = start;
        let mut colon = None;
        let mut two_colons = false;
        loop {
            while i < b.len() && NAME[usize::from(b[i])] & NAME_CHAR != 0 {
                i += 1;
            }
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
        let lt = self.pos;
        let name = self.qname(lt + 1, lt, false)?;
        if self.depth >= self.limits.max_depth {
            return Err(self.err(
                ErrorKind::LimitExceeded {
                    limit: Limit::Depth,
                    max: self.limits.max_depth,
                },
                lt,
            ));
        }
        let (end, empty) = self.attributes_of(name.end)?;
        let bindings_before = self.nbind;
        if self.nattrs > 0 {
            self.declare_namespaces()?;
        }
        let prefix = match name.colon {
            Some(c) => &self.input[lt + 1..c],
            None => "",
        };
        let local = &self.input[name.colon.map_or(lt + 1, |c| c + 1)..name.end];
        if prefix == "xmlns" {
            return Err(self.err(ErrorKind::ReservedNamespace, lt));
        }
        let Some((code, binding)) = self.resolve(prefix) else {
            return Err(self.err(
                ErrorKind::UnboundPrefix {
                    prefix: ShortStr::new(prefix),
                },
                lt,
            ));
        };
        if self.nattrs > 0 {
            self.resolve_attributes()?;
        }
        let d = self.depth;
        self.open_name[d] = (lt + 1) as u32;
        self.open_len[d] = (name.end - lt - 1) as u32;
        self.open_scope[d] = bindings_before as u8;
        self.depth = d + 1;
        self.pos = end;
        if empty {
            self.pending_end = Some(lt as u32);
        }
        Ok(Event::Start(Start {
            name: Name {
                ns: self.ns_of(code, binding),
                prefix,
                local,
            },
            offset: lt,
            empty,
        }))
    }

    /// Reads the attributes of a start tag whose name ends at `i`; returns
    /// the offset past the tag and whether the element is empty.
    fn attributes_of(&mut self, mut i: usize) -> Result<(usize, bool)> {
        let b = self.input.as_bytes();
        self.nattrs = 0;
        loop {
            let spaced = i < b.len() && is_xml_space(b[i]);
            while i < b.len() && is_xml_space(b[i]) {
                i += 1;
            }
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
                Some(_) => i = self.attribute(i)?,
            }
        }
    }

    /// One attribute at `at`; returns the offset past its closing quote.
    fn attribute(&mut self, at: usize) -> Result<usize> {
        let b = self.input.as_bytes();
        let name = self.qname(at, at, true)?;
        let mut i = name.end;
        while i < b.len() && is_xml_space(b[i]) {
            i += 1;
        }
        match b.get(i) {
            Some(b'=') => i += 1,
            Some(_) => return Err(self.malformed(Syntax::UnexpectedChar, i)),
            None => return Err(self.incomplete()),
        }
        while i < b.len() && is_xml_space(b[i]) {
            i += 1;
        }
        let quote = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => q,
            Some(_) => return Err(self.malformed(Syntax::ExpectedQuote, i)),
            None => return Err(self.incomplete()),
        };
        let value_start = i + 1;
        // One pass over the value: its end, whether it is its own value,
        // and the checks a tokenizer makes on the way (characters, `<`).
        // References are judged after the limit and duplicate checks.
        let mut i = value_start;
        let mut clean = true;
        let mut bad_ref = None;
        loop {
            while i < b.len() && NAME[usize::from(b[i])] & ATTR_STOP == 0 {
                i += 1;
            }
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
        let value_end = i;

        if name.colon == Some(at) {
            return Err(self.bad_name(at));
        }
        if self.nattrs >= self.limits.max_attributes {
            return Err(self.err(
                ErrorKind::LimitExceeded {
                    limit: Limit::Attributes,
                    max: self.limits.max_attributes,
                },
                at,
            ));
        }
        let qname = &self.input[at..name.end];
        let input = self.input;
        if self.attrs[..self.nattrs].iter().any(|a| a.qname(input) == qname) {
            return Err(self.duplicate(at, qname));
        }
        if let Some(r) = bad_ref {
            return Err(self.err(ErrorKind::InvalidReference, r));
        }
        let prefix_len = name.colon.map_or(0, |c| c - at);
        let is_decl = if prefix_len == 0 {
            qname == "xmlns"
        } else {
            &qname[..prefix_len] == "xmlns"
        };
        self.attrs[self.nattrs] = RawAttr {
            start: at as u32,
            prefix_len: prefix_len as u32,
            is_decl,
            clean,
            name_len: qname.len() as u32,
            value_start: value_start as u32,
            value_len: (value_end - value_start) as u32,
            ns: NS_NONE,
            binding: 0,
        };
        self.nattrs += 1;
        Ok(value_end + 1)
    }

    #[cold]
    #[inline(never)]
    fn duplicate(&self, at: usize, qname: &str) -> Error {
        self.err(
            ErrorKind::DuplicateAttribute {
                name: ShortStr::new(qname),
            },
            at,
        )
    }

    fn declare_namespaces(&mut self) -> Result<()> {
        for i in 0..self.nattrs {
            let a = self.attrs[i];
            if !a.is_decl {
                continue;
            }
            let at = a.start as usize;
            let (prefix_start, prefix_len) = if a.prefix_len == 0 {
                (a.start, 0)
            } else {
                (a.start + a.prefix_len + 1, a.name_len - a.prefix_len - 1)
            };
            let p = slice(self.input, prefix_start as usize, prefix_len as usize);
            let uri = a.value(self.input);
            let is_xml_uri = uri == XML_NS;
            if p == "xmlns" || uri == XMLNS_NS || (is_xml_uri != (p == "xml")) {
                return Err(self.err(ErrorKind::ReservedNamespace, at));
            }
            if p == "xml" {
                continue; // Always bound; redeclaring it to its own URI is allowed.
            }
            let ns = if uri.is_empty() {
                if !p.is_empty() {
                    // Namespaces in XML 1.0 cannot undeclare a prefix.
                    return Err(self.err(ErrorKind::ReservedNamespace, at));
                }
                NS_NONE
            } else {
                self.known
                    .iter()
                    .position(|k| uri == *k)
                    .map_or(NS_OTHER, |k| NS_KNOWN + k as NsCode)
            };
            if self.nbind >= self.limits.max_namespaces {
                return Err(self.err(
                    ErrorKind::LimitExceeded {
                        limit: Limit::Namespaces,
                        max: self.limits.max_namespaces,
                    },
                    at,
                ));
            }
            self.bindings[self.nbind] = Binding {
                prefix_start,
                prefix_len,
                uri_start: a.value_start,
                uri_len: a.value_len,
                ns,
                clean: a.clean,
            };
            self.nbind += 1;
        }
        Ok(())
    }

    /// Resolves a prefix to (code, binding index).
    #[inline]
    fn resolve(&self, prefix: &str) -> Option<(NsCode, usize)> {
        if prefix == "xml" {
            return Some((NS_XML, 0));
        }
        let input = self.input;
        let found = self.bindings[..self.nbind]
            .iter()
            .rposition(|b| slice(input, b.prefix_start as usize, b.prefix_len as usize) == prefix);
        match found {
            Some(i) => Some((self.bindings[i].ns, i)),
            None if prefix.is_empty() => Some((NS_NONE, 0)),
            None => None,
        }
    }

    fn resolve_attributes(&mut self) -> Result<()> {
        for i in 0..self.nattrs {
            let a = self.attrs[i];
            if a.is_decl || a.prefix_len == 0 {
                continue;
            }
            let p = a.prefix(self.input);
            let Some((ns, binding)) = self.resolve(p) else {
                return Err(self.err(
                    ErrorKind::UnboundPrefix {
                        prefix: ShortStr::new(p),
                    },
                    a.start as usize,
                ));
            };
            self.attrs[i].ns = ns;
            self.attrs[i].binding = binding as u16;
            // Two prefixes bound to one namespace name the same attribute.
            let local = a.local(self.input);
            let this = self.ns_of(ns, binding);
            for o in &self.attrs[..i] {
                if !o.is_decl
                    && o.prefix_len != 0
                    && o.local(self.input) == local
                    && self.ns_of(o.ns, usize::from(o.binding)) == this
                {
                    return Err(self.duplicate(a.start as usize, a.qname(self.input)));
                }
            }
        }
        Ok(())
    }

    fn end_tag(&mut self) -> Result<Event<'a>> {
        let lt = self.pos;
        let b = self.input.as_bytes();
        let name = self.qname(lt + 2, lt, false)?;
        let mut i = name.end;
        while i < b.len() && is_xml_space(b[i]) {
            i += 1;
        }
        match b.get(i) {
            Some(b'>') => {}
            Some(_) => return Err(self.malformed(Syntax::UnexpectedChar, i)),
            None => return Err(self.incomplete()),
        }
        let Some(d) = self.depth.checked_sub(1) else {
            return Err(self.malformed(Syntax::UnexpectedMarkup, lt));
        };
        let found = &b[name.start..name.end];
        let open = self.open_name[d] as usize;
        let expected = &b[open..open + self.open_len[d] as usize];
        if expected != found {
            return Err(self.mismatch(d, name, lt));
        }
        self.pos = i + 1;
        self.close_frame();
        Ok(Event::End(lt))
    }

    #[cold]
    #[inline(never)]
    fn mismatch(&self, d: usize, found: QSpan, lt: usize) -> Error {
        let open = self.open_name[d] as usize;
        self.err(
            ErrorKind::MismatchedEndTag {
                expected: ShortStr::new(slice(self.input, open, self.open_len[d] as usize)),
                found: ShortStr::new(&self.input[found.start..found.end]),
            },
            lt,
        )
    }

    fn close_frame(&mut self) {
        if let Some(d) = self.depth.checked_sub(1) {
            self.nbind = usize::from(self.open_scope[d]);
            self.depth = d;
            if d == 0 && !self.fragment {
                self.phase = Phase::Epilog;
            }
        }
    }
}

/// Skips bytes of character data that need no check beyond UTF-8: stops
/// at a byte of class [`TEXT_STOP`].
#[inline]
fn skip_plain(b: &[u8], mut i: usize) -> usize {
    // Short runs (indentation, most values) byte by byte; long ones sixteen
    // bytes at a time with a branch-free test that compiles to vector
    // compares.
    let short_end = (i + 16).min(b.len());
    while i < short_end {
        if NAME[usize::from(b[i])] & TEXT_STOP != 0 {
            return i;
        }
        i += 1;
    }
    const fn stop(c: u8) -> bool {
        (c < 0x20) & (c != b'\t') & (c != b'\n') | (c == b'<') | (c == b'&') | (c == b']') | (c == 0xEF)
    }
    while let Some(chunk) = b.get(i..i + 16) {
        if chunk.iter().fold(false, |m, &c| m | stop(c)) {
            break;
        }
        i += 16;
    }
    while i < b.len() && NAME[usize::from(b[i])] & TEXT_STOP == 0 {
        i += 1;
    }
    i
}
