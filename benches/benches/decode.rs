//! Decoding the six canonical messages: umcodec against the parsers
//! a Rust user would otherwise reach for, on the same bytes in one run.
//!
//! Groups `decode_<message>`; functions `umcodec`, `xmlparser`,
//! `quick_xml`, `quick_xml_attrs`, `quick_xml_ns`, `quick_xml_serde`, `roxmltree`, `memchr`
//! (read by `scripts/bench_table.py` from criterion's folder,
//! `target/criterion/` by default). The peers are in `src/decode.rs`, with
//! what each checks and does not; every one is checked (`check_decode`)
//! before anything is timed.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use umcodec::{
    DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, GetCallInfoRequest, GetCallInfoResponse, Message,
};
use umcodec::{GetPhoneCallInformationResponse, PlayOnPhoneRequest};
use umcodec_benches::{decode as peer, Case, CASES};

type Group<'a> = BenchmarkGroup<'a, criterion::measurement::WallTime>;

/// `umcodec`: the typed entry point of the message.
fn bench_umcodec<'a, T, D>(g: &mut Group<'_>, case: &Case, decode: D)
where
    D: Fn(&'a [u8]) -> umcodec::Result<T>,
    T: Into<Message<'a>>,
{
    let bytes: &'a [u8] = case.bytes;
    let m: Message<'_> = decode(bytes).expect("umcodec decodes the seed").into();
    umcodec_benches::check_typed(case, &m);
    g.bench_function("umcodec", |b| b.iter(|| decode(black_box(bytes))));
}

fn decode_case(c: &mut Criterion, case: &Case) {
    umcodec_benches::check_decode(case);
    let input = case.text();
    let fields = case.fields;
    let mut g = c.benchmark_group(format!("decode_{}", case.name));
    g.throughput(Throughput::Bytes(case.bytes.len() as u64));

    match case.name {
        "get_call_info_request" => bench_umcodec(&mut g, case, GetCallInfoRequest::decode),
        "get_call_info_response" => bench_umcodec(&mut g, case, GetCallInfoResponse::decode),
        "disconnect_phone_call_request" => bench_umcodec(&mut g, case, DisconnectPhoneCallRequest::decode),
        "disconnect_phone_call_response" => bench_umcodec(&mut g, case, DisconnectPhoneCallResponse::decode),
        "play_on_phone_request" => bench_umcodec(&mut g, case, PlayOnPhoneRequest::decode),
        "get_phone_call_information_response" => bench_umcodec(&mut g, case, GetPhoneCallInformationResponse::decode),
        other => unreachable!("no decoder for {other}"),
    }

    // The raw reader right after umcodec: the time target compares these
    // two, and on a shared host a load that changes between two
    // measurements tilts their ratio; back to back, it more often weighs
    // on both.
    g.bench_function("quick_xml", |b| {
        b.iter(|| peer::quick_xml(black_box(input), |_| {}).unwrap())
    });

    let serde = peer::quick_xml_serde(case);
    g.bench_function("quick_xml_serde", |b| b.iter(|| serde(black_box(input)).unwrap()));

    g.bench_function("xmlparser", |b| {
        b.iter(|| peer::xmlparser(black_box(input), |_| {}).unwrap())
    });

    g.bench_function("quick_xml_attrs", |b| {
        b.iter(|| peer::quick_xml_attributes(black_box(input)).unwrap())
    });

    g.bench_function("quick_xml_ns", |b| {
        b.iter(|| {
            peer::quick_xml_ns(black_box(input), fields, |i, v| {
                black_box((i, v));
            })
            .unwrap()
        })
    });

    g.bench_function("roxmltree", |b| {
        b.iter(|| {
            peer::roxmltree(black_box(input), fields, |i, v| {
                black_box((i, v));
            })
            .unwrap()
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
    config = umcodec_benches::criterion();
    targets = decode
}
criterion_main!(benches);
