//! What the EWS phone-call operations share: the flat response message
//! (`ResponseClass`, `MessageText`, `ResponseCode`, `DescriptiveLinkKey`,
//! `MessageXml`, then the operation's own element), the `PhoneCallId`
//! element of the requests, and the envelope layouts.

use super::ews::{write_int, KnownResponseCode, ResponseClass, ResponseCode};
use crate::cursor::{Cursor, QName, Space};
use crate::error::{Error, ErrorKind, ExpectedName, Result};
use crate::soap::Layout;
use crate::values::{parse_enum, parse_int, with_trimmed};
use crate::xml::{escape_text, escape_text_trimmed, write_xmlns, Context, RawXml, Sink, Tag, Text};

pub(crate) const PHONE_CALL_ID: &QName = &QName::new(Space::Messages, "PhoneCallId");
const MESSAGE_TEXT: &QName = &QName::new(Space::Messages, "MessageText");
const RESPONSE_CODE: &QName = &QName::new(Space::Messages, "ResponseCode");
const DESCRIPTIVE_LINK_KEY: &QName = &QName::new(Space::Messages, "DescriptiveLinkKey");
const MESSAGE_XML: &QName = &QName::new(Space::Messages, "MessageXml");

/// The layout of the EWS Managed API, for requests.
pub(crate) const REQUEST_LAYOUT: Layout = crate::soap::layout!(
    prefix: "soap",
    envelope: concat!(
        "<soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
        " xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"",
        " xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
        " xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
    ),
    body: "<soap:Body>",
    indent: true,
);

/// The layout of Exchange's responses.
pub(crate) const RESPONSE_LAYOUT: Layout = crate::soap::layout!(
    prefix: "s",
    envelope: "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">",
    body: concat!(
        "<s:Body xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
        " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
    ),
    indent: false,
);

/// Reads an `m:PhoneCallId` element (just opened): its required `Id`
/// attribute, empty content.
pub(crate) fn decode_phone_call_id<'a>(cur: &mut Cursor<'_, 'a>, start: &Tag) -> Result<Text<'a>> {
    let mut id = None;
    cur.attributes(PHONE_CALL_ID, &["Id"], |_, a| {
        id = Some(a);
        Ok(())
    })?;
    let id = id.ok_or(Error::new(
        ErrorKind::MissingAttribute {
            element: PHONE_CALL_ID.expected(),
            attribute: &ExpectedName { ns: None, local: "Id" },
        },
        start.offset(),
    ))?;
    super::ews::empty_content(cur, PHONE_CALL_ID)?;
    Ok(id)
}

/// The request body `<m:OP><m:PhoneCallId Id="…"/></m:OP>` (just opened).
pub(crate) fn decode_phone_call_id_body<'a>(cur: &mut Cursor<'_, 'a>, op: &'static QName) -> Result<Text<'a>> {
    cur.no_attributes(op)?;
    let start = cur.expect(PHONE_CALL_ID)?;
    let id = decode_phone_call_id(cur, &start)?;
    cur.expect_end(op)?;
    Ok(id)
}

/// The fields every EWS response message has.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BaseResponse<'a> {
    pub response_class: ResponseClass,
    pub message_text: Option<Text<'a>>,
    pub response_code: Option<ResponseCode<'a>>,
    pub descriptive_link_key: Option<i32>,
    pub message_xml: Option<RawXml<'a>>,
}

impl<'a> BaseResponse<'a> {
    /// `Success` with `NoError`, nothing else (what Exchange writes).
    pub(crate) const fn success() -> Self {
        BaseResponse {
            response_class: ResponseClass::Success,
            message_text: None,
            response_code: Some(ResponseCode::Known(KnownResponseCode::NoError)),
            descriptive_link_key: None,
            message_xml: None,
        }
    }

    /// `Error` with its text, code and a `DescriptiveLinkKey` of `0`
    /// (what Exchange writes).
    pub(crate) fn error(code: ResponseCode<'a>, text: &'a str) -> Self {
        BaseResponse {
            response_class: ResponseClass::Error,
            message_text: Some(Text::new(text)),
            response_code: Some(code),
            descriptive_link_key: Some(0),
            message_xml: None,
        }
    }
}

