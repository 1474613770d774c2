//! DisconnectPhoneCall, Exchange Web Services: the request names the call
//! by `PhoneCallId@Id` (with an optional `RequestServerVersion` header);
//! the response is a flat `ResponseMessageType` (with an optional
//! `ServerVersionInfo` header).

use super::ews::{
    empty_content, write_int, ExchangeVersion, KnownResponseCode, ResponseClass, ResponseCode, ServerVersionInfo,
};
use crate::cursor::{Cursor, QName, Space};
use crate::error::{Error, ErrorKind, Result};
use crate::soap::{fixed, Indent, Layout};
use crate::values::{parse_enum, parse_int, with_trimmed};
use crate::xml::{escape_text, escape_text_trimmed, write_xmlns, Context, RawXml, Sink, Start, Text};

pub(crate) const REQUEST: QName = QName::new(Space::Messages, "DisconnectPhoneCall");
const PHONE_CALL_ID: QName = QName::new(Space::Messages, "PhoneCallId");
pub(crate) const RESPONSE: QName = QName::new(Space::Messages, "DisconnectPhoneCallResponse");
const MESSAGE_TEXT: QName = QName::new(Space::Messages, "MessageText");
const RESPONSE_CODE: QName = QName::new(Space::Messages, "ResponseCode");
const DESCRIPTIVE_LINK_KEY: QName = QName::new(Space::Messages, "DescriptiveLinkKey");
const MESSAGE_XML: QName = QName::new(Space::Messages, "MessageXml");

/// DisconnectPhoneCall request (body element `m:DisconnectPhoneCall`):
/// hang up the call `phone_call_id`.
///
/// ```
/// use umcodec::{DisconnectPhoneCallRequest, Encode, ExchangeVersion, Text};
///
/// let req = DisconnectPhoneCallRequest {
///     request_server_version: Some(ExchangeVersion::Exchange2010),
///     phone_call_id: Text::new("OWVl4NWb3N29t"),
/// };
/// let mut buf = [0u8; 1024];
/// let n = req.encode(&mut buf)?;
/// assert_eq!(n, req.encoded_len()?);
/// assert_eq!(DisconnectPhoneCallRequest::decode(&buf[..n])?, req);
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct DisconnectPhoneCallRequest<'a> {
    /// The `Version` attribute of the `t:RequestServerVersion` SOAP header:
    /// the schema version the client speaks. `None`: no such header (the
    /// encoder then writes none).
    pub request_server_version: Option<ExchangeVersion>,
    /// The `Id` attribute of `m:PhoneCallId`: the call to hang up, as
    /// PlayOnPhone returned it (reported exactly as written).
    pub phone_call_id: Text<'a>,
}

/// DisconnectPhoneCall response (body element
/// `m:DisconnectPhoneCallResponse`, an EWS response message): success,
/// warning or error.
///
/// ```
/// use umcodec::{DisconnectPhoneCallResponse, KnownResponseCode, ResponseClass, ResponseCode};
///
/// let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
///   <DisconnectPhoneCallResponse ResponseClass="Error" xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
///     <MessageText>The phone call ID isn't valid.</MessageText>
///     <ResponseCode>ErrorInvalidPhoneCallId</ResponseCode>
///     <DescriptiveLinkKey>0</DescriptiveLinkKey>
///   </DisconnectPhoneCallResponse></s:Body></s:Envelope>"#;
/// let resp = DisconnectPhoneCallResponse::decode(xml)?;
/// assert_eq!(resp.response_class, ResponseClass::Error);
/// assert_eq!(resp.response_code, Some(ResponseCode::Known(KnownResponseCode::ErrorInvalidPhoneCallId)));
/// assert_eq!(resp.message_text.unwrap(), "The phone call ID isn't valid.");
/// assert_eq!(resp.descriptive_link_key, Some(0));
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct DisconnectPhoneCallResponse<'a> {
    /// The `t:ServerVersionInfo` SOAP header: which server build answered.
    /// `None`: no such header.
    pub server_version: Option<ServerVersionInfo<'a>>,
    /// The required `ResponseClass` attribute: whether the call was
    /// disconnected (`Success`) or not (`Error`), or succeeded with a
    /// `Warning`.
    pub response_class: ResponseClass,
    /// The `m:MessageText` element: the server's explanation of a warning
    /// or error, for people (not trimmed).
    pub message_text: Option<Text<'a>>,
    /// The `m:ResponseCode` element: `NoError`, or the code that says what
    /// went wrong (`ErrorInvalidPhoneCallId`, …).
    pub response_code: Option<ResponseCode<'a>>,
    /// The `m:DescriptiveLinkKey` element, an `xs:int` that servers set to
    /// `0` (documented as unused).
    pub descriptive_link_key: Option<i32>,
    /// The `m:MessageXml` element: its content as written (markup
    /// included), extra details of an error such as the throttling policy
    /// hit.
    pub message_xml: Option<RawXml<'a>>,
}

