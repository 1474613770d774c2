//! The namespace-aware, validating pull reader over `xmlparser`.
//!
//! `xmlparser` splits the input into tokens; everything a tokenizer leaves to
//! its caller is checked here: end tags match, one root, no DTD, no
//! processing instruction, references, duplicate attributes (also after
//! namespace resolution), namespace scopes, and the resource limits. Names
//! come out already resolved to a [`Ns`]: URIs are classified once, when
//! declared, against a table of known namespaces supplied by the caller, so
//! later checks compare small integers instead of strings.

use xmlparser::{ElementEnd, StrSpan, Token, Tokenizer};

use super::chars::{parse_ref, Ref};
use super::declaration::DeclMatch;
use super::event::{Attribute, Event, Limits, Name, Ns, Start, XMLNS_NS, XML_NS};
use super::text::Text;
use crate::error::{Error, ErrorKind, Limit, Result, Span as ErrorSpan, Syntax};

#[derive(Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn of(s: &StrSpan<'_>) -> Span {
        // Offsets fit: the input length is capped at u32::MAX.
        Span {
            start: s.start() as u32,
            len: s.as_str().len() as u32,
        }
    }

    fn start(self) -> usize {
        self.start as usize
    }

    fn get(self, input: &str) -> &str {
        let s = self.start as usize;
        input.get(s..s + self.len as usize).unwrap_or("")
    }
}

/// Namespace reference kept in the fixed stacks: `NS_NONE`, `NS_XML`,
/// `NS_OTHER` (URI in the binding), or `NS_KNOWN + i`.
type NsCode = u16;
const NS_NONE: NsCode = 0;
const NS_XML: NsCode = 1;
const NS_OTHER: NsCode = 2;
const NS_KNOWN: NsCode = 3;

#[derive(Clone, Copy, Default)]
struct Binding {
    /// Empty for the default namespace.
    prefix: Span,
    uri: Span,
    ns: NsCode,
    /// As [`RawAttr::clean`] for the URI.
    clean: bool,
}

#[derive(Clone, Copy, Default)]
struct Frame {
    /// The whole `prefix:local` name as written (what the end tag repeats).
    qname: Span,
    /// Bindings in scope before this element's declarations.
    bindings: u16,
}

#[derive(Clone, Copy, Default)]
struct RawAttr {
    prefix: Span,
    local: Span,
    value: Span,
    /// Offset of the name.
    start: u32,
    is_decl: bool,
    /// The value is its own text: no reference, no literal TAB, LF or CR.
    clean: bool,
    ns: NsCode,
    /// For `NS_OTHER`: the binding that holds the URI.
    binding: u16,
}

