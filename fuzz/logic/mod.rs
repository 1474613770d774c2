//! The logic of every fuzz target, as plain functions.
//!
//! Included twice, by path: by the cargo-fuzz targets in
//! `fuzz/fuzz_targets/` (`#[path = "../logic/mod.rs"] mod logic;`) and by
//! umcodec's own `tests/fuzz_replay.rs` (`#[path = "../fuzz/logic/mod.rs"]`),
//! which replays every file of `corpus/` through it on stable Rust. Each
//! function panics on a finding and returns normally otherwise.
//!
//! The code uses `cfg(feature = "std")`, `cfg(feature = "arbitrary")` and
//! `cfg(feature = "oracle")` (the `scanner` logic needs the oracle reader):
//! in umcodec's tests those are umcodec's own features; the fuzz crate
//! declares features of the same names that enable umcodec's.

#![allow(dead_code)]

pub mod decode;
pub mod differential;
pub mod roundtrip;
#[cfg(feature = "oracle")]
pub mod scanner;
pub mod text;

use std::fmt::Write as _;
use std::sync::OnceLock;

use umcodec::namespaces::{ERRORS, MESSAGES, MESSAGES_HTTPS, SOAP_ENVELOPE, TYPES, TYPES_HTTPS};
use umcodec::{Encode, Error, ErrorKind, Message, Options, ResponseCode, Text};

/// The namespace URIs the codec knows (the order does not matter here).
pub static KNOWN: [&str; 6] = [SOAP_ENVELOPE, MESSAGES, TYPES, MESSAGES_HTTPS, TYPES_HTTPS, ERRORS];