impl<'a> DisconnectPhoneCallRequest<'a> {
    pub(crate) fn decode_body(cur: &mut Cursor<'a>, version: Option<ExchangeVersion>) -> Result<Self> {
        cur.no_attributes(REQUEST)?;
        let id_start = cur.expect(PHONE_CALL_ID)?;
        let mut id = None;
        cur.attributes(PHONE_CALL_ID, &["Id"], |_, a| {
            id = Some(a.value);
            Ok(())
        })?;
        let phone_call_id = id.ok_or(Error::new(
            ErrorKind::MissingAttribute {
                element: PHONE_CALL_ID.expected(),
                attribute: "Id",
            },
            id_start.offset,
        ))?;
        empty_content(cur, PHONE_CALL_ID)?;
        cur.expect_end(REQUEST)?;
        Ok(DisconnectPhoneCallRequest {
            request_server_version: version,
            phone_call_id,
        })
    }

    pub(crate) fn encode_header<S: Sink + ?Sized>(&self, out: &mut S, ind: Indent) -> Result<()> {
        if let Some(v) = self.request_server_version {
            fixed!(out, ind; 2 "<t:RequestServerVersion Version=\"")?;
            out.write_str(v.as_str())?;
            out.write_str("\" />")?;
        }
        Ok(())
    }

    pub(crate) fn encode_body<S: Sink + ?Sized>(&self, out: &mut S, ind: Indent) -> Result<()> {
        fixed!(out, ind; 2 "<m:DisconnectPhoneCall>", 3 "<m:PhoneCallId Id=\"")?;
        escape_text(out, &self.phone_call_id, Context::Attribute)?;
        fixed!(out, ind; _ "\" />", 2 "</m:DisconnectPhoneCall>")
    }

    /// The layout of the EWS Managed API.
    pub(crate) const LAYOUT: Layout = crate::soap::layout!(
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
}

impl<'a> DisconnectPhoneCallResponse<'a> {
    pub(crate) fn decode_body(
        cur: &mut Cursor<'a>,
        start: &Start<'a>,
        server_version: Option<ServerVersionInfo<'a>>,
    ) -> Result<Self> {
        let mut class = None;
        cur.attributes(RESPONSE, &["ResponseClass"], |_, a| {
            class = Some(parse_enum("ResponseClass", &a.value, ResponseClass::from_str)?);
            Ok(())
        })?;
        let Some(response_class) = class else {
            return Err(Error::new(
                ErrorKind::MissingAttribute {
                    element: RESPONSE.expected(),
                    attribute: "ResponseClass",
                },
                start.offset,
            ));
        };
        let mut resp = DisconnectPhoneCallResponse {
            server_version,
            response_class,
            message_text: None,
            response_code: None,
            descriptive_link_key: None,
            message_xml: None,
        };
        // The children form a sequence of optional elements: each must come
        // after the one before it in this order.
        const ORDER: [QName; 4] = [MESSAGE_TEXT, RESPONSE_CODE, DESCRIPTIVE_LINK_KEY, MESSAGE_XML];
        let mut next_allowed = 0;
        while let Some(child) = cur.next_child()? {
            let mut slot = None;
            for (i, q) in ORDER.iter().enumerate().skip(next_allowed) {
                if cur.is(&child, *q)? {
                    slot = Some(i);
                    break;
                }
            }
            let Some(i) = slot else {
                return Err(cur.unexpected_child(RESPONSE, &child));
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
                    resp.descriptive_link_key = Some(parse_int("DescriptiveLinkKey", &t)?);
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

    pub(crate) fn encode_header<S: Sink + ?Sized>(&self, out: &mut S, _: Indent) -> Result<()> {
        match &self.server_version {
            Some(v) => v.encode(out),
            None => Ok(()),
        }
    }

    pub(crate) fn encode_body<S: Sink + ?Sized>(&self, out: &mut S, _: Indent) -> Result<()> {
        out.write_str("<DisconnectPhoneCallResponse ResponseClass=\"")?;
        out.write_str(self.response_class.as_str())?;
        out.write_str("\" xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\">")?;
        if let Some(t) = &self.message_text {
            out.write_str("<MessageText>")?;
            escape_text(out, t, Context::Content)?;
            out.write_str("</MessageText>")?;
        }
        match &self.response_code {
            Some(ResponseCode::Known(c)) => {
                out.write_str("<ResponseCode>")?;
                out.write_str(c.as_str())?;
                out.write_str("</ResponseCode>")?;
            }
            Some(ResponseCode::Other(t)) => {
                // It must read back as the same unknown code; written
                // without the surrounding whitespace a reader drops.
                if with_trimmed(t, |v| v.and_then(KnownResponseCode::from_str)).is_some() {
                    return Err(crate::values::invalid("ResponseCode", t));
                }
                out.write_str("<ResponseCode>")?;
                escape_text_trimmed(out, t, Context::Content)?;
                out.write_str("</ResponseCode>")?;
            }
            None => {}
        }
        if let Some(k) = self.descriptive_link_key {
            out.write_str("<DescriptiveLinkKey>")?;
            write_int(out, k, b"</DescriptiveLinkKey>")?;
        }
        if let Some(raw) = &self.message_xml {
            write_message_xml(out, raw)?;
        }
        out.write_str("</DisconnectPhoneCallResponse>")
    }

    /// The layout of Exchange's responses.
    pub(crate) const LAYOUT: Layout = crate::soap::layout!(
        prefix: "s",
        envelope: "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">",
        body: concat!(
            "<s:Body xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
            " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
        ),
        indent: false,
    );
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
