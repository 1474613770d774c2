//! The comparison codec: quick-xml's serde deserializer and serializer,
//! with the structs a serde user declares for these envelopes (strings
//! borrowed as `Cow<str>` where serde lets them be). Same operations,
//! same replies, same logic as [`crate::codec_umcodec`]; what differs is
//! what a serde stack can see:
//!
//! - quick-xml's deserializer matches local names and ignores namespaces,
//!   so a SOAP 1.2 envelope is spotted by its namespace URI appearing in
//!   the body, and a wrong namespace goes unnoticed;
//! - its errors carry no byte offset (an invalid UTF-8 body does: the
//!   offset of the first bad byte);
//! - a response or fault posted as a request is an unknown body element.

use std::borrow::Cow;
use std::fmt;

use bytes::BytesMut;
use serde::{Deserialize, Deserializer, Serialize};
use umcodec::namespaces::{ERRORS, MESSAGES, SOAP12_ENVELOPE, SOAP_ENVELOPE, TYPES};

use crate::calls::{CallKey, CallStatus, Service};
use crate::ops::{invalid_string, Codec, EwsError, FaultKind, Op, Rejected, Reply, StackText};

/// The quick-xml serde codec.
#[derive(Clone, Copy, Debug, Default)]
pub struct SerdeCodec;

// ---------------------------------------------------------------- requests

fn opt_cow<'de: 'a, 'a, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'a, str>>, D::Error> {
    #[derive(Deserialize)]
    struct Borrowed<'a>(#[serde(borrow)] Cow<'a, str>);
    Ok(Option::<Borrowed<'a>>::deserialize(d)?.map(|b| b.0))
}

#[derive(Deserialize)]
struct InEnvelope<'a> {
    #[serde(rename = "Body", borrow)]
    body: InBody<'a>,
}

#[derive(Deserialize)]
struct InBody<'a> {
    #[serde(rename = "$value", borrow)]
    op: InOp<'a>,
}

#[derive(Deserialize)]
enum InOp<'a> {
    GetCallInfo(#[serde(borrow)] CallIdRequest<'a>),
    Disconnect(#[serde(borrow)] CallIdRequest<'a>),
    PlayOnPhone(#[serde(borrow)] AnyPlayOnPhone<'a>),
    PlayOnPhoneGreeting(#[serde(borrow)] Greeting<'a>),
    GetPhoneCallInformation(#[serde(borrow)] PhoneCallIdRequest<'a>),
    DisconnectPhoneCall(#[serde(borrow)] PhoneCallIdRequest<'a>),
}

#[derive(Deserialize)]
struct CallIdRequest<'a> {
    #[serde(rename = "CallId", borrow)]
    call_id: Cow<'a, str>,
}

/// Both services' PlayOnPhone: `entryId` (UM) or `ItemId` (EWS), then
/// `DialString`.
#[derive(Deserialize)]
struct AnyPlayOnPhone<'a> {
    #[serde(rename = "entryId", borrow, default, deserialize_with = "opt_cow")]
    entry_id: Option<Cow<'a, str>>,
    #[serde(rename = "ItemId", borrow)]
    item_id: Option<ItemId<'a>>,
    #[serde(rename = "DialString", borrow)]
    dial_string: Cow<'a, str>,
}

#[derive(Deserialize)]
struct ItemId<'a> {
    #[serde(rename = "@Id", borrow)]
    _id: Cow<'a, str>,
    #[serde(rename = "@ChangeKey", borrow, default, deserialize_with = "opt_cow")]
    _change_key: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Greeting<'a> {
    #[serde(rename = "GreetingType", borrow)]
    greeting_type: Cow<'a, str>,
    #[serde(rename = "DialString", borrow)]
    dial_string: Cow<'a, str>,
}

#[derive(Deserialize)]
struct PhoneCallIdRequest<'a> {
    #[serde(rename = "PhoneCallId", borrow)]
    phone_call_id: PhoneCallId<'a>,
}

#[derive(Deserialize)]
struct PhoneCallId<'a> {
    #[serde(rename = "@Id", borrow)]
    id: Cow<'a, str>,
}

