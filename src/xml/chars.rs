//! Character classes of XML 1.0 and the reference grammar.

/// `Char` of XML 1.0 (fifth edition), production [2].
#[inline]
pub(crate) const fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// `S` of XML 1.0: space, TAB, CR, LF (and nothing else: not NBSP).
#[inline]
pub(crate) const fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Trims XML whitespace (never other Unicode spaces) from both ends.
#[inline]
pub(crate) fn trim_xml_space(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_ascii() && is_xml_space(c as u8))
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
