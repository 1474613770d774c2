//! What the decode and encode benchmarks share: the four canonical seed
//! messages, the values each contender must find in them, and each peer's
//! way of finding those values.
//!
//! Every contender is checked once, before it is timed, against the same
//! expected values, so a contender that skips work cannot win.

#![allow(dead_code)] // each bench binary uses its own part

pub mod serde_types;

use std::borrow::Cow;

use criterion::Criterion;
use umcodec::namespaces::{MESSAGES, TYPES};
use umcodec::{Message, ResponseCode};

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
    /// The group suffix: `decode_<name>`, `encode_<name>`.
    pub name: &'static str,
    /// The canonical (`http://`) copy of the published example.
    pub bytes: &'static [u8],
    /// Every value of the message, in document order.
    pub fields: &'static [Field],
}

const CALL_ID: &str =
    "MDlkZjllZGMtNGUyMy00NzA5LWJkYWYtN2JlMjBjYjBhZTU2QGRmLWV1bS0wMS5leGNoYW5nZS5jb3JwLm1pY3Jvc29mdC5jb20=";

pub const CASES: [Case; 4] = [
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
];

/// Criterion settings shared by every group: long enough for stable
/// medians, short enough that `cargo bench` runs everything in minutes.
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3))
        .configure_from_args()
}

/// Asserts that `found` (what a contender reported, as `(field index,
/// value)`) is exactly the case's fields, each once.
pub fn assert_fields(contender: &str, case: &Case, found: &[(usize, String)]) {
    let mut want: Vec<(usize, String)> = case
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| (i, f.expected.to_owned()))
        .collect();
    let mut got = found.to_vec();
    want.sort();
    got.sort();
    assert_eq!(got, want, "{contender} on {}: wrong values", case.name);
}

/// The values of a decoded umcodec message, in the order of the case's
/// fields.
pub fn umcodec_fields(m: &Message<'_>) -> Vec<(usize, String)> {
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
        Message::Fault(_) => vec![],
    };
    values.into_iter().enumerate().collect()
}

/// Calls `found(index, value)` for every field of `fields` in a
/// roxmltree document, matched by namespace URI and local name.
pub fn roxmltree_fields(input: &str, fields: &[Field], mut found: impl FnMut(usize, &str)) {
    let doc = roxmltree::Document::parse(input).expect("roxmltree parses the seed");
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name();
        for (i, f) in fields.iter().enumerate() {
            if name.namespace() == Some(f.ns) && name.name() == f.local {
                let value = match f.attr {
                    Some(a) => node.attribute(a),
                    None => node.text(),
                };
                if let Some(v) = value {
                    found(i, v);
                }
            }
        }
    }
}

/// Calls `found(index, value)` for every field of `fields`, reading the
/// document with quick-xml's namespace-resolving `NsReader`.
pub fn quick_xml_ns_fields(input: &str, fields: &[Field], mut found: impl FnMut(usize, Cow<'_, str>)) {
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;
    use quick_xml::reader::NsReader;

    let mut reader = NsReader::from_str(input);
    // The field whose text the next text event carries.
    let mut text_of: Option<usize> = None;
    loop {
        let (resolved, event) = reader.read_resolved_event().expect("quick-xml reads the seed");
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                text_of = None;
                let ns = match resolved {
                    ResolveResult::Bound(ns) => ns.into_inner(),
                    _ => b"",
                };
                let local = e.local_name();
                for (i, f) in fields.iter().enumerate() {
                    if ns != f.ns.as_bytes() || local.as_ref() != f.local.as_bytes() {
                        continue;
                    }
                    match f.attr {
                        None => text_of = Some(i),
                        Some(name) => {
                            for a in e.attributes() {
                                let a = a.expect("attribute");
                                if a.key.as_ref() == name.as_bytes() {
                                    found(i, a.unescape_value().expect("attribute value"));
                                }
                            }
                        }
                    }
                }
            }
            Event::Text(ref t) => {
                if let Some(i) = text_of.take() {
                    found(i, t.decode().expect("text"));
                }
            }
            Event::End(_) => text_of = None,
            Event::Eof => break,
            _ => {}
        }
    }
}

/// Every text and attribute value of the document as xmlparser reports
/// it (for the check that the bare tokenizer read the same bytes).
pub fn xmlparser_values(input: &str) -> Vec<String> {
    let mut values = Vec::new();
    for token in xmlparser::Tokenizer::from(input) {
        match token.expect("xmlparser tokenizes the seed") {
            xmlparser::Token::Attribute { value, .. } => values.push(value.as_str().to_owned()),
            xmlparser::Token::Text { text } => values.push(text.as_str().trim().to_owned()),
            _ => {}
        }
    }
    values
}

/// Every text and attribute value of the document as quick-xml's plain
/// `Reader` reports it.
pub fn quick_xml_values(input: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(input);
    let mut values = Vec::new();
    loop {
        match reader.read_event().expect("quick-xml reads the seed") {
            Event::Start(e) | Event::Empty(e) => {
                for a in e.attributes() {
                    values.push(a.expect("attribute").unescape_value().expect("value").into_owned());
                }
            }
            Event::Text(t) => values.push(t.decode().expect("text").trim().to_owned()),
            Event::Eof => break,
            _ => {}
        }
    }
    values
}

/// Asserts that every expected value of `case` is among `values`.
pub fn assert_values_seen(contender: &str, case: &Case, values: &[String]) {
    for f in case.fields {
        assert!(
            values.iter().any(|v| v == f.expected),
            "{contender} on {}: {:?} not read",
            case.name,
            f.expected
        );
    }
}