fn blank(s: &str) -> bool {
    s.trim_matches([' ', '\t', '\r', '\n']).is_empty()
}

fn invalid(message: impl fmt::Display) -> Rejected {
    Rejected::Other {
        offset: None,
        message: message.to_string(),
    }
}

// ------------------------------------------------------------------ replies

#[derive(Serialize)]
#[serde(rename = "s:Envelope")]
struct OutEnvelope<H, B> {
    #[serde(rename = "@xmlns:s")]
    s: &'static str,
    #[serde(rename = "s:Header", skip_serializing_if = "Option::is_none")]
    header: Option<H>,
    #[serde(rename = "s:Body")]
    body: B,
}

/// `s:Body` of an EWS reply (with Exchange's two declarations).
#[derive(Serialize)]
struct EwsBody<R> {
    #[serde(rename = "@xmlns:xsi")]
    xsi: &'static str,
    #[serde(rename = "@xmlns:xsd")]
    xsd: &'static str,
    #[serde(rename = "$value")]
    response: R,
}

#[derive(Serialize)]
struct PlainBody<R> {
    #[serde(rename = "$value")]
    response: R,
}

#[derive(Serialize)]
struct EwsHeader {
    #[serde(rename = "h:ServerVersionInfo")]
    server_version_info: ServerVersionInfo,
}

#[derive(Serialize)]
struct ServerVersionInfo {
    #[serde(rename = "@MajorVersion")]
    major_version: i32,
    #[serde(rename = "@MinorVersion")]
    minor_version: i32,
    #[serde(rename = "@MajorBuildNumber")]
    major_build_number: i32,
    #[serde(rename = "@MinorBuildNumber")]
    minor_build_number: i32,
    #[serde(rename = "@Version")]
    version: &'static str,
    #[serde(rename = "@xmlns:h")]
    h: &'static str,
    #[serde(rename = "@xmlns")]
    xmlns: &'static str,
}

const SERVER_VERSION: ServerVersionInfo = ServerVersionInfo {
    major_version: 15,
    minor_version: 1,
    major_build_number: 2507,
    minor_build_number: 6,
    version: "V2017_07_11",
    h: TYPES,
    xmlns: TYPES,
};

/// The UM replies, by body element (variant names are element names).
#[derive(Serialize)]
#[allow(clippy::enum_variant_names)]
enum UmReply<'a> {
    PlayOnPhoneResponse(PlayOnPhoneOuter<'a>),
    PlayOnPhoneGreetingResponse(GreetingOuter<'a>),
    GetCallInfoResponse(UmCallInfo),
    DisconnectResponse(Xmlns),
}

#[derive(Serialize)]
struct Xmlns {
    #[serde(rename = "@xmlns")]
    xmlns: &'static str,
}

#[derive(Serialize)]
struct PlayOnPhoneOuter<'a> {
    #[serde(rename = "@xmlns")]
    xmlns: &'static str,
    #[serde(rename = "PlayOnPhoneResponse")]
    call_id: &'a str,
}

#[derive(Serialize)]
struct GreetingOuter<'a> {
    #[serde(rename = "@xmlns")]
    xmlns: &'static str,
    #[serde(rename = "PlayOnPhoneGreetingResponse")]
    call_id: &'a str,
}

#[derive(Serialize)]
struct UmCallInfo {
    #[serde(rename = "@xmlns")]
    xmlns: &'static str,
    #[serde(rename = "GetCallInfoResponse")]
    inner: CallInfo,
}

#[derive(Serialize)]
struct CallInfo {
    #[serde(rename = "CallState")]
    call_state: &'static str,
    #[serde(rename = "EventCause")]
    event_cause: &'static str,
}

