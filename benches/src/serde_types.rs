//! The structs a serde-based Rust EWS client declares for these envelopes,
//! names as written (quick-xml's deserializer matches local names and
//! ignores prefixes; its serializer writes names, prefixes included, as
//! given).
//!
//! Decoding borrows: every string is a `Cow<'a, str>` with
//! `#[serde(borrow)]`, which quick-xml fills with a slice of the input
//! unless the value holds a reference (then it allocates the unescaped
//! copy); `&'a str` would fail on such values. Serde's `borrow` does not
//! reach into an `Option<Cow<'a, str>>` (the `Cow` impl it falls back to
//! always copies), so optional strings go through [`opt_cow`]. Integers
//! are `i32`, as in umcodec. Encoding takes `&'a str` throughout.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer, Serialize};

/// An optional string, borrowed from the input when it needs no
/// unescaping (use with `#[serde(borrow, default, deserialize_with =
/// "opt_cow")]`).
pub fn opt_cow<'de: 'a, 'a, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'a, str>>, D::Error> {
    #[derive(Deserialize)]
    struct Borrowed<'a>(#[serde(borrow)] Cow<'a, str>);
    Ok(Option::<Borrowed<'a>>::deserialize(d)?.map(|b| b.0))
}

// ---------------------------------------------------------------- decoding

/// `soap:Envelope` with the header type `H` and the body type `B`.
#[derive(Deserialize)]
pub struct Envelope<H, B> {
    #[serde(rename = "Header", default = "Option::default")]
    pub header: Option<H>,
    #[serde(rename = "Body")]
    pub body: B,
}

#[derive(Deserialize)]
pub struct NoHeader {}

#[derive(Deserialize)]
pub struct GetCallInfoRequestBody<'a> {
    #[serde(rename = "GetCallInfo", borrow)]
    pub op: GetCallInfo<'a>,
}

#[derive(Deserialize)]
pub struct GetCallInfo<'a> {
    #[serde(rename = "CallId", borrow)]
    pub call_id: Cow<'a, str>,
}

#[derive(Deserialize)]
pub struct GetCallInfoResponseBody<'a> {
    #[serde(rename = "GetCallInfoResponse", borrow)]
    pub outer: GetCallInfoResponseOuter<'a>,
}

#[derive(Deserialize)]
pub struct GetCallInfoResponseOuter<'a> {
    #[serde(rename = "GetCallInfoResponse", borrow)]
    pub inner: GetCallInfoResponse<'a>,
}

#[derive(Deserialize)]
pub struct GetCallInfoResponse<'a> {
    #[serde(rename = "CallState", borrow)]
    pub call_state: Cow<'a, str>,
    #[serde(rename = "EventCause", borrow)]
    pub event_cause: Cow<'a, str>,
}

#[derive(Deserialize)]
pub struct RequestHeader<'a> {
    #[serde(rename = "RequestServerVersion", borrow)]
    pub request_server_version: Option<RequestServerVersion<'a>>,
}

#[derive(Deserialize)]
pub struct RequestServerVersion<'a> {
    #[serde(rename = "@Version", borrow)]
    pub version: Cow<'a, str>,
}

#[derive(Deserialize)]
pub struct DisconnectPhoneCallRequestBody<'a> {
    #[serde(rename = "DisconnectPhoneCall", borrow)]
    pub op: DisconnectPhoneCall<'a>,
}

#[derive(Deserialize)]
pub struct DisconnectPhoneCall<'a> {
    #[serde(rename = "PhoneCallId", borrow)]
    pub phone_call_id: PhoneCallId<'a>,
}

#[derive(Deserialize)]
pub struct PhoneCallId<'a> {
    #[serde(rename = "@Id", borrow)]
    pub id: Cow<'a, str>,
}

#[derive(Deserialize)]
pub struct ResponseHeader<'a> {
    #[serde(rename = "ServerVersionInfo", borrow)]
    pub server_version_info: Option<ServerVersionInfo<'a>>,
}

#[derive(Deserialize)]
pub struct ServerVersionInfo<'a> {
    #[serde(rename = "@MajorVersion")]
    pub major_version: Option<i32>,
    #[serde(rename = "@MinorVersion")]
    pub minor_version: Option<i32>,
    #[serde(rename = "@MajorBuildNumber")]
    pub major_build_number: Option<i32>,
    #[serde(rename = "@MinorBuildNumber")]
    pub minor_build_number: Option<i32>,
    #[serde(rename = "@Version", borrow, default, deserialize_with = "opt_cow")]
    pub version: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
pub struct DisconnectPhoneCallResponseBody<'a> {
    #[serde(rename = "DisconnectPhoneCallResponse", borrow)]
    pub response: DisconnectPhoneCallResponse<'a>,
}

