//! The XML declaration grammar (XML 1.0 production [23]), matched byte by
//! byte: to read declarations the tokenizer takes for processing
//! instructions (`<?xml` followed by TAB, CR or LF), and to tell a cut
//! declaration from a wrong one.

/// Outcome of matching the XML declaration grammar against a prefix.
pub(crate) enum Decl {
    /// The input ended while the grammar still matched.
    Eof,
    /// A byte broke the grammar (or the declaration ended).
    Stop,
}

/// Matches `XMLDecl` (XML 1.0 production [23]) byte by byte.
pub(crate) struct DeclMatch<'a> {
    s: &'a [u8],
    /// Bytes matched so far.
    pub i: usize,
    /// Where the version value is (start, end).
    pub version: (usize, usize),
    /// Where the encoding value is, when present.
    pub encoding: Option<(usize, usize)>,
}

impl<'a> DeclMatch<'a> {
    pub(crate) fn new(s: &'a [u8]) -> Self {
        DeclMatch {
            s,
            i: 0,
            version: (0, 0),
            encoding: None,
        }
    }

    fn peek(&self) -> Result<u8, Decl> {
        self.s.get(self.i).copied().ok_or(Decl::Eof)
    }

    fn byte(&mut self, ok: impl Fn(u8) -> bool) -> Result<u8, Decl> {
        let b = self.peek()?;
        if !ok(b) {
            return Err(Decl::Stop);
        }
        self.i += 1;
        Ok(b)
    }

    fn lit(&mut self, l: &[u8]) -> Result<(), Decl> {
        for &c in l {
            self.byte(|b| b == c)?;
        }
        Ok(())
    }

    fn spaces(&mut self) -> Result<usize, Decl> {
        let mut n = 0;
        while super::chars::is_xml_space(self.peek()?) {
            self.i += 1;
            n += 1;
        }
        Ok(n)
    }

    fn eq(&mut self) -> Result<u8, Decl> {
        self.spaces()?;
        self.lit(b"=")?;
        self.spaces()?;
        self.byte(|b| b == b'"' || b == b'\'')
    }

    /// Matches a whole declaration; `Ok` when it ends with `?>`.
    pub(crate) fn run(&mut self) -> Result<(), Decl> {
        self.lit(b"<?xml")?;
        self.byte(super::chars::is_xml_space)?;
        self.spaces()?;
        self.lit(b"version")?;
        let q = self.eq()?;
        let start = self.i;
        self.lit(b"1.")?;
        self.byte(|b| b.is_ascii_digit())?;
        while self.peek()?.is_ascii_digit() {
            self.i += 1;
        }
        self.version = (start, self.i);
        self.byte(|b| b == q)?;
        let mut space = self.spaces()? > 0;
        if space && self.peek()? == b'e' {
            self.lit(b"encoding")?;
            let q = self.eq()?;
            let start = self.i;
            self.byte(|b| b.is_ascii_alphabetic())?;
            while matches!(self.peek()?, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-') {
                self.i += 1;
            }
            self.encoding = Some((start, self.i));
            self.byte(|b| b == q)?;
            space = self.spaces()? > 0;
        }
        if space && self.peek()? == b's' {
            self.lit(b"standalone")?;
            let q = self.eq()?;
            if self.peek()? == b'y' {
                self.lit(b"yes")?;
            } else {
                self.lit(b"no")?;
            }
            self.byte(|b| b == q)?;
            self.spaces()?;
        }
        self.lit(b"?>")
    }
}
