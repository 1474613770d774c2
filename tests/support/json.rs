//! The JSON form of messages used by the `umcodec` example program
//! (CLI_CONTRACT.md) and by the corpus tests.

#![allow(dead_code)]

use std::fmt::Write as _;

use serde_json::{Map, Value};
use umcodec::{
    CallState, DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, EventCause, ExchangeVersion, Fault, FaultCode,
    GetCallInfoRequest, GetCallInfoResponse, KnownResponseCode, Message, RawXml, ResponseClass, ResponseCode,
    ServerVersionInfo, Text,
};

fn text_json(t: &Text<'_>) -> Value {
    Value::String(t.chars().collect())
}

fn opt_text(t: Option<&Text<'_>>) -> Value {
    t.map_or(Value::Null, text_json)
}

fn opt_int(v: Option<i32>) -> Value {
    v.map_or(Value::Null, Value::from)
}

/// The JSON object of CLI_CONTRACT.md for one message.
pub fn to_json(msg: &Message<'_>) -> String {
    let mut m = Map::new();
    m.insert("message".into(), msg.kind().into());
    match msg {
        Message::GetCallInfoRequest(r) => {
            m.insert("call_id".into(), text_json(&r.call_id));
        }
        Message::GetCallInfoResponse(r) => {
            m.insert("call_state".into(), r.call_state.as_str().into());
            m.insert("event_cause".into(), r.event_cause.as_str().into());
        }
        Message::DisconnectPhoneCallRequest(r) => {
            m.insert(
                "request_server_version".into(),
                r.request_server_version.map_or(Value::Null, |v| v.as_str().into()),
            );
            m.insert("phone_call_id".into(), text_json(&r.phone_call_id));
        }
        Message::DisconnectPhoneCallResponse(r) => {
            let sv = r.server_version.map_or(Value::Null, |v| {
                let mut o = Map::new();
                o.insert("major_version".into(), opt_int(v.major_version));
                o.insert("minor_version".into(), opt_int(v.minor_version));
                o.insert("major_build_number".into(), opt_int(v.major_build_number));
                o.insert("minor_build_number".into(), opt_int(v.minor_build_number));
                o.insert("version".into(), opt_text(v.version.as_ref()));
                Value::Object(o)
            });
            m.insert("server_version".into(), sv);
            m.insert("response_class".into(), r.response_class.as_str().into());
            let code = match &r.response_code {
                None => Value::Null,
                Some(ResponseCode::Known(c)) => c.as_str().into(),
                Some(ResponseCode::Other(t)) => trimmed_json(t),
            };
            m.insert("response_code".into(), code);
            m.insert("message_text".into(), opt_text(r.message_text.as_ref()));
            m.insert("descriptive_link_key".into(), opt_int(r.descriptive_link_key));
            m.insert(
                "message_xml".into(),
                r.message_xml.map_or(Value::Null, |x| x.as_str().into()),
            );
        }
        Message::Fault(f) => {
            let qname: String = trimmed(&f.code.qname);
            let local = qname.split_once(':').map_or(qname.as_str(), |(_, l)| l).to_string();
            m.insert("fault_code".into(), qname.clone().into());
            m.insert("fault_code_namespace".into(), opt_text(f.code.namespace.as_ref()));
            m.insert("fault_code_local".into(), local.into());
            m.insert("fault_string".into(), text_json(&f.string));
            m.insert("fault_actor".into(), opt_text(f.actor.as_ref()));
            m.insert("detail".into(), f.detail.map_or(Value::Null, |x| x.as_str().into()));
        }
    }
    Value::Object(m).to_string()
}

fn trimmed(t: &Text<'_>) -> String {
    let s: String = t.chars().collect();
    s.trim_matches([' ', '\t', '\r', '\n']).to_string()
}

fn trimmed_json(t: &Text<'_>) -> Value {
    Value::String(trimmed(t))
}

type Fields<'v> = &'v Map<String, Value>;