#[derive(Deserialize)]
pub struct DisconnectPhoneCallResponse<'a> {
    #[serde(rename = "@ResponseClass", borrow)]
    pub response_class: Cow<'a, str>,
    #[serde(rename = "MessageText", borrow, default, deserialize_with = "opt_cow")]
    pub message_text: Option<Cow<'a, str>>,
    #[serde(rename = "ResponseCode", borrow, default, deserialize_with = "opt_cow")]
    pub response_code: Option<Cow<'a, str>>,
    #[serde(rename = "DescriptiveLinkKey")]
    pub descriptive_link_key: Option<i32>,
}

#[derive(Deserialize)]
pub struct PlayOnPhoneRequestBody<'a> {
    #[serde(rename = "PlayOnPhone", borrow)]
    pub op: PlayOnPhone<'a>,
}

#[derive(Deserialize)]
pub struct PlayOnPhone<'a> {
    #[serde(rename = "ItemId", borrow)]
    pub item_id: ItemId<'a>,
    #[serde(rename = "DialString", borrow)]
    pub dial_string: Cow<'a, str>,
}

#[derive(Deserialize)]
pub struct ItemId<'a> {
    #[serde(rename = "@Id", borrow)]
    pub id: Cow<'a, str>,
    #[serde(rename = "@ChangeKey", borrow, default, deserialize_with = "opt_cow")]
    pub change_key: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
pub struct GetPhoneCallInformationResponseBody<'a> {
    #[serde(rename = "GetPhoneCallInformationResponse", borrow)]
    pub response: GetPhoneCallInformationResponse<'a>,
}

#[derive(Deserialize)]
pub struct GetPhoneCallInformationResponse<'a> {
    #[serde(rename = "@ResponseClass", borrow)]
    pub response_class: Cow<'a, str>,
    #[serde(rename = "MessageText", borrow, default, deserialize_with = "opt_cow")]
    pub message_text: Option<Cow<'a, str>>,
    #[serde(rename = "ResponseCode", borrow, default, deserialize_with = "opt_cow")]
    pub response_code: Option<Cow<'a, str>>,
    #[serde(rename = "DescriptiveLinkKey")]
    pub descriptive_link_key: Option<i32>,
    #[serde(rename = "PhoneCallInformation", borrow)]
    pub phone_call_information: Option<PhoneCallInformation<'a>>,
}

#[derive(Deserialize)]
pub struct PhoneCallInformation<'a> {
    #[serde(rename = "PhoneCallState", borrow)]
    pub phone_call_state: Cow<'a, str>,
    #[serde(rename = "ConnectionFailureCause", borrow)]
    pub connection_failure_cause: Cow<'a, str>,
    #[serde(rename = "SIPResponseText", borrow, default, deserialize_with = "opt_cow")]
    pub sip_response_text: Option<Cow<'a, str>>,
    #[serde(rename = "SIPResponseCode")]
    pub sip_response_code: Option<i32>,
}

// ---------------------------------------------------------------- encoding

pub const SOAP: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// `soap:Envelope` declaring the namespaces the whole message uses.
#[derive(Serialize)]
#[serde(rename = "soap:Envelope")]
pub struct OutEnvelope<'a, H, B> {
    #[serde(rename = "@xmlns:soap")]
    pub soap: &'a str,
    #[serde(rename = "@xmlns:m", skip_serializing_if = "Option::is_none")]
    pub m: Option<&'a str>,
    #[serde(rename = "@xmlns:t", skip_serializing_if = "Option::is_none")]
    pub t: Option<&'a str>,
    #[serde(rename = "soap:Header", skip_serializing_if = "Option::is_none")]
    pub header: Option<H>,
    #[serde(rename = "soap:Body")]
    pub body: B,
}

#[derive(Serialize)]
pub struct OutGetCallInfoRequestBody<'a> {
    #[serde(rename = "m:GetCallInfo")]
    pub op: OutGetCallInfo<'a>,
}

#[derive(Serialize)]
pub struct OutGetCallInfo<'a> {
    #[serde(rename = "m:CallId")]
    pub call_id: &'a str,
}

#[derive(Serialize)]
pub struct OutGetCallInfoResponseBody<'a> {
    #[serde(rename = "m:GetCallInfoResponse")]
    pub outer: OutGetCallInfoResponseOuter<'a>,
}

#[derive(Serialize)]
pub struct OutGetCallInfoResponseOuter<'a> {
    #[serde(rename = "m:GetCallInfoResponse")]
    pub inner: OutGetCallInfoResponse<'a>,
}

#[derive(Serialize)]
pub struct OutGetCallInfoResponse<'a> {
    #[serde(rename = "m:CallState")]
    pub call_state: &'a str,
    #[serde(rename = "m:EventCause")]
    pub event_cause: &'a str,
}

#[derive(Serialize)]
pub struct OutRequestHeader<'a> {
    #[serde(rename = "t:RequestServerVersion")]
    pub request_server_version: OutRequestServerVersion<'a>,
}

