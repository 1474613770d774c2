//! The encode peers: quick-xml's `Writer` and its serde serializer writing
//! the same envelope as umcodec, each checked by
//! [`check_encode`](crate::check_encode) to decode (umcodec, strict) to
//! the same message.

use std::io;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use umcodec::namespaces::{MESSAGES, TYPES};
use umcodec::{Message, ResponseCode, Text};

use crate::serde_types::{self as se, SOAP};

const DECL: &str = r#"<?xml version="1.0" encoding="utf-8"?>"#;

fn s<'a>(t: Text<'a>) -> &'a str {
    t.as_str().expect("the canonical values need no unescaping")
}

/// A start tag whose name and attributes are all constants: borrowed as
/// written (nothing to escape, nothing to copy).
fn start(tag: &'static str) -> Event<'static> {
    let name_len = tag.find(' ').unwrap_or(tag.len());
    Event::Start(BytesStart::from_content(tag, name_len))
}

fn end(name: &'static str) -> Event<'static> {
    Event::End(BytesEnd::new(name))
}

/// `<name>text</name>`, the text escaped by quick-xml (borrowed when
/// there is nothing to escape).
fn leaf(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(text))?;
    Ok(())
}

/// The same envelope through quick-xml's `Writer`, as a quick-xml user
/// who cares for speed writes a fixed envelope: events into a reused
/// `Vec`, constant tags (the declaration, the namespace declarations)
/// borrowed as written, values escaped by quick-xml (`BytesText::new`,
/// `push_attribute`), integers formatted on the stack. One allocation per
/// element with a variable attribute (quick-xml builds such a start tag
/// in an owned buffer); no indentation.
pub fn quick_xml_writer(m: &Message<'_>, w: &mut Writer<Vec<u8>>) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::from_start(BytesStart::from_content(
        r#"xml version="1.0" encoding="utf-8""#,
        3,
    ))))?;
    match m {
        Message::GetCallInfoRequest(r) => {
            w.write_event(start(
                r#"soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/""#,
            ))?;
            w.write_event(start("soap:Body"))?;
            w.write_event(start(
                r#"GetCallInfo xmlns="http://schemas.microsoft.com/exchange/services/2006/messages""#,
            ))?;
            leaf(w, "CallId", s(r.call_id))?;
            w.write_event(end("GetCallInfo"))?;
        }
        Message::GetCallInfoResponse(r) => {
            w.write_event(start(concat!(
                r#"soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/""#,
                r#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#,
                r#" xmlns:xsd="http://www.w3.org/2001/XMLSchema""#
            )))?;
            w.write_event(start("soap:Body"))?;
            w.write_event(start(
                r#"GetCallInfoResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages""#,
            ))?;
            w.write_event(start("GetCallInfoResponse"))?;
            leaf(w, "CallState", r.call_state.as_str())?;
            leaf(w, "EventCause", r.event_cause.as_str())?;
            w.write_event(end("GetCallInfoResponse"))?;
            w.write_event(end("GetCallInfoResponse"))?;
        }
        Message::DisconnectPhoneCallRequest(r) => {
            w.write_event(start(concat!(
                r#"soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/""#,
                r#" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages""#,
                r#" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types""#
            )))?;
            if let Some(v) = r.request_server_version {
                w.write_event(start("soap:Header"))?;
                w.create_element("t:RequestServerVersion")
                    .with_attribute(("Version", v.as_str()))
                    .write_empty()?;
                w.write_event(end("soap:Header"))?;
            }
            w.write_event(start("soap:Body"))?;
            w.write_event(start("m:DisconnectPhoneCall"))?;
            w.create_element("m:PhoneCallId")
                .with_attribute(("Id", s(r.phone_call_id)))
                .write_empty()?;
            w.write_event(end("m:DisconnectPhoneCall"))?;
        }
        Message::DisconnectPhoneCallResponse(r) => {
            w.write_event(start(
                r#"soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/""#,
            ))?;
            if let Some(v) = &r.server_version {
                w.write_event(start("soap:Header"))?;
                let mut info = BytesStart::from_content(
                    r#"h:ServerVersionInfo xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types""#,
                    19,
                );
                let mut buf = [[0u8; 11]; 4];
                let ints = [
                    ("MajorVersion", v.major_version),
                    ("MinorVersion", v.minor_version),
                    ("MajorBuildNumber", v.major_build_number),
                    ("MinorBuildNumber", v.minor_build_number),
                ];
                for ((name, value), buf) in ints.into_iter().zip(&mut buf) {
                    if let Some(i) = value {
                        info.push_attribute((name, int(i, buf)));
                    }
                }
                if let Some(t) = v.version {
                    info.push_attribute(("Version", s(t)));
                }
                w.write_event(Event::Empty(info))?;
                w.write_event(end("soap:Header"))?;
            }
            w.write_event(start("soap:Body"))?;
            let mut response = BytesStart::from_content(
                r#"DisconnectPhoneCallResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages""#,
                27,
            );
            response.push_attribute(("ResponseClass", r.response_class.as_str()));
            w.write_event(Event::Start(response))?;
            if let Some(t) = r.message_text {
                leaf(w, "MessageText", s(t))?;
            }
            if let Some(c) = r.response_code {
                let code = match c {
                    ResponseCode::Known(k) => k.as_str(),
                    ResponseCode::Other(t) => s(t),
                };
                leaf(w, "ResponseCode", code)?;
            }
            w.write_event(end("DisconnectPhoneCallResponse"))?;
        }
        Message::PlayOnPhoneRequest(r) => {
            assert!(r.impersonation.is_none(), "no benchmark impersonates");
            w.write_event(start(concat!(
                r#"soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/""#,
                r#" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages""#,
                r#" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types""#
            )))?;
            if r.request_server_version.is_some() || r.mailbox_culture.is_some() {
                w.write_event(start("soap:Header"))?;
                if let Some(v) = r.request_server_version {
                    w.create_element("t:RequestServerVersion")
                        .with_attribute(("Version", v.as_str()))
                        .write_empty()?;
                }
                if let Some(c) = r.mailbox_culture {
                    leaf(w, "t:MailboxCulture", s(c))?;
                }
                w.write_event(end("soap:Header"))?;
            }
            w.write_event(start("soap:Body"))?;
            w.write_event(start("m:PlayOnPhone"))?;
            let item = w.create_element("m:ItemId").with_attribute(("Id", s(r.item_id)));
            match r.change_key {
                Some(k) => item.with_attribute(("ChangeKey", s(k))).write_empty()?,
                None => item.write_empty()?,
            };
            leaf(w, "m:DialString", s(r.dial_string))?;
            w.write_event(end("m:PlayOnPhone"))?;
        }
        Message::GetPhoneCallInformationResponse(r) => {
            w.write_event(start(
                r#"soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/""#,
            ))?;
            if let Some(v) = &r.server_version {
                w.write_event(start("soap:Header"))?;
                let mut info = BytesStart::from_content(
                    r#"h:ServerVersionInfo xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types""#,
                    19,
                );
                let mut buf = [[0u8; 11]; 4];
                let ints = [
                    ("MajorVersion", v.major_version),
                    ("MinorVersion", v.minor_version),
                    ("MajorBuildNumber", v.major_build_number),
                    ("MinorBuildNumber", v.minor_build_number),
                ];
                for ((name, value), buf) in ints.into_iter().zip(&mut buf) {
                    if let Some(i) = value {
                        info.push_attribute((name, int(i, buf)));
                    }
                }
                if let Some(t) = v.version {
                    info.push_attribute(("Version", s(t)));
                }
                w.write_event(Event::Empty(info))?;
                w.write_event(end("soap:Header"))?;
            }
            w.write_event(start("soap:Body"))?;
            let mut response = BytesStart::from_content(
                r#"GetPhoneCallInformationResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages""#,
                31,
            );
            response.push_attribute(("ResponseClass", r.response_class.as_str()));
            w.write_event(Event::Start(response))?;
            if let Some(t) = r.message_text {
                leaf(w, "MessageText", s(t))?;
            }
            if let Some(c) = r.response_code {
                let code = match c {
                    ResponseCode::Known(k) => k.as_str(),
                    ResponseCode::Other(t) => s(t),
                };
                leaf(w, "ResponseCode", code)?;
            }
            if let Some(info) = &r.phone_call_information {
                w.write_event(start(
                    r#"PhoneCallInformation xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types""#,
                ))?;
                leaf(w, "t:PhoneCallState", info.phone_call_state.as_str())?;
                leaf(w, "t:ConnectionFailureCause", info.connection_failure_cause.as_str())?;
                if let Some(t) = info.sip_response_text {
                    leaf(w, "t:SIPResponseText", s(t))?;
                }
                if let Some(code) = info.sip_response_code {
                    let mut buf = [0u8; 11];
                    leaf(w, "t:SIPResponseCode", int(code, &mut buf))?;
                }
                w.write_event(end("PhoneCallInformation"))?;
            }
            w.write_event(end("GetPhoneCallInformationResponse"))?;
        }
        Message::Fault(_) => unreachable!("no fault is benchmarked"),
        other => unreachable!("no benchmark writes a {}", other.kind()),
    }
    w.write_event(end("soap:Body"))?;
    w.write_event(end("soap:Envelope"))
}

