//! The JSON form of messages used by the `umcodec` example program
//! (docs/cli.md) and by the corpus tests.
//!
//! One table, [`KINDS`], lists every message kind: its `"message"` name,
//! the keys `decode` prints for it, and the two conversions. Adding a
//! message kind is adding one entry (and its two functions).

#![allow(dead_code)]

use serde_json::{Map, Value};
use umcodec::ConnectingSid;
use umcodec::{
    CallState, DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, DisconnectRequest, DisconnectResponse,
    EventCause, ExchangeVersion, Fault, FaultCode, GetCallInfoRequest, GetCallInfoResponse, KnownResponseCode, Message,
    RawXml, ResponseClass, ResponseCode, ServerVersionInfo, Text,
};
use umcodec::{
    ConnectionFailureCause, GetPhoneCallInformationRequest, GetPhoneCallInformationResponse, PhoneCallInformation,
    PhoneCallState,
};
use umcodec::{GreetingType, PlayOnPhoneGreetingRequest, PlayOnPhoneGreetingResponse};
use umcodec::{PlayOnPhoneRequest, PlayOnPhoneResponse};
use umcodec::{UmPlayOnPhoneRequest, UmPlayOnPhoneResponse};

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
        name: "UmPlayOnPhoneRequest",
        keys: &["entry_id", "dial_string"],
        nested: &[],
        to_json: um_play_on_phone_request,
        from_json: um_play_on_phone_request_from,
    },
    Kind {
        name: "UmPlayOnPhoneResponse",
        keys: &["call_id"],
        nested: &[],
        to_json: um_play_on_phone_response,
        from_json: um_play_on_phone_response_from,
    },
    Kind {
        name: "PlayOnPhoneGreetingRequest",
        keys: &["greeting_type", "dial_string"],
        nested: &[],
        to_json: play_on_phone_greeting_request,
        from_json: play_on_phone_greeting_request_from,
    },
    Kind {
        name: "PlayOnPhoneGreetingResponse",
        keys: &["call_id"],
        nested: &[],
        to_json: play_on_phone_greeting_response,
        from_json: play_on_phone_greeting_response_from,
    },
    Kind {
        name: "DisconnectRequest",
        keys: &["call_id"],
        nested: &[],
        to_json: disconnect_request,
        from_json: disconnect_request_from,
    },
    Kind {
        name: "DisconnectResponse",
        keys: &[],
        nested: &[],
        to_json: disconnect_response,
        from_json: disconnect_response_from,
    },
    Kind {
        name: "PlayOnPhoneRequest",
        keys: &[
            "request_server_version",
            "mailbox_culture",
            "impersonation",
            "item_id",
            "change_key",
            "dial_string",
        ],
        nested: &[("impersonation", IMPERSONATION_KEYS)],
        to_json: play_on_phone_request,
        from_json: play_on_phone_request_from,
    },
    Kind {
        name: "PlayOnPhoneResponse",
        keys: &[
            "server_version",
            "response_class",
            "response_code",
            "message_text",
            "descriptive_link_key",
            "message_xml",
            "phone_call_id",
        ],
        nested: &[("server_version", SERVER_VERSION_KEYS)],
        to_json: play_on_phone_response,
        from_json: play_on_phone_response_from,
    },
    Kind {
        name: "GetPhoneCallInformationRequest",
        keys: &[
            "request_server_version",
            "mailbox_culture",
            "impersonation",
            "phone_call_id",
        ],
        nested: &[("impersonation", IMPERSONATION_KEYS)],
        to_json: get_phone_call_information_request,
        from_json: get_phone_call_information_request_from,
    },
    Kind {
        name: "GetPhoneCallInformationResponse",
        keys: &[
            "server_version",
            "response_class",
            "response_code",
            "message_text",
            "descriptive_link_key",
            "message_xml",
            "phone_call_information",
        ],
        nested: &[
            ("server_version", SERVER_VERSION_KEYS),
            ("phone_call_information", PHONE_CALL_INFORMATION_KEYS),
        ],
        to_json: get_phone_call_information_response,
        from_json: get_phone_call_information_response_from,
    },
    Kind {
        name: "DisconnectPhoneCallRequest",
        keys: &[
            "request_server_version",
            "mailbox_culture",
            "impersonation",
            "phone_call_id",
        ],
        nested: &[("impersonation", IMPERSONATION_KEYS)],
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
            "fault_string_lang",
            "fault_actor",
            "detail",
            "detail_exception_type",
            "detail_response_code",
            "detail_message",
        ],
        nested: &[],
        to_json: fault,
        from_json: fault_from,
    },
];