/// Reads a flat response message `element` (just opened, `start`): the
/// `ResponseClass` attribute, the optional elements of
/// `ResponseMessageType` in their order, then at most one `ext` element,
/// which `read_ext` decodes (its start tag just read).
pub(crate) fn decode_response<'a>(
    cur: &mut Cursor<'_, 'a>,
    start: &Tag,
    element: &'static QName,
    ext: Option<&'static QName>,
    mut read_ext: impl FnMut(&mut Cursor<'_, 'a>, &Tag) -> Result<()>,
) -> Result<BaseResponse<'a>> {
    let mut class = None;
    cur.attributes(element, &["ResponseClass"], |_, a| {
        class = Some(parse_enum(&"ResponseClass", &a, ResponseClass::from_str)?);
        Ok(())
    })?;
    let Some(response_class) = class else {
        return Err(Error::new(
            ErrorKind::MissingAttribute {
                element: element.expected(),
                attribute: &ExpectedName {
                    ns: None,
                    local: "ResponseClass",
                },
            },
            start.offset(),
        ));
    };
    let mut resp = BaseResponse {
        response_class,
        message_text: None,
        response_code: None,
        descriptive_link_key: None,
        message_xml: None,
    };
    // The children form a sequence of optional elements: each must come
    // after the one before it in this order; the operation's own element
    // comes last.
    const ORDER: [&QName; 4] = [MESSAGE_TEXT, RESPONSE_CODE, DESCRIPTIVE_LINK_KEY, MESSAGE_XML];
    let mut next_allowed = 0;
    while let Some(child) = cur.next_child()? {
        let mut slot = None;
        for (i, q) in ORDER.iter().enumerate().skip(next_allowed) {
            if cur.is(&child, q)? {
                slot = Some(i);
                break;
            }
        }
        if slot.is_none() && next_allowed <= ORDER.len() {
            if let Some(q) = ext {
                if cur.is(&child, q)? {
                    next_allowed = ORDER.len() + 1;
                    read_ext(cur, &child)?;
                    continue;
                }
            }
        }
        let Some(i) = slot else {
            return Err(cur.unexpected_child(element, child.offset()));
        };
        next_allowed = i + 1;
        cur.no_attributes(ORDER[i])?;
        match i {
            0 => resp.message_text = Some(cur.text(MESSAGE_TEXT)?),
            1 => {
                let t = cur.text(RESPONSE_CODE)?;
                resp.response_code = Some(response_code(t));
            }
            2 => {
                let t = cur.text(DESCRIPTIVE_LINK_KEY)?;
                resp.descriptive_link_key = Some(parse_int(&"DescriptiveLinkKey", &t)?);
            }
            _ => {
                let start = cur.reader.position();
                let end = cur.reader.skip_element()?;
                resp.message_xml = Some(RawXml::in_document(cur.reader.input(), start, end.max(start)));
            }
        }
    }
    Ok(resp)
}

/// The start of a response message's start tag and its end tag, for
/// [`encode_response`]: `response_tags!("DisconnectPhoneCallResponse")`.
macro_rules! response_tags {
    ($name:literal) => {
        $crate::messages::response::ResponseTags {
            open: concat!("<", $name, " ResponseClass=\""),
            close: concat!("</", $name, ">"),
        }
    };
}
pub(crate) use response_tags;

/// See [`response_tags`].
pub(crate) struct ResponseTags {
    pub open: &'static str,
    pub close: &'static str,
}

/// `class_tail`'s arms: each class as written, the rest of the start tag,
/// and the `ResponseCode` start when it comes next.
macro_rules! class_tails {
    ($class:expr, $code_next:expr; $($variant:ident = $text:literal),*) => {
        match ($class, $code_next) {
            $(
                (ResponseClass::$variant, false) => concat!($text, xmlns_end!()),
                (ResponseClass::$variant, true) => concat!($text, xmlns_end!(), "<ResponseCode>"),
            )*
        }
    };
}

/// The messages namespace as the response message's default, and the end
/// of its start tag.
macro_rules! xmlns_end {
    () => {
        "\" xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\">"
    };
}

/// The class, the rest of the start tag and, when `code_next` (no
/// `MessageText` before it), the `ResponseCode` start: Exchange's order
/// makes these six strings, each written at once.
fn class_tail(class: ResponseClass, code_next: bool) -> &'static str {
    class_tails!(class, code_next; Success = "Success", Warning = "Warning", Error = "Error")
}

