//! The JSON form of messages used by the `umcodec` example program
//! (docs/cli.md) and by the corpus tests.
//!
//! One table, [`KINDS`], lists every message kind: its `"message"` name,
//! the keys `decode` prints for it, and the two conversions. Adding a
//! message kind is adding one entry (and its two functions).

#![allow(dead_code)]

use serde_json::{Map, Value};
use umcodec::{
    CallState, DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, EventCause, ExchangeVersion, Fault, FaultCode,
    GetCallInfoRequest, GetCallInfoResponse, KnownResponseCode, Message, RawXml, ResponseClass, ResponseCode,
    ServerVersionInfo, Text,
};

/// A JSON object's fields.
pub type Fields<'v> = &'v Map<String, Value>;

/// One message kind of the JSON form.
pub struct Kind {
    /// The value of `"message"`.
    pub name: &'static str,
    /// Every key `decode` prints for this kind besides `"message"` (and the
    /// program's `"file"`), in the order the documentation lists them.
    pub keys: &'static [&'static str],
    /// The keys of nested objects: (key, the nested object's keys).
    pub nested: &'static [(&'static str, &'static [&'static str])],
    /// The fields of `msg`, when it is of this kind.
    pub to_json: fn(&Message<'_>) -> Option<Map<String, Value>>,
    /// The message the fields describe (keys already checked).
    pub from_json: for<'v> fn(Fields<'v>) -> Result<Message<'v>, String>,
}

/// Every message kind, in the order the documentation lists them.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "GetCallInfoRequest",
        keys: &["call_id"],
        nested: &[],
        to_json: get_call_info_request,
        from_json: get_call_info_request_from,
    },
    Kind {
        name: "GetCallInfoResponse",
        keys: &["call_state", "event_cause"],
        nested: &[],
        to_json: get_call_info_response,
        from_json: get_call_info_response_from,
    },
    Kind {
        name: "DisconnectPhoneCallRequest",
        keys: &["request_server_version", "phone_call_id"],
        nested: &[],
        to_json: disconnect_phone_call_request,
        from_json: disconnect_phone_call_request_from,
    },
    Kind {
        name: "DisconnectPhoneCallResponse",
        keys: &[
            "server_version",
            "response_class",
            "response_code",
            "message_text",
            "descriptive_link_key",
            "message_xml",
        ],
        nested: &[("server_version", SERVER_VERSION_KEYS)],
        to_json: disconnect_phone_call_response,
        from_json: disconnect_phone_call_response_from,
    },
    Kind {
        name: "Fault",
        keys: &[
            "fault_code",
            "fault_code_namespace",
            "fault_code_local",
            "fault_string",
            "fault_actor",
            "detail",
        ],
        nested: &[],
        to_json: fault,
        from_json: fault_from,
    },
];

const SERVER_VERSION_KEYS: &[&str] = &[
    "major_version",
    "minor_version",
    "major_build_number",
    "minor_build_number",
    "version",
];

/// The JSON object of one message (without `"file"`).
pub fn to_json_value(msg: &Message<'_>) -> Map<String, Value> {
    for kind in KINDS {
        if let Some(fields) = (kind.to_json)(msg) {
            debug_assert!(
                fields.keys().all(|k| kind.keys.contains(&k.as_str())),
                "{}: a key printed but not listed",
                kind.name
            );
            let mut m = Map::new();
            m.insert("message".into(), kind.name.into());
            m.extend(fields);
            return m;
        }
    }
    unreachable!("no JSON kind for {}", msg.kind())
}

/// The JSON object of one message, as text (without `"file"`).
pub fn to_json(msg: &Message<'_>) -> String {
    Value::Object(to_json_value(msg)).to_string()
}

/// The names of every kind, for messages.
pub fn kind_names() -> String {
    KINDS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

/// Builds the message a JSON object describes. Keys other than those
/// `decode` prints for the kind (and `"file"`) are rejected.
pub fn from_json(v: &Value) -> Result<Message<'_>, String> {
    let o = v.as_object().ok_or("expected a JSON object")?;
    let name = str_field(o, "message")?;
    let kind = KINDS
        .iter()
        .find(|k| k.name == name)
        .ok_or_else(|| format!("unknown message kind {name:?} (known: {})", kind_names()))?;
    for (key, value) in o {
        match key.as_str() {
            "message" => {}
            // The program's own key: the input the line came from.
            "file" => {
                if !value.is_string() {
                    return Err("field \"file\" must be a string".into());
                }
            }
            k if kind.keys.contains(&k) => {}
            k => {
                return Err(format!(
                    "unknown key {k:?} for {name} (allowed: message, file, {})",
                    kind.keys.join(", ")
                ))
            }
        }
    }
    for (key, inner) in kind.nested {
        if let Some(Value::Object(n)) = o.get(*key) {
            if let Some(k) = n.keys().find(|k| !inner.contains(&k.as_str())) {
                return Err(format!("unknown key {k:?} in {key:?} (allowed: {})", inner.join(", ")));
            }
        }
    }
    (kind.from_json)(o)
}

// ---------------------------------------------------------------------------
// Values

fn text_json(t: &Text<'_>) -> Value {
    Value::String(t.chars().collect())
}

fn opt_text(t: Option<&Text<'_>>) -> Value {
    t.map_or(Value::Null, text_json)
}

fn opt_int(v: Option<i32>) -> Value {
    v.map_or(Value::Null, Value::from)
}

