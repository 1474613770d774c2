//! GetPhoneCallInformation, Exchange Web Services: the request names the
//! call by `PhoneCallId@Id` (with the EWS request header blocks); the
//! response is a flat `ResponseMessageType` with an optional
//! `PhoneCallInformation` (and an optional `ServerVersionInfo` header).

use super::action::SoapAction;
use super::ews::{
    ConnectingSid, ExchangeVersion, HeaderUse, Headers, RequestHeaders, ResponseClass, ResponseCode, ServerVersionInfo,
};
use super::get_call_info::enum_element;
use super::response::{
    decode_phone_call_id_body, decode_response, encode_response, response_tags, BaseResponse, REQUEST_LAYOUT,
    RESPONSE_LAYOUT,
};
use crate::cursor::{Cursor, QName, Space};
use crate::error::Result;
use crate::message::{not_a_fault, typed_decode, Encode, Operation};
use crate::soap::{fixed, Indent, Part};
use crate::values::{parse_enum, parse_int, string_enum};
use crate::xml::{escape_text, Context, RawXml, Sink, Tag, Text};

pub(crate) const REQUEST: &QName = &QName::new(Space::Messages, "GetPhoneCallInformation");
pub(crate) const RESPONSE: &QName = &QName::new(Space::Messages, "GetPhoneCallInformationResponse");
const INFORMATION: &QName = &QName::new(Space::Messages, "PhoneCallInformation");
const STATE: &QName = &QName::new(Space::Types, "PhoneCallState");
const CAUSE: &QName = &QName::new(Space::Types, "ConnectionFailureCause");
const SIP_TEXT: &QName = &QName::new(Space::Types, "SIPResponseText");
const SIP_CODE: &QName = &QName::new(Space::Types, "SIPResponseCode");

string_enum! {
    /// `t:PhoneCallStateType`, the value of `t:PhoneCallState`: where the
    /// call placed by EWS PlayOnPhone is.
    pub enum PhoneCallState {
        /// The initial state.
        Idle = "Idle",
        /// The number is being dialled.
        Connecting = "Connecting",
        /// The called phone is ringing.
        Alerted = "Alerted",
        /// The call is in progress.
        Connected = "Connected",
        /// The call has ended (see the [`ConnectionFailureCause`]).
        Disconnected = "Disconnected",
        /// An inbound call.
        Incoming = "Incoming",
        /// The call is being transferred.
        Transferring = "Transferring",
        /// The call is being forwarded.
        Forwarding = "Forwarding",
    }
}

string_enum! {
    /// `t:ConnectionFailureCauseType`, the value of
    /// `t:ConnectionFailureCause`: why a call ended; `None` while it is
    /// not disconnected.
    pub enum ConnectionFailureCause {
        /// No failure.
        None = "None",
        /// The called party was busy.
        UserBusy = "UserBusy",
        /// The called party did not answer.
        NoAnswer = "NoAnswer",
        /// The called number could not be reached.
        Unavailable = "Unavailable",
        /// Any other cause.
        Other = "Other",
    }
}

/// `t:PhoneCallInformationType`: the state of a call, inside a
/// GetPhoneCallInformation response.
///
/// ```
/// use umcodec::{ConnectionFailureCause, PhoneCallInformation, PhoneCallState};
///
/// let info = PhoneCallInformation::new(PhoneCallState::Connected, ConnectionFailureCause::None);
/// assert_eq!(info.sip_response_code, None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PhoneCallInformation<'a> {
    /// `t:PhoneCallState`: where the call is.
    pub phone_call_state: PhoneCallState,
    /// `t:ConnectionFailureCause`: why it ended, once disconnected.
    pub connection_failure_cause: ConnectionFailureCause,
    /// `t:SIPResponseText`, when present: the SIP reason phrase (servers
    /// leave it out on success, where it would be `OK`).
    pub sip_response_text: Option<Text<'a>>,
    /// `t:SIPResponseCode`, when present: the SIP status code (servers
    /// leave it out on success, where it would be `200`).
    pub sip_response_code: Option<i32>,
}

impl PhoneCallInformation<'_> {
    /// A state and cause, without the SIP response (what servers send).
    #[must_use]
    pub const fn new(phone_call_state: PhoneCallState, connection_failure_cause: ConnectionFailureCause) -> Self {
        PhoneCallInformation {
            phone_call_state,
            connection_failure_cause,
            sip_response_text: None,
            sip_response_code: None,
        }
    }
}

