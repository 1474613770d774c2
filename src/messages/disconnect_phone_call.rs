//! DisconnectPhoneCall, Exchange Web Services: the request names the call
//! by `PhoneCallId@Id` (with an optional `RequestServerVersion` header);
//! the response is a flat `ResponseMessageType` (with an optional
//! `ServerVersionInfo` header).

use super::action::SoapAction;
use super::ews::{
    ConnectingSid, ExchangeVersion, HeaderUse, Headers, RequestHeaders, ResponseClass, ResponseCode, ServerVersionInfo,
};
use super::response::{
    decode_phone_call_id_body, decode_response, encode_response, response_tags, BaseResponse, REQUEST_LAYOUT,
    RESPONSE_LAYOUT,
};
use crate::cursor::{Cursor, QName, Space};
use crate::error::Result;
use crate::message::{not_a_fault, typed_decode, Encode, Operation};
use crate::soap::{fixed, Indent, Layout, Part};
use crate::xml::{escape_text, Context, RawXml, Sink, Tag, Text};

pub(crate) const REQUEST: &QName = &QName::new(Space::Messages, "DisconnectPhoneCall");
pub(crate) const RESPONSE: &QName = &QName::new(Space::Messages, "DisconnectPhoneCallResponse");

/// DisconnectPhoneCall request (body element `m:DisconnectPhoneCall`):
/// hang up the call `phone_call_id`.
///
/// ```
/// use umcodec::{DisconnectPhoneCallRequest, Encode, ExchangeVersion, Text};
///
/// let req = DisconnectPhoneCallRequest {
///     request_server_version: Some(ExchangeVersion::Exchange2010),
///     mailbox_culture: Some(Text::new("en-US")),
///     impersonation: None,
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
    /// The `t:MailboxCulture` SOAP header: the culture (an `xs:language`
    /// tag such as `en-US`) the server uses for text in its answer. `None`:
    /// no such header.
    pub mailbox_culture: Option<Text<'a>>,
    /// The `t:ExchangeImpersonation` SOAP header: the account the request
    /// acts as. `None`: no such header.
    pub impersonation: Option<ConnectingSid<'a>>,
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

impl DisconnectPhoneCallRequest<'_> {
    /// The operation's SOAPAction ([`SoapAction::uri`] gives the URI to
    /// send in the HTTP `SOAPAction` header).
    pub const SOAP_ACTION: SoapAction = SoapAction::DisconnectPhoneCall;
}

impl<'a> Operation<'a> for DisconnectPhoneCallRequest<'a> {
    const ACTION: Option<SoapAction> = Some(Self::SOAP_ACTION);
    const ELEMENT: &'static QName = REQUEST;
    const HEADERS: HeaderUse = HeaderUse::EwsRequest;

    fn decode_body(cur: &mut Cursor<'_, 'a>, _: &Tag, headers: &Headers<'a>) -> Result<Self> {
        let version = headers.request_server_version.map(|(v, _)| v);
        let phone_call_id = decode_phone_call_id_body(cur, REQUEST)?;
        Ok(DisconnectPhoneCallRequest {
            request_server_version: version,
            mailbox_culture: headers.mailbox_culture.map(|(c, _)| c),
            impersonation: headers.impersonation.map(|(i, _)| i),
            phone_call_id,
        })
    }
}

impl<'a> DisconnectPhoneCallRequest<'a> {
    /// The request's SOAP header blocks.
    pub(crate) fn headers(&self) -> RequestHeaders<'_, 'a> {
        RequestHeaders {
            version: self.request_server_version,
            culture: self.mailbox_culture.as_ref(),
            impersonation: self.impersonation.as_ref(),
        }
    }

    pub(crate) fn encode_body<S: Sink + ?Sized>(&self, out: &mut S, ind: Indent) -> Result<()> {
        fixed!(out, ind; 2 "<m:DisconnectPhoneCall>", 3 "<m:PhoneCallId Id=\"")?;
        escape_text(out, &self.phone_call_id, Context::Attribute)?;
        fixed!(out, ind; _ "\" />", 2 "</m:DisconnectPhoneCall>")
    }

    /// The layout of the EWS Managed API.
    pub(crate) const LAYOUT: Layout = REQUEST_LAYOUT;
}

impl<'a> Operation<'a> for DisconnectPhoneCallResponse<'a> {
    const ELEMENT: &'static QName = RESPONSE;
    const HEADERS: HeaderUse = HeaderUse::EwsResponse;

    fn decode_body(cur: &mut Cursor<'_, 'a>, start: &Tag, headers: &Headers<'a>) -> Result<Self> {
        let base = decode_response(cur, start, RESPONSE, None, |_, _| Ok(()))?;
        Ok(DisconnectPhoneCallResponse {
            server_version: headers.server_version.map(|(v, _)| v),
            response_class: base.response_class,
            message_text: base.message_text,
            response_code: base.response_code,
            descriptive_link_key: base.descriptive_link_key,
            message_xml: base.message_xml,
        })
    }
}

