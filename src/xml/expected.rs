//! The attributes a decoder expects, in the order writers put them: the
//! reader's schema-directed fast path for attributes.

use super::chars::{NAME, NAME_CHAR, NAME_START};

/// Names of the unprefixed attributes a decoder expects to meet in a
/// document, in the order writers put them, across its tags (say, the
/// attributes of a header block, then that of the Body's child).
///
/// A prediction, never a rule: the reader compares each attribute it meets
/// with the next name expected, and when the bytes from the name to the
/// value's opening quote are exactly `name="`, it records the attribute
/// without scanning or hashing its name, and moves on to the next name.
/// Anything else (another name, a declaration, spaces around `=`, single
/// quotes, a possible duplicate, the attribute limit reached) takes the
/// general path, and the next name stays expected. What is accepted or
/// rejected, and every error, is the same with or without it.
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
    /// The most names one set holds.
    pub const MAX: usize = 8;
    /// The longest name the fast path takes, in bytes (`name="` fits in
    /// three words).
    pub const MAX_NAME: usize = 22;
    /// No name expected: every attribute takes the general path.
    pub const NONE: ExpectedAttributes = ExpectedAttributes {
        len: 0,
        entries: [Expected::NONE; ExpectedAttributes::MAX],
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
        }
    }

    /// The names, ready for the reader.
    pub(super) fn entries(&self) -> &[Expected] {
        self.entries.get(..self.len).unwrap_or(&[])
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
