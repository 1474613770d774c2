//! The attributes a decoder expects, in the order writers put them: the
//! reader's schema-directed fast path for attributes.

use super::chars::{NAME, NAME_CHAR, NAME_START};

/// The unprefixed attributes, and the namespace declarations
/// ([`ExpectedAttributes::with_declarations`]), a decoder expects to meet
/// in a document, in the order writers put them, across its tags (say,
/// the attributes of a header block, then that of the Body's child). Names
/// and declarations are followed apart: a declaration that differs never
/// holds up the names, nor the other way round.
///
/// A prediction, never a rule: the reader compares each attribute it meets
/// with the next name expected, and when the bytes from the name to the
/// value's opening quote are exactly `name="`, it records the attribute
/// without scanning or hashing its name, and moves on to the next name; a
/// declaration equal, byte for byte up to its closing quote, to the next
/// one expected is bound without its URI looked up. Anything else (another
/// name or URI, spaces around `=`, single quotes, a value to look at, a
/// possible duplicate, a limit reached) takes the general path, and the
/// same one stays expected. What is accepted or rejected, and every error,
/// is the same with or without it.
///
/// Built in `const` context: [`ExpectedAttributes::new`] fails to compile
/// for a name the fast path cannot take (empty, longer than
/// [`ExpectedAttributes::MAX_NAME`] bytes, not an ASCII NCName, or
/// `xmlns`), or for more than [`ExpectedAttributes::MAX`] names.
///
/// ```
/// use umcodec::xml::{ExpectedAttributes, Limits, Reader};
///
/// static EXPECTED: ExpectedAttributes = ExpectedAttributes::new(&["id", "kind"]);
/// let mut r = Reader::new(b"<a id='1' kind=\"x\" id2=\"y\"/>", &[], Limits::default())?;
/// r.expect_attributes(&EXPECTED);
/// let umcodec::xml::Event::Start(_) = r.next_event()? else { panic!() };
/// // `id` and `kind` took the fast path, `id2` the general one: the same
/// // attributes either way.
/// let names: Vec<_> = r.attributes().map(|a| a.name.local).collect();
/// assert_eq!(names, ["id", "kind", "id2"]);
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ExpectedAttributes {
    len: usize,
    entries: [Expected; ExpectedAttributes::MAX],
    /// The table the declarations' URIs are indexes into.
    known: &'static [&'static str],
    declarations_len: usize,
    declarations: [ExpectedDeclaration; ExpectedAttributes::MAX],
}

/// One expected namespace declaration, whole.
#[derive(Clone, Copy, Debug)]
pub(super) struct ExpectedDeclaration {
    /// `xmlns:p="uri"` or `xmlns="uri"`, the closing quote included.
    pub(super) text: &'static str,
    /// Length of its name (`xmlns:p`).
    pub(super) name_len: usize,
    /// The URI's index in [`ExpectedAttributes::known`].
    pub(super) known: usize,
    /// Length of the URI.
    pub(super) uri_len: usize,
    /// Length of the declared prefix (0 for `xmlns`).
    pub(super) prefix_len: usize,
    /// The prefix's bit of the reader's set of prefixes a tag bound
    /// ([`super::scanner`]'s `prefix_bit_of`).
    pub(super) bit: u64,
}

impl ExpectedDeclaration {
    const NONE: ExpectedDeclaration = ExpectedDeclaration {
        text: "",
        name_len: 0,
        known: 0,
        uri_len: 0,
        prefix_len: 0,
        bit: 0,
    };
}

/// One expected name, ready for the reader's comparison.
#[derive(Clone, Copy, Debug)]
pub(super) struct Expected {
    /// `name="`, as three little-endian words, zero-padded.
    words: [u64; 3],
    /// The bytes of [`Expected::words`] that hold `name="`.
    masks: [u64; 3],
    /// Length of the name.
    pub(super) name_len: usize,
    /// The bit of the reader's duplicate filter that the name sets
    /// ([`super::scanner`]'s `name_hash`).
    pub(super) bit: u64,
}

impl Expected {
    const NONE: Expected = Expected {
        words: [0; 3],
        masks: [0; 3],
        name_len: 0,
        bit: 0,
    };

    /// Whether `text` starts with this name, `=` and `"`.
    #[inline(always)]
    pub(super) fn starts(&self, text: &[u8; 24]) -> bool {
        let (a, rest) = text.split_at(8);
        let (b, c) = rest.split_at(8);
        let word = |w: &[u8]| u64::from_le_bytes(<[u8; 8]>::try_from(w).unwrap_or([0; 8]));
        ((word(a) ^ self.words[0]) & self.masks[0])
            | ((word(b) ^ self.words[1]) & self.masks[1])
            | ((word(c) ^ self.words[2]) & self.masks[2])
            == 0
    }
}

impl ExpectedAttributes {
    /// The most names one set holds, and the most declarations.
    pub const MAX: usize = 12;
    /// The longest name the fast path takes, in bytes (`name="` fits in
    /// three words).
    pub const MAX_NAME: usize = 22;
    /// No name expected: every attribute takes the general path.
    pub const NONE: ExpectedAttributes = ExpectedAttributes {
        len: 0,
        entries: [Expected::NONE; ExpectedAttributes::MAX],
        known: &[],
        declarations_len: 0,
        declarations: [ExpectedDeclaration::NONE; ExpectedAttributes::MAX],
    };

