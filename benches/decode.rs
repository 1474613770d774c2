//! Decoding the four canonical seed messages: umcodec against the parsers
//! a Rust user would otherwise reach for, on the same bytes in one run.
//!
//! Groups `decode_<message>`; functions `umcodec`, `xmlparser`,
//! `quick_xml`, `quick_xml_ns`, `quick_xml_serde`, `roxmltree`, `memchr`
//! (read by `scripts/bench_table.py` from `target/criterion/`).

mod support;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use support::serde_types as de;
use support::{Case, CASES};
use umcodec::{
    DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, GetCallInfoRequest, GetCallInfoResponse, Message,
};

type Group<'a> = BenchmarkGroup<'a, criterion::measurement::WallTime>;

/// `umcodec`: the typed entry point of the message, checked once against
/// the expected values, then timed.
fn bench_umcodec<'a, T, D>(g: &mut Group<'_>, case: &Case, decode: D)
where
    D: Fn(&'a [u8]) -> umcodec::Result<T>,
    T: Into<Message<'a>>,
{
    let bytes: &'a [u8] = case.bytes;
    let m: Message<'_> = decode(bytes).expect("umcodec decodes the seed").into();
    support::assert_fields("umcodec", case, &support::umcodec_fields(&m));
    g.bench_function("umcodec", |b| b.iter(|| decode(black_box(bytes))));
}

/// `quick_xml_serde`: `quick_xml::de::from_str` into the structs of
/// `serde_types`, mapped to field values for the check.
fn bench_serde<T, F>(g: &mut Group<'_>, case: &Case, fields: F)
where
    T: serde::de::DeserializeOwned,
    F: Fn(&T) -> Vec<String>,
{
    let input = std::str::from_utf8(case.bytes).unwrap();
    let v: T = quick_xml::de::from_str(input).expect("quick-xml serde reads the seed");
    let found: Vec<(usize, String)> = fields(&v).into_iter().enumerate().collect();
    support::assert_fields("quick_xml_serde", case, &found);
    g.bench_function("quick_xml_serde", |b| {
        b.iter(|| quick_xml::de::from_str::<T>(black_box(input)).unwrap())
    });
}

fn int(i: Option<i32>) -> String {
    i.map_or("-".into(), |i| i.to_string())
}

fn decode_case(c: &mut Criterion, case: &Case) {
    let input = std::str::from_utf8(case.bytes).unwrap();
    let mut g = c.benchmark_group(format!("decode_{}", case.name));
    g.throughput(Throughput::Bytes(case.bytes.len() as u64));

    match case.name {
        "get_call_info_request" => {
            bench_umcodec(&mut g, case, GetCallInfoRequest::decode);
            bench_serde(
                &mut g,
                case,
                |v: &de::Envelope<de::NoHeader, de::GetCallInfoRequestBody>| vec![v.body.op.call_id.clone()],
            );
        }
        "get_call_info_response" => {
            bench_umcodec(&mut g, case, GetCallInfoResponse::decode);
            bench_serde(
                &mut g,
                case,
                |v: &de::Envelope<de::NoHeader, de::GetCallInfoResponseBody>| {
                    let r = &v.body.outer.inner;
                    vec![r.call_state.clone(), r.event_cause.clone()]
                },
            );
        }
        "disconnect_phone_call_request" => {
            bench_umcodec(&mut g, case, DisconnectPhoneCallRequest::decode);
            bench_serde(
                &mut g,
                case,
                |v: &de::Envelope<de::RequestHeader, de::DisconnectPhoneCallRequestBody>| {
                    let version = v.header.as_ref().and_then(|h| h.request_server_version.as_ref());
                    vec![
                        version.map_or("-".into(), |r| r.version.clone()),
                        v.body.op.phone_call_id.id.clone(),
                    ]
                },
            );
        }
        "disconnect_phone_call_response" => {
            bench_umcodec(&mut g, case, DisconnectPhoneCallResponse::decode);
            bench_serde(
                &mut g,
                case,
                |v: &de::Envelope<de::ResponseHeader, de::DisconnectPhoneCallResponseBody>| {
                    let s = v
                        .header
                        .as_ref()
                        .and_then(|h| h.server_version_info.as_ref())
                        .expect("header");
                    let r = &v.body.response;
                    vec![
                        int(s.major_version),
                        int(s.minor_version),
                        int(s.major_build_number),
                        int(s.minor_build_number),
                        s.version.clone().unwrap_or_default(),
                        r.response_class.clone(),
                        r.response_code.clone().unwrap_or_default(),
                    ]
                },
            );
        }
        other => unreachable!("no decoder for {other}"),
    }

    // The floor of umcodec's own substrate: every token, nothing checked.
    support::assert_values_seen("xmlparser", case, &support::xmlparser_values(input));
    g.bench_function("xmlparser", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for token in xmlparser::Tokenizer::from(black_box(input)) {
                n += token.is_ok() as usize;
            }
            n
        })
    });

    support::assert_values_seen("quick_xml", case, &support::quick_xml_values(input));
    g.bench_function("quick_xml", |b| {
        b.iter(|| {
            let mut reader = quick_xml::Reader::from_str(black_box(input));
            let mut n = 0usize;
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(e) => n += black_box(&e).len(),
                    Err(_) => unreachable!("checked before timing"),
                }
            }
            n
        })
    });

    let mut found = Vec::new();
    support::quick_xml_ns_fields(input, case.fields, |i, v| found.push((i, v.into_owned())));
    support::assert_fields("quick_xml_ns", case, &found);
    g.bench_function("quick_xml_ns", |b| {
        b.iter(|| {
            support::quick_xml_ns_fields(black_box(input), case.fields, |i, v| {
                black_box((i, v));
            })
        })
    });

    let mut found = Vec::new();
    support::roxmltree_fields(input, case.fields, |i, v| found.push((i, v.to_owned())));
    support::assert_fields("roxmltree", case, &found);
    g.bench_function("roxmltree", |b| {
        b.iter(|| {
            support::roxmltree_fields(black_box(input), case.fields, |i, v| {
                black_box((i, v));
            })
        })
    });

    // The scanning floor: one pass over the bytes.
    let lt = case.bytes.iter().filter(|&&b| b == b'<').count();
    assert_eq!(memchr::memchr_iter(b'<', case.bytes).count(), lt);
    g.bench_function("memchr", |b| {
        b.iter(|| memchr::memchr_iter(b'<', black_box(case.bytes)).count())
    });

    g.finish();
}

fn decode(c: &mut Criterion) {
    for case in &CASES {
        decode_case(c, case);
    }
}

criterion_group! {
    name = benches;
    config = support::criterion();
    targets = decode
}
criterion_main!(benches);