/// GetPhoneCallInformation request (body element
/// `m:GetPhoneCallInformation`): report on the call `phone_call_id`.
///
/// ```
/// use umcodec::{Encode, ExchangeVersion, GetPhoneCallInformationRequest, Text};
///
/// let req = GetPhoneCallInformationRequest {
///     request_server_version: Some(ExchangeVersion::Exchange2010),
///     mailbox_culture: None,
///     impersonation: None,
///     phone_call_id: Text::new("MGI4OTQ1NDEtOGMy"),
/// };
/// let mut buf = [0u8; 1024];
/// let n = req.encode(&mut buf)?;
/// assert_eq!(GetPhoneCallInformationRequest::decode(&buf[..n])?, req);
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct GetPhoneCallInformationRequest<'a> {
    /// The `Version` attribute of the `t:RequestServerVersion` SOAP header;
    /// `None`: no such header.
    pub request_server_version: Option<ExchangeVersion>,
    /// The `t:MailboxCulture` SOAP header (an `xs:language` tag); `None`:
    /// no such header.
    pub mailbox_culture: Option<Text<'a>>,
    /// The `t:ExchangeImpersonation` SOAP header; `None`: no such header.
    pub impersonation: Option<ConnectingSid<'a>>,
    /// The `Id` attribute of `m:PhoneCallId`: the call, as PlayOnPhone
    /// returned it (reported exactly as written).
    pub phone_call_id: Text<'a>,
}

/// GetPhoneCallInformation response (body element
/// `m:GetPhoneCallInformationResponse`, an EWS response message): the
/// call's state, or why it could not be reported.
///
/// ```
/// use umcodec::{GetPhoneCallInformationResponse, PhoneCallState, ResponseClass};
///
/// let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
///   <GetPhoneCallInformationResponse ResponseClass="Success" xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
///     <ResponseCode>NoError</ResponseCode>
///     <PhoneCallInformation>
///       <t:PhoneCallState xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">Connected</t:PhoneCallState>
///       <t:ConnectionFailureCause xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">None</t:ConnectionFailureCause>
///     </PhoneCallInformation>
///   </GetPhoneCallInformationResponse></s:Body></s:Envelope>"#;
/// let resp = GetPhoneCallInformationResponse::decode(xml)?;
/// assert_eq!(resp.response_class, ResponseClass::Success);
/// assert_eq!(resp.phone_call_information.unwrap().phone_call_state, PhoneCallState::Connected);
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct GetPhoneCallInformationResponse<'a> {
    /// The `t:ServerVersionInfo` SOAP header; `None`: no such header.
    pub server_version: Option<ServerVersionInfo<'a>>,
    /// The required `ResponseClass` attribute.
    pub response_class: ResponseClass,
    /// The `m:MessageText` element (not trimmed).
    pub message_text: Option<Text<'a>>,
    /// The `m:ResponseCode` element (`ErrorInvalidPhoneCallId` for a call
    /// the server does not know).
    pub response_code: Option<ResponseCode<'a>>,
    /// The `m:DescriptiveLinkKey` element (servers send `0`).
    pub descriptive_link_key: Option<i32>,
    /// The content of the `m:MessageXml` element, as written.
    pub message_xml: Option<RawXml<'a>>,
    /// The `m:PhoneCallInformation` element: the call's state (absent on
    /// an error).
    pub phone_call_information: Option<PhoneCallInformation<'a>>,
}

impl GetPhoneCallInformationRequest<'_> {
    /// The operation's SOAPAction ([`SoapAction::uri`] gives the URI to
    /// send in the HTTP `SOAPAction` header).
    pub const SOAP_ACTION: SoapAction = SoapAction::GetPhoneCallInformation;
}

impl<'a> Operation<'a> for GetPhoneCallInformationRequest<'a> {
    const ACTION: Option<SoapAction> = Some(Self::SOAP_ACTION);
    const ELEMENT: &'static QName = REQUEST;
    const HEADERS: HeaderUse = HeaderUse::EwsRequest;

    fn decode_body(cur: &mut Cursor<'_, 'a>, _: &Tag, headers: &Headers<'a>) -> Result<Self> {
        let phone_call_id = decode_phone_call_id_body(cur, REQUEST)?;
        Ok(GetPhoneCallInformationRequest {
            request_server_version: headers.request_server_version.map(|(v, _)| v),
            mailbox_culture: headers.mailbox_culture.map(|(c, _)| c),
            impersonation: headers.impersonation.map(|(i, _)| i),
            phone_call_id,
        })
    }
}

