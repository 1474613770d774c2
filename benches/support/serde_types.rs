//! The structs a typical serde-based Rust EWS client declares for these
//! envelopes: owned strings in, borrowed strings out, names as written
//! (quick-xml's deserializer matches local names and ignores prefixes;
//! its serializer writes names, prefixes included, as given).

use serde::{Deserialize, Serialize};

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
pub struct GetCallInfoRequestBody {
    #[serde(rename = "GetCallInfo")]
    pub op: GetCallInfo,
}

#[derive(Deserialize)]
pub struct GetCallInfo {
    #[serde(rename = "CallId")]
    pub call_id: String,
}

#[derive(Deserialize)]
pub struct GetCallInfoResponseBody {
    #[serde(rename = "GetCallInfoResponse")]
    pub outer: GetCallInfoResponseOuter,
}

#[derive(Deserialize)]
pub struct GetCallInfoResponseOuter {
    #[serde(rename = "GetCallInfoResponse")]
    pub inner: GetCallInfoResponse,
}

#[derive(Deserialize)]
pub struct GetCallInfoResponse {
    #[serde(rename = "CallState")]
    pub call_state: String,
    #[serde(rename = "EventCause")]
    pub event_cause: String,
}

#[derive(Deserialize)]
pub struct RequestHeader {
    #[serde(rename = "RequestServerVersion")]
    pub request_server_version: Option<RequestServerVersion>,
}

#[derive(Deserialize)]
pub struct RequestServerVersion {
    #[serde(rename = "@Version")]
    pub version: String,
}

#[derive(Deserialize)]
pub struct DisconnectPhoneCallRequestBody {
    #[serde(rename = "DisconnectPhoneCall")]
    pub op: DisconnectPhoneCall,
}

#[derive(Deserialize)]
pub struct DisconnectPhoneCall {
    #[serde(rename = "PhoneCallId")]
    pub phone_call_id: PhoneCallId,
}

#[derive(Deserialize)]
pub struct PhoneCallId {
    #[serde(rename = "@Id")]
    pub id: String,
}

#[derive(Deserialize)]
pub struct ResponseHeader {
    #[serde(rename = "ServerVersionInfo")]
    pub server_version_info: Option<ServerVersionInfo>,
}

#[derive(Deserialize)]
pub struct ServerVersionInfo {
    #[serde(rename = "@MajorVersion")]
    pub major_version: Option<i32>,
    #[serde(rename = "@MinorVersion")]
    pub minor_version: Option<i32>,
    #[serde(rename = "@MajorBuildNumber")]
    pub major_build_number: Option<i32>,
    #[serde(rename = "@MinorBuildNumber")]
    pub minor_build_number: Option<i32>,
    #[serde(rename = "@Version")]
    pub version: Option<String>,
}

#[derive(Deserialize)]
pub struct DisconnectPhoneCallResponseBody {
    #[serde(rename = "DisconnectPhoneCallResponse")]
    pub response: DisconnectPhoneCallResponse,
}

#[derive(Deserialize)]
pub struct DisconnectPhoneCallResponse {
    #[serde(rename = "@ResponseClass")]
    pub response_class: String,
    #[serde(rename = "MessageText")]
    pub message_text: Option<String>,
    #[serde(rename = "ResponseCode")]
    pub response_code: Option<String>,
    #[serde(rename = "DescriptiveLinkKey")]
    pub descriptive_link_key: Option<i32>,
}

// ---------------------------------------------------------------- encoding

pub const SOAP: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema";

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