impl<'a> DisconnectPhoneCallResponse<'a> {
    /// The call was disconnected: `Success`, `NoError`.
    ///
    /// ```
    /// use umcodec::{DisconnectPhoneCallResponse, ResponseClass};
    ///
    /// let r = DisconnectPhoneCallResponse::success();
    /// assert_eq!(r.response_class, ResponseClass::Success);
    /// assert!(r.response_code.unwrap().is_success());
    /// ```
    #[must_use]
    pub const fn success() -> Self {
        Self::from_base(BaseResponse::success())
    }

    /// The call was not disconnected: `Error` with `code` and `text`
    /// (and `DescriptiveLinkKey` 0, as Exchange writes it).
    ///
    /// ```
    /// use umcodec::{DisconnectPhoneCallResponse, KnownResponseCode};
    ///
    /// let r = DisconnectPhoneCallResponse::error(KnownResponseCode::ErrorInvalidPhoneCallId, "The phone call ID isn't valid.");
    /// assert_eq!(r.message_text.unwrap(), "The phone call ID isn't valid.");
    /// ```
    #[must_use]
    pub fn error(code: impl Into<ResponseCode<'a>>, text: &'a str) -> Self {
        Self::from_base(BaseResponse::error(code.into(), text))
    }

    const fn from_base(base: BaseResponse<'a>) -> Self {
        DisconnectPhoneCallResponse {
            server_version: None,
            response_class: base.response_class,
            message_text: base.message_text,
            response_code: base.response_code,
            descriptive_link_key: base.descriptive_link_key,
            message_xml: base.message_xml,
        }
    }

    pub(crate) fn encode_header<S: Sink + ?Sized>(&self, out: &mut S, _: Indent) -> Result<()> {
        match &self.server_version {
            Some(v) => v.encode(out),
            None => Ok(()),
        }
    }

    /// The fields of the response message.
    fn base(&self) -> BaseResponse<'a> {
        BaseResponse {
            response_class: self.response_class,
            message_text: self.message_text,
            response_code: self.response_code,
            descriptive_link_key: self.descriptive_link_key,
            message_xml: self.message_xml,
        }
    }

    pub(crate) fn encode_body<S: Sink + ?Sized>(&self, out: &mut S, _: Indent) -> Result<()> {
        encode_response(
            out,
            &response_tags!("DisconnectPhoneCallResponse"),
            &self.base(),
            |_| Ok(()),
        )
    }

    /// The layout of Exchange's responses.
    pub(crate) const LAYOUT: Layout = RESPONSE_LAYOUT;
}

impl Encode for DisconnectPhoneCallRequest<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        let headers = self.headers();
        let header = |o: &mut dyn Sink, ind: Indent| headers.encode(o, ind);
        let header: Option<Part<'_>> = headers.any().then_some(&header);
        crate::soap::write(out, &Self::LAYOUT, header, &|o, ind| self.encode_body(o, ind))
    }
}

impl Encode for DisconnectPhoneCallResponse<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        let header = |o: &mut dyn Sink, ind: Indent| self.encode_header(o, ind);
        let header: Option<Part<'_>> = self.server_version.is_some().then_some(&header);
        crate::soap::write(out, &Self::LAYOUT, header, &|o, ind| self.encode_body(o, ind))
    }
}

typed_decode!(
    DisconnectPhoneCallRequest<'a>,
    "DisconnectPhoneCallRequest",
    "a DisconnectPhoneCall request",
    not_a_fault!(),
    "DisconnectPhoneCallRequest, Text",
    "DisconnectPhoneCallRequest {
    request_server_version: None,
    mailbox_culture: None,
    impersonation: None,
    phone_call_id: Text::new(\"OWVl4NWb3N29t\"),
}",
);

typed_decode!(
    DisconnectPhoneCallResponse<'a>,
    "DisconnectPhoneCallResponse",
    "a DisconnectPhoneCall response",
    not_a_fault!(),
    "DisconnectPhoneCallResponse, KnownResponseCode, ResponseClass, ResponseCode",
    "DisconnectPhoneCallResponse {
    server_version: None,
    response_class: ResponseClass::Success,
    message_text: None,
    response_code: Some(ResponseCode::Known(KnownResponseCode::NoError)),
    descriptive_link_key: None,
    message_xml: None,
}",
);