#[derive(Serialize)]
pub struct OutRequestServerVersion<'a> {
    #[serde(rename = "@Version")]
    pub version: &'a str,
}

#[derive(Serialize)]
pub struct OutDisconnectPhoneCallRequestBody<'a> {
    #[serde(rename = "m:DisconnectPhoneCall")]
    pub op: OutDisconnectPhoneCall<'a>,
}

#[derive(Serialize)]
pub struct OutDisconnectPhoneCall<'a> {
    #[serde(rename = "m:PhoneCallId")]
    pub phone_call_id: OutPhoneCallId<'a>,
}

#[derive(Serialize)]
pub struct OutPhoneCallId<'a> {
    #[serde(rename = "@Id")]
    pub id: &'a str,
}

#[derive(Serialize)]
pub struct OutResponseHeader<'a> {
    #[serde(rename = "t:ServerVersionInfo")]
    pub server_version_info: OutServerVersionInfo<'a>,
}

#[derive(Serialize)]
pub struct OutServerVersionInfo<'a> {
    #[serde(rename = "@MajorVersion", skip_serializing_if = "Option::is_none")]
    pub major_version: Option<i32>,
    #[serde(rename = "@MinorVersion", skip_serializing_if = "Option::is_none")]
    pub minor_version: Option<i32>,
    #[serde(rename = "@MajorBuildNumber", skip_serializing_if = "Option::is_none")]
    pub major_build_number: Option<i32>,
    #[serde(rename = "@MinorBuildNumber", skip_serializing_if = "Option::is_none")]
    pub minor_build_number: Option<i32>,
    #[serde(rename = "@Version", skip_serializing_if = "Option::is_none")]
    pub version: Option<&'a str>,
}

#[derive(Serialize)]
pub struct OutDisconnectPhoneCallResponseBody<'a> {
    #[serde(rename = "m:DisconnectPhoneCallResponse")]
    pub response: OutDisconnectPhoneCallResponse<'a>,
}

#[derive(Serialize)]
pub struct OutDisconnectPhoneCallResponse<'a> {
    #[serde(rename = "@ResponseClass")]
    pub response_class: &'a str,
    #[serde(rename = "m:MessageText", skip_serializing_if = "Option::is_none")]
    pub message_text: Option<&'a str>,
    #[serde(rename = "m:ResponseCode", skip_serializing_if = "Option::is_none")]
    pub response_code: Option<&'a str>,
    #[serde(rename = "m:DescriptiveLinkKey", skip_serializing_if = "Option::is_none")]
    pub descriptive_link_key: Option<i32>,
}

#[derive(Serialize)]
pub struct OutPlayOnPhoneRequestBody<'a> {
    #[serde(rename = "m:PlayOnPhone")]
    pub op: OutPlayOnPhone<'a>,
}

#[derive(Serialize)]
pub struct OutPlayOnPhone<'a> {
    #[serde(rename = "m:ItemId")]
    pub item_id: OutItemId<'a>,
    #[serde(rename = "m:DialString")]
    pub dial_string: &'a str,
}

#[derive(Serialize)]
pub struct OutItemId<'a> {
    #[serde(rename = "@Id")]
    pub id: &'a str,
    #[serde(rename = "@ChangeKey", skip_serializing_if = "Option::is_none")]
    pub change_key: Option<&'a str>,
}

#[derive(Serialize)]
pub struct OutGetPhoneCallInformationResponseBody<'a> {
    #[serde(rename = "m:GetPhoneCallInformationResponse")]
    pub response: OutGetPhoneCallInformationResponse<'a>,
}

#[derive(Serialize)]
pub struct OutGetPhoneCallInformationResponse<'a> {
    #[serde(rename = "@ResponseClass")]
    pub response_class: &'a str,
    #[serde(rename = "m:MessageText", skip_serializing_if = "Option::is_none")]
    pub message_text: Option<&'a str>,
    #[serde(rename = "m:ResponseCode", skip_serializing_if = "Option::is_none")]
    pub response_code: Option<&'a str>,
    #[serde(rename = "m:DescriptiveLinkKey", skip_serializing_if = "Option::is_none")]
    pub descriptive_link_key: Option<i32>,
    #[serde(rename = "m:PhoneCallInformation", skip_serializing_if = "Option::is_none")]
    pub phone_call_information: Option<OutPhoneCallInformation<'a>>,
}

#[derive(Serialize)]
pub struct OutPhoneCallInformation<'a> {
    #[serde(rename = "t:PhoneCallState")]
    pub phone_call_state: &'a str,
    #[serde(rename = "t:ConnectionFailureCause")]
    pub connection_failure_cause: &'a str,
    #[serde(rename = "t:SIPResponseText", skip_serializing_if = "Option::is_none")]
    pub sip_response_text: Option<&'a str>,
    #[serde(rename = "t:SIPResponseCode", skip_serializing_if = "Option::is_none")]
    pub sip_response_code: Option<i32>,
}
