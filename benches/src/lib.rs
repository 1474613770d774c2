//! What the benchmarks of umcodec share: the six canonical messages,
//! the values each contender must find in them, each peer's way of finding
//! (or writing) them, and the checks that every peer does the whole job.
//!
//! - [`decode`]: the decode peers (quick-xml `NsReader`, quick-xml serde,
//!   roxmltree) and the two tokenizer floors (xmlparser, quick-xml `Reader`);
//! - [`encode`]: the encode peers (quick-xml `Writer`, quick-xml serde);
//! - [`check_decode`] and [`check_encode`]: run by `tests/peers.rs` and by
//!   each bench binary before anything is timed, so that a contender that
//!   skips work cannot win.
//!
//! The benches (`benches/`) time exactly the functions checked here.

pub mod decode;
pub mod encode;
pub mod serde_types;

use criterion::Criterion;
use umcodec::namespaces::{MESSAGES, TYPES};
use umcodec::{Encode, Message, Options, ResponseCode};

/// Where a value sits: the text of an element, or one of its attributes.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// Namespace URI of the element.
    pub ns: &'static str,
    /// Local name of the element.
    pub local: &'static str,
    /// `None`: the element's text; `Some(name)`: that unqualified attribute.
    pub attr: Option<&'static str>,
    /// The value the published example carries there.
    pub expected: &'static str,
}

const fn text(ns: &'static str, local: &'static str, expected: &'static str) -> Field {
    Field {
        ns,
        local,
        attr: None,
        expected,
    }
}

const fn attr(ns: &'static str, local: &'static str, name: &'static str, expected: &'static str) -> Field {
    Field {
        ns,
        local,
        attr: Some(name),
        expected,
    }
}

/// One benchmarked message.
pub struct Case {
    /// The group suffix: `decode_<name>`, `encode_<name>`; also the file
    /// `corpus/valid/canonical_<name>.xml`.
    pub name: &'static str,
    /// The canonical (`http://`) copy of the published example.
    pub bytes: &'static [u8],
    /// Every value of the message, in document order.
    pub fields: &'static [Field],
}

impl Case {
    /// The message as text (every seed is UTF-8).
    pub fn text(&self) -> &'static str {
        std::str::from_utf8(self.bytes).expect("the seeds are UTF-8")
    }
}

const CALL_ID: &str =
    "MDlkZjllZGMtNGUyMy00NzA5LWJkYWYtN2JlMjBjYjBhZTU2QGRmLWV1bS0wMS5leGNoYW5nZS5jb3JwLm1pY3Jvc29mdC5jb20=";

const ITEM_ID: &str = "AAMkADk5YjY3ZWQ1LTg0ZTktNDQzZS1iNzI0LWQ3ZGI2ZDhjN2E2MQBGAAAAAAAGtn1o4yKdQLfzLFCtT8vlBwDSXxOPyHv3Qapp0I36j8LuAAAAAAEMAADSXxOPyHv3Qapp0I36j8LuAAAyvsZeAAA=";

pub const CASES: [Case; 6] = [
    Case {
        name: "get_call_info_request",
        bytes: include_bytes!("../../corpus/valid/canonical_get_call_info_request.xml"),
        fields: &[text(MESSAGES, "CallId", CALL_ID)],
    },
    Case {
        name: "get_call_info_response",
        bytes: include_bytes!("../../corpus/valid/canonical_get_call_info_response.xml"),
        fields: &[
            text(MESSAGES, "CallState", "Connected"),
            text(MESSAGES, "EventCause", "None"),
        ],
    },
    Case {
        name: "disconnect_phone_call_request",
        bytes: include_bytes!("../../corpus/valid/canonical_disconnect_phone_call_request.xml"),
        fields: &[
            attr(TYPES, "RequestServerVersion", "Version", "Exchange2010"),
            attr(MESSAGES, "PhoneCallId", "Id", "OWVl4NWb3N29t"),
        ],
    },
    Case {
        name: "disconnect_phone_call_response",
        bytes: include_bytes!("../../corpus/valid/canonical_disconnect_phone_call_response.xml"),
        fields: &[
            attr(TYPES, "ServerVersionInfo", "MajorVersion", "14"),
            attr(TYPES, "ServerVersionInfo", "MinorVersion", "0"),
            attr(TYPES, "ServerVersionInfo", "MajorBuildNumber", "639"),
            attr(TYPES, "ServerVersionInfo", "MinorBuildNumber", "20"),
            attr(TYPES, "ServerVersionInfo", "Version", "Exchange2010"),
            attr(MESSAGES, "DisconnectPhoneCallResponse", "ResponseClass", "Success"),
            text(MESSAGES, "ResponseCode", "NoError"),
        ],
    },
    Case {
        name: "play_on_phone_request",
        bytes: include_bytes!("../../corpus/valid/canonical_play_on_phone_request.xml"),
        fields: &[
            attr(TYPES, "RequestServerVersion", "Version", "Exchange2010"),
            attr(MESSAGES, "ItemId", "Id", ITEM_ID),
            attr(
                MESSAGES,
                "ItemId",
                "ChangeKey",
                "CQAAABYAAADSXxOPyHv3Qapp0I36j8LuAAAyvsZm",
            ),
            text(MESSAGES, "DialString", "4255550199"),
        ],
    },
    Case {
        name: "get_phone_call_information_response",
        bytes: include_bytes!("../../corpus/valid/canonical_get_phone_call_information_response.xml"),
        fields: &[
            attr(TYPES, "ServerVersionInfo", "MajorVersion", "14"),
            attr(TYPES, "ServerVersionInfo", "MinorVersion", "0"),
            attr(TYPES, "ServerVersionInfo", "MajorBuildNumber", "639"),
            attr(TYPES, "ServerVersionInfo", "MinorBuildNumber", "20"),
            attr(TYPES, "ServerVersionInfo", "Version", "Exchange2010"),
            attr(MESSAGES, "GetPhoneCallInformationResponse", "ResponseClass", "Success"),
            text(MESSAGES, "ResponseCode", "NoError"),
            text(TYPES, "PhoneCallState", "Connected"),
            text(TYPES, "ConnectionFailureCause", "None"),
        ],
    },
];