fn str_field<'v>(o: Fields<'v>, key: &str) -> Result<&'v str, String> {
    match o.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(format!("field {key:?} must be a string")),
        None => Err(format!("missing field {key:?}")),
    }
}

fn opt_str_field<'v>(o: Fields<'v>, key: &str) -> Result<Option<&'v str>, String> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("field {key:?} must be a string or null")),
    }
}

fn opt_int_field(o: Fields<'_>, key: &str) -> Result<Option<i32>, String> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| format!("field {key:?} must be a 32-bit integer or null")),
    }
}

fn enum_field<T>(o: Fields<'_>, key: &str, parse: fn(&str) -> Option<T>) -> Result<T, String> {
    let s = str_field(o, key)?;
    parse(s).ok_or_else(|| format!("field {key:?}: unknown value {s:?}"))
}

/// Builds the message a JSON object of CLI_CONTRACT.md describes.
pub fn from_json(v: &Value) -> Result<Message<'_>, String> {
    let o = v.as_object().ok_or("expected a JSON object")?;
    let kind = str_field(o, "message")?;
    Ok(match kind {
        "GetCallInfoRequest" => Message::GetCallInfoRequest(GetCallInfoRequest {
            call_id: Text::new(str_field(o, "call_id")?),
        }),
        "GetCallInfoResponse" => Message::GetCallInfoResponse(GetCallInfoResponse {
            call_state: enum_field(o, "call_state", CallState::from_str)?,
            event_cause: enum_field(o, "event_cause", EventCause::from_str)?,
        }),
        "DisconnectPhoneCallRequest" => Message::DisconnectPhoneCallRequest(DisconnectPhoneCallRequest {
            request_server_version: match opt_str_field(o, "request_server_version")? {
                None => None,
                Some(s) => Some(
                    ExchangeVersion::from_str(s)
                        .ok_or_else(|| format!("field \"request_server_version\": unknown value {s:?}"))?,
                ),
            },
            phone_call_id: Text::new(str_field(o, "phone_call_id")?),
        }),
        "DisconnectPhoneCallResponse" => {
            let server_version = match o.get("server_version") {
                None | Some(Value::Null) => None,
                Some(Value::Object(sv)) => Some(ServerVersionInfo {
                    major_version: opt_int_field(sv, "major_version")?,
                    minor_version: opt_int_field(sv, "minor_version")?,
                    major_build_number: opt_int_field(sv, "major_build_number")?,
                    minor_build_number: opt_int_field(sv, "minor_build_number")?,
                    version: opt_str_field(sv, "version")?.map(Text::new),
                }),
                Some(_) => return Err("field \"server_version\" must be an object or null".into()),
            };
            let response_code = opt_str_field(o, "response_code")?.map(|s| match KnownResponseCode::from_str(s) {
                Some(c) => ResponseCode::Known(c),
                None => ResponseCode::Other(Text::new(s)),
            });
            Message::DisconnectPhoneCallResponse(DisconnectPhoneCallResponse {
                server_version,
                response_class: enum_field(o, "response_class", ResponseClass::from_str)?,
                message_text: opt_str_field(o, "message_text")?.map(Text::new),
                response_code,
                descriptive_link_key: opt_int_field(o, "descriptive_link_key")?,
                message_xml: opt_str_field(o, "message_xml")?.map(RawXml::new),
            })
        }
        "Fault" => Message::Fault(Fault {
            code: FaultCode::new(opt_str_field(o, "fault_code_namespace")?, str_field(o, "fault_code")?),
            string: Text::new(str_field(o, "fault_string")?),
            actor: opt_str_field(o, "fault_actor")?.map(Text::new),
            detail: opt_str_field(o, "detail")?.map(RawXml::new),
        }),
        other => {
            let mut msg = String::new();
            let _ = write!(msg, "unknown message kind {other:?}");
            return Err(msg);
        }
    })
}
