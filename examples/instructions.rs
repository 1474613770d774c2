//! Runs one operation on one canonical seed message a given number of
//! times, for `scripts/callgrind.sh` to count instructions (callgrind's
//! counts are repeatable where wall-clock time on a shared machine is
//! not).
//!
//! ```text
//! instructions (decode|encode|reader|xmlparser) MESSAGE ITERATIONS
//! ```
//!
//! MESSAGE is one of `get_call_info_request`, `get_call_info_response`,
//! `disconnect_phone_call_request`, `disconnect_phone_call_response`.

use std::hint::black_box;
use std::process::ExitCode;

use umcodec::namespaces as ns;
use umcodec::{Encode, Message};

const KNOWN: [&str; 3] = [ns::SOAP_ENVELOPE, ns::MESSAGES, ns::TYPES];

const MESSAGES: [(&str, &[u8]); 4] = [
    (
        "get_call_info_request",
        include_bytes!("../corpus/valid/canonical_get_call_info_request.xml"),
    ),
    (
        "get_call_info_response",
        include_bytes!("../corpus/valid/canonical_get_call_info_response.xml"),
    ),
    (
        "disconnect_phone_call_request",
        include_bytes!("../corpus/valid/canonical_disconnect_phone_call_request.xml"),
    ),
    (
        "disconnect_phone_call_response",
        include_bytes!("../corpus/valid/canonical_disconnect_phone_call_response.xml"),
    ),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [op, name, n] = &args[..] else {
        eprintln!("usage: instructions (decode|encode|reader|xmlparser) MESSAGE ITERATIONS");
        return ExitCode::from(2);
    };
    let Some(&(_, bytes)) = MESSAGES.iter().find(|(m, _)| m == name) else {
        eprintln!("unknown message {name}");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("ITERATIONS must be a number");
        return ExitCode::from(2);
    };
    let message = Message::decode(bytes).expect("the seed decodes");
    let mut buf = [0u8; 4096];
    for _ in 0..n {
        match op.as_str() {
            "decode" => {
                black_box(Message::decode(black_box(bytes)).expect("decodes"));
            }
            "encode" => {
                black_box(black_box(&message).encode(&mut buf).expect("encodes"));
            }
            "reader" => {
                // The XML layer alone: well-formedness and namespaces, no SOAP.
                let mut r =
                    umcodec::xml::Reader::new(black_box(bytes), &KNOWN, umcodec::Limits::default()).expect("reader");
                while !matches!(r.next_event().expect("well-formed"), umcodec::xml::Event::Eof) {}
            }
            "xmlparser" => {
                let text = std::str::from_utf8(black_box(bytes)).expect("UTF-8");
                black_box(xmlparser::Tokenizer::from(text).filter(Result::is_ok).count());
            }
            _ => {
                eprintln!("unknown operation {op}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