fn trimmed(t: &Text<'_>) -> String {
    let s: String = t.chars().collect();
    s.trim_matches([' ', '\t', '\r', '\n']).to_string()
}

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

fn fields(pairs: impl IntoIterator<Item = (&'static str, Value)>) -> Option<Map<String, Value>> {
    Some(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

// ---------------------------------------------------------------------------
// The kinds

fn get_call_info_request(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::GetCallInfoRequest(r) = msg else {
        return None;
    };
    fields([("call_id", text_json(&r.call_id))])
}

fn get_call_info_request_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    Ok(Message::GetCallInfoRequest(GetCallInfoRequest {
        call_id: Text::new(str_field(o, "call_id")?),
    }))
}

fn get_call_info_response(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::GetCallInfoResponse(r) = msg else {
        return None;
    };
    fields([
        ("call_state", r.call_state.as_str().into()),
        ("event_cause", r.event_cause.as_str().into()),
    ])
}

fn get_call_info_response_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    Ok(Message::GetCallInfoResponse(GetCallInfoResponse {
        call_state: enum_field(o, "call_state", CallState::from_str)?,
        event_cause: enum_field(o, "event_cause", EventCause::from_str)?,
    }))
}

fn disconnect_phone_call_request(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::DisconnectPhoneCallRequest(r) = msg else {
        return None;
    };
    fields([
        (
            "request_server_version",
            r.request_server_version.map_or(Value::Null, |v| v.as_str().into()),
        ),
        ("phone_call_id", text_json(&r.phone_call_id)),
    ])
}

fn disconnect_phone_call_request_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    let request_server_version = match opt_str_field(o, "request_server_version")? {
        None => None,
        Some(s) => Some(
            ExchangeVersion::from_str(s)
                .ok_or_else(|| format!("field \"request_server_version\": unknown value {s:?}"))?,
        ),
    };
    Ok(Message::DisconnectPhoneCallRequest(DisconnectPhoneCallRequest {
        request_server_version,
        phone_call_id: Text::new(str_field(o, "phone_call_id")?),
    }))
}

fn disconnect_phone_call_response(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::DisconnectPhoneCallResponse(r) = msg else {
        return None;
    };
    let server_version = r.server_version.map_or(Value::Null, |v| {
        Value::Object(
            [
                ("major_version", opt_int(v.major_version)),
                ("minor_version", opt_int(v.minor_version)),
                ("major_build_number", opt_int(v.major_build_number)),
                ("minor_build_number", opt_int(v.minor_build_number)),
                ("version", opt_text(v.version.as_ref())),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        )
    });
    let response_code = match &r.response_code {
        None => Value::Null,
        Some(ResponseCode::Known(c)) => c.as_str().into(),
        Some(ResponseCode::Other(t)) => Value::String(trimmed(t)),
    };
    fields([
        ("server_version", server_version),
        ("response_class", r.response_class.as_str().into()),
        ("response_code", response_code),
        ("message_text", opt_text(r.message_text.as_ref())),
        ("descriptive_link_key", opt_int(r.descriptive_link_key)),
        ("message_xml", r.message_xml.map_or(Value::Null, |x| x.as_str().into())),
    ])
}

fn disconnect_phone_call_response_from(o: Fields<'_>) -> Result<Message<'_>, String> {
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
    Ok(Message::DisconnectPhoneCallResponse(DisconnectPhoneCallResponse {
        server_version,
        response_class: enum_field(o, "response_class", ResponseClass::from_str)?,
        message_text: opt_str_field(o, "message_text")?.map(Text::new),
        response_code,
        descriptive_link_key: opt_int_field(o, "descriptive_link_key")?,
        message_xml: opt_str_field(o, "message_xml")?.map(RawXml::new),
    }))
}

/// The local part of a QName (all of it when unprefixed).
fn local_part(qname: &str) -> &str {
    qname.split_once(':').map_or(qname, |(_, l)| l)
}

fn fault(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::Fault(f) = msg else { return None };
    let qname = trimmed(&f.code.qname);
    let local = local_part(&qname).to_string();
    fields([
        ("fault_code", qname.into()),
        ("fault_code_namespace", opt_text(f.code.namespace.as_ref())),
        ("fault_code_local", local.into()),
        ("fault_string", text_json(&f.string)),
        ("fault_actor", opt_text(f.actor.as_ref())),
        ("detail", f.detail.map_or(Value::Null, |x| x.as_str().into())),
    ])
}

fn fault_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    let qname = str_field(o, "fault_code")?;
    let trimmed_qname = qname.trim_matches([' ', '\t', '\r', '\n']);
    // A prefixed code given without its namespace is in the SOAP 1.1
    // envelope namespace, whatever the prefix.
    let namespace = match opt_str_field(o, "fault_code_namespace")? {
        None if trimmed_qname.contains(':') => Some(umcodec::namespaces::SOAP_ENVELOPE),
        ns => ns,
    };
    // Printed by decode, derived from `fault_code`: when given, it must agree.
    if let Some(local) = opt_str_field(o, "fault_code_local")? {
        let expected = local_part(trimmed_qname);
        if local != expected {
            return Err(format!(
                "field \"fault_code_local\" is {local:?} but the local part of \"fault_code\" is {expected:?}"
            ));
        }
    }
    Ok(Message::Fault(Fault {
        code: FaultCode::new(namespace, qname),
        string: Text::new(str_field(o, "fault_string")?),
        actor: opt_str_field(o, "fault_actor")?.map(Text::new),
        detail: opt_str_field(o, "detail")?.map(RawXml::new),
    }))
}
