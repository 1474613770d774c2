//! Reading typed values out of [`Text`]: enumerations and `xs:int`, which
//! tolerate surrounding XML whitespace (space, TAB, CR, LF — nothing else).

use crate::error::{Error, ErrorKind, Result, Span};
use crate::xml::{is_xml_space, trim_xml_space, Text};

/// Longest value (after trimming) that is unescaped for matching; every
/// enumeration value of the schemas is far shorter.
const MAX: usize = 96;

/// Calls `f` with the value of `t` with surrounding XML whitespace
/// removed, or with `None` when that is longer than any value matched.
pub(crate) fn with_trimmed<R>(t: &Text<'_>, f: impl FnOnce(Option<&str>) -> R) -> R {
    if let Some(s) = t.as_str() {
        return f(Some(trim_xml_space(s)));
    }
    let mut buf = [0u8; MAX];
    let mut len = 0;
    let mut spaces = 0;
    for c in t.chars() {
        let space = c.is_ascii() && is_xml_space(c as u8);
        if space {
            if len > 0 {
                spaces += 1;
            }
            continue;
        }
        let mut tmp = [0u8; 4];
        let enc = c.encode_utf8(&mut tmp).as_bytes();
        // Interior whitespace is written back only when more content follows.
        if len + spaces + enc.len() > MAX {
            return f(None);
        }
        buf[len..len + spaces].fill(b' ');
        len += spaces;
        spaces = 0;
        buf[len..len + enc.len()].copy_from_slice(enc);
        len += enc.len();
    }
    // Interior whitespace was normalised to spaces above; enumeration values
    // contain none, so a value with any still fails to match, as it should.
    f(core::str::from_utf8(&buf[..len]).ok())
}

/// `true` when `a` and `b` have the same value once surrounding XML
/// whitespace is removed (how `xs:QName` and enumeration-like values
/// compare).
pub(crate) fn trimmed_eq(a: &Text<'_>, b: &Text<'_>) -> bool {
    let ws = |c: &char| c.is_ascii() && is_xml_space(*c as u8);
    let mut x = a.chars().skip_while(ws);
    let mut y = b.chars().skip_while(ws);
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(c), None) => return ws(&c) && x.all(|c| ws(&c)),
            (None, Some(c)) => return ws(&c) && y.all(|c| ws(&c)),
            (Some(c), Some(d)) if c != d => return false,
            _ => {}
        }
    }
}

/// The error for a value outside its type.
pub(crate) fn invalid(field: &'static &'static str, t: &Text<'_>) -> Error {
    let found = Span::new(t.offset(), t.raw().len());
    Error::new(ErrorKind::InvalidValue { field, found }, t.offset())
}

/// Parses an enumeration value with `parse` (which sees the trimmed value).
pub(crate) fn parse_enum<T>(
    field: &'static &'static str,
    t: &Text<'_>,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T> {
    with_trimmed(t, |v| v.and_then(parse)).ok_or_else(|| invalid(field, t))
}

/// Parses an `xs:int`: optional sign, decimal digits, 32-bit range.
#[inline]
pub(crate) fn parse_int(field: &'static &'static str, t: &Text<'_>) -> Result<i32> {
    // The common case, one to nine digits and nothing else, cannot
    // overflow; it stays small enough to inline, the rest is apart.
    if let Some(s) = t.as_str() {
        let b = s.as_bytes();
        if (1..=9).contains(&b.len()) && b.iter().all(u8::is_ascii_digit) {
            return Ok(b.iter().fold(0, |v, &d| v * 10 + i32::from(d - b'0')));
        }
    }
    parse_int_general(field, t)
}

/// [`parse_int`] for everything but a plain run of up to nine digits:
/// whitespace, a sign, leading zeros, references, errors.
#[inline(never)]
fn parse_int_general(field: &'static &'static str, t: &Text<'_>) -> Result<i32> {
    let digits_of = |s: &str| -> Option<i32> {
        let (neg, digits) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Accumulate negatively so that i32::MIN is reachable.
        let mut v: i32 = 0;
        for b in digits.bytes() {
            v = v.checked_mul(10)?.checked_sub(i32::from(b - b'0'))?;
        }
        if neg {
            Some(v)
        } else {
            v.checked_neg()
        }
    };
    if let Some(s) = t.as_str() {
        // Leading zeros can make a legal int arbitrarily long.
        return digits_of(trim_xml_space(s)).ok_or_else(|| invalid(field, t));
    }
    parse_enum(field, t, digits_of)
}

