//! Maps `xmlparser` errors, which carry row/column positions, to this
//! crate's errors, which carry byte offsets, and tells "ended too early"
//! apart from "wrong".

use xmlparser::{Error as XError, StreamError, TextPos};

use super::declaration::{Decl, DeclMatch};
use crate::error::{Error, ErrorKind, Syntax};

/// Byte offset of a row/column position as `xmlparser` counts them (rows
/// split at LF only; columns count characters, from 1).
fn byte_offset(input: &str, pos: TextPos) -> usize {
    let bytes = input.as_bytes();
    let mut line_start = 0;
    for _ in 1..pos.row {
        match memchr::memchr(b'\n', &bytes[line_start..]) {
            Some(i) => line_start += i + 1,
            None => return input.len(),
        }
    }
    let col = (pos.col as usize).saturating_sub(1);
    input[line_start..]
        .char_indices()
        .nth(col)
        .map_or(input.len(), |(i, _)| line_start + i)
}

/// `true` when `rest` (the input from some `<` to its end) is a proper
/// prefix of markup that could still be completed.
fn truncated_markup(rest: &[u8]) -> bool {
    const OPENERS: [&[u8]; 3] = [b"<!--", b"<![CDATA[", b"<?xml "];
    rest.len() < 9 && OPENERS.iter().any(|o| o.len() > rest.len() && o.starts_with(rest))
}

/// `true` when `rest` (from a tag or attribute start) is `<`, `</` or
/// whitespace followed by name characters up to the end of input: the
/// name that failed may still be growing.
fn truncated_name(rest: &[u8]) -> bool {
    use xmlparser::XmlCharExt;
    let rest = rest
        .strip_prefix(b"</")
        .or_else(|| rest.strip_prefix(b"<"))
        .unwrap_or(rest);
    let start = rest
        .iter()
        .position(|&b| !super::chars::is_xml_space(b))
        .unwrap_or(rest.len());
    core::str::from_utf8(&rest[start..]).is_ok_and(|s| {
        let mut chars = s.chars();
        chars.next().is_none_or(|c| c.is_xml_name_start()) && chars.all(|c| c == ':' || c.is_xml_name())
    })
}

/// `true` when the whole input (after a BOM) is a proper prefix of an XML
/// declaration: whatever the tokenizer said, more bytes could fix it.
fn truncated_declaration(input: &[u8]) -> bool {
    let doc = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    !doc.is_empty() && matches!(DeclMatch::new(doc).run(), Err(Decl::Eof))
}

// Off the hot path: keeps `next_token` small enough to inline.
#[cold]
#[inline(never)]
pub(crate) fn convert(input: &str, e: XError) -> Error {
    let outer = byte_offset(input, e.pos());
    let stream = match e {
        XError::InvalidDeclaration(s, _)
        | XError::InvalidComment(s, _)
        | XError::InvalidPI(s, _)
        | XError::InvalidDoctype(s, _)
        | XError::InvalidEntity(s, _)
        | XError::InvalidElement(s, _)
        | XError::InvalidAttribute(s, _)
        | XError::InvalidCdata(s, _)
        | XError::InvalidCharData(s, _) => Some(s),
        XError::UnknownToken(_) => None,
    };
    let inner = match stream {
        Some(
            StreamError::NonXmlChar(_, p)
            | StreamError::InvalidChar(_, _, p)
            | StreamError::InvalidCharMultiple(_, _, p)
            | StreamError::InvalidQuote(_, p)
            | StreamError::InvalidSpace(_, p)
            | StreamError::InvalidString(_, p),
        ) => Some(byte_offset(input, p)),
        _ => None,
    };
    let mut offset = inner.unwrap_or(outer);
    if matches!(stream, Some(StreamError::UnexpectedEndOfStream)) || offset >= input.len() {
        return Error::new(ErrorKind::Incomplete, input.len());
    }
    let rest = &input.as_bytes()[outer.min(input.len())..];
    if matches!(e, XError::UnknownToken(_)) && truncated_markup(rest) {
        return Error::new(ErrorKind::Incomplete, input.len());
    }
    if matches!(stream, Some(StreamError::InvalidName)) && truncated_name(&input.as_bytes()[outer.min(input.len())..]) {
        return Error::new(ErrorKind::Incomplete, input.len());
    }
    if truncated_declaration(input.as_bytes()) {
        return Error::new(ErrorKind::Incomplete, input.len());
    }
    if matches!(stream, Some(StreamError::InvalidCharacterData)) {
        // The tokenizer reports the start of the text; point at the `]]>`.
        if let Some(i) = memchr::memmem::find(rest, b"]]>") {
            offset = outer + i;
        }
    }
    let kind = match (e, stream) {
        (XError::InvalidPI(..), _) => ErrorKind::ProcessingInstruction,
        (XError::InvalidDoctype(..) | XError::InvalidEntity(..), _) => ErrorKind::Doctype,
        (XError::UnknownToken(_), _) if rest.starts_with(b"<!DOCTYPE") => ErrorKind::Doctype,
        (XError::UnknownToken(_), _) if rest.starts_with(b"<?") => ErrorKind::ProcessingInstruction,
        (XError::UnknownToken(_), _) => ErrorKind::Malformed(Syntax::UnexpectedMarkup),
        (_, Some(StreamError::NonXmlChar(c, _))) => ErrorKind::InvalidChar { ch: c },
        (XError::InvalidDeclaration(..), _) => ErrorKind::Malformed(Syntax::InvalidDeclaration),
        (XError::InvalidComment(..), _) => ErrorKind::Malformed(Syntax::InvalidComment),
        (_, Some(StreamError::InvalidCharacterData)) => ErrorKind::Malformed(Syntax::CdataEndInText),
        (_, Some(StreamError::InvalidQuote(..))) => ErrorKind::Malformed(Syntax::ExpectedQuote),
        (_, Some(StreamError::InvalidSpace(..))) => ErrorKind::Malformed(Syntax::ExpectedSpace),
        (_, Some(StreamError::InvalidName)) => ErrorKind::Malformed(Syntax::InvalidName),
        _ => ErrorKind::Malformed(Syntax::UnexpectedChar),
    };
    if inner.is_none() && matches!(e, XError::InvalidAttribute(..)) {
        // The tokenizer reports the start of the whitespace before the
        // attribute; point at the attribute itself.
        while offset < input.len() && super::chars::is_xml_space(input.as_bytes()[offset]) {
            offset += 1;
        }
    }
    Error::new(kind, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declaration_prefixes() {
        let full = b"<?xml version='1.0' encoding=\"utf-8\" standalone='yes' ?>";
        for cut in 1..full.len() {
            assert!(
                truncated_declaration(&full[..cut]),
                "{:?}",
                core::str::from_utf8(&full[..cut])
            );
        }
        assert!(!truncated_declaration(full));
        assert!(!truncated_declaration(b"<?xml version='2"));
        assert!(!truncated_declaration(b"<?xml version='1.0' foo"));
        assert!(!truncated_declaration(b"<?xmlx"));
        assert!(truncated_declaration(b"\xEF\xBB\xBF<?x"));
    }

    #[test]
    fn offsets_from_positions() {
        let s = "ab\ncdé\nf";
        assert_eq!(byte_offset(s, TextPos::new(1, 1)), 0);
        assert_eq!(byte_offset(s, TextPos::new(2, 3)), 5);
        assert_eq!(byte_offset(s, TextPos::new(3, 1)), 8);
        assert_eq!(byte_offset(s, TextPos::new(9, 1)), s.len());
    }
}