impl<'a> Operation<'a> for GetPhoneCallInformationResponse<'a> {
    const ELEMENT: &'static QName = RESPONSE;
    const HEADERS: HeaderUse = HeaderUse::EwsResponse;

    fn decode_body(cur: &mut Cursor<'_, 'a>, start: &Tag, headers: &Headers<'a>) -> Result<Self> {
        let mut info = None;
        let base = decode_response(cur, start, RESPONSE, Some(INFORMATION), |cur, _| {
            info = Some(decode_information(cur)?);
            Ok(())
        })?;
        Ok(GetPhoneCallInformationResponse {
            server_version: headers.server_version.map(|(v, _)| v),
            response_class: base.response_class,
            message_text: base.message_text,
            response_code: base.response_code,
            descriptive_link_key: base.descriptive_link_key,
            message_xml: base.message_xml,
            phone_call_information: info,
        })
    }
}

/// Reads `m:PhoneCallInformation` (just opened).
fn decode_information<'a>(cur: &mut Cursor<'_, 'a>) -> Result<PhoneCallInformation<'a>> {
    cur.no_attributes(INFORMATION)?;
    let state = enum_element(cur, STATE)?;
    let phone_call_state = parse_enum(&"PhoneCallState", &state, PhoneCallState::from_str)?;
    let cause = enum_element(cur, CAUSE)?;
    let connection_failure_cause = parse_enum(&"ConnectionFailureCause", &cause, ConnectionFailureCause::from_str)?;
    let mut info = PhoneCallInformation::new(phone_call_state, connection_failure_cause);
    let mut next = cur.next_child()?;
    if let Some(s) = next {
        if cur.is(&s, SIP_TEXT)? {
            cur.no_attributes(SIP_TEXT)?;
            info.sip_response_text = Some(cur.text(SIP_TEXT)?);
            next = cur.next_child()?;
        }
    }
    if let Some(s) = next {
        if !cur.is(&s, SIP_CODE)? {
            return Err(cur.unexpected_child(INFORMATION, s.offset()));
        }
        cur.no_attributes(SIP_CODE)?;
        let t = cur.text(SIP_CODE)?;
        info.sip_response_code = Some(parse_int(&"SIPResponseCode", &t)?);
        cur.expect_end(INFORMATION)?;
    }
    Ok(info)
}

impl<'a> GetPhoneCallInformationRequest<'a> {
    fn headers(&self) -> RequestHeaders<'_, 'a> {
        RequestHeaders {
            version: self.request_server_version,
            culture: self.mailbox_culture.as_ref(),
            impersonation: self.impersonation.as_ref(),
        }
    }
}

impl Encode for GetPhoneCallInformationRequest<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        let headers = self.headers();
        let header = |o: &mut dyn Sink, ind: Indent| headers.encode(o, ind);
        let header: Option<Part<'_>> = headers.any().then_some(&header);
        crate::soap::write(out, &REQUEST_LAYOUT, header, &|o, ind| {
            fixed!(o, ind; 2 "<m:GetPhoneCallInformation>", 3 "<m:PhoneCallId Id=\"")?;
            escape_text(o, &self.phone_call_id, Context::Attribute)?;
            fixed!(o, ind; _ "\" />", 2 "</m:GetPhoneCallInformation>")
        })
    }
}

impl<'a> GetPhoneCallInformationResponse<'a> {
    /// The call's state: `Success`, `NoError`, `info`.
    ///
    /// ```
    /// use umcodec::{ConnectionFailureCause, GetPhoneCallInformationResponse, PhoneCallInformation, PhoneCallState};
    ///
    /// let info = PhoneCallInformation::new(PhoneCallState::Connected, ConnectionFailureCause::None);
    /// let r = GetPhoneCallInformationResponse::success(info);
    /// assert_eq!(r.phone_call_information, Some(info));
    /// ```
    #[must_use]
    pub const fn success(info: PhoneCallInformation<'a>) -> Self {
        Self::from_base(BaseResponse::success(), Some(info))
    }

