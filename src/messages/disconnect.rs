//! Disconnect, Exchange 2007 Unified Messaging web service: the request
//! names the call to hang up by `CallId` (as PlayOnPhone or
//! PlayOnPhoneGreeting returned it); the response is an empty
//! `DisconnectResponse`. Shapes from [MS-OXWUMS] §3.1.4.1 and the published
//! examples (no SOAP headers).

use super::action::SoapAction;
use super::ews::{HeaderUse, Headers};
use super::get_call_info::{text_only_body, GetCallInfoRequest, GetCallInfoResponse};
use crate::cursor::{Cursor, QName, Space};
use crate::error::Result;
use crate::message::{not_a_fault, typed_decode, Encode, Operation};
use crate::soap::{fixed, Indent};
use crate::xml::{escape_text, Context, Sink, Tag, Text};

pub(crate) const REQUEST: &QName = &QName::new(Space::Messages, "Disconnect");
const CALL_ID: &QName = &QName::new(Space::Messages, "CallId");
pub(crate) const RESPONSE: &QName = &QName::new(Space::Messages, "DisconnectResponse");

/// Disconnect request (body element `Disconnect` in the messages
/// namespace): hang up the call `call_id`.
///
/// ```
/// use umcodec::{DisconnectRequest, Encode, Text};
///
/// let req = DisconnectRequest { call_id: Text::new("MDlkZjllZGM=") };
/// let mut buf = [0u8; 512];
/// let n = req.encode(&mut buf)?;
/// assert!(core::str::from_utf8(&buf[..n]).unwrap().contains("<CallId>MDlkZjllZGM=</CallId>"));
/// assert_eq!(DisconnectRequest::decode(&buf[..n])?, req);
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct DisconnectRequest<'a> {
    /// The `CallId` element: the handle PlayOnPhone or PlayOnPhoneGreeting
    /// returned for the call (reported exactly as written).
    pub call_id: Text<'a>,
}

/// Disconnect response (body element `DisconnectResponse`, empty): the
/// call was hung up. A call id the server does not know is answered with
/// a fault instead (`InvalidCallIdException`).
///
/// ```
/// use umcodec::{DisconnectResponse, Message};
///
/// let xml = br#"<?xml version="1.0" encoding="utf-8"?>
/// <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
///   <DisconnectResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages" />
/// </soap:Body></soap:Envelope>"#;
/// assert_eq!(Message::decode(xml)?, Message::DisconnectResponse(DisconnectResponse));
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct DisconnectResponse;

impl DisconnectRequest<'_> {
    /// The operation's SOAPAction ([`SoapAction::uri`] gives the URI to
    /// send in the HTTP `SOAPAction` header).
    pub const SOAP_ACTION: SoapAction = SoapAction::Disconnect;
}

impl<'a> Operation<'a> for DisconnectRequest<'a> {
    const ACTION: Option<SoapAction> = Some(Self::SOAP_ACTION);
    const ELEMENT: &'static QName = REQUEST;
    const HEADERS: HeaderUse = HeaderUse::None;

    fn decode_body(cur: &mut Cursor<'_, 'a>, _: &Tag, _: &Headers<'a>) -> Result<Self> {
        Ok(DisconnectRequest {
            call_id: text_only_body(cur, REQUEST, CALL_ID)?,
        })
    }
}

impl<'a> Operation<'a> for DisconnectResponse {
    const ELEMENT: &'static QName = RESPONSE;
    const HEADERS: HeaderUse = HeaderUse::None;

    /// Nothing but whitespace (and comments) inside.
    fn decode_body(cur: &mut Cursor<'_, 'a>, _: &Tag, _: &Headers<'a>) -> Result<Self> {
        cur.no_attributes(RESPONSE)?;
        cur.expect_end(RESPONSE)?;
        Ok(DisconnectResponse)
    }
}

impl Encode for DisconnectRequest<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        // The layout of the published request examples, as for GetCallInfo.
        crate::soap::write(out, &GetCallInfoRequest::LAYOUT, None, &|o, ind: Indent| {
            fixed!(o, ind;
                2 "<Disconnect xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\">",
                3 "<CallId>")?;
            escape_text(o, &self.call_id, Context::Content)?;
            fixed!(o, ind; _ "</CallId>", 2 "</Disconnect>")
        })
    }
}

impl Encode for DisconnectResponse {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        crate::soap::write(out, &GetCallInfoResponse::LAYOUT, None, &|o, _| {
            o.write_str("<DisconnectResponse xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\" />")
        })
    }
}

typed_decode!(
    DisconnectRequest<'a>,
    "DisconnectRequest",
    "a Disconnect request (UM web service)",
    not_a_fault!(),
    "DisconnectRequest, Text",
    "DisconnectRequest { call_id: Text::new(\"MDlkZjllZGM=\") }",
);

typed_decode!(
    DisconnectResponse,
    "DisconnectResponse",
    "a Disconnect response (UM web service)",
    not_a_fault!(),
    "DisconnectResponse",
    "DisconnectResponse",
);