/// Whether the check named `id` is switched off, by listing it in the
/// environment variable `UMCODEC_FUZZ_ALLOW` (comma-separated): a way to
/// keep fuzzing past a finding that is reported but not fixed yet. Nothing
/// is switched off by default, so `cargo test` fails on every open finding.
pub fn allowed(id: &str) -> bool {
    static ALLOW: OnceLock<Vec<String>> = OnceLock::new();
    ALLOW
        .get_or_init(|| {
            std::env::var("UMCODEC_FUZZ_ALLOW")
                .unwrap_or_default()
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .iter()
        .any(|a| a == id)
}

/// What every error must satisfy: its offset lies within the input (or
/// just past it), `Display` works, an incomplete input is reported at its
/// end.
pub fn check_error(input_len: usize, e: &Error, what: &str) {
    assert!(
        e.offset() <= input_len,
        "{what}: error offset {} past the input ({input_len} bytes): {e:?}",
        e.offset()
    );
    let mut shown = String::new();
    write!(shown, "{e}").unwrap_or_else(|_| panic!("{what}: Display failed for {e:?}"));
    assert!(!shown.is_empty(), "{what}: empty Display for {e:?}");
    let mut kind = String::new();
    write!(kind, "{}", e.kind()).unwrap_or_else(|_| panic!("{what}: Display failed for {:?}", e.kind()));
    assert!(!e.kind().code().is_empty());
    if e.is_incomplete() {
        assert_eq!(
            e.offset(),
            input_len,
            "{what}: `incomplete` not at the end of the input: {e:?}"
        );
    }
}

/// Encodes `m` through every sink and checks that they agree: the exact
/// length, the bytes (slice, `fmt::Write`, `io::Write`), and a buffer one
/// byte too small failing with the size needed. Returns the encoding, or
/// the error every sink reported.
pub fn encode_checked(m: &Message<'_>) -> Result<Vec<u8>, Error> {
    let len = m.encoded_len();
    let mut via_fmt = String::new();
    let fmt = m.encode_fmt(&mut via_fmt);
    #[cfg(feature = "std")]
    let (io, via_io) = {
        let mut v = Vec::new();
        (m.encode_io(&mut v), v)
    };
    match len {
        Err(e) => {
            assert_eq!(fmt, Err(e), "encode_fmt disagrees with encoded_len for {m:?}");
            #[cfg(feature = "std")]
            assert_eq!(io, Err(e), "encode_io disagrees with encoded_len for {m:?}");
            assert_eq!(m.encode(&mut []), Err(e), "encode disagrees with encoded_len for {m:?}");
            let mut big = vec![0u8; 256];
            assert_eq!(
                m.encode(&mut big),
                Err(e),
                "encode disagrees with encoded_len for {m:?}"
            );
            Err(e)
        }
        Ok(n) => {
            let mut buf = vec![0u8; n];
            assert_eq!(
                m.encode(&mut buf),
                Ok(n),
                "encode into exactly encoded_len() bytes, {m:?}"
            );
            assert_eq!(fmt, Ok(()), "encode_fmt failed where encode did not, {m:?}");
            assert!(
                via_fmt.as_bytes() == buf,
                "encode_fmt wrote other bytes than encode, {m:?}"
            );
            #[cfg(feature = "std")]
            {
                assert_eq!(io, Ok(()), "encode_io failed where encode did not, {m:?}");
                assert!(via_io == buf, "encode_io wrote other bytes than encode, {m:?}");
            }
            if n > 0 {
                let mut short = vec![0u8; n - 1];
                let e = m
                    .encode(&mut short)
                    .expect_err("encode into a buffer one byte too small succeeded");
                assert_eq!(
                    e.kind(),
                    &ErrorKind::BufferTooSmall { needed: n },
                    "one byte short: wrong error, {m:?}"
                );
            }
            let mut bigger = vec![0u8; n + 7];
            assert_eq!(m.encode(&mut bigger), Ok(n));
            assert!(bigger[..n] == buf[..], "encode into a larger buffer wrote other bytes");
            Ok(buf)
        }
    }
}

/// Encodes a message the codec produced itself and checks it reads back
/// (strictly: the encoder writes only the canonical namespaces) to an
/// equal value.
pub fn reencode(m: &Message<'_>, what: &str) {
    let bytes = encode_checked(m)
        .unwrap_or_else(|e| panic!("{what}: a decoded value does not re-encode: {e} ({e:?}), value {m:?}"));
    let back = Message::decode_with(&bytes, &Options::strict()).unwrap_or_else(|e| {
        panic!(
            "{what}: the re-encoded value does not decode: {e} ({e:?})\n{}",
            String::from_utf8_lossy(&bytes)
        )
    });
    assert_eq!(&back, m, "{what}: the re-encoded value decodes to another value");
    // Writing is a fixpoint from here on: what the decoder reads from the
    // encoder's output writes exactly that output again (a decoded
    // `RawXml` re-declares only what the new envelope lacks).
    let again = encode_checked(&back).unwrap_or_else(|e| panic!("{what}: the second encoding fails: {e} ({e:?})"));
    if again != bytes && !allowed("reencode-fixpoint") {
        panic!(
            "{what}: re-encoding is not a fixpoint:\n{}\n{}",
            String::from_utf8_lossy(&bytes),
            String::from_utf8_lossy(&again)
        );
    }
}

/// Every `Text` of `m`, with its field's name.
pub fn texts<'a>(m: &Message<'a>) -> Vec<(&'static str, Text<'a>)> {
    let mut v = Vec::new();
    match m {
        Message::GetCallInfoRequest(r) => v.push(("CallId", r.call_id)),
        Message::GetCallInfoResponse(_) => {}
        Message::DisconnectRequest(r) => v.push(("CallId", r.call_id)),
        Message::UmPlayOnPhoneRequest(r) => {
            v.push(("entryId", r.entry_id));
            v.push(("DialString", r.dial_string));
        }
        Message::UmPlayOnPhoneResponse(r) => v.push(("PlayOnPhoneResponse", r.call_id)),
        Message::PlayOnPhoneGreetingRequest(r) => v.push(("DialString", r.dial_string)),
        Message::PlayOnPhoneGreetingResponse(r) => v.push(("PlayOnPhoneGreetingResponse", r.call_id)),
        Message::DisconnectResponse(_) => {}
        Message::DisconnectPhoneCallRequest(r) => {
            v.push(("PhoneCallId", r.phone_call_id));
            if let Some(t) = r.mailbox_culture {
                v.push(("MailboxCulture", t));
            }
            if let Some(s) = r.impersonation {
                v.push(("ConnectingSID", s.value()));
            }
        }
        Message::PlayOnPhoneRequest(r) => {
            v.push(("ItemId", r.item_id));
            if let Some(t) = r.change_key {
                v.push(("ChangeKey", t));
            }
            v.push(("DialString", r.dial_string));
            if let Some(t) = r.mailbox_culture {
                v.push(("MailboxCulture", t));
            }
            if let Some(s) = r.impersonation {
                v.push(("ConnectingSID", s.value()));
            }
        }
        Message::PlayOnPhoneResponse(r) => {
            if let Some(t) = r.server_version.and_then(|s| s.version) {
                v.push(("Version", t));
            }
            if let Some(t) = r.message_text {
                v.push(("MessageText", t));
            }
            if let Some(ResponseCode::Other(t)) = r.response_code {
                v.push(("ResponseCode", t));
            }
            if let Some(t) = r.phone_call_id {
                v.push(("PhoneCallId", t));
            }
        }
        Message::GetPhoneCallInformationRequest(r) => {
            v.push(("PhoneCallId", r.phone_call_id));
            if let Some(t) = r.mailbox_culture {
                v.push(("MailboxCulture", t));
            }
            if let Some(s) = r.impersonation {
                v.push(("ConnectingSID", s.value()));
            }
        }
        Message::GetPhoneCallInformationResponse(r) => {
            if let Some(t) = r.server_version.and_then(|s| s.version) {
                v.push(("Version", t));
            }
            if let Some(t) = r.message_text {
                v.push(("MessageText", t));
            }
            if let Some(ResponseCode::Other(t)) = r.response_code {
                v.push(("ResponseCode", t));
            }
            if let Some(t) = r.phone_call_information.and_then(|i| i.sip_response_text) {
                v.push(("SIPResponseText", t));
            }
        }
        Message::DisconnectPhoneCallResponse(r) => {
            if let Some(t) = r.server_version.and_then(|s| s.version) {
                v.push(("Version", t));
            }
            if let Some(t) = r.message_text {
                v.push(("MessageText", t));
            }
            if let Some(ResponseCode::Other(t)) = r.response_code {
                v.push(("ResponseCode", t));
            }
        }
        Message::Fault(f) => {
            v.push(("faultcode", f.code.qname));
            if let Some(ns) = f.code.namespace {
                v.push(("faultcode namespace", ns));
            }
            v.push(("faultstring", f.string));
            if let Some(t) = f.actor {
                v.push(("faultactor", t));
            }
            // The typed detail borrows from the input too, at its offsets.
            let d = f.typed_detail();
            for (name, t) in [
                ("ExceptionType", d.exception_type),
                ("e:ResponseCode", d.response_code),
                ("e:Message", d.message),
            ] {
                if let Some(t) = t {
                    v.push((name, t));
                }
            }
        }
        other => panic!("texts: a message kind the fuzz logic does not know: {}", other.kind()),
    }
    v
}

/// `true` for `Char` of XML 1.0.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// `S` of XML 1.0.
pub fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// `NameStartChar` of XML 1.0 (fifth edition), without `:`.
pub fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// `NameChar` of XML 1.0, without `:`.
pub fn is_name_char(c: char) -> bool {
    is_name_start(c) || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// `NCName` of Namespaces in XML 1.0.
pub fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

/// `true` for the errors an encoder may report for malformed `RawXml`
/// content: the errors of the XML reader.
pub fn is_reader_error(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::Incomplete
            | ErrorKind::InvalidChar { .. }
            | ErrorKind::Malformed(_)
            | ErrorKind::UnsupportedVersion
            | ErrorKind::UnsupportedEncoding
            | ErrorKind::Doctype
            | ErrorKind::ProcessingInstruction
            | ErrorKind::InvalidReference
            | ErrorKind::MismatchedEndTag { .. }
            | ErrorKind::DuplicateAttribute { .. }
            | ErrorKind::UnboundPrefix { .. }
            | ErrorKind::ReservedNamespace
            | ErrorKind::LimitExceeded { .. }
    )
}

/// `text` as handed to roxmltree: line ends normalised as XML 1.0 §2.11
/// says (CRLF, then any other CR, become LF).
///
/// roxmltree 0.21 keeps a literal CR that directly precedes a reference in
/// text content (`<a>x\r&amp;</a>` reads `"x\r&"`; the codec reports
/// `"x\n&"`; a CR from `&#13;` is kept by both). Normalising first is what
/// §2.11 does anyway (for every context: in attribute values a line end
/// becomes one space either way), so it changes no value and no verdict,
/// only steps around that deviation.
pub fn for_roxmltree(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}