/// Writes a flat response message the way Exchange does, with `ext`
/// writing the operation's own element last.
pub(crate) fn encode_response<S: Sink + ?Sized>(
    out: &mut S,
    tags: &ResponseTags,
    base: &BaseResponse<'_>,
    ext: impl FnOnce(&mut S) -> Result<()>,
) -> Result<()> {
    // An unknown code must read back as the same unknown code, so it may
    // not be spelled as a known one; refused before the element starts.
    if let Some(ResponseCode::Other(t)) = &base.response_code {
        if with_trimmed(t, |v| v.and_then(KnownResponseCode::from_str)).is_some() {
            return Err(crate::values::invalid(&"ResponseCode", t));
        }
    }
    let code_next = base.message_text.is_none() && base.response_code.is_some();
    out.write_str(tags.open)?;
    out.write_str(class_tail(base.response_class, code_next))?;
    if let Some(t) = &base.message_text {
        out.write_str("<MessageText>")?;
        escape_text(out, t, Context::Content)?;
        out.write_str("</MessageText>")?;
    }
    match &base.response_code {
        Some(ResponseCode::Known(c)) => {
            if !code_next {
                out.write_str("<ResponseCode>")?;
            }
            out.write_str(c.as_str())?;
            out.write_str("</ResponseCode>")?;
        }
        Some(ResponseCode::Other(t)) => {
            // Written without the surrounding whitespace a reader drops.
            if !code_next {
                out.write_str("<ResponseCode>")?;
            }
            escape_text_trimmed(out, t, Context::Content)?;
            out.write_str("</ResponseCode>")?;
        }
        None => {}
    }
    if let Some(k) = base.descriptive_link_key {
        out.write_str("<DescriptiveLinkKey>")?;
        write_int(out, k, b"</DescriptiveLinkKey>")?;
    }
    if let Some(raw) = &base.message_xml {
        write_message_xml(out, raw)?;
    }
    ext(out)?;
    out.write_str(tags.close)
}

/// A known code when the schema lists it, else the text as written.
fn response_code(t: Text<'_>) -> ResponseCode<'_> {
    match with_trimmed(&t, |v| v.and_then(KnownResponseCode::from_str)) {
        Some(c) => ResponseCode::Known(c),
        None => ResponseCode::Other(t.trimmed_literal().map_or(t, |(_, trimmed)| trimmed)),
    }
}

/// Writes `<MessageXml>` around raw content, re-declaring the namespaces
/// that were in scope where the content was read, so that it means the
/// same inside the new envelope.
fn write_message_xml<S: Sink + ?Sized>(out: &mut S, raw: &RawXml<'_>) -> Result<()> {
    use crate::namespaces::{MESSAGES as M, SOAP_ENVELOPE, XSD, XSI};
    const KNOWN: &[&str] = &crate::namespaces::KNOWN;
    // What `LAYOUT` already has in scope around MessageXml (besides the
    // default namespace M of the response element).
    const OURS: [(&str, &str); 3] = [("s", SOAP_ENVELOPE), ("xsi", XSI), ("xsd", XSD)];
    // The content's default namespace, and a prefix it already binds to M.
    let mut default: Option<Text<'_>> = None;
    let mut bound_to_m: Option<&str> = None;
    raw.with_scope(KNOWN, |prefix, uri| {
        if prefix.is_empty() {
            default = Some(uri);
        } else if uri == M {
            bound_to_m = Some(prefix);
        }
        Ok(())
    })?;
    // Inside the response the default namespace is M. When the content
    // expects another one, the wrapper takes a prefix: one the content
    // already binds to M, else a free one (`m`, `m1`, `m2`, …).
    let unprefixed = matches!(default, Some(d) if d == M);
    let mut digits = [0u8; 20];
    let mut prefix = bound_to_m.unwrap_or("m");
    if !unprefixed && bound_to_m.is_none() {
        let mut n = 0u64;
        loop {
            let mut taken = false;
            raw.with_scope(KNOWN, |p, _| {
                taken |= p == prefix;
                Ok(())
            })?;
            if !taken {
                break;
            }
            n += 1;
            prefix = numbered(&mut digits, n);
        }
    }
    let open = |out: &mut S| -> Result<()> {
        if !unprefixed {
            out.write_str(prefix)?;
            out.write_str(":")?;
        }
        out.write_str("MessageXml")
    };
    out.write_str("<")?;
    open(out)?;
    if !unprefixed {
        write_xmlns(out, "", &default.unwrap_or(Text::new("")))?;
        if bound_to_m.is_none() {
            write_xmlns(out, prefix, &Text::new(M))?;
        }
    }
    raw.write_prefix_scope(out, KNOWN, &OURS)?;
    out.write_str(">")?;
    out.write_str(raw.as_str())?;
    out.write_str("</")?;
    open(out)?;
    out.write_str(">")
}

/// `m` followed by the decimal digits of `n`, in `buf`.
fn numbered(buf: &mut [u8; 20], n: u64) -> &str {
    let mut i = buf.len();
    let mut v = n;
    while v > 0 || i == buf.len() {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    i -= 1;
    buf[i] = b'm';
    core::str::from_utf8(&buf[i..]).unwrap_or("m")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The merged strings spell each class as the enum does.
    #[test]
    fn class_tails_spell_the_classes_as_the_enum_does() {
        for class in [ResponseClass::Success, ResponseClass::Warning, ResponseClass::Error] {
            let plain = class_tail(class, false);
            assert!(plain.starts_with(class.as_str()));
            assert_eq!(&plain[class.as_str().len()..], xmlns_end!());
            assert_eq!(class_tail(class, true), [plain, "<ResponseCode>"].concat());
        }
    }
}