/// The EWS responses, by body element (variant names are element names).
#[derive(Serialize)]
#[allow(clippy::enum_variant_names)]
enum EwsReply<'a> {
    PlayOnPhoneResponse(EwsResponse<'a>),
    GetPhoneCallInformationResponse(EwsResponse<'a>),
    DisconnectPhoneCallResponse(EwsResponse<'a>),
}

#[derive(Serialize)]
struct EwsResponse<'a> {
    #[serde(rename = "@ResponseClass")]
    response_class: &'static str,
    #[serde(rename = "@xmlns")]
    xmlns: &'static str,
    #[serde(rename = "MessageText", skip_serializing_if = "Option::is_none")]
    message_text: Option<&'static str>,
    #[serde(rename = "ResponseCode")]
    response_code: &'static str,
    #[serde(rename = "DescriptiveLinkKey", skip_serializing_if = "Option::is_none")]
    descriptive_link_key: Option<i32>,
    #[serde(rename = "PhoneCallId", skip_serializing_if = "Option::is_none")]
    phone_call_id: Option<OutPhoneCallId<'a>>,
    #[serde(rename = "PhoneCallInformation", skip_serializing_if = "Option::is_none")]
    phone_call_information: Option<OutPhoneCallInformation>,
}

#[derive(Serialize)]
struct OutPhoneCallId<'a> {
    #[serde(rename = "@Id")]
    id: &'a str,
}

#[derive(Serialize)]
struct OutPhoneCallInformation {
    #[serde(rename = "@xmlns:t")]
    t: &'static str,
    #[serde(rename = "t:PhoneCallState")]
    phone_call_state: &'static str,
    #[serde(rename = "t:ConnectionFailureCause")]
    connection_failure_cause: &'static str,
}

#[derive(Serialize)]
#[serde(rename = "s:Fault")]
struct OutFault<'a> {
    #[serde(rename = "faultcode")]
    code: FaultCodeElement<'a>,
    #[serde(rename = "faultstring")]
    string: FaultString<'a>,
    #[serde(rename = "detail", skip_serializing_if = "Option::is_none")]
    detail: Option<Detail<'a>>,
}

/// `faultstring` with the `xml:lang` Exchange writes on it.
#[derive(Serialize)]
struct FaultString<'a> {
    #[serde(rename = "@xml:lang")]
    lang: &'static str,
    #[serde(rename = "$text")]
    text: &'a str,
}

#[derive(Serialize)]
struct FaultCodeElement<'a> {
    #[serde(rename = "@xmlns:a", skip_serializing_if = "Option::is_none")]
    a: Option<&'static str>,
    #[serde(rename = "$text")]
    qname: &'a str,
}

#[derive(Serialize)]
struct Detail<'a> {
    #[serde(rename = "m:ExceptionType", skip_serializing_if = "Option::is_none")]
    exception_type: Option<ExceptionType>,
    #[serde(rename = "e:ResponseCode", skip_serializing_if = "Option::is_none")]
    response_code: Option<ErrorsText>,
    #[serde(rename = "e:Message", skip_serializing_if = "Option::is_none")]
    message: Option<ErrorsText>,
    #[serde(rename = "t:MessageXml", skip_serializing_if = "Option::is_none")]
    message_xml: Option<MessageXml<'a>>,
}

#[derive(Serialize)]
struct ExceptionType {
    #[serde(rename = "@xmlns:m")]
    m: &'static str,
    #[serde(rename = "$text")]
    name: &'static str,
}

#[derive(Serialize)]
struct ErrorsText {
    #[serde(rename = "@xmlns:e")]
    e: &'static str,
    #[serde(rename = "$text")]
    text: &'static str,
}

#[derive(Serialize)]
struct MessageXml<'a> {
    #[serde(rename = "@xmlns:t")]
    t: &'static str,
    #[serde(rename = "t:LineNumber", skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(rename = "t:LinePosition", skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
    #[serde(rename = "t:Violation")]
    violation: &'a str,
}

/// `fmt::Write` at the end of the connection's output buffer.
struct BytesWriter<'b>(&'b mut BytesMut);

impl fmt::Write for BytesWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

