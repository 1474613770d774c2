//! Runs one operation on one canonical seed message a given number of
//! times, for `scripts/callgrind.sh` to count instructions (callgrind's
//! counts are repeatable where wall-clock time on a shared machine is
//! not).
//!
//! ```text
//! instructions OPERATION MESSAGE ITERATIONS
//! ```
//!
//! OPERATION: `decode` (umcodec's `Message::decode`, any message), `typed`
//! (the message's own typed decoder, which `benches/decode.rs` times),
//! `encode` (umcodec), `reader` (umcodec's XML layer alone), or a peer
//! of `benches/decode.rs` by its criterion name: `xmlparser`,
//! `quick_xml`, `quick_xml_attrs`, `quick_xml_ns`, `quick_xml_serde`,
//! `roxmltree`, or an encode peer of `benches/encode.rs` prefixed by
//! `encode_`: `encode_quick_xml_writer`, `encode_quick_xml_serde` (the
//! same functions that criterion times).
//! `none` runs nothing (with `UMCODEC_EVICT_KB`, the sweep alone).
//! `UMCODEC_EVICT_KB=K` reads K KiB of other memory before each
//! iteration, one load per cache line, so that the operation starts with
//! its data out of the L1 cache (`scripts/coldcache.sh`).
//! MESSAGE: the name of a canonical message (`get_call_info_request`,
//! `get_call_info_response`, `disconnect_phone_call_request`,
//! `disconnect_phone_call_response`, `play_on_phone_request`,
//! `get_phone_call_information_response`).

use std::hint::black_box;
use std::process::ExitCode;

use umcodec::namespaces as ns;
use umcodec::{
    DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, Encode, GetCallInfoRequest, GetCallInfoResponse,
    GetPhoneCallInformationResponse, Message, PlayOnPhoneRequest,
};
use umcodec_benches::decode as peer;

const KNOWN: [&str; 3] = [ns::SOAP_ENVELOPE, ns::MESSAGES, ns::TYPES];

const USAGE: &str = "usage: instructions \
    (none|decode|typed|encode|reader|xmlparser|quick_xml|quick_xml_attrs|quick_xml_ns|quick_xml_serde|roxmltree\
    |encode_quick_xml_writer|encode_quick_xml_serde) MESSAGE ITERATIONS";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [op, name, n] = &args[..] else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Some(case) = umcodec_benches::case(name) else {
        eprintln!("unknown message {name}");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("ITERATIONS must be a number");
        return ExitCode::from(2);
    };
    let bytes = case.bytes;
    let input = case.text();
    let message = Message::decode(bytes).expect("the seed decodes");
    let serde = peer::quick_xml_serde(case);
    let mut buf = [0u8; 4096];
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(4096));
    let mut string = String::with_capacity(4096);
    let typed = typed_decoder(case.name);
    let run: &mut dyn FnMut() = match op.as_str() {
        "none" => &mut || {},
        "decode" => &mut || {
            black_box(Message::decode(black_box(bytes)).expect("decodes"));
        },
        "typed" => &mut || {
            typed(black_box(bytes));
        },
        "encode" => &mut || {
            black_box(black_box(&message).encode(&mut buf).expect("encodes"));
        },
        "reader" => &mut || {
            // The XML layer alone: well-formedness and namespaces, no SOAP.
            let mut r =
                umcodec::xml::Reader::new(black_box(bytes), &KNOWN, umcodec::Limits::default()).expect("reader");
            while !matches!(r.next_event().expect("well-formed"), umcodec::xml::Event::Eof) {}
        },
        "xmlparser" => &mut || {
            black_box(peer::xmlparser(black_box(input), |_| {}).expect("tokenizes"));
        },
        "quick_xml" => &mut || {
            black_box(peer::quick_xml(black_box(input), |_| {}).expect("reads"));
        },
        "quick_xml_attrs" => &mut || {
            black_box(peer::quick_xml_attributes(black_box(input)).expect("reads"));
        },
        "quick_xml_ns" => &mut || {
            peer::quick_xml_ns(black_box(input), case.fields, |i, v| {
                black_box((i, v));
            })
            .expect("reads");
        },
        "quick_xml_serde" => &mut || {
            black_box(serde(black_box(input)).expect("deserializes"));
        },
        "roxmltree" => &mut || {
            peer::roxmltree(black_box(input), case.fields, |i, v| {
                black_box((i, v));
            })
            .expect("parses");
        },
        "encode_quick_xml_writer" => &mut || {
            writer.get_mut().clear();
            umcodec_benches::encode::quick_xml_writer(black_box(&message), &mut writer).expect("writes");
        },
        "encode_quick_xml_serde" => &mut || {
            string.clear();
            umcodec_benches::encode::quick_xml_serde(black_box(&message), &mut string).expect("serializes");
        },
        _ => {
            eprintln!("unknown operation {op}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // `UMCODEC_EVICT_KB=K`: before each iteration, read K KiB of other
    // memory (one load per 64-byte line), as a busy neighbour on the same
    // core would push the decoder's data out of the L1 cache; the
    // operation `none` runs that sweep alone, to subtract it.
    let evict_kb: usize = std::env::var("UMCODEC_EVICT_KB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let other = vec![1u8; evict_kb * 1024];
    for _ in 0..n {
        if evict_kb > 0 {
            black_box(other.iter().step_by(64).fold(0u8, |s, &b| s.wrapping_add(b)));
        }
        run();
    }
    ExitCode::SUCCESS
}

/// The typed decoder of the message `name`, as `benches/decode.rs` times
/// it (checked to decode the seed).
fn typed_decoder(name: &str) -> fn(&[u8]) {
    fn keep<T>(result: umcodec::Result<T>) {
        black_box(result.expect("decodes"));
    }
    match name {
        "get_call_info_request" => |b| keep(GetCallInfoRequest::decode(b)),
        "get_call_info_response" => |b| keep(GetCallInfoResponse::decode(b)),
        "disconnect_phone_call_request" => |b| keep(DisconnectPhoneCallRequest::decode(b)),
        "disconnect_phone_call_response" => |b| keep(DisconnectPhoneCallResponse::decode(b)),
        "play_on_phone_request" => |b| keep(PlayOnPhoneRequest::decode(b)),
        "get_phone_call_information_response" => |b| keep(GetPhoneCallInformationResponse::decode(b)),
        _ => |_| unreachable!("no typed decoder for this message"),
    }
}
