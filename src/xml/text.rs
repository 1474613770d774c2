//! [`Text`]: character data borrowed from the input, still in its escaped
//! form, read without allocating.

use core::fmt;

use super::chars::{is_xml_space, parse_ref, Ref};

/// How the raw slice of a [`Text`] maps to its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// The slice is the value (built by a caller, or input that needed no
    /// rewriting).
    Literal,
    /// Element content as it appears in a document: may hold references,
    /// CDATA sections, comments and CR line ends.
    Content,
    /// An attribute value as it appears in a document: may hold references
    /// and literal TAB/CR/LF, which normalise to spaces.
    Attribute,
}

/// Character data borrowed from the input.
///
/// A value the reader decoded keeps the bytes exactly as they appear in the
/// document; what an XML processor reports (references expanded, CDATA
/// unwrapped, comments dropped, line ends normalised) is computed on demand
/// without allocating:
///
/// - [`Text::as_str`] gives the value as one `&str` when nothing needs
///   rewriting (the common case; found with one `memchr` scan at decode);
/// - [`Text::chars`] iterates the value;
/// - [`Text::unescape_into`] writes it into a caller buffer;
/// - `==` compares it with a `&str` or another `Text` by value;
/// - `Display` prints the value, unescaped (`Debug` shows it as
///   `Text("…")`).
///
/// ```
/// use umcodec::Text;
///
/// let t = Text::new("plain");
/// assert_eq!(t.as_str(), Some("plain"));
/// assert_eq!(t, "plain");
/// ```
#[derive(Clone, Copy)]
pub struct Text<'a> {
    raw: &'a str,
    offset: usize,
    form: Form,
}

impl<'a> Text<'a> {
    /// A text whose value is `s` itself (what an encoder takes).
    #[must_use]
    pub const fn new(s: &'a str) -> Self {
        Text {
            raw: s,
            offset: 0,
            form: Form::Literal,
        }
    }

    /// Element content that the reader validated; `clean` means it holds
    /// no reference, CDATA, comment or CR, so the raw slice is the value.
    pub(crate) fn content(raw: &'a str, offset: usize, clean: bool) -> Self {
        Text {
            raw,
            offset,
            form: if clean { Form::Literal } else { Form::Content },
        }
    }

    /// An attribute value that the reader validated.
    #[cfg(test)]
    pub(crate) fn attribute(raw: &'a str, offset: usize) -> Self {
        let clean = !raw.bytes().any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'));
        Self::attribute_known(raw, offset, clean)
    }

    /// An attribute value whose cleanliness (no reference, no literal TAB,
    /// LF or CR) the reader already established while checking it.
    pub(crate) fn attribute_known(raw: &'a str, offset: usize, clean: bool) -> Self {
        Text {
            raw,
            offset,
            form: if clean { Form::Literal } else { Form::Attribute },
        }
    }

    /// The value as one slice, when it needs no rewriting.
    #[must_use]
    pub fn as_str(&self) -> Option<&'a str> {
        match self.form {
            Form::Literal => Some(self.raw),
            _ => None,
        }
    }

    /// The value without leading and trailing XML whitespace, as a slice
    /// of this one (offset kept), when the value is one slice.
    pub(crate) fn trimmed_literal(&self) -> Option<(&'a str, Text<'a>)> {
        let s = self.as_str()?;
        let t = super::trim_xml_space(s);
        let at = self.offset + (t.as_ptr() as usize - s.as_ptr() as usize);
        Some((t, Text::content(t, at, true)))
    }

    /// The bytes as they appear in the input (escaped form).
    #[must_use]
    pub const fn raw(&self) -> &'a str {
        self.raw
    }

    /// Byte offset of the raw text in the input it was decoded from (0 for
    /// texts built with [`Text::new`]).
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Iterates the characters of the value.
    #[must_use]
    pub fn chars(&self) -> Chars<'a> {
        Chars {
            chunks: self.chunks(),
            cur: "".chars(),
        }
    }

    /// Iterates the value as pieces: runs borrowed from the input and
    /// single characters produced by references and normalisation.
    #[doc(hidden)]
    #[must_use]
    pub fn chunks(&self) -> Chunks<'a> {
        Chunks {
            rest: self.raw,
            form: self.form,
            in_cdata: false,
        }
    }

    /// Writes the value into `buf` and returns the part written.
    ///
    /// # Errors
    /// `Err(needed)` with the value's length in bytes when `buf` is too
    /// small.
    ///
    /// ```
    /// # use umcodec::Text;
    /// let mut buf = [0u8; 16];
    /// assert_eq!(Text::new("a&b").unescape_into(&mut buf), Ok("a&b"));
    /// assert_eq!(Text::new("a&b").unescape_into(&mut buf[..2]), Err(3));
    /// ```
    pub fn unescape_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, usize> {
        let len = self.len();
        if len > buf.len() {
            return Err(len);
        }
        let mut pos = 0;
        for chunk in self.chunks() {
            let mut tmp = [0u8; 4];
            let s = match chunk {
                Chunk::Str(s) => s,
                Chunk::Char(c) => c.encode_utf8(&mut tmp),
            };
            buf[pos..pos + s.len()].copy_from_slice(s.as_bytes());
            pos += s.len();
        }
        // Only whole UTF-8 sequences were copied, so this cannot fail.
        core::str::from_utf8(&buf[..pos]).map_err(|_| len)
    }

    /// Length of the value in bytes (UTF-8).
    #[must_use]
    pub fn len(&self) -> usize {
        match self.form {
            Form::Literal => self.raw.len(),
            _ => self.chunks().map(|c| c.len()).sum(),
        }
    }

    /// `true` when the value is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        match self.form {
            Form::Literal => self.raw.is_empty(),
            _ => self.chunks().all(|c| c.len() == 0),
        }
    }

    /// `true` when the value holds only XML whitespace (space, TAB, CR, LF).
    #[must_use]
    pub fn is_whitespace(&self) -> bool {
        match self.form {
            Form::Literal => self.raw.bytes().all(is_xml_space),
            _ => self.chars().all(|c| c.is_ascii() && is_xml_space(c as u8)),
        }
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Text(\"")?;
        for c in self.chars() {
            for e in c.escape_debug() {
                fmt::Write::write_char(f, e)?;
            }
        }
        f.write_str("\")")
    }
}

