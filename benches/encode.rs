//! Encoding the four canonical seed messages: umcodec against quick-xml's
//! `Writer` and its serde serializer writing the same envelope, and a
//! plain copy of umcodec's output as the floor.
//!
//! Groups `encode_<message>`; functions `umcodec`, `quick_xml_writer`,
//! `quick_xml_serde`, `memcpy`.

mod support;

use std::hint::black_box;
use std::io;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use support::serde_types::{self as se, SOAP, XSD, XSI};
use support::{Case, CASES};
use umcodec::namespaces::{MESSAGES, TYPES};
use umcodec::{Encode, Message, Options, ResponseCode, Text};

const DECL: &str = r#"<?xml version="1.0" encoding="utf-8"?>"#;

fn s<'a>(t: Text<'a>) -> &'a str {
    t.as_str().expect("the canonical values need no unescaping")
}

/// The same envelope through quick-xml's `Writer` (events, names and
/// attributes given by hand, escaping done by quick-xml).
fn quick_xml_writer(m: &Message<'_>, w: &mut Writer<Vec<u8>>) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let env = w.create_element("soap:Envelope").with_attribute(("xmlns:soap", SOAP));
    match m {
        Message::GetCallInfoRequest(r) => {
            env.write_inner_content(|w| {
                w.create_element("soap:Body").write_inner_content(|w| {
                    w.create_element("GetCallInfo")
                        .with_attribute(("xmlns", MESSAGES))
                        .write_inner_content(|w| {
                            w.create_element("CallId")
                                .write_text_content(BytesText::new(s(r.call_id)))?;
                            Ok(())
                        })?;
                    Ok(())
                })?;
                Ok(())
            })?;
        }
        Message::GetCallInfoResponse(r) => {
            env.with_attribute(("xmlns:xsi", XSI))
                .with_attribute(("xmlns:xsd", XSD))
                .write_inner_content(|w| {
                    w.create_element("soap:Body").write_inner_content(|w| {
                        w.create_element("GetCallInfoResponse")
                            .with_attribute(("xmlns", MESSAGES))
                            .write_inner_content(|w| {
                                w.create_element("GetCallInfoResponse").write_inner_content(|w| {
                                    w.create_element("CallState")
                                        .write_text_content(BytesText::new(r.call_state.as_str()))?;
                                    w.create_element("EventCause")
                                        .write_text_content(BytesText::new(r.event_cause.as_str()))?;
                                    Ok(())
                                })?;
                                Ok(())
                            })?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
        }
        Message::DisconnectPhoneCallRequest(r) => {
            env.with_attribute(("xmlns:m", MESSAGES))
                .with_attribute(("xmlns:t", TYPES))
                .write_inner_content(|w| {
                    if let Some(v) = r.request_server_version {
                        w.create_element("soap:Header").write_inner_content(|w| {
                            w.create_element("t:RequestServerVersion")
                                .with_attribute(("Version", v.as_str()))
                                .write_empty()?;
                            Ok(())
                        })?;
                    }
                    w.create_element("soap:Body").write_inner_content(|w| {
                        w.create_element("m:DisconnectPhoneCall").write_inner_content(|w| {
                            w.create_element("m:PhoneCallId")
                                .with_attribute(("Id", s(r.phone_call_id)))
                                .write_empty()?;
                            Ok(())
                        })?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
        }
        Message::DisconnectPhoneCallResponse(r) => {
            env.write_inner_content(|w| {
                if let Some(v) = &r.server_version {
                    w.create_element("soap:Header").write_inner_content(|w| {
                        let mut buf = [[0u8; 11]; 4];
                        let mut info = w.create_element("h:ServerVersionInfo");
                        let ints = [
                            ("MajorVersion", v.major_version),
                            ("MinorVersion", v.minor_version),
                            ("MajorBuildNumber", v.major_build_number),
                            ("MinorBuildNumber", v.minor_build_number),
                        ];
                        for ((name, value), buf) in ints.into_iter().zip(&mut buf) {
                            if let Some(i) = value {
                                info = info.with_attribute((name, int(i, buf)));
                            }
                        }
                        if let Some(t) = v.version {
                            info = info.with_attribute(("Version", s(t)));
                        }
                        info.with_attribute(("xmlns:h", TYPES)).write_empty()?;
                        Ok(())
                    })?;
                }
                w.create_element("soap:Body").write_inner_content(|w| {
                    w.create_element("DisconnectPhoneCallResponse")
                        .with_attribute(("ResponseClass", r.response_class.as_str()))
                        .with_attribute(("xmlns", MESSAGES))
                        .write_inner_content(|w| {
                            if let Some(t) = r.message_text {
                                w.create_element("MessageText")
                                    .write_text_content(BytesText::new(s(t)))?;
                            }
                            if let Some(c) = r.response_code {
                                let code = match c {
                                    ResponseCode::Known(k) => k.as_str(),
                                    ResponseCode::Other(t) => s(t),
                                };
                                w.create_element("ResponseCode")
                                    .write_text_content(BytesText::new(code))?;
                            }
                            Ok(())
                        })?;
                    Ok(())
                })?;
                Ok(())
            })?;
        }
        Message::Fault(_) => unreachable!("no fault is benchmarked"),
    }
    Ok(())
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

/// The same envelope through quick-xml's serde serializer and the structs
/// of `serde_types`.
fn quick_xml_serde(m: &Message<'_>, out: &mut String) -> Result<(), quick_xml::SeError> {
    out.push_str(DECL);
    let env = |m: Option<&'static str>, t: Option<&'static str>| (m, t);
    match m {
        Message::GetCallInfoRequest(r) => {
            let (m, t) = env(Some(MESSAGES), None);
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
            let (m, t) = env(Some(MESSAGES), None);
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
            let (m, t) = env(Some(MESSAGES), Some(TYPES));
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
            let (m, t) = env(Some(MESSAGES), Some(TYPES));
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
        Message::Fault(_) => unreachable!("no fault is benchmarked"),
    }
    Ok(())
}

/// Asserts that `bytes` (a contender's output) is a valid envelope of the
/// same value.
fn assert_same(contender: &str, case: &Case, m: &Message<'_>, bytes: &[u8]) {
    let back = Message::decode_with(bytes, &Options::strict()).unwrap_or_else(|e| {
        panic!("{contender} on {}: {e}\n{}", case.name, String::from_utf8_lossy(bytes));
    });
    assert_eq!(&back, m, "{contender} on {}: another value", case.name);
}

fn encode_case(c: &mut Criterion, case: &Case) {
    let m = Message::decode(case.bytes).expect("the seed decodes");
    let mut buf = [0u8; 4096];
    let n = m.encode(&mut buf).expect("the seed encodes");
    let canonical = buf[..n].to_vec();
    assert_eq!(m.encoded_len(), Ok(n));
    assert_same("umcodec", case, &m, &canonical);

    let mut g = c.benchmark_group(format!("encode_{}", case.name));
    g.throughput(Throughput::Bytes(n as u64));

    g.bench_function("umcodec", |b| {
        b.iter(|| black_box(&m).encode(black_box(&mut buf[..])).unwrap())
    });

    let mut w = Writer::new(Vec::with_capacity(4096));
    quick_xml_writer(&m, &mut w).unwrap();
    assert_same("quick_xml_writer", case, &m, w.get_ref());
    g.bench_function("quick_xml_writer", |b| {
        b.iter(|| {
            w.get_mut().clear();
            quick_xml_writer(black_box(&m), &mut w).unwrap();
            w.get_ref().len()
        })
    });

    let mut out = String::with_capacity(4096);
    quick_xml_serde(&m, &mut out).unwrap();
    assert_same("quick_xml_serde", case, &m, out.as_bytes());
    g.bench_function("quick_xml_serde", |b| {
        b.iter(|| {
            out.clear();
            quick_xml_serde(black_box(&m), &mut out).unwrap();
            out.len()
        })
    });

    let mut copy = [0u8; 4096];
    copy[..n].copy_from_slice(&canonical);
    assert_eq!(&copy[..n], &canonical[..]);
    g.bench_function("memcpy", |b| {
        b.iter(|| {
            copy[..n].copy_from_slice(black_box(&canonical[..]));
            black_box(&copy);
        })
    });

    g.finish();
}

fn encode(c: &mut Criterion) {
    for case in &CASES {
        encode_case(c, case);
    }
}

criterion_group! {
    name = benches;
    config = support::criterion();
    targets = encode
}
criterion_main!(benches);
