//! Decode throughput as a DisconnectPhoneCall error response grows: a
//! MessageText of 64 B, 4 KiB, 256 KiB and 4 MiB, and a MessageXml of 1,
//! 100 and 10,000 elements. MB/s must stay flat (no quadratic step), and
//! decoding allocates nothing at any size (checked before timing with a
//! counting allocator, installed only in this binary).
//!
//! Group `scaling`; functions `message_text_64B`, `message_text_4KiB`,
//! `message_text_256KiB`, `message_text_4MiB`, `message_xml_1`,
//! `message_xml_100`, `message_xml_10000`.

// The root crate's counting allocator, included (not copied) so that
// tests/no_alloc.rs and this binary count alike; installed only here.
#[path = "../../tests/support/counting_alloc.rs"]
mod counting_alloc;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use umcodec::{DisconnectPhoneCallResponse, KnownResponseCode, ResponseClass, ResponseCode};

const HEAD: &str = concat!(
    r#"<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">"#,
    r#"<s:Body><m:DisconnectPhoneCallResponse ResponseClass="Error""#,
    r#" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages""#,
    r#" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">"#,
);
const TAIL: &str = "</m:DisconnectPhoneCallResponse></s:Body></s:Envelope>";
const CODE: &str = "<m:ResponseCode>ErrorInvalidPhoneCallId</m:ResponseCode>";

/// An error response whose MessageText is `len` bytes of plain prose.
fn with_message_text(len: usize) -> (String, String) {
    const PROSE: &str = "The phone call id is not valid or the call has already ended. ";
    let text: String = PROSE.chars().cycle().take(len).collect();
    let doc = format!("{HEAD}<m:MessageText>{text}</m:MessageText>{CODE}{TAIL}");
    (doc, text)
}

/// An error response whose MessageXml holds `n` `t:Value` elements.
fn with_message_xml(n: usize) -> (String, String) {
    let mut content = String::new();
    for i in 0..n {
        content.push_str(&format!(r#"<t:Value Name="Item{i}">value {i}</t:Value>"#));
    }
    let doc = format!("{HEAD}{CODE}<m:MessageXml>{content}</m:MessageXml>{TAIL}");
    (doc, content)
}

/// Asserts what a decode of `doc` must find, and that it allocates nothing.
fn check(name: &str, doc: &str, text: Option<&str>, xml: Option<&str>) {
    let mut result = None;
    let allocations = counting_alloc::allocations_during(|| {
        result = Some(DisconnectPhoneCallResponse::decode(doc.as_bytes()));
    });
    let r = result.unwrap().unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(allocations, 0, "{name}: decoding allocates");
    assert_eq!(r.response_class, ResponseClass::Error);
    assert_eq!(
        r.response_code,
        Some(ResponseCode::Known(KnownResponseCode::ErrorInvalidPhoneCallId))
    );
    // Borrowed, not copied: the values point into the input.
    if let Some(want) = text {
        let t = r.message_text.expect("MessageText");
        assert_eq!(t.as_str(), Some(want), "{name}: MessageText");
        assert!(doc.as_bytes().as_ptr_range().contains(&t.as_str().unwrap().as_ptr()));
    }
    if let Some(want) = xml {
        let raw = r.message_xml.expect("MessageXml");
        assert_eq!(raw.as_str(), want, "{name}: MessageXml");
        assert!(doc.as_bytes().as_ptr_range().contains(&raw.as_str().as_ptr()) || want.is_empty());
    }
}

fn scaling(c: &mut Criterion) {
    let mut inputs = Vec::new();
    for (name, len) in [
        ("message_text_64B", 64),
        ("message_text_4KiB", 4 << 10),
        ("message_text_256KiB", 256 << 10),
        ("message_text_4MiB", 4 << 20),
    ] {
        let (doc, text) = with_message_text(len);
        check(name, &doc, Some(&text), None);
        inputs.push((name, doc));
    }
    for (name, n) in [
        ("message_xml_1", 1),
        ("message_xml_100", 100),
        ("message_xml_10000", 10_000),
    ] {
        let (doc, content) = with_message_xml(n);
        check(name, &doc, None, Some(&content));
        inputs.push((name, doc));
    }

    let mut g = c.benchmark_group("scaling");
    for (name, doc) in &inputs {
        g.throughput(Throughput::Bytes(doc.len() as u64));
        g.bench_function(*name, |b| {
            b.iter(|| DisconnectPhoneCallResponse::decode(black_box(doc.as_bytes())))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = umcodec_benches::criterion();
    targets = scaling
}
criterion_main!(benches);