/// The namespace-aware, validating pull reader: `xmlparser` tokens plus
/// everything a tokenizer leaves to its caller (matching end tags, one
/// root, no DTD or processing instruction, references, duplicate
/// attributes, namespace scopes on fixed stacks, [`Limits`]).
///
/// ```
/// use umcodec::xml::{oracle::Reader, Event, Limits, Ns};
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
    tokens: Tokenizer<'a>,
    known: &'static [&'static str],
    limits: Limits,
    pending: Option<Token<'a>>,
    /// The end of an empty element is still to be reported, at this offset.
    pending_end: Option<usize>,
    root_seen: bool,
    depth: usize,
    frames: [Frame; Limits::DEPTH_CAPACITY],
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
        Ok(Self::from_str_unchecked_len(text, known, limits))
    }

    /// Reads `text` as element content (a fragment: any number of
    /// elements and text, no root required), with nothing in scope but the
    /// `xml` prefix.
    #[allow(dead_code)] // Kept beside the scanner's, for a fragment oracle.
    pub(crate) fn fragment(text: &'a str, known: &'static [&'static str]) -> Self {
        let mut r = Self::from_str_unchecked_len(text, known, Limits::capacity());
        r.tokens = Tokenizer::from_fragment(text, 0..text.len());
        r.root_seen = true;
        r
    }

    /// Reads `text` with every limit at its capacity (for re-reading input
    /// that was already validated under some configured limits).
    #[allow(dead_code)]
    pub(crate) fn unlimited(text: &'a str, known: &'static [&'static str]) -> Self {
        Self::from_str_unchecked_len(text, known, Limits::capacity())
    }

    fn from_str_unchecked_len(text: &'a str, known: &'static [&'static str], limits: Limits) -> Self {
        Reader {
            input: text,
            tokens: Tokenizer::from(text),
            known,
            limits,
            pending: None,
            pending_end: None,
            root_seen: false,
            depth: 0,
            frames: [Frame::default(); Limits::DEPTH_CAPACITY],
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

    /// Byte offset just past the last token read (after a [`Event::Start`]:
    /// just past its `>`).
    #[must_use]
    pub fn position(&self) -> usize {
        self.tokens.stream().pos()
    }

    /// Reads the next event.
    ///
    /// # Errors
    /// Any well-formedness or namespace violation, a limit, or
    /// [`ErrorKind::Incomplete`] when the input ends early.
    pub fn next_event(&mut self) -> Result<Event<'a>> {
        if let Some(offset) = self.pending_end.take() {
            self.close_frame();
            return Ok(Event::End(offset));
        }
        loop {
            let Some(token) = self.next_token()? else {
                return self.finish();
            };
            match token {
                Token::Declaration { version, encoding, .. } => {
                    if version.as_str() != "1.0" {
                        return Err(self.err(ErrorKind::UnsupportedVersion, version.start()));
                    }
                    if let Some(enc) = encoding {
                        if !enc.as_str().eq_ignore_ascii_case("utf-8") {
                            return Err(self.err(ErrorKind::UnsupportedEncoding, enc.start()));
                        }
                    }
                }
                Token::ProcessingInstruction { target, span, .. } => {
                    let bom = if self.input.starts_with('\u{FEFF}') { 3 } else { 0 };
                    if target.as_str() != "xml" || span.start() != bom {
                        return Err(self.err(ErrorKind::ProcessingInstruction, span.start()));
                    }
                    // `<?xml` followed by TAB, CR or LF: a declaration the
                    // tokenizer does not recognise as one.
                    self.check_declaration(span)?;
                }
                Token::DtdStart { span, .. }
                | Token::EmptyDtd { span, .. }
                | Token::EntityDeclaration { span, .. }
                | Token::DtdEnd { span } => {
                    return Err(self.err(ErrorKind::Doctype, span.start()));
                }
                Token::Comment { span, .. } => {
                    if self.depth > 0 {
                        return self.text_run(span, false);
                    }
                }
                Token::ElementStart { prefix, local, span } => return self.open_element(prefix, local, span),
                Token::ElementEnd {
                    end: ElementEnd::Close(prefix, local),
                    span,
                } => return self.close_element(prefix, local, span),
                Token::ElementEnd { span, .. } | Token::Attribute { span, .. } => {
                    // The tokenizer yields these only right after a start tag,
                    // which `open_element` consumes.
                    return Err(self.err(ErrorKind::Malformed(Syntax::UnexpectedMarkup), span.start()));
                }
                Token::Text { text } => {
                    let clean = self.check_text(text)?;
                    return self.text_run(text, clean);
                }
                Token::Cdata { span, .. } => return self.text_run(span, false),
            }
        }
    }

    fn check_declaration(&self, span: StrSpan<'a>) -> Result<()> {
        let text = span.as_str().as_bytes();
        let mut m = DeclMatch::new(text);
        if m.run().is_err() || m.i != text.len() {
            return Err(self.err(ErrorKind::Malformed(Syntax::InvalidDeclaration), span.start() + m.i));
        }
        if &text[m.version.0..m.version.1] != b"1.0" {
            return Err(self.err(ErrorKind::UnsupportedVersion, span.start() + m.version.0));
        }
        if let Some((a, b)) = m.encoding {
            if !text[a..b].eq_ignore_ascii_case(b"utf-8") {
                return Err(self.err(ErrorKind::UnsupportedEncoding, span.start() + a));
            }
        }
        Ok(())
    }

    /// The attributes of the element of the last [`Event::Start`]
    /// (namespace declarations excluded).
    pub fn attributes(&self) -> impl Iterator<Item = Attribute<'a>> + '_ {
        self.attrs[..self.nattrs]
            .iter()
            .filter(|a| !a.is_decl)
            .map(move |a| Attribute {
                name: Name {
                    ns: self.ns_of(a.ns, usize::from(a.binding)),
                    prefix: a.prefix.get(self.input),
                    local: a.local.get(self.input),
                },
                value: Text::attribute_known(a.value.get(self.input), a.value.start(), a.clean),
                offset: a.start as usize,
            })
    }

    /// Resolves `prefix` (empty for the default namespace) in the current
    /// scope, as for a QName in element content; `None` when unbound.
    #[must_use]
    pub fn resolve_prefix(&self, prefix: &str) -> Option<Ns<'a>> {
        if prefix == "xml" {
            return Some(Ns::Xml);
        }
        match self.lookup(prefix) {
            Some(i) => Some(self.ns_of(self.bindings[i].ns, i)),
            None if prefix.is_empty() => Some(Ns::None),
            None => None,
        }
    }

    /// The namespace declarations in scope, outermost first, one per
    /// prefix (the default namespace has the empty prefix; an undeclared
    /// default is reported with an empty URI).
    pub fn in_scope(&self) -> impl Iterator<Item = (&'a str, Text<'a>)> + '_ {
        let input = self.input;
        let bound = &self.bindings[..self.nbind];
        bound.iter().enumerate().filter_map(move |(i, b)| {
            let prefix = b.prefix.get(input);
            let shadowed = bound[i + 1..].iter().any(|o| o.prefix.get(input) == prefix);
            (!shadowed).then(|| (prefix, Text::attribute_known(b.uri.get(input), b.uri.start(), b.clean)))
        })
    }

    /// Skips the rest of the current element (its content is still fully
    /// checked) and returns the offset of its end tag.
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

    fn ns_of(&self, code: NsCode, binding: usize) -> Ns<'a> {
        match code {
            NS_NONE => Ns::None,
            NS_XML => Ns::Xml,
            NS_OTHER => {
                let b = self.bindings[binding];
                Ns::Other(Text::attribute_known(b.uri.get(self.input), b.uri.start(), b.clean))
            }
            k => Ns::Known(usize::from(k - NS_KNOWN)),
        }
    }

    fn lookup(&self, prefix: &str) -> Option<usize> {
        self.bindings[..self.nbind]
            .iter()
            .rposition(|b| b.prefix.get(self.input) == prefix)
    }

    #[cold]
    #[inline(never)]
    fn err(&self, kind: ErrorKind, offset: usize) -> Error {
        Error::new(kind, offset)
    }

    #[cold]
    #[inline(never)]
    fn incomplete(&self) -> Error {
        Error::new(ErrorKind::Incomplete, self.input.len())
    }

    fn finish(&mut self) -> Result<Event<'a>> {
        if self.depth > 0 || !self.root_seen {
            return Err(self.incomplete());
        }
        Ok(Event::Eof)
    }

    fn next_token(&mut self) -> Result<Option<Token<'a>>> {
        if let Some(t) = self.pending.take() {
            return Ok(Some(t));
        }
        match self.tokens.next() {
            None => Ok(None),
            Some(Ok(t)) => Ok(Some(t)),
            Some(Err(e)) => Err(super::tokenizer_error::convert(self.input, e)),
        }
    }

    /// Validates the references of a text token; `true` when the token is
    /// its own value (no reference, no CR).
    fn check_text(&self, text: StrSpan<'a>) -> Result<bool> {
        let s = text.as_str().as_bytes();
        let mut clean = true;
        let mut i = 0;
        while let Some(j) = memchr::memchr2(b'&', b'\r', &s[i..]) {
            let at = i + j;
            clean = false;
            if s[at] == b'\r' {
                i = at + 1;
                continue;
            }
            i = at + self.check_ref(&s[at..], text.start() + at, text.end())?;
        }
        Ok(clean)
    }

    /// Checks the reference at the start of `s` (ending where the token
    /// ends, at `token_end`); returns its length.
    fn check_ref(&self, s: &[u8], offset: usize, token_end: usize) -> Result<usize> {
        match parse_ref(s) {
            Ref::Char(_, len) => Ok(len),
            Ref::Truncated if token_end == self.input.len() => Err(self.incomplete()),
            Ref::Truncated | Ref::Invalid => Err(self.err(ErrorKind::InvalidReference, offset)),
        }
    }

    /// Gathers the text, CDATA sections and comments that follow `first`
    /// into one [`Event::Text`].
    fn text_run(&mut self, first: StrSpan<'a>, mut clean: bool) -> Result<Event<'a>> {
        let start = first.start();
        let mut end = first.end();
        loop {
            match self.next_token()? {
                Some(Token::Text { text }) => {
                    self.check_text(text)?;
                    clean = false;
                    end = text.end();
                }
                Some(Token::Cdata { span, .. } | Token::Comment { span, .. }) => {
                    clean = false;
                    end = span.end();
                }
                other => {
                    self.pending = other;
                    break;
                }
            }
        }
        let raw = self.input.get(start..end).unwrap_or("");
        Ok(Event::Text(Text::content(raw, start, clean)))
    }

    fn open_element(&mut self, prefix: StrSpan<'a>, local: StrSpan<'a>, span: StrSpan<'a>) -> Result<Event<'a>> {
        let lt = span.start();
        if span.end() == self.input.len() {
            // The name itself may still be growing.
            return Err(self.incomplete());
        }
        if prefix.is_empty() && local.start() != lt + 1 {
            // `<:a>`: the tokenizer accepts an empty prefix.
            return Err(self.err(ErrorKind::Malformed(Syntax::InvalidName), lt));
        }
        if self.depth >= self.limits.max_depth {
            return Err(self.err(
                ErrorKind::LimitExceeded {
                    limit: Limit::Depth,
                    max: self.limits.max_depth,
                },
                lt,
            ));
        }
        let empty = self.read_attributes()?;
        let bindings_before = self.nbind;
        self.declare_namespaces()?;

        let ns = match prefix.as_str() {
            "xmlns" => return Err(self.err(ErrorKind::ReservedNamespace, lt)),
            p => match self.resolve_code(p) {
                Some(code) => code,
                None => {
                    return Err(self.err(
                        ErrorKind::UnboundPrefix {
                            prefix: ErrorSpan::new(prefix.start(), p.len()),
                        },
                        lt,
                    ))
                }
            },
        };
        self.resolve_attributes()?;

        let qstart = if prefix.is_empty() {
            local.start()
        } else {
            prefix.start()
        };
        self.frames[self.depth] = Frame {
            qname: Span {
                start: qstart as u32,
                len: (local.end() - qstart) as u32,
            },
            bindings: bindings_before as u16,
        };
        self.depth += 1;
        self.root_seen = true;
        if empty {
            self.pending_end = Some(lt);
        }
        Ok(Event::Start(Start {
            name: Name {
                ns: self.ns_of(ns.0, ns.1),
                prefix: prefix.as_str(),
                local: local.as_str(),
            },
            offset: lt,
            empty,
        }))
    }

    /// Collects the attributes of a start tag; `true` for an empty element.
    fn read_attributes(&mut self) -> Result<bool> {
        self.nattrs = 0;
        loop {
            match self.next_token()? {
                None => return Err(self.incomplete()),
                Some(Token::ElementEnd {
                    end: ElementEnd::Open, ..
                }) => return Ok(false),
                Some(Token::ElementEnd {
                    end: ElementEnd::Empty, ..
                }) => return Ok(true),
                Some(Token::Attribute {
                    prefix,
                    local,
                    value,
                    span,
                }) => self.add_attribute(prefix, local, value, span)?,
                Some(other) => {
                    let at = token_start(&other);
                    return Err(self.err(ErrorKind::Malformed(Syntax::UnexpectedMarkup), at));
                }
            }
        }
    }

    fn add_attribute(
        &mut self,
        prefix: StrSpan<'a>,
        local: StrSpan<'a>,
        value: StrSpan<'a>,
        span: StrSpan<'a>,
    ) -> Result<()> {
        let at = span.start();
        if prefix.is_empty() && local.start() != at {
            return Err(self.err(ErrorKind::Malformed(Syntax::InvalidName), at));
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
        let (p, l) = (prefix.as_str(), local.as_str());
        let input = self.input;
        if self.attrs[..self.nattrs]
            .iter()
            .any(|a| a.local.get(input) == l && a.prefix.get(input) == p)
        {
            return Err(self.duplicate(at));
        }
        // References are validated here; the value is complete (quoted).
        let v = value.as_str().as_bytes();
        let mut clean = memchr::memchr3(b'\t', b'\n', b'\r', v).is_none();
        let mut i = 0;
        while let Some(j) = memchr::memchr(b'&', &v[i..]) {
            clean = false;
            i += j;
            i += self.check_ref(&v[i..], value.start() + i, value.end())?;
        }
        self.attrs[self.nattrs] = RawAttr {
            prefix: Span::of(&prefix),
            local: Span::of(&local),
            value: Span::of(&value),
            start: at as u32,
            is_decl: p == "xmlns" || (p.is_empty() && l == "xmlns"),
            clean,
            ns: NS_NONE,
            binding: 0,
        };
        self.nattrs += 1;
        Ok(())
    }

    fn duplicate(&self, at: usize) -> Error {
        let end = self.input[at..]
            .find(|c: char| c == '=' || c.is_ascii_whitespace())
            .map_or(self.input.len(), |e| at + e);
        self.err(
            ErrorKind::DuplicateAttribute {
                name: ErrorSpan::new(at, end - at),
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
            let prefix = if a.prefix.len == 0 {
                Span { start: a.start, len: 0 }
            } else {
                a.local
            };
            let p = prefix.get(self.input);
            let uri = Text::attribute_known(a.value.get(self.input), a.value.start(), a.clean);
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
                prefix,
                uri: a.value,
                ns,
                clean: a.clean,
            };
            self.nbind += 1;
        }
        Ok(())
    }

    /// Resolves an element prefix to (code, binding index).
    fn resolve_code(&self, prefix: &str) -> Option<(NsCode, usize)> {
        if prefix == "xml" {
            return Some((NS_XML, 0));
        }
        match self.lookup(prefix) {
            Some(i) => Some((self.bindings[i].ns, i)),
            None if prefix.is_empty() => Some((NS_NONE, 0)),
            None => None,
        }
    }

    fn resolve_attributes(&mut self) -> Result<()> {
        for i in 0..self.nattrs {
            let a = self.attrs[i];
            if a.is_decl || a.prefix.len == 0 {
                continue;
            }
            let p = a.prefix.get(self.input);
            let Some((ns, binding)) = self.resolve_code(p) else {
                return Err(self.err(
                    ErrorKind::UnboundPrefix {
                        prefix: ErrorSpan::new(a.prefix.start(), p.len()),
                    },
                    a.start as usize,
                ));
            };
            self.attrs[i].ns = ns;
            self.attrs[i].binding = binding as u16;
            // Two prefixes bound to one namespace name the same attribute.
            let local = a.local.get(self.input);
            let this = self.ns_of(ns, binding);
            for b in &self.attrs[..i] {
                if !b.is_decl
                    && b.prefix.len != 0
                    && b.local.get(self.input) == local
                    && self.ns_of(b.ns, usize::from(b.binding)) == this
                {
                    return Err(self.duplicate(a.start as usize));
                }
            }
        }
        Ok(())
    }

    fn close_element(&mut self, prefix: StrSpan<'a>, local: StrSpan<'a>, span: StrSpan<'a>) -> Result<Event<'a>> {
        let lt = span.start();
        let Some(top) = self.depth.checked_sub(1).map(|d| self.frames[d]) else {
            return Err(self.err(ErrorKind::Malformed(Syntax::UnexpectedMarkup), lt));
        };
        let found_start = if prefix.is_empty() {
            local.start()
        } else {
            prefix.start()
        };
        let found = self.input.get(found_start..local.end()).unwrap_or("");
        let expected = top.qname.get(self.input);
        if expected != found {
            return Err(self.err(
                ErrorKind::MismatchedEndTag {
                    expected: ErrorSpan::new(top.qname.start(), expected.len()),
                    found: ErrorSpan::new(found_start, found.len()),
                },
                lt,
            ));
        }
        self.close_frame();
        Ok(Event::End(lt))
    }

    fn close_frame(&mut self) {
        if let Some(d) = self.depth.checked_sub(1) {
            self.nbind = usize::from(self.frames[d].bindings);
            self.depth = d;
        }
    }
}

fn token_start(t: &Token<'_>) -> usize {
    match t {
        Token::Declaration { span, .. }
        | Token::ProcessingInstruction { span, .. }
        | Token::Comment { span, .. }
        | Token::DtdStart { span, .. }
        | Token::EmptyDtd { span, .. }
        | Token::EntityDeclaration { span, .. }
        | Token::DtdEnd { span }
        | Token::ElementStart { span, .. }
        | Token::Attribute { span, .. }
        | Token::ElementEnd { span, .. }
        | Token::Cdata { span, .. } => span.start(),
        Token::Text { text } => text.start(),
    }
}