/// The case called `name`.
pub fn case(name: &str) -> Option<&'static Case> {
    CASES.iter().find(|c| c.name == name)
}

/// Criterion settings shared by every group: long enough for stable
/// medians, short enough that `cargo bench` runs everything in minutes.
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3))
        .configure_from_args()
}

/// What a contender found: `(field index, value)`, sorted.
pub type Found = Vec<(usize, String)>;

/// Collects `(index, value)` pairs, sorted, for comparison.
fn sorted(mut found: Found) -> Found {
    found.sort();
    found
}

/// The values of a decoded umcodec message, in the order of the case's
/// fields (integers and enumerations as umcodec prints them).
pub fn umcodec_fields(m: &Message<'_>) -> Found {
    let s = |t: umcodec::Text<'_>| t.to_string();
    let values: Vec<String> = match m {
        Message::GetCallInfoRequest(r) => vec![s(r.call_id)],
        Message::GetCallInfoResponse(r) => vec![r.call_state.as_str().into(), r.event_cause.as_str().into()],
        Message::DisconnectPhoneCallRequest(r) => {
            vec![
                r.request_server_version.map_or("-", |v| v.as_str()).into(),
                s(r.phone_call_id),
            ]
        }
        Message::DisconnectPhoneCallResponse(r) => {
            let v = r.server_version.expect("ServerVersionInfo");
            let int = |i: Option<i32>| i.map_or("-".into(), |i| i.to_string());
            vec![
                int(v.major_version),
                int(v.minor_version),
                int(v.major_build_number),
                int(v.minor_build_number),
                v.version.map_or("-".into(), s),
                r.response_class.as_str().into(),
                match r.response_code {
                    Some(ResponseCode::Known(c)) => c.as_str().into(),
                    Some(ResponseCode::Other(t)) => s(t),
                    None => "-".into(),
                },
            ]
        }
        Message::PlayOnPhoneRequest(r) => vec![
            r.request_server_version.map_or("-", |v| v.as_str()).into(),
            s(r.item_id),
            r.change_key.map_or("-".into(), s),
            s(r.dial_string),
        ],
        Message::GetPhoneCallInformationResponse(r) => {
            let v = r.server_version.expect("ServerVersionInfo");
            let int = |i: Option<i32>| i.map_or("-".into(), |i| i.to_string());
            let info = r.phone_call_information.expect("PhoneCallInformation");
            vec![
                int(v.major_version),
                int(v.minor_version),
                int(v.major_build_number),
                int(v.minor_build_number),
                v.version.map_or("-".into(), s),
                r.response_class.as_str().into(),
                match r.response_code {
                    Some(ResponseCode::Known(c)) => c.as_str().into(),
                    Some(ResponseCode::Other(t)) => s(t),
                    None => "-".into(),
                },
                info.phone_call_state.as_str().into(),
                info.connection_failure_cause.as_str().into(),
            ]
        }
        Message::Fault(_) => vec![],
        other => unreachable!("no benchmark reads a {}", other.kind()),
    };
    values.into_iter().enumerate().collect()
}

/// What umcodec finds in `case`, checked against the values the case
/// table expects (so that the table itself cannot drift).
pub fn umcodec_found(case: &Case) -> Found {
    let m = Message::decode(case.bytes).unwrap_or_else(|e| panic!("umcodec on {}: {e}", case.name));
    let found = sorted(umcodec_fields(&m));
    let table: Found = case
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| (i, f.expected.to_owned()))
        .collect();
    assert_eq!(
        found, table,
        "umcodec on {}: not the values of the case table",
        case.name
    );
    found
}