    /// The set of `names`, in the order they are expected.
    ///
    /// # Panics
    /// (At compile time, in a `const` or `static`.) More than [`Self::MAX`]
    /// names, or a name that is empty, longer than [`Self::MAX_NAME`], not
    /// made of ASCII name characters (a colon included), or `xmlns`.
    #[must_use]
    pub const fn new(names: &[&str]) -> ExpectedAttributes {
        assert!(names.len() <= Self::MAX, "too many expected attributes");
        let mut entries = [Expected::NONE; Self::MAX];
        let mut n = 0;
        while n < names.len() {
            entries[n] = Self::entry(names[n].as_bytes());
            n += 1;
        }
        ExpectedAttributes {
            len: names.len(),
            entries,
            ..Self::NONE
        }
    }

    /// These names, and the namespace declarations `texts` (each whole,
    /// as written: `xmlns:t="http://…"`, double quotes), in the order they
    /// are expected, apart from the names: a declaration read as the next
    /// one expected is bound without its name parsed or its URI looked up
    /// in `known` (it was, at compile time). They are used only by a
    /// reader whose table of known namespaces is `known` itself (the same
    /// `static`).
    ///
    /// # Panics
    /// (At compile time.) More than [`Self::MAX`] declarations, or a text
    /// that is not a declaration of one of `known`'s URIs with an ASCII
    /// prefix other than `xml` and `xmlns`.
    #[must_use]
    pub const fn with_declarations(
        mut self,
        known: &'static [&'static str],
        texts: &[&'static str],
    ) -> ExpectedAttributes {
        assert!(texts.len() <= Self::MAX, "too many expected declarations");
        let mut n = 0;
        while n < texts.len() {
            self.declarations[n] = Self::declaration(known, texts[n]);
            n += 1;
        }
        self.known = known;
        self.declarations_len = texts.len();
        self
    }

    /// The names, ready for the reader.
    pub(super) fn entries(&self) -> &[Expected] {
        self.entries.get(..self.len).unwrap_or(&[])
    }

    /// The declarations, for a reader whose table is `known`.
    pub(super) fn declarations(&self, known: &[&str]) -> &[ExpectedDeclaration] {
        let same = self.known.as_ptr() == known.as_ptr() && self.known.len() == known.len();
        match self.declarations.get(..self.declarations_len) {
            Some(d) if same => d,
            _ => &[],
        }
    }

    const fn declaration(known: &'static [&'static str], text: &'static str) -> ExpectedDeclaration {
        let b = text.as_bytes();
        assert!(
            b.len() > 8 && b[0] == b'x' && b[1] == b'm' && b[2] == b'l' && b[3] == b'n' && b[4] == b's',
            "an expected declaration starts with xmlns"
        );
        let mut eq = 5;
        if b[5] == b':' {
            assert!(NAME[b[6] as usize] & NAME_START != 0, "expected declaration prefix");
            eq = 7;
            while eq < b.len() && b[eq] != b'=' {
                assert!(NAME[b[eq] as usize] & NAME_CHAR != 0, "expected declaration prefix");
                eq += 1;
            }
            let p = eq - 6;
            let xml = p >= 3 && b[6] == b'x' && b[7] == b'm' && b[8] == b'l';
            assert!(
                !(xml && (p == 3 || (p == 5 && b[9] == b'n' && b[10] == b's'))),
                "a reserved prefix"
            );
        }
        assert!(
            eq + 2 < b.len() && b[eq] == b'=' && b[eq + 1] == b'"' && b[b.len() - 1] == b'"',
            "an expected declaration is written name=\"uri\""
        );
        let uri_start = eq + 2;
        let uri_len = b.len() - 1 - uri_start;
        let mut k = 0;
        while k < known.len() {
            let u = known[k].as_bytes();
            if u.len() == uri_len {
                let mut i = 0;
                while i < uri_len && u[i] == b[uri_start + i] {
                    i += 1;
                }
                if i == uri_len {
                    break;
                }
            }
            k += 1;
        }
        assert!(k < known.len(), "the URI of an expected declaration is a known one");
        let prefix_len = if eq == 5 { 0 } else { eq - 6 };
        ExpectedDeclaration {
            text,
            name_len: eq,
            known: k,
            uri_len,
            prefix_len,
            bit: super::scanner::prefix_bit_of(prefix_len, b[eq - 1]),
        }
    }

    const fn entry(name: &[u8]) -> Expected {
        let len = name.len();
        assert!(len > 0 && len <= Self::MAX_NAME, "expected attribute name length");
        assert!(
            NAME[name[0] as usize] & NAME_START != 0,
            "expected attribute name start"
        );
        let mut i = 1;
        while i < len {
            assert!(
                NAME[name[i] as usize] & NAME_CHAR != 0,
                "expected attribute name character"
            );
            i += 1;
        }
        // The general path would read `xmlns` as a declaration.
        assert!(
            !(len == 5 && name[0] == b'x' && name[1] == b'm' && name[2] == b'l' && name[3] == b'n' && name[4] == b's'),
            "an expected attribute is not a declaration"
        );
        let mut words = [0u64; 3];
        let mut masks = [0u64; 3];
        let mut p = 0;
        while p < len + 2 {
            let c = if p < len {
                name[p]
            } else if p == len {
                b'='
            } else {
                b'"'
            };
            words[p / 8] |= (c as u64) << (8 * (p % 8));
            masks[p / 8] |= 0xFF << (8 * (p % 8));
            p += 1;
        }
        let first = le_word(name, 0, if len < 8 { len } else { 8 });
        let last = if len > 8 { le_word(name, len - 8, len) } else { 0 };
        Expected {
            words,
            masks,
            name_len: len,
            bit: 1u64 << (super::scanner::hash_words(first, last, len) >> 58),
        }
    }
}

/// `b[start..end]` (at most eight bytes) as a little-endian number.
const fn le_word(b: &[u8], start: usize, end: usize) -> u64 {
    let mut w = 0u64;
    let mut i = start;
    while i < end {
        w |= (b[i] as u64) << (8 * (i - start));
        i += 1;
    }
    w
}