const IMPERSONATION_KEYS: &[&str] = &["kind", "value"];

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

fn um_play_on_phone_request(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::UmPlayOnPhoneRequest(r) = msg else {
        return None;
    };
    fields([
        ("entry_id", text_json(&r.entry_id)),
        ("dial_string", text_json(&r.dial_string)),
    ])
}

fn um_play_on_phone_request_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    Ok(Message::UmPlayOnPhoneRequest(UmPlayOnPhoneRequest {
        entry_id: Text::new(str_field(o, "entry_id")?),
        dial_string: Text::new(str_field(o, "dial_string")?),
    }))
}

fn um_play_on_phone_response(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::UmPlayOnPhoneResponse(r) = msg else {
        return None;
    };
    fields([("call_id", text_json(&r.call_id))])
}

fn um_play_on_phone_response_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    Ok(Message::UmPlayOnPhoneResponse(UmPlayOnPhoneResponse {
        call_id: Text::new(str_field(o, "call_id")?),
    }))
}

fn play_on_phone_greeting_request(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::PlayOnPhoneGreetingRequest(r) = msg else {
        return None;
    };
    fields([
        ("greeting_type", r.greeting_type.as_str().into()),
        ("dial_string", text_json(&r.dial_string)),
    ])
}

fn play_on_phone_greeting_request_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    Ok(Message::PlayOnPhoneGreetingRequest(PlayOnPhoneGreetingRequest {
        greeting_type: enum_field(o, "greeting_type", GreetingType::from_str)?,
        dial_string: Text::new(str_field(o, "dial_string")?),
    }))
}

fn play_on_phone_greeting_response(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::PlayOnPhoneGreetingResponse(r) = msg else {
        return None;
    };
    fields([("call_id", text_json(&r.call_id))])
}

fn play_on_phone_greeting_response_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    Ok(Message::PlayOnPhoneGreetingResponse(PlayOnPhoneGreetingResponse {
        call_id: Text::new(str_field(o, "call_id")?),
    }))
}

fn disconnect_request(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::DisconnectRequest(r) = msg else {
        return None;
    };
    fields([("call_id", text_json(&r.call_id))])
}

fn disconnect_request_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    Ok(Message::DisconnectRequest(DisconnectRequest {
        call_id: Text::new(str_field(o, "call_id")?),
    }))
}

fn disconnect_response(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::DisconnectResponse(_) = msg else {
        return None;
    };
    fields([])
}