/// Prints the value, unescaped: references expanded, CDATA sections
/// unwrapped, comments dropped, line ends normalised (what
/// [`Text::chars`] yields; [`Text::raw`] is the text as written).
///
/// ```
/// use umcodec::{Fault, Message};
///
/// let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
///   <faultcode>s:Client</faultcode><faultstring>Call &amp; <![CDATA[<id>]]> not found</faultstring>
/// </s:Fault></s:Body></s:Envelope>"#;
/// let Message::Fault(f) = Message::decode(xml)? else { panic!() };
/// assert_eq!(f.string.to_string(), "Call & <id> not found");
/// assert_eq!(f.string.raw(), "Call &amp; <![CDATA[<id>]]> not found");
/// # Ok::<_, umcodec::Error>(())
/// ```
impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.chunks() {
            match chunk {
                Chunk::Str(s) => f.write_str(s)?,
                Chunk::Char(c) => fmt::Write::write_char(f, c)?,
            }
        }
        Ok(())
    }
}

impl PartialEq for Text<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self.as_str(), other.as_str()) {
            (Some(a), Some(b)) => a == b,
            _ => self.chars().eq(other.chars()),
        }
    }
}

impl Eq for Text<'_> {}

impl PartialEq<str> for Text<'_> {
    fn eq(&self, other: &str) -> bool {
        match self.as_str() {
            Some(a) => a == other,
            None => self.chars().eq(other.chars()),
        }
    }
}

impl PartialEq<&str> for Text<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(s: &'a str) -> Self {
        Text::new(s)
    }
}

/// A piece of a [`Text`] value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chunk<'a> {
    /// A run of the value borrowed from the input.
    Str(&'a str),
    /// One character produced by a reference or by normalisation.
    Char(char),
}

impl Chunk<'_> {
    /// Length in UTF-8 bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        match self {
            Chunk::Str(s) => s.len(),
            Chunk::Char(c) => c.len_utf8(),
        }
    }

    /// `true` for an empty run.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Iterator over the pieces of a [`Text`] value; see [`Text::chunks`].
#[derive(Clone, Debug)]
pub struct Chunks<'a> {
    rest: &'a str,
    form: Form,
    in_cdata: bool,
}