fn write<T: Serialize>(out: &mut BytesMut, value: &T) -> Result<(), String> {
    out.extend_from_slice(DECLARATION.as_bytes());
    quick_xml::se::to_writer(BytesWriter(out), value)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn envelope<B>(body: B, ews: bool) -> OutEnvelope<EwsHeader, B> {
    OutEnvelope {
        s: SOAP_ENVELOPE,
        header: ews.then_some(EwsHeader {
            server_version_info: SERVER_VERSION,
        }),
        body,
    }
}

fn ews_body(response: EwsReply<'_>) -> OutEnvelope<EwsHeader, EwsBody<EwsReply<'_>>> {
    envelope(
        EwsBody {
            xsi: umcodec::namespaces::XSI,
            xsd: umcodec::namespaces::XSD,
            response,
        },
        true,
    )
}

fn ews_response<'a>(result: Result<(), EwsError>) -> EwsResponse<'a> {
    match result {
        Ok(()) => EwsResponse {
            response_class: "Success",
            xmlns: MESSAGES,
            message_text: None,
            response_code: "NoError",
            descriptive_link_key: None,
            phone_call_id: None,
            phone_call_information: None,
        },
        Err(e) => EwsResponse {
            response_class: "Error",
            xmlns: MESSAGES,
            message_text: Some(e.text()),
            response_code: e.code(),
            descriptive_link_key: Some(0),
            phone_call_id: None,
            phone_call_information: None,
        },
    }
}

fn um_exception(name: &'static str) -> Detail<'static> {
    Detail {
        exception_type: Some(ExceptionType { m: MESSAGES, name }),
        response_code: None,
        message: None,
        message_xml: None,
    }
}

impl Codec for SerdeCodec {
    fn name(&self) -> &'static str {
        "serde"
    }

    fn decode(&self, body: &[u8]) -> Result<Op, Rejected> {
        let text = std::str::from_utf8(body).map_err(|e| Rejected::Other {
            offset: Some(e.valid_up_to()),
            message: "invalid UTF-8 (only UTF-8 input is accepted)".to_owned(),
        })?;
        if text.contains(SOAP12_ENVELOPE) {
            return Err(Rejected::Soap12);
        }
        let envelope: InEnvelope<'_> = quick_xml::de::from_str(text).map_err(invalid)?;
        let key = |s: &str| CallKey::parse(s);
        Ok(match envelope.body.op {
            InOp::GetCallInfo(r) => Op::GetCallInfo(key(&r.call_id)),
            InOp::Disconnect(r) => Op::Disconnect(key(&r.call_id)),
            InOp::PlayOnPhone(r) => match (&r.entry_id, &r.item_id) {
                (Some(_), None) => Op::UmPlayOnPhone {
                    dial_ok: !blank(&r.dial_string),
                },
                (None, Some(_)) => Op::PlayOnPhone {
                    dial_ok: !blank(&r.dial_string),
                },
                _ => return Err(invalid("PlayOnPhone needs either entryId or ItemId")),
            },
            InOp::PlayOnPhoneGreeting(r) => {
                if !matches!(r.greeting_type.trim(), "NormalCustom" | "OofCustom") {
                    return Err(invalid(format_args!("invalid GreetingType `{}`", r.greeting_type)));
                }
                Op::PlayOnPhoneGreeting {
                    dial_ok: !blank(&r.dial_string),
                }
            }
            InOp::GetPhoneCallInformation(r) => Op::GetPhoneCallInformation(key(&r.phone_call_id.id)),
            InOp::DisconnectPhoneCall(r) => Op::DisconnectPhoneCall(key(&r.phone_call_id.id)),
        })
    }

    fn encode(&self, reply: &Reply, body: &[u8], out: &mut BytesMut) -> Result<(), String> {
        let status = |s: &CallStatus| s.as_str();
        match reply {
            Reply::UmPlayOnPhone(key) => {
                let id = key.to_id();
                let r = UmReply::PlayOnPhoneResponse(PlayOnPhoneOuter {
                    xmlns: MESSAGES,
                    call_id: id.as_str(),
                });
                write(out, &envelope(PlainBody { response: r }, false))
            }
            Reply::PlayOnPhoneGreeting(key) => {
                let id = key.to_id();
                let r = UmReply::PlayOnPhoneGreetingResponse(GreetingOuter {
                    xmlns: MESSAGES,
                    call_id: id.as_str(),
                });
                write(out, &envelope(PlainBody { response: r }, false))
            }
            Reply::GetCallInfo(s) => {
                let r = UmReply::GetCallInfoResponse(UmCallInfo {
                    xmlns: MESSAGES,
                    inner: CallInfo {
                        call_state: status(s),
                        event_cause: "None",
                    },
                });
                write(out, &envelope(PlainBody { response: r }, false))
            }
            Reply::Disconnect => {
                let r = UmReply::DisconnectResponse(Xmlns { xmlns: MESSAGES });
                write(out, &envelope(PlainBody { response: r }, false))
            }
            Reply::PlayOnPhone(r) => {
                let id = r.map(CallKey::to_id);
                let mut resp = ews_response(r.map(|_| ()));
                if let Ok(id) = &id {
                    resp.phone_call_id = Some(OutPhoneCallId { id: id.as_str() });
                }
                write(out, &ews_body(EwsReply::PlayOnPhoneResponse(resp)))
            }
            Reply::GetPhoneCallInformation(r) => {
                let mut resp = ews_response(r.map(|_| ()));
                if let Ok(s) = r {
                    resp.phone_call_information = Some(OutPhoneCallInformation {
                        t: TYPES,
                        phone_call_state: status(s),
                        connection_failure_cause: "None",
                    });
                }
                write(out, &ews_body(EwsReply::GetPhoneCallInformationResponse(resp)))
            }
            Reply::DisconnectPhoneCall(r) => {
                write(out, &ews_body(EwsReply::DisconnectPhoneCallResponse(ews_response(*r))))
            }
            Reply::Fault(kind) => {
                let mut string = StackText::<1024>::default();
                let _ = crate::ops::fault_string(*kind, &mut string);
                let (a, qname, detail) = match kind {
                    FaultKind::InvalidCallId => (
                        Some(ERRORS),
                        "a:InvalidCallIdException",
                        Some(um_exception("InvalidCallIdException")),
                    ),
                    FaultKind::DialingRules => (
                        Some(ERRORS),
                        "a:DialingRulesException",
                        Some(um_exception("DialingRulesException")),
                    ),
                    FaultKind::TableFull => (None, "s:Server", None),
                    FaultKind::VersionMismatch => (None, "s:VersionMismatch", None),
                    FaultKind::ActionMismatch { .. } | FaultKind::WrongEndpoint { .. } | FaultKind::NotARequest(_) => {
                        (None, "s:Client", None)
                    }
                };
                let f = OutFault {
                    code: FaultCodeElement { a, qname },
                    string: FaultString {
                        lang: "en-US",
                        text: string.as_str(),
                    },
                    detail,
                };
                write(out, &envelope(PlainBody { response: f }, false))
            }
            Reply::Invalid {
                service,
                rejected,
                line_col,
            } => {
                let mut string = StackText::<1024>::default();
                let _ = invalid_string(*service, rejected, *line_col, body, &mut string);
                let (qname, code, message) = match service {
                    Service::Ews => (
                        "a:ErrorSchemaValidation",
                        "ErrorSchemaValidation",
                        "The request failed schema validation.",
                    ),
                    Service::Um => (
                        "a:ErrorInvalidRequest",
                        "ErrorInvalidRequest",
                        "The request is invalid.",
                    ),
                };
                let detail = Detail {
                    exception_type: None,
                    response_code: Some(ErrorsText { e: ERRORS, text: code }),
                    message: Some(ErrorsText {
                        e: ERRORS,
                        text: message,
                    }),
                    message_xml: (*service == Service::Ews).then_some(MessageXml {
                        t: TYPES,
                        line: line_col.map(|l| l.0),
                        position: line_col.map(|l| l.1),
                        violation: string.as_str(),
                    }),
                };
                let f = OutFault {
                    code: FaultCodeElement { a: Some(TYPES), qname },
                    string: FaultString {
                        lang: "en-US",
                        text: string.as_str(),
                    },
                    detail: Some(detail),
                };
                write(out, &envelope(PlainBody { response: f }, false))
            }
        }
    }
}