/// Every decode contender's findings on `case`, by contender name (the
/// criterion function names of `benches/decode.rs`). Each is produced by
/// the very function that is timed; the floors (`xmlparser`, `quick_xml`)
/// tokenize only, so their values are picked from the tokens they
/// produced by local name, untimed.
pub fn decode_findings(case: &Case) -> Vec<(&'static str, Found)> {
    let input = case.text();
    let mut all = Vec::new();

    let mut found = Vec::new();
    decode::quick_xml_ns(input, case.fields, |i, v| found.push((i, v.into_owned())))
        .unwrap_or_else(|e| panic!("quick_xml_ns on {}: {e}", case.name));
    all.push(("quick_xml_ns", sorted(found)));

    let v = decode::quick_xml_serde(case)(input).unwrap_or_else(|e| panic!("quick_xml_serde on {}: {e}", case.name));
    all.push(("quick_xml_serde", sorted(v.fields())));

    let mut found = Vec::new();
    decode::roxmltree(input, case.fields, |i, v| found.push((i, v.to_owned())))
        .unwrap_or_else(|e| panic!("roxmltree on {}: {e}", case.name));
    all.push(("roxmltree", sorted(found)));

    let found =
        decode::xmlparser_fields(input, case.fields).unwrap_or_else(|e| panic!("xmlparser on {}: {e}", case.name));
    all.push(("xmlparser", sorted(found)));

    let found =
        decode::quick_xml_fields(input, case.fields).unwrap_or_else(|e| panic!("quick_xml on {}: {e}", case.name));
    all.push(("quick_xml", sorted(found)));

    all
}

/// Asserts that every decode peer finds exactly the values umcodec finds
/// in `case`: each field once, nothing else.
pub fn check_decode(case: &Case) {
    let want = umcodec_found(case);
    for (contender, got) in decode_findings(case) {
        assert_eq!(got, want, "{contender} on {}: not umcodec's values", case.name);
    }
    // The attribute-reading floor finds no values; it must read every
    // attribute, as many as xmlparser tokenizes (declarations included).
    let input = case.text();
    let mut tokens = 0;
    decode::xmlparser(input, |t| {
        tokens += usize::from(matches!(t, xmlparser::Token::Attribute { .. }))
    })
    .unwrap_or_else(|e| panic!("xmlparser on {}: {e}", case.name));
    let read = decode::quick_xml_attributes(input).unwrap_or_else(|e| panic!("quick_xml_attrs on {}: {e}", case.name));
    assert!(tokens > 0, "{}: no attribute", case.name);
    assert_eq!(read, tokens, "quick_xml_attrs on {}: not every attribute", case.name);
}

/// Asserts that `m`, a typed decoder's result on `case`, holds the values
/// [`Message::decode`] finds: checked by each bench before it times a
/// typed decoder.
pub fn check_typed(case: &Case, m: &Message<'_>) {
    assert_eq!(umcodec_fields(m), umcodec_found(case), "typed decode of {}", case.name);
}

/// The canonical encoding of `case` by umcodec, checked to decode back to
/// the same message.
pub fn umcodec_encoded(case: &Case) -> (Message<'static>, Vec<u8>) {
    let m = Message::decode(case.bytes).expect("the seed decodes");
    let mut buf = [0u8; 4096];
    let n = m.encode(&mut buf).expect("the seed encodes");
    assert_eq!(m.encoded_len(), Ok(n));
    let out = buf[..n].to_vec();
    assert_same("umcodec", case, &m, &out);
    (m, out)
}

/// Asserts that every encode peer writes `case`'s message so that umcodec
/// (strict options) decodes it to the same message.
pub fn check_encode(case: &Case) {
    let (m, _) = umcodec_encoded(case);
    let mut w = quick_xml::Writer::new(Vec::new());
    encode::quick_xml_writer(&m, &mut w).unwrap_or_else(|e| panic!("quick_xml_writer on {}: {e}", case.name));
    assert_same("quick_xml_writer", case, &m, w.get_ref());
    let mut out = String::new();
    encode::quick_xml_serde(&m, &mut out).unwrap_or_else(|e| panic!("quick_xml_serde on {}: {e}", case.name));
    assert_same("quick_xml_serde", case, &m, out.as_bytes());
}

/// Asserts that `bytes` (a contender's output) is a valid envelope of the
/// same value as `m`.
pub fn assert_same(contender: &str, case: &Case, m: &Message<'_>, bytes: &[u8]) {
    let back = Message::decode_with(bytes, &Options::strict()).unwrap_or_else(|e| {
        panic!("{contender} on {}: {e}\n{}", case.name, String::from_utf8_lossy(bytes));
    });
    assert_eq!(&back, m, "{contender} on {}: another value", case.name);
}