/// Declares a closed enumeration of schema strings. Each variant's docs
/// end with its spelling on the wire; the type's docs get an example.
macro_rules! string_enum {
    (
        $(#[$meta:meta])* $vis:vis enum $name:ident {
            $(#[$fmeta:meta])* $first:ident = $ftext:literal,
            $($(#[$vmeta:meta])* $variant:ident = $text:literal,)*
        }
    ) => {
        $(#[$meta])*
        ///
        #[doc = concat!("Every value is written as the schema spells it (`", $ftext, "`, …): [`", stringify!($name), "::as_str`], `Display`, and read back exactly (case-sensitive) by [`", stringify!($name), "::from_str`].")]
        ///
        /// ```
        #[doc = concat!("use umcodec::", stringify!($name), ";")]
        ///
        #[doc = concat!("let v = ", stringify!($name), "::from_str(\"", $ftext, "\");")]
        #[doc = concat!("assert_eq!(v, Some(", stringify!($name), "::", stringify!($first), "));")]
        #[doc = concat!("assert_eq!(", stringify!($name), "::", stringify!($first), ".as_str(), \"", $ftext, "\");")]
        #[doc = concat!("assert_eq!(", stringify!($name), "::", stringify!($first), ".to_string(), \"", $ftext, "\");")]
        #[doc = concat!("assert!(", stringify!($name), "::ALL.iter().all(|v| ", stringify!($name), "::from_str(v.as_str()) == Some(*v)));")]
        #[doc = concat!("assert_eq!(", stringify!($name), "::from_str(\" ", $ftext, "\"), None);")]
        #[doc = concat!("assert_eq!(\"", $ftext, "\".parse::<", stringify!($name), ">(), Ok(", stringify!($name), "::", stringify!($first), "));")]
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        $vis enum $name {
            $(#[$fmeta])* #[doc = ""] #[doc = concat!("On the wire: `", $ftext, "`.")] $first,
            $($(#[$vmeta])* #[doc = ""] #[doc = concat!("On the wire: `", $text, "`.")] $variant,)*
        }

        impl $name {
            /// Every value, in schema order.
            pub const ALL: &'static [$name] = &[$name::$first, $($name::$variant,)*];

            /// The value as the schema spells it.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $name::$first => $ftext,
                    $($name::$variant => $text,)*
                }
            }

            /// Parses the schema spelling (exact, case-sensitive, no
            /// surrounding whitespace).
            #[must_use]
            #[allow(clippy::should_implement_trait)]
            pub fn from_str(s: &str) -> Option<Self> {
                match s {
                    $ftext => Some($name::$first),
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl core::str::FromStr for $name {
            type Err = $crate::error::UnknownValue;

            /// As the inherent `from_str`, for `str::parse`.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::from_str(s).ok_or($crate::error::UnknownValue { type_name: stringify!($name) })
            }
        }
    };
}
pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimmed_equality() {
        assert!(trimmed_eq(&Text::new(" a b\n"), &Text::new("a b")));
        assert!(trimmed_eq(&Text::new(""), &Text::new(" \t")));
        assert!(!trimmed_eq(&Text::new("a b"), &Text::new("ab")));
        assert!(!trimmed_eq(&Text::new("a x"), &Text::new("a ")));
    }

    #[test]
    fn ints() {
        let t = |s| parse_int(&"x", &Text::new(s));
        assert_eq!(t(" 42\n"), Ok(42));
        assert_eq!(t("-2147483648"), Ok(i32::MIN));
        assert_eq!(t("+2147483647"), Ok(i32::MAX));
        assert_eq!(t("0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007"), Ok(7));
        assert!(t("2147483648").is_err());
        assert!(t("1.0").is_err());
        assert!(t("").is_err());
        assert!(t("-").is_err());
        assert!(t("1 2").is_err());
        assert!(t("\u{a0}1").is_err());
        // Around the nine-digit fast path: the same values either way.
        assert_eq!(t("7"), Ok(7));
        assert_eq!(t("999999999"), Ok(999_999_999));
        assert_eq!(t("000000639"), Ok(639));
        assert_eq!(t("2147483647"), Ok(i32::MAX));
        assert_eq!(t("1000000000"), Ok(1_000_000_000));
        assert!(t("4294967296").is_err());
        assert!(t("12a").is_err());
        assert!(t("١٢").is_err());
    }
}
