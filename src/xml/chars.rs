//! Character classes of XML 1.0 and the reference grammar.

/// `Char` of XML 1.0 (fifth edition), production [2].
#[inline]
pub(crate) const fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// `NameStartChar` of XML 1.0 (fifth edition), production [4], for
/// characters outside ASCII (ASCII goes through [`NAME`]).
#[inline]
pub(crate) const fn is_name_start_char(c: char) -> bool {
    if c.is_ascii() {
        return NAME[c as usize] & NAME_START != 0;
    }
    matches!(c as u32,
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2FF | 0x370..=0x37D | 0x37F..=0x1FFF
        | 0x200C..=0x200D | 0x2070..=0x218F | 0x2C00..=0x2FEF | 0x3001..=0xD7FF
        | 0xF900..=0xFDCF | 0xFDF0..=0xFFFD | 0x10000..=0xEFFFF)
}

/// `NameChar` of XML 1.0 (fifth edition), production [4a].
#[inline]
pub(crate) const fn is_name_char(c: char) -> bool {
    if c.is_ascii() {
        return NAME[c as usize] & NAME_CHAR != 0;
    }
    is_name_start_char(c) || matches!(c as u32, 0xB7 | 0x300..=0x36F | 0x203F..=0x2040)
}

/// `b` as text when every byte is ASCII, else `None` (the caller then
/// validates it as UTF-8).
///
/// One of the crate's three uses of `unsafe` (the others: `xml/stack.rs`,
/// `xml/runs.rs`).
/// Safe code turns bytes into `&str` only
/// through `core::str::from_utf8`, whose ASCII loop takes about twice as
/// long as [`swar::all_ascii`]: 409 against 203 instructions and 28–30 against
/// 12 ns on the 639-byte DisconnectPhoneCall request, 537 against 260
/// and 31–33 against 16 ns on the 1,088-byte response. SOAP envelopes are
/// nearly always ASCII, and every decode starts here (docs/performance.md,
/// "The UTF-8 check").
#[allow(unsafe_code)]
#[inline]
pub(crate) fn ascii_str(b: &[u8]) -> Option<&str> {
    if !swar::all_ascii(b) {
        return None;
    }
    // SAFETY: every byte of `b` is below 0x80 (checked just above), and
    // a sequence of ASCII bytes is valid UTF-8.
    Some(unsafe { core::str::from_utf8_unchecked(b) })
}

/// `true` for an NCName (a name without a colon).
pub(crate) fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
}

/// Bit of [`NAME`]: the ASCII byte may start a name (the colon excluded:
/// qualified names treat it apart).
pub(crate) const NAME_START: u8 = 1;
/// Bit of [`NAME`]: the ASCII byte may continue a name (colon excluded).
pub(crate) const NAME_CHAR: u8 = 2;
/// Bit of [`NAME`]: character data needs a closer look at this byte: `<`,
/// `&`, `]` (of `]]>`), CR, a control character XML does not allow, or
/// `0xEF` (the lead byte of U+FFFE and U+FFFF).
pub(crate) const TEXT_STOP: u8 = 4;
/// Bit of [`NAME`]: an attribute value needs a closer look at this byte:
/// a quote, `<`, `&`, TAB, LF, CR, a control character, or `0xEF`.
pub(crate) const ATTR_STOP: u8 = 8;

/// Byte classes: the name classes of the ASCII bytes (bytes from 0x80 up
/// are decoded as characters by the caller) and the bytes that stop a
/// run of character data or of an attribute value.
pub(crate) static NAME: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() || c == b'_' {
            t[b] = NAME_START | NAME_CHAR;
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            t[b] = NAME_CHAR;
        }
        if (c < 0x20 && c != b'\t' && c != b'\n') || matches!(c, b'<' | b'&' | b']' | 0xEF) {
            t[b] |= TEXT_STOP;
        }
        if c < 0x20 || matches!(c, b'"' | b'\'' | b'<' | b'&' | 0xEF) {
            t[b] |= ATTR_STOP;
        }
        b += 1;
    }
    t
};