/// Decimal digits of `i` in `buf` (what a hand-written writer does to
/// avoid a `String` per attribute).
fn int(i: i32, buf: &mut [u8; 11]) -> &str {
    use std::io::Write as _;
    let mut cur = io::Cursor::new(&mut buf[..]);
    write!(cur, "{i}").unwrap();
    let n = cur.position() as usize;
    std::str::from_utf8(&buf[..n]).unwrap()
}

/// The same envelope through quick-xml's serde serializer, as a serde
/// user writes it: the `Out*` structs of [`serde_types`](crate::serde_types)
/// borrowing every value (`&str`), namespace declarations as `@xmlns:*`
/// fields, names with their prefixes as given, serialized into a reused
/// `String` after the declaration; every value and attribute escaped by
/// the serializer.
pub fn quick_xml_serde(m: &Message<'_>, out: &mut String) -> Result<(), quick_xml::SeError> {
    out.push_str(DECL);
    match m {
        Message::GetCallInfoRequest(r) => {
            let (m, t) = (Some(MESSAGES), None);
            let v = se::OutEnvelope::<(), _> {
                soap: SOAP,
                m,
                t,
                header: None,
                body: se::OutGetCallInfoRequestBody {
                    op: se::OutGetCallInfo { call_id: s(r.call_id) },
                },
            };
            quick_xml::se::to_writer(out, &v)?;
        }
        Message::GetCallInfoResponse(r) => {
            let (m, t) = (Some(MESSAGES), None);
            let v = se::OutEnvelope::<(), _> {
                soap: SOAP,
                m,
                t,
                header: None,
                body: se::OutGetCallInfoResponseBody {
                    outer: se::OutGetCallInfoResponseOuter {
                        inner: se::OutGetCallInfoResponse {
                            call_state: r.call_state.as_str(),
                            event_cause: r.event_cause.as_str(),
                        },
                    },
                },
            };
            quick_xml::se::to_writer(out, &v)?;
        }
        Message::DisconnectPhoneCallRequest(r) => {
            let (m, t) = (Some(MESSAGES), Some(TYPES));
            let v = se::OutEnvelope {
                soap: SOAP,
                m,
                t,
                header: r.request_server_version.map(|v| se::OutRequestHeader {
                    request_server_version: se::OutRequestServerVersion { version: v.as_str() },
                }),
                body: se::OutDisconnectPhoneCallRequestBody {
                    op: se::OutDisconnectPhoneCall {
                        phone_call_id: se::OutPhoneCallId { id: s(r.phone_call_id) },
                    },
                },
            };
            quick_xml::se::to_writer(out, &v)?;
        }
        Message::DisconnectPhoneCallResponse(r) => {
            let (m, t) = (Some(MESSAGES), Some(TYPES));
            let v = se::OutEnvelope {
                soap: SOAP,
                m,
                t,
                header: r.server_version.map(|v| se::OutResponseHeader {
                    server_version_info: se::OutServerVersionInfo {
                        major_version: v.major_version,
                        minor_version: v.minor_version,
                        major_build_number: v.major_build_number,
                        minor_build_number: v.minor_build_number,
                        version: v.version.map(s),
                    },
                }),
                body: se::OutDisconnectPhoneCallResponseBody {
                    response: se::OutDisconnectPhoneCallResponse {
                        response_class: r.response_class.as_str(),
                        message_text: r.message_text.map(s),
                        response_code: r.response_code.map(|c| match c {
                            ResponseCode::Known(k) => k.as_str(),
                            ResponseCode::Other(t) => s(t),
                        }),
                        descriptive_link_key: r.descriptive_link_key,
                    },
                },
            };
            quick_xml::se::to_writer(out, &v)?;
        }
        Message::PlayOnPhoneRequest(r) => {
            assert!(
                r.impersonation.is_none() && r.mailbox_culture.is_none(),
                "no benchmark writes these headers"
            );
            let (m, t) = (Some(MESSAGES), Some(TYPES));
            let v = se::OutEnvelope {
                soap: SOAP,
                m,
                t,
                header: r.request_server_version.map(|v| se::OutRequestHeader {
                    request_server_version: se::OutRequestServerVersion { version: v.as_str() },
                }),
                body: se::OutPlayOnPhoneRequestBody {
                    op: se::OutPlayOnPhone {
                        item_id: se::OutItemId {
                            id: s(r.item_id),
                            change_key: r.change_key.map(s),
                        },
                        dial_string: s(r.dial_string),
                    },
                },
            };
            quick_xml::se::to_writer(out, &v)?;
        }
        Message::GetPhoneCallInformationResponse(r) => {
            let (m, t) = (Some(MESSAGES), Some(TYPES));
            let v = se::OutEnvelope {
                soap: SOAP,
                m,
                t,
                header: r.server_version.map(|v| se::OutResponseHeader {
                    server_version_info: se::OutServerVersionInfo {
                        major_version: v.major_version,
                        minor_version: v.minor_version,
                        major_build_number: v.major_build_number,
                        minor_build_number: v.minor_build_number,
                        version: v.version.map(s),
                    },
                }),
                body: se::OutGetPhoneCallInformationResponseBody {
                    response: se::OutGetPhoneCallInformationResponse {
                        response_class: r.response_class.as_str(),
                        message_text: r.message_text.map(s),
                        response_code: r.response_code.map(|c| match c {
                            ResponseCode::Known(k) => k.as_str(),
                            ResponseCode::Other(t) => s(t),
                        }),
                        descriptive_link_key: r.descriptive_link_key,
                        phone_call_information: r.phone_call_information.map(|i| se::OutPhoneCallInformation {
                            phone_call_state: i.phone_call_state.as_str(),
                            connection_failure_cause: i.connection_failure_cause.as_str(),
                            sip_response_text: i.sip_response_text.map(s),
                            sip_response_code: i.sip_response_code,
                        }),
                    },
                },
            };
            quick_xml::se::to_writer(out, &v)?;
        }
        Message::Fault(_) => unreachable!("no fault is benchmarked"),
        other => unreachable!("no benchmark writes a {}", other.kind()),
    }
    Ok(())
}
