//! The server's default codec: umcodec. Requests are decoded in place
//! from the body bytes (every value a slice of them); replies are encoded
//! straight into the connection's output buffer through a [`Sink`]. Fault
//! texts are formatted on the stack. Nothing here allocates.

use std::fmt::{self, Write as _};

use bytes::BytesMut;
use umcodec::namespaces::{ERRORS, MESSAGES, TYPES};
use umcodec::xml::Sink;
use umcodec::{
    CallState, ConnectionFailureCause, DisconnectPhoneCallResponse, DisconnectResponse, Encode, ErrorKind, EventCause,
    Fault, FaultCode, GetCallInfoResponse, GetPhoneCallInformationResponse, KnownResponseCode, Limits, Message,
    Options, PhoneCallInformation, PhoneCallState, PlayOnPhoneGreetingResponse, PlayOnPhoneResponse, RawXml,
    ServerVersionInfo, Text, UmPlayOnPhoneResponse,
};

use crate::calls::{CallKey, CallStatus, Service};
use crate::ops::{invalid_string, Codec, EwsError, FaultKind, Op, Rejected, Reply, StackText};

/// The `ServerVersionInfo` header of every EWS reply (an Exchange 2016
/// build).
pub const SERVER_VERSION: ServerVersionInfo<'static> = ServerVersionInfo {
    major_version: Some(15),
    minor_version: Some(1),
    major_build_number: Some(2507),
    minor_build_number: Some(6),
    version: Some(Text::new("V2017_07_11")),
};

/// The umcodec codec, with the decoding limits of the server.
#[derive(Clone, Copy, Debug)]
pub struct UmcodecCodec {
    options: Options,
}

impl UmcodecCodec {
    /// A codec that decodes bodies of up to `max_body` bytes, strictly
    /// (the `https://` spelling of the Exchange namespaces is refused, as
    /// Exchange refuses it).
    #[must_use]
    pub fn new(max_body: usize) -> Self {
        let limits = Limits::new().with_max_input_len(max_body);
        UmcodecCodec {
            options: Options::strict().with_limits(limits),
        }
    }
}

/// The connection's output buffer as a [`Sink`].
struct BytesSink<'b>(&'b mut BytesMut);

impl Sink for BytesSink<'_> {
    fn write_str(&mut self, s: &str) -> umcodec::Result<()> {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Reads a call id (unescaped into a stack buffer; ids are 16 characters,
/// so anything longer is unknown anyway).
fn key(t: &Text<'_>) -> Option<CallKey> {
    let mut buf = [0u8; 64];
    CallKey::parse(t.unescape_into(&mut buf).ok()?)
}

fn status_state(s: CallStatus) -> (CallState, PhoneCallState) {
    match s {
        CallStatus::Connecting => (CallState::Connecting, PhoneCallState::Connecting),
        CallStatus::Connected => (CallState::Connected, PhoneCallState::Connected),
        CallStatus::Disconnected => (CallState::Disconnected, PhoneCallState::Disconnected),
    }
}

fn code(e: EwsError) -> KnownResponseCode {
    match e {
        EwsError::InvalidPhoneCallId => KnownResponseCode::ErrorInvalidPhoneCallId,
        EwsError::InvalidPhoneNumber => KnownResponseCode::ErrorInvalidPhoneNumber,
        EwsError::ServerBusy => KnownResponseCode::ErrorServerBusy,
    }
}

/// Writes `s` escaped for XML character data.
pub(crate) fn write_escaped(w: &mut dyn fmt::Write, s: &str) -> fmt::Result {
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<', '>']) {
        w.write_str(&rest[..i])?;
        w.write_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&gt;",
        })?;
        rest = &rest[i + 1..];
    }
    w.write_str(rest)
}

/// The `faultcode` and the `ExceptionType` of a UM exception fault.
fn um_exception(name: &'static str, qname: &'static str, detail: &mut StackText<512>) -> FaultCode<'static> {
    let _ = write!(
        detail,
        "<m:ExceptionType xmlns:m=\"{MESSAGES}\">{name}</m:ExceptionType>"
    );
    FaultCode::new(Some(ERRORS), qname)
}

/// The `detail` of a rejected body: what Exchange writes (`e:ResponseCode`,
/// `e:Message`; for EWS also `t:MessageXml` with the line, position and
/// violation).
pub(crate) fn invalid_detail(
    service: Service,
    violation: &str,
    line_col: Option<(usize, usize)>,
    w: &mut dyn fmt::Write,
) -> fmt::Result {
    let (code, message) = match service {
        Service::Ews => ("ErrorSchemaValidation", "The request failed schema validation."),
        Service::Um => ("ErrorInvalidRequest", "The request is invalid."),
    };
    write!(
        w,
        "<e:ResponseCode xmlns:e=\"{ERRORS}\">{code}</e:ResponseCode>\
         <e:Message xmlns:e=\"{ERRORS}\">{message}</e:Message>"
    )?;
    if service == Service::Ews {
        write!(w, "<t:MessageXml xmlns:t=\"{TYPES}\">")?;
        if let Some((line, col)) = line_col {
            write!(
                w,
                "<t:LineNumber>{line}</t:LineNumber><t:LinePosition>{col}</t:LinePosition>"
            )?;
        }
        w.write_str("<t:Violation>")?;
        write_escaped(w, violation)?;
        w.write_str("</t:Violation></t:MessageXml>")?;
    }
    Ok(())
}

