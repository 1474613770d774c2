//! Encoding the six canonical messages: umcodec against quick-xml's
//! `Writer` and its serde serializer writing the same envelope, and a
//! plain copy of umcodec's output as the floor.
//!
//! Groups `encode_<message>`; functions `umcodec`, `quick_xml_writer`,
//! `quick_xml_serde`, `memcpy`. The peers are in `src/encode.rs`; every
//! one is checked (`check_encode`) before anything is timed.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quick_xml::Writer;
use umcodec::Encode;
use umcodec_benches::{encode as peer, Case, CASES};

fn encode_case(c: &mut Criterion, case: &Case) {
    umcodec_benches::check_encode(case);
    let (m, canonical) = umcodec_benches::umcodec_encoded(case);
    let n = canonical.len();
    let mut buf = [0u8; 4096];

    let mut g = c.benchmark_group(format!("encode_{}", case.name));
    g.throughput(Throughput::Bytes(n as u64));

    g.bench_function("umcodec", |b| {
        b.iter(|| black_box(&m).encode(black_box(&mut buf[..])).unwrap())
    });

    let mut w = Writer::new(Vec::with_capacity(4096));
    g.bench_function("quick_xml_writer", |b| {
        b.iter(|| {
            w.get_mut().clear();
            peer::quick_xml_writer(black_box(&m), &mut w).unwrap();
            w.get_ref().len()
        })
    });

    let mut out = String::with_capacity(4096);
    g.bench_function("quick_xml_serde", |b| {
        b.iter(|| {
            out.clear();
            peer::quick_xml_serde(black_box(&m), &mut out).unwrap();
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
    config = umcodec_benches::criterion();
    targets = encode
}
criterion_main!(benches);