fn disconnect_response_from(_: Fields<'_>) -> Result<Message<'_>, String> {
    Ok(Message::DisconnectResponse(DisconnectResponse))
}

/// The JSON of an EWS request's header blocks (every EWS request has them).
fn ews_request_headers(
    version: Option<ExchangeVersion>,
    culture: Option<&Text<'_>>,
    impersonation: Option<&ConnectingSid<'_>>,
) -> [(&'static str, Value); 3] {
    let impersonation = impersonation.map_or(Value::Null, |s| {
        let mut o = Map::new();
        o.insert("kind".into(), s.kind().into());
        o.insert("value".into(), text_json(&s.value()));
        Value::Object(o)
    });
    [
        (
            "request_server_version",
            version.map_or(Value::Null, |v| v.as_str().into()),
        ),
        ("mailbox_culture", opt_text(culture)),
        ("impersonation", impersonation),
    ]
}

/// An EWS request's header blocks from JSON.
type EwsRequestHeaders<'v> = (Option<ExchangeVersion>, Option<Text<'v>>, Option<ConnectingSid<'v>>);

fn ews_request_headers_from(o: Fields<'_>) -> Result<EwsRequestHeaders<'_>, String> {
    let version = match opt_str_field(o, "request_server_version")? {
        None => None,
        Some(s) => Some(
            ExchangeVersion::from_str(s)
                .ok_or_else(|| format!("field \"request_server_version\": unknown value {s:?}"))?,
        ),
    };
    let impersonation = match o.get("impersonation") {
        None | Some(Value::Null) => None,
        Some(Value::Object(i)) => {
            let kind = str_field(i, "kind")?;
            let value = Text::new(str_field(i, "value")?);
            Some(ConnectingSid::from_kind(kind, value).ok_or_else(|| {
                format!(
                    "field \"impersonation\": unknown kind {kind:?} (PrincipalName, SID, PrimarySmtpAddress or SmtpAddress)"
                )
            })?)
        }
        Some(_) => return Err("field \"impersonation\" must be an object or null".into()),
    };
    Ok((
        version,
        opt_str_field(o, "mailbox_culture")?.map(Text::new),
        impersonation,
    ))
}

fn disconnect_phone_call_request(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::DisconnectPhoneCallRequest(r) = msg else {
        return None;
    };
    let headers = ews_request_headers(
        r.request_server_version,
        r.mailbox_culture.as_ref(),
        r.impersonation.as_ref(),
    );
    fields(
        headers
            .into_iter()
            .chain([("phone_call_id", text_json(&r.phone_call_id))]),
    )
}

fn disconnect_phone_call_request_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    let (request_server_version, mailbox_culture, impersonation) = ews_request_headers_from(o)?;
    Ok(Message::DisconnectPhoneCallRequest(DisconnectPhoneCallRequest {
        request_server_version,
        mailbox_culture,
        impersonation,
        phone_call_id: Text::new(str_field(o, "phone_call_id")?),
    }))
}

/// The JSON of the fields every EWS response has.
fn ews_response(
    server_version: Option<&ServerVersionInfo<'_>>,
    response_class: ResponseClass,
    response_code: Option<&ResponseCode<'_>>,
    message_text: Option<&Text<'_>>,
    descriptive_link_key: Option<i32>,
    message_xml: Option<&RawXml<'_>>,
) -> [(&'static str, Value); 6] {
    let server_version = server_version.map_or(Value::Null, |v| {
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
    let response_code = match response_code {
        None => Value::Null,
        Some(ResponseCode::Known(c)) => c.as_str().into(),
        Some(ResponseCode::Other(t)) => Value::String(trimmed(t)),
    };
    [
        ("server_version", server_version),
        ("response_class", response_class.as_str().into()),
        ("response_code", response_code),
        ("message_text", opt_text(message_text)),
        ("descriptive_link_key", opt_int(descriptive_link_key)),
        ("message_xml", message_xml.map_or(Value::Null, |x| x.as_str().into())),
    ]
}

/// The fields every EWS response has, from JSON.
struct EwsResponseFields<'v> {
    server_version: Option<ServerVersionInfo<'v>>,
    response_class: ResponseClass,
    response_code: Option<ResponseCode<'v>>,
    message_text: Option<Text<'v>>,
    descriptive_link_key: Option<i32>,
    message_xml: Option<RawXml<'v>>,
}

fn ews_response_from(o: Fields<'_>) -> Result<EwsResponseFields<'_>, String> {
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
    Ok(EwsResponseFields {
        server_version,
        response_class: enum_field(o, "response_class", ResponseClass::from_str)?,
        response_code,
        message_text: opt_str_field(o, "message_text")?.map(Text::new),
        descriptive_link_key: opt_int_field(o, "descriptive_link_key")?,
        message_xml: opt_str_field(o, "message_xml")?.map(RawXml::new),
    })
}

fn disconnect_phone_call_response(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::DisconnectPhoneCallResponse(r) = msg else {
        return None;
    };
    fields(ews_response(
        r.server_version.as_ref(),
        r.response_class,
        r.response_code.as_ref(),
        r.message_text.as_ref(),
        r.descriptive_link_key,
        r.message_xml.as_ref(),
    ))
}

fn disconnect_phone_call_response_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    let f = ews_response_from(o)?;
    Ok(Message::DisconnectPhoneCallResponse(DisconnectPhoneCallResponse {
        server_version: f.server_version,
        response_class: f.response_class,
        message_text: f.message_text,
        response_code: f.response_code,
        descriptive_link_key: f.descriptive_link_key,
        message_xml: f.message_xml,
    }))
}

const PHONE_CALL_INFORMATION_KEYS: &[&str] = &[
    "phone_call_state",
    "connection_failure_cause",
    "sip_response_text",
    "sip_response_code",
];

fn play_on_phone_request(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::PlayOnPhoneRequest(r) = msg else {
        return None;
    };
    let headers = ews_request_headers(
        r.request_server_version,
        r.mailbox_culture.as_ref(),
        r.impersonation.as_ref(),
    );
    fields(headers.into_iter().chain([
        ("item_id", text_json(&r.item_id)),
        ("change_key", opt_text(r.change_key.as_ref())),
        ("dial_string", text_json(&r.dial_string)),
    ]))
}

fn play_on_phone_request_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    let (request_server_version, mailbox_culture, impersonation) = ews_request_headers_from(o)?;
    Ok(Message::PlayOnPhoneRequest(PlayOnPhoneRequest {
        request_server_version,
        mailbox_culture,
        impersonation,
        item_id: Text::new(str_field(o, "item_id")?),
        change_key: opt_str_field(o, "change_key")?.map(Text::new),
        dial_string: Text::new(str_field(o, "dial_string")?),
    }))
}

fn play_on_phone_response(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::PlayOnPhoneResponse(r) = msg else {
        return None;
    };
    let base = ews_response(
        r.server_version.as_ref(),
        r.response_class,
        r.response_code.as_ref(),
        r.message_text.as_ref(),
        r.descriptive_link_key,
        r.message_xml.as_ref(),
    );
    fields(
        base.into_iter()
            .chain([("phone_call_id", opt_text(r.phone_call_id.as_ref()))]),
    )
}

fn play_on_phone_response_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    let f = ews_response_from(o)?;
    Ok(Message::PlayOnPhoneResponse(PlayOnPhoneResponse {
        server_version: f.server_version,
        response_class: f.response_class,
        message_text: f.message_text,
        response_code: f.response_code,
        descriptive_link_key: f.descriptive_link_key,
        message_xml: f.message_xml,
        phone_call_id: opt_str_field(o, "phone_call_id")?.map(Text::new),
    }))
}

fn get_phone_call_information_request(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::GetPhoneCallInformationRequest(r) = msg else {
        return None;
    };
    let headers = ews_request_headers(
        r.request_server_version,
        r.mailbox_culture.as_ref(),
        r.impersonation.as_ref(),
    );
    fields(
        headers
            .into_iter()
            .chain([("phone_call_id", text_json(&r.phone_call_id))]),
    )
}

fn get_phone_call_information_request_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    let (request_server_version, mailbox_culture, impersonation) = ews_request_headers_from(o)?;
    Ok(Message::GetPhoneCallInformationRequest(
        GetPhoneCallInformationRequest {
            request_server_version,
            mailbox_culture,
            impersonation,
            phone_call_id: Text::new(str_field(o, "phone_call_id")?),
        },
    ))
}

fn get_phone_call_information_response(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::GetPhoneCallInformationResponse(r) = msg else {
        return None;
    };
    let info = r.phone_call_information.map_or(Value::Null, |i| {
        Value::Object(
            [
                ("phone_call_state", i.phone_call_state.as_str().into()),
                ("connection_failure_cause", i.connection_failure_cause.as_str().into()),
                ("sip_response_text", opt_text(i.sip_response_text.as_ref())),
                ("sip_response_code", opt_int(i.sip_response_code)),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        )
    });
    let base = ews_response(
        r.server_version.as_ref(),
        r.response_class,
        r.response_code.as_ref(),
        r.message_text.as_ref(),
        r.descriptive_link_key,
        r.message_xml.as_ref(),
    );
    fields(base.into_iter().chain([("phone_call_information", info)]))
}

fn get_phone_call_information_response_from(o: Fields<'_>) -> Result<Message<'_>, String> {
    let f = ews_response_from(o)?;
    let info = match o.get("phone_call_information") {
        None | Some(Value::Null) => None,
        Some(Value::Object(i)) => Some(PhoneCallInformation {
            phone_call_state: enum_field(i, "phone_call_state", PhoneCallState::from_str)?,
            connection_failure_cause: enum_field(i, "connection_failure_cause", ConnectionFailureCause::from_str)?,
            sip_response_text: opt_str_field(i, "sip_response_text")?.map(Text::new),
            sip_response_code: opt_int_field(i, "sip_response_code")?,
        }),
        Some(_) => return Err("field \"phone_call_information\" must be an object or null".into()),
    };
    Ok(Message::GetPhoneCallInformationResponse(
        GetPhoneCallInformationResponse {
            server_version: f.server_version,
            response_class: f.response_class,
            message_text: f.message_text,
            response_code: f.response_code,
            descriptive_link_key: f.descriptive_link_key,
            message_xml: f.message_xml,
            phone_call_information: info,
        },
    ))
}

/// The local part of a QName (all of it when unprefixed).
fn local_part(qname: &str) -> &str {
    qname.split_once(':').map_or(qname, |(_, l)| l)
}

fn fault(msg: &Message<'_>) -> Option<Map<String, Value>> {
    let Message::Fault(f) = msg else { return None };
    let qname = trimmed(&f.code.qname);
    let local = local_part(&qname).to_string();
    let d = f.typed_detail();
    fields([
        ("fault_code", qname.into()),
        ("fault_code_namespace", opt_text(f.code.namespace.as_ref())),
        ("fault_code_local", local.into()),
        ("fault_string", text_json(&f.string)),
        ("fault_string_lang", opt_text(f.lang.as_ref())),
        ("fault_actor", opt_text(f.actor.as_ref())),
        ("detail", f.detail.map_or(Value::Null, |x| x.as_str().into())),
        ("detail_exception_type", opt_text(d.exception_type.as_ref())),
        ("detail_response_code", opt_text(d.response_code.as_ref())),
        ("detail_message", opt_text(d.message.as_ref())),
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
    let fault = Fault {
        code: FaultCode::new(namespace, qname),
        string: Text::new(str_field(o, "fault_string")?),
        lang: opt_str_field(o, "fault_string_lang")?.map(Text::new),
        actor: opt_str_field(o, "fault_actor")?.map(Text::new),
        detail: opt_str_field(o, "detail")?.map(RawXml::new),
    };
    // Printed by decode, read from `detail`: when given, each must agree.
    let d = fault.typed_detail();
    for (key, derived) in [
        ("detail_exception_type", d.exception_type),
        ("detail_response_code", d.response_code),
        ("detail_message", d.message),
    ] {
        if let Some(given) = opt_str_field(o, key)? {
            let derived: Option<String> = derived.map(|t| t.chars().collect());
            if derived.as_deref() != Some(given) {
                return Err(format!(
                    "field {key:?} is {given:?} but the detail holds {derived:?} (it is read from \"detail\")"
                ));
            }
        }
    }
    Ok(Message::Fault(fault))
}