impl<'a> Chunks<'a> {
    /// Emits `rest[..n]` as a run and advances past it plus `skip` bytes.
    fn run(&mut self, n: usize, skip: usize) -> Chunk<'a> {
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail.get(skip..).unwrap_or("");
        Chunk::Str(head)
    }

    /// Consumes a CR (and the LF after it) and returns what it stands for.
    fn line_end(&mut self, replacement: char) -> Chunk<'a> {
        let skip = if self.rest.as_bytes().get(1) == Some(&b'\n') {
            2
        } else {
            1
        };
        self.rest = self.rest.get(skip..).unwrap_or("");
        Chunk::Char(replacement)
    }

    fn next_cdata(&mut self) -> Option<Chunk<'a>> {
        let b = self.rest.as_bytes();
        let end = memchr::memmem::find(b, b"]]>").unwrap_or(b.len());
        match memchr::memchr(b'\r', &b[..end]) {
            Some(0) => Some(self.line_end('\n')),
            Some(i) => Some(self.run(i, 0)),
            None => {
                self.in_cdata = false;
                Some(self.run(end, 3))
            }
        }
    }

    fn next_content(&mut self) -> Option<Chunk<'a>> {
        loop {
            let b = self.rest.as_bytes();
            if b.is_empty() {
                return None;
            }
            let i = memchr::memchr3(b'&', b'<', b'\r', b).unwrap_or(b.len());
            if i > 0 {
                return Some(self.run(i, 0));
            }
            match b[0] {
                b'&' => return Some(self.reference()),
                b'\r' => return Some(self.line_end('\n')),
                _ if b.starts_with(b"<![CDATA[") => {
                    self.rest = &self.rest[9..];
                    self.in_cdata = true;
                    return self.next_cdata();
                }
                _ => {
                    // A comment: the reader admitted only comments and CDATA
                    // sections inside content, so skip to its end. The search
                    // starts after `<!--`: in `<!-->` and `<!--->` the `>` is
                    // part of the comment, not its end.
                    let end = memchr::memmem::find(&b[4.min(b.len())..], b"-->").map_or(b.len(), |e| e + 7);
                    self.rest = &self.rest[end..];
                }
            }
        }
    }

    fn next_attribute(&mut self) -> Option<Chunk<'a>> {
        let b = self.rest.as_bytes();
        if b.is_empty() {
            return None;
        }
        let i = b
            .iter()
            .position(|&c| matches!(c, b'&' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(b.len());
        if i > 0 {
            return Some(self.run(i, 0));
        }
        match b[0] {
            b'&' => Some(self.reference()),
            b'\r' => Some(self.line_end(' ')),
            _ => {
                self.rest = &self.rest[1..];
                Some(Chunk::Char(' '))
            }
        }
    }

    fn reference(&mut self) -> Chunk<'a> {
        match parse_ref(self.rest.as_bytes()) {
            Ref::Char(c, len) => {
                self.rest = &self.rest[len..];
                Chunk::Char(c)
            }
            // Unreachable for text the reader validated; report the `&`
            // literally rather than failing.
            Ref::Invalid | Ref::Truncated => self.run(1, 0),
        }
    }
}

impl<'a> Iterator for Chunks<'a> {
    type Item = Chunk<'a>;

    fn next(&mut self) -> Option<Chunk<'a>> {
        match self.form {
            Form::Literal => {
                if self.rest.is_empty() {
                    None
                } else {
                    let n = self.rest.len();
                    Some(self.run(n, 0))
                }
            }
            Form::Content if self.in_cdata => self.next_cdata(),
            Form::Content => self.next_content(),
            Form::Attribute => self.next_attribute(),
        }
    }
}

/// Iterator over the characters of a [`Text`] value; see [`Text::chars`].
#[derive(Clone, Debug)]
pub struct Chars<'a> {
    chunks: Chunks<'a>,
    cur: core::str::Chars<'a>,
}

impl Iterator for Chars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        loop {
            if let Some(c) = self.cur.next() {
                return Some(c);
            }
            match self.chunks.next()? {
                Chunk::Str(s) => self.cur = s.chars(),
                Chunk::Char(c) => return Some(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(t: Text<'_>) -> ([u8; 64], usize) {
        let mut buf = [0u8; 64];
        let n = t.unescape_into(&mut buf).unwrap().len();
        (buf, n)
    }

    #[test]
    fn content_forms() {
        let raw = "a&amp;b<!-- c --><![CDATA[<x>\r\n]]>\r\n&#x41;";
        let t = Text::content(raw, 0, false);
        assert_eq!(t.as_str(), None);
        assert_eq!(t, "a&b<x>\n\nA");
        let (buf, n) = value(t);
        assert_eq!(&buf[..n], "a&b<x>\n\nA".as_bytes());
        assert_eq!(t.len(), n);
        assert!(t.chars().eq("a&b<x>\n\nA".chars()));
    }

    #[test]
    fn attribute_forms() {
        let t = Text::attribute("a\tb\r\nc&#9;d\re", 0);
        assert_eq!(t, "a b c\td e");
        let plain = Text::attribute("plain", 3);
        assert_eq!(plain.as_str(), Some("plain"));
        assert_eq!(plain.offset(), 3);
    }

    #[test]
    fn whitespace_and_empty() {
        assert!(Text::content(" <!-- x -->\r\n", 0, false).is_whitespace());
        assert!(!Text::content(" <![CDATA[x]]>", 0, false).is_whitespace());
        assert!(Text::content("<!---->", 0, false).is_empty());
        assert!(Text::content("<![CDATA[]]>", 0, false).is_empty());
    }

    #[test]
    fn comments_that_start_like_their_end() {
        // `<!-->` and `<!--->` open a comment; its end is a later `-->`.
        assert_eq!(Text::content("a<!-->b-->c", 0, false), "ac");
        assert_eq!(Text::content("a<!--->b-->c", 0, false), "ac");
        assert_eq!(Text::content("<!-->x-->Connected", 0, false), "Connected");
    }

    #[test]
    fn equality_across_forms() {
        assert_eq!(Text::content("&lt;", 0, false), Text::new("<"));
        assert_ne!(Text::content("&lt;", 0, false), Text::new("<<"));
    }
}