/// Offset and value of the first character in `s` that XML 1.0 does not
/// allow (a C0 control other than TAB, LF and CR; U+FFFE; U+FFFF). `s` is
/// valid UTF-8: the only forbidden characters outside ASCII are encoded
/// `EF BF BE` and `EF BF BF`.
#[inline]
pub(crate) fn find_invalid_char(s: &[u8]) -> Option<(usize, char)> {
    let mut i = 0;
    // Sixteen bytes at a time with a branch-free test the compiler turns
    // into vector compares; clean runs are the common case.
    while let Some(chunk) = s.get(i..i + 16) {
        if chunk
            .iter()
            .fold(false, |m, &b| m | ((b < 0x20) & !is_xml_space(b)) | (b == 0xEF))
        {
            break;
        }
        i += 16;
    }
    while i < s.len() {
        let b = s[i];
        if b < 0x20 && !is_xml_space(b) {
            return Some((i, char::from(b)));
        }
        if b == 0xEF && s.get(i + 1) == Some(&0xBF) {
            match s.get(i + 2) {
                Some(0xBE) => return Some((i, '\u{FFFE}')),
                Some(0xBF) => return Some((i, '\u{FFFF}')),
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// `S` of XML 1.0: space, TAB, CR, LF (and nothing else: not NBSP).
#[inline]
pub(crate) const fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Trims XML whitespace (never other Unicode spaces) from both ends.
#[inline]
pub(crate) fn trim_xml_space(s: &str) -> &str {
    // Whitespace is ASCII, so trimming bytes keeps `s` on char boundaries.
    let b = s.as_bytes();
    let start = b.iter().position(|&c| !is_xml_space(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|&c| !is_xml_space(c)).map_or(start, |e| e + 1);
    s.get(start..end).unwrap_or("")
}

/// Outcome of reading one reference at the start of a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ref {
    /// A valid reference to `char`, `len` bytes long including `&` and `;`.
    Char(char, usize),
    /// Not a valid reference.
    Invalid,
    /// The string ends before the reference could end; more input could
    /// still make it valid.
    Truncated,
}

/// Parses the reference at the start of `s` (which starts with `&`).
///
/// Only the five predefined entities exist: a SOAP message has no DTD, so
/// every other entity name is undefined.
pub(crate) fn parse_ref(s: &[u8]) -> Ref {
    debug_assert!(s.first() == Some(&b'&'));
    let body = &s[1..];
    if let Some(rest) = body.strip_prefix(b"#") {
        let (digits, radix, skip) = match rest.strip_prefix(b"x") {
            Some(hex) => (hex, 16u32, 3),
            None => (rest, 10u32, 2),
        };
        let mut value: u32 = 0;
        for (n, &b) in digits.iter().enumerate() {
            let d = match (b, radix) {
                (b'0'..=b'9', _) => u32::from(b - b'0'),
                (b'a'..=b'f', 16) => u32::from(b - b'a' + 10),
                (b'A'..=b'F', 16) => u32::from(b - b'A' + 10),
                (b';', _) if n > 0 => {
                    return match char::from_u32(value) {
                        Some(c) if is_xml_char(c) => Ref::Char(c, skip + n + 1),
                        _ => Ref::Invalid,
                    };
                }
                _ => return Ref::Invalid,
            };
            // Saturate instead of overflowing: any value this large is
            // already outside Unicode, and leading zeros must stay legal.
            value = value.saturating_mul(radix).saturating_add(d).min(0x11_0000);
        }
        return Ref::Truncated;
    }
    const NAMES: [(&[u8], char); 5] = [
        (b"lt;", '<'),
        (b"gt;", '>'),
        (b"amp;", '&'),
        (b"apos;", '\''),
        (b"quot;", '"'),
    ];
    for (name, c) in NAMES {
        if body.starts_with(name) {
            return Ref::Char(c, name.len() + 1);
        }
    }
    // A prefix of a predefined name at the end of input may still complete.
    if NAMES.iter().any(|(name, _)| name.starts_with(body)) {
        return Ref::Truncated;
    }
    Ref::Invalid
}

/// Eight bytes at a time (SWAR): tests on words read little-endian, for
/// the writer's runs of plain bytes, the scanner's comparisons of names
/// and URIs, and its runs of plain bytes where SSE2 is not there
/// (`xml/runs.rs`).
pub(crate) mod swar {
    pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
    pub(crate) const HIGHS: u64 = 0x8080_8080_8080_8080;

    /// Whether every byte of `b` is below 0x80: the bytes OR-ed together,
    /// eight words of a 64-byte block at a time (the compiler keeps them in
    /// vector registers), the words after the last block, and one last word
    /// that overlaps them instead of a loop over the final bytes. No early
    /// exit: input that is not ASCII is validated in full afterwards anyway.
    /// (`<[u8]>::is_ascii` is as quick on whole blocks but goes byte by byte
    /// after them: 529 instructions on the 639-byte DisconnectPhoneCall
    /// request.)
    #[inline]
    pub(crate) fn all_ascii(b: &[u8]) -> bool {
        let word = |w: &[u8]| <[u8; 8]>::try_from(w).map_or(HIGHS, u64::from_le_bytes);
        let Some(last) = b.len().checked_sub(8) else {
            return b.is_ascii();
        };
        let mut blocks = b.chunks_exact(64);
        let mut seen = word(&b[last..]);
        for block in &mut blocks {
            for w in block.chunks_exact(8) {
                seen |= word(w);
            }
        }
        for w in blocks.remainder().chunks_exact(8) {
            seen |= word(w);
        }
        seen & HIGHS == 0
    }

    /// The eight bytes at `b[i..]` as one word, when there are eight.
    #[inline]
    pub(crate) fn word(b: &[u8], i: usize) -> Option<u64> {
        b.get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map(u64::from_le_bytes)
    }

    /// Non-zero when some byte of `w` is `c`.
    #[inline]
    pub(crate) const fn has_byte(w: u64, c: u8) -> u64 {
        let v = w ^ (ONES * c as u64);
        v.wrapping_sub(ONES) & !v & HIGHS
    }

    /// Non-zero when some byte of `w` is below `n` (`n` at most 0x80).
    #[inline]
    pub(crate) const fn has_below(w: u64, n: u8) -> u64 {
        w.wrapping_sub(ONES * n as u64) & !w & HIGHS
    }

    /// `a == b`, compared here a word at a time: the slices are names and
    /// namespace URIs, short enough that a call to the C library's `bcmp`
    /// (what slice equality becomes when the length is not a constant)
    /// costs more than the comparison.
    #[inline]
    pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
        let n = a.len();
        if n != b.len() {
            return false;
        }
        if n >= 8 {
            let mut i = 0;
            while i + 8 < n {
                if word(a, i) != word(b, i) {
                    return false;
                }
                i += 8;
            }
            // The last eight bytes, overlapping the word before.
            return word(a, n - 8) == word(b, n - 8);
        }
        if n >= 4 {
            return half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4);
        }
        // Up to three bytes.
        a.first() == b.first() && a.get(n / 2) == b.get(n / 2) && a.last() == b.last()
    }

    /// The four bytes at `b[i..]` as one number, when there are four.
    #[inline]
    fn half(b: &[u8], i: usize) -> Option<u32> {
        b.get(i..i + 4)
            .and_then(|w| <[u8; 4]>::try_from(w).ok())
            .map(u32::from_le_bytes)
    }

    /// The low `n` bytes of a word set (`n` at most 8).
    #[inline]
    pub(crate) const fn low_bytes(n: usize) -> u64 {
        if n >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII shortcut borrows the input unchanged when it is all ASCII
    /// and declines anything else, so that `core::str::from_utf8` judges
    /// it: every length from none to past two 64-byte blocks (no block,
    /// whole blocks, words after them, bytes only the overlapping last
    /// word covers, input shorter than a word), a non-ASCII byte at every
    /// position of each.
    #[test]
    fn ascii_shortcut_only_for_ascii() {
        let text = b"<a b='c'>\t\r\n\x00\x7F</a>".repeat(8);
        for len in 0..=text.len() {
            let ascii = &text[..len];
            let s = ascii_str(ascii).expect("ASCII");
            assert_eq!((s.as_ptr(), s.len()), (ascii.as_ptr(), len));
            for at in 0..len {
                for high in [0x80u8, 0xC3, 0xFF] {
                    let mut bad = ascii.to_vec();
                    bad[at] = high;
                    // `is_none`, not `== None`: were the shortcut wrong, the
                    // `&str` it made would not be UTF-8, and printing it
                    // would not be safe.
                    assert!(ascii_str(&bad).is_none(), "byte {high:#x} at {at} of {len}");
                }
            }
        }
        assert!(ascii_str("é".as_bytes()).is_none());
    }

    #[test]
    fn trims_xml_space_only() {
        assert_eq!(trim_xml_space(" \t\r\n 42 \n"), "42");
        assert_eq!(trim_xml_space("a b"), "a b");
        assert_eq!(trim_xml_space(" \n "), "");
        assert_eq!(trim_xml_space(""), "");
        // NBSP and other Unicode spaces are not XML whitespace.
        assert_eq!(trim_xml_space("\u{a0}x\u{2003} "), "\u{a0}x\u{2003}");
        assert_eq!(trim_xml_space(" é "), "é");
    }

    #[test]
    fn references() {
        assert_eq!(parse_ref(b"&lt;x"), Ref::Char('<', 4));
        assert_eq!(parse_ref(b"&#x41;"), Ref::Char('A', 6));
        assert_eq!(parse_ref(b"&#65;"), Ref::Char('A', 5));
        assert_eq!(parse_ref(b"&#0000000065;"), Ref::Char('A', 13));
        assert_eq!(parse_ref(b"&#0;"), Ref::Invalid);
        assert_eq!(parse_ref(b"&#xD800;"), Ref::Invalid);
        assert_eq!(parse_ref(b"&#x110000;"), Ref::Invalid);
        assert_eq!(parse_ref(b"&#99999999999999999999;"), Ref::Invalid);
        assert_eq!(parse_ref(b"&#X41;"), Ref::Invalid);
        assert_eq!(parse_ref(b"&#;"), Ref::Invalid);
        assert_eq!(parse_ref(b"&nbsp;"), Ref::Invalid);
        assert_eq!(parse_ref(b"& "), Ref::Invalid);
        assert_eq!(parse_ref(b"&am"), Ref::Truncated);
        assert_eq!(parse_ref(b"&#x4"), Ref::Truncated);
        assert_eq!(parse_ref(b"&"), Ref::Truncated);
        assert_eq!(parse_ref(b"&ampx"), Ref::Invalid);
    }

    #[test]
    fn invalid_chars() {
        assert_eq!(find_invalid_char(b"plain text, long enough for a chunk"), None);
        assert_eq!(find_invalid_char(b"tab\tlf\ncr\r and more than sixteen"), None);
        assert_eq!(
            find_invalid_char("0123456789abcdef\u{1}".as_bytes()),
            Some((16, '\u{1}'))
        );
        assert_eq!(find_invalid_char("a\u{FFFE}".as_bytes()), Some((1, '\u{FFFE}')));
        assert_eq!(
            find_invalid_char("0123456789abcdefg\u{FFFF}".as_bytes()),
            Some((17, '\u{FFFF}'))
        );
        assert_eq!(find_invalid_char("\u{FFFD}\u{F000}".as_bytes()), None);
    }

    #[test]
    fn swar_tests() {
        let w = swar::word(b"abc<efgh", 0).unwrap();
        assert_ne!(swar::has_byte(w, b'<'), 0);
        assert_eq!(swar::has_byte(w, b'&'), 0);
        assert_eq!(swar::has_below(w, 0x20), 0);
        assert_ne!(swar::has_below(swar::word(b"abcdefg\n", 0).unwrap(), 0x20), 0);
        assert_eq!(swar::word(b"short", 0), None);
        assert_eq!(swar::low_bytes(2), 0xFFFF);
        assert_eq!(swar::low_bytes(8), u64::MAX);
    }

    #[test]
    fn swar_same_agrees_with_slice_equality() {
        // Every length up to 40 (the three short cases, one word, words
        // and an overlapping tail), equal and with one byte changed at
        // every position, plus unequal lengths.
        let base = *b"http://schemas.xmlsoap.org/soap/envelop";
        for n in 0..=base.len() {
            let a = &base[..n];
            let mut b = [0u8; 40];
            b[..n].copy_from_slice(a);
            assert!(swar::same(a, &b[..n]), "length {n}");
            for at in 0..n {
                for flip in [1u8, 0x80] {
                    b[..n].copy_from_slice(a);
                    b[at] ^= flip;
                    assert_eq!(swar::same(a, &b[..n]), a == &b[..n], "length {n}, byte {at}");
                    assert!(!swar::same(a, &b[..n]), "length {n}, byte {at}");
                }
            }
            if n > 0 {
                assert!(!swar::same(a, &base[..n - 1]), "length {n} against {}", n - 1);
            }
        }
    }

    #[test]
    fn name_classes() {
        assert!(is_name_start_char('a') && is_name_start_char('_') && !is_name_start_char('-'));
        assert!(is_name_char('-') && is_name_char('7') && !is_name_char(':') && !is_name_char(' '));
        assert!(is_name_start_char('\u{C0}') && !is_name_start_char('\u{B7}') && is_name_char('\u{B7}'));
        assert!(!is_name_char('\u{D7}') && is_name_start_char('\u{10000}') && !is_name_start_char('\u{F0000}'));
    }
}