impl Codec for UmcodecCodec {
    fn name(&self) -> &'static str {
        "umcodec"
    }

    fn decode(&self, body: &[u8]) -> Result<Op, Rejected> {
        let message = Message::decode_with(body, &self.options).map_err(|e| match e.kind() {
            ErrorKind::Soap12Envelope => Rejected::Soap12,
            _ => Rejected::Umcodec(e),
        })?;
        Ok(match message {
            Message::UmPlayOnPhoneRequest(r) => Op::UmPlayOnPhone {
                dial_ok: !r.dial_string.is_whitespace(),
            },
            Message::PlayOnPhoneGreetingRequest(r) => Op::PlayOnPhoneGreeting {
                dial_ok: !r.dial_string.is_whitespace(),
            },
            Message::GetCallInfoRequest(r) => Op::GetCallInfo(key(&r.call_id)),
            Message::DisconnectRequest(r) => Op::Disconnect(key(&r.call_id)),
            Message::PlayOnPhoneRequest(r) => Op::PlayOnPhone {
                dial_ok: !r.dial_string.is_whitespace(),
            },
            Message::GetPhoneCallInformationRequest(r) => Op::GetPhoneCallInformation(key(&r.phone_call_id)),
            Message::DisconnectPhoneCallRequest(r) => Op::DisconnectPhoneCall(key(&r.phone_call_id)),
            other => Op::NotARequest(other.kind()),
        })
    }

    fn encode(&self, reply: &Reply, body: &[u8], out: &mut BytesMut) -> Result<(), String> {
        let sink = &mut BytesSink(out);
        let written = match reply {
            Reply::UmPlayOnPhone(key) => UmPlayOnPhoneResponse {
                call_id: Text::new(key.to_id().as_str()),
            }
            .write_to(sink),
            Reply::PlayOnPhoneGreeting(key) => PlayOnPhoneGreetingResponse {
                call_id: Text::new(key.to_id().as_str()),
            }
            .write_to(sink),
            Reply::GetCallInfo(s) => GetCallInfoResponse {
                call_state: status_state(*s).0,
                event_cause: EventCause::None,
            }
            .write_to(sink),
            Reply::Disconnect => DisconnectResponse.write_to(sink),
            Reply::PlayOnPhone(r) => {
                let id = r.map(CallKey::to_id);
                let mut resp = match (&id, r) {
                    (Ok(id), _) => PlayOnPhoneResponse::success(id.as_str()),
                    (Err(e), _) => PlayOnPhoneResponse::error(code(*e), e.text()),
                };
                resp.server_version = Some(SERVER_VERSION);
                resp.write_to(sink)
            }
            Reply::GetPhoneCallInformation(r) => {
                let mut resp = match r {
                    Ok(s) => GetPhoneCallInformationResponse::success(PhoneCallInformation::new(
                        status_state(*s).1,
                        ConnectionFailureCause::None,
                    )),
                    Err(e) => GetPhoneCallInformationResponse::error(code(*e), e.text()),
                };
                resp.server_version = Some(SERVER_VERSION);
                resp.write_to(sink)
            }
            Reply::DisconnectPhoneCall(r) => {
                let mut resp = match r {
                    Ok(()) => DisconnectPhoneCallResponse::success(),
                    Err(e) => DisconnectPhoneCallResponse::error(code(*e), e.text()),
                };
                resp.server_version = Some(SERVER_VERSION);
                resp.write_to(sink)
            }
            Reply::Fault(kind) => {
                let mut string = StackText::<1024>::default();
                let _ = crate::ops::fault_string(*kind, &mut string);
                let mut detail = StackText::<512>::default();
                let code = match kind {
                    FaultKind::InvalidCallId => {
                        um_exception("InvalidCallIdException", "a:InvalidCallIdException", &mut detail)
                    }
                    FaultKind::DialingRules => {
                        um_exception("DialingRulesException", "a:DialingRulesException", &mut detail)
                    }
                    FaultKind::TableFull => FaultCode::SERVER,
                    FaultKind::VersionMismatch => FaultCode::VERSION_MISMATCH,
                    FaultKind::ActionMismatch { .. } | FaultKind::WrongEndpoint { .. } | FaultKind::NotARequest(_) => {
                        FaultCode::CLIENT
                    }
                };
                Fault {
                    code,
                    string: Text::new(string.as_str()),
                    // As Exchange writes every fault.
                    lang: Some(Text::new("en-US")),
                    actor: None,
                    detail: (!detail.as_str().is_empty()).then(|| RawXml::new(detail.as_str())),
                }
                .write_to(sink)
            }
            Reply::Invalid {
                service,
                rejected,
                line_col,
            } => {
                let mut string = StackText::<1024>::default();
                let _ = invalid_string(*service, rejected, *line_col, body, &mut string);
                // The violation (at most 1 KiB) escaped takes at most 5 KiB.
                let mut detail = StackText::<8192>::default();
                let _ = invalid_detail(*service, string.as_str(), *line_col, &mut detail);
                let code = match service {
                    Service::Ews => FaultCode::new(Some(TYPES), "a:ErrorSchemaValidation"),
                    Service::Um => FaultCode::new(Some(TYPES), "a:ErrorInvalidRequest"),
                };
                Fault {
                    code,
                    string: Text::new(string.as_str()),
                    // As Exchange writes every fault.
                    lang: Some(Text::new("en-US")),
                    actor: None,
                    detail: Some(RawXml::new(detail.as_str())),
                }
                .write_to(sink)
            }
        };
        written.map_err(|e| e.to_string())
    }
}