    /// No state to report: `Error` with `code` and `text` (and
    /// `DescriptiveLinkKey` 0, as Exchange writes it).
    ///
    /// ```
    /// use umcodec::{GetPhoneCallInformationResponse, KnownResponseCode};
    ///
    /// let r = GetPhoneCallInformationResponse::error(KnownResponseCode::ErrorInvalidPhoneCallId, "The phone call ID isn't valid.");
    /// assert_eq!(r.phone_call_information, None);
    /// ```
    #[must_use]
    pub fn error(code: impl Into<ResponseCode<'a>>, text: &'a str) -> Self {
        Self::from_base(BaseResponse::error(code.into(), text), None)
    }

    const fn from_base(base: BaseResponse<'a>, extra: Option<PhoneCallInformation<'a>>) -> Self {
        GetPhoneCallInformationResponse {
            server_version: None,
            response_class: base.response_class,
            message_text: base.message_text,
            response_code: base.response_code,
            descriptive_link_key: base.descriptive_link_key,
            message_xml: base.message_xml,
            phone_call_information: extra,
        }
    }

    fn base(&self) -> BaseResponse<'a> {
        BaseResponse {
            response_class: self.response_class,
            message_text: self.message_text,
            response_code: self.response_code,
            descriptive_link_key: self.descriptive_link_key,
            message_xml: self.message_xml,
        }
    }
}

impl Encode for GetPhoneCallInformationResponse<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        let header = |o: &mut dyn Sink, _: Indent| match &self.server_version {
            Some(v) => v.encode(o),
            None => Ok(()),
        };
        let header: Option<Part<'_>> = self.server_version.is_some().then_some(&header);
        crate::soap::write(out, &RESPONSE_LAYOUT, header, &|o, _| {
            encode_response(
                o,
                &response_tags!("GetPhoneCallInformationResponse"),
                &self.base(),
                |o| match &self.phone_call_information {
                    Some(info) => encode_information(o, info),
                    None => Ok(()),
                },
            )
        })
    }
}

/// Writes `PhoneCallInformation` (inside the response, whose default
/// namespace is messages), declaring `t` once.
fn encode_information<S: Sink + ?Sized>(out: &mut S, info: &PhoneCallInformation<'_>) -> Result<()> {
    out.write_str(concat!(
        "<PhoneCallInformation xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">",
        "<t:PhoneCallState>"
    ))?;
    out.write_str(info.phone_call_state.as_str())?;
    out.write_str("</t:PhoneCallState><t:ConnectionFailureCause>")?;
    out.write_str(info.connection_failure_cause.as_str())?;
    out.write_str("</t:ConnectionFailureCause>")?;
    if let Some(t) = &info.sip_response_text {
        out.write_str("<t:SIPResponseText>")?;
        escape_text(out, t, Context::Content)?;
        out.write_str("</t:SIPResponseText>")?;
    }
    if let Some(code) = info.sip_response_code {
        out.write_str("<t:SIPResponseCode>")?;
        super::ews::write_int(out, code, b"</t:SIPResponseCode>")?;
    }
    out.write_str("</PhoneCallInformation>")
}

typed_decode!(
    GetPhoneCallInformationRequest<'a>,
    "GetPhoneCallInformationRequest",
    "a GetPhoneCallInformation request",
    not_a_fault!(),
    "GetPhoneCallInformationRequest, Text",
    "GetPhoneCallInformationRequest {
    request_server_version: None,
    mailbox_culture: None,
    impersonation: None,
    phone_call_id: Text::new(\"MGI4OTQ1NDEtOGMy\"),
}",
);

typed_decode!(
    GetPhoneCallInformationResponse<'a>,
    "GetPhoneCallInformationResponse",
    "a GetPhoneCallInformation response",
    not_a_fault!(),
    "ConnectionFailureCause, GetPhoneCallInformationResponse, KnownResponseCode, PhoneCallInformation, \
     PhoneCallState, ResponseClass, ResponseCode",
    "GetPhoneCallInformationResponse {
    server_version: None,
    response_class: ResponseClass::Success,
    message_text: None,
    response_code: Some(ResponseCode::Known(KnownResponseCode::NoError)),
    descriptive_link_key: None,
    message_xml: None,
    phone_call_information: Some(PhoneCallInformation::new(PhoneCallState::Connected, ConnectionFailureCause::None)),
}",
);
