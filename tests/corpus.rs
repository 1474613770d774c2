//! Replays the corpus: every valid file decodes to the JSON recorded next
//! to it (and round-trips); every invalid file is rejected with the
//! recorded error kind and byte offset.

mod support;

use serde_json::Value;
use support::json::{from_json, to_json};
use support::{corpus_dir, corpus_files};
use umcodec::{Encode, ErrorKind, Message, Options};

fn expected_json(path: &std::path::Path) -> Value {
    let p = path.with_extension("json");
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn uses_https_spelling(bytes: &[u8]) -> bool {
    memchr_find(bytes, b"https://schemas.microsoft.com/exchange/services/2006/")
}

fn memchr_find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn valid_files_decode_to_their_recorded_values() {
    let files = corpus_files("valid");
    assert!(files.len() >= 40, "the valid corpus has only {} files", files.len());
    let mut failures = Vec::new();
    for (path, bytes) in &files {
        let name = path.file_name().unwrap().to_string_lossy();
        let expected = expected_json(path);
        match Message::decode(bytes) {
            Ok(m) => {
                let got: Value = serde_json::from_str(&to_json(&m)).unwrap();
                if got != expected {
                    failures.push(format!("{name}: decoded {got}\n    expected {expected}"));
                }
            }
            Err(e) => failures.push(format!("{name}: rejected at byte {}: {}", e.offset(), e.kind())),
        }
        // Strict mode: the canonical spelling decodes the same; the https://
        // spelling is rejected as such.
        match (
            Message::decode_with(bytes, &Options::strict()),
            uses_https_spelling(bytes),
        ) {
            (Ok(m), false) => {
                let got: Value = serde_json::from_str(&to_json(&m)).unwrap();
                if got != expected {
                    failures.push(format!("{name} (strict): decoded {got}"));
                }
            }
            (Err(e), true) if e.kind() == &ErrorKind::HttpsNamespace => {}
            (Ok(_), true) => failures.push(format!("{name} (strict): https:// spelling accepted")),
            (Err(e), _) => failures.push(format!(
                "{name} (strict): rejected at byte {}: {}",
                e.offset(),
                e.kind()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn invalid_files_fail_with_their_recorded_kind_and_offset() {
    let files = corpus_files("invalid");
    assert!(files.len() >= 60, "the invalid corpus has only {} files", files.len());
    let mut failures = Vec::new();
    for (path, bytes) in &files {
        let name = path.file_name().unwrap().to_string_lossy();
        let exp_path = path.with_extension("expected.json");
        let exp: Value = serde_json::from_str(&std::fs::read_to_string(&exp_path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", exp_path.display()));
        let kind = exp["kind"].as_str().unwrap();
        let offset = exp["offset"].as_u64().unwrap() as usize;
        let strict = exp["strict"].as_bool().unwrap_or(false);
        let options = Options::default().with_strict(strict);
        match Message::decode_with(bytes, &options) {
            Ok(m) => failures.push(format!("{name}: accepted as {}", to_json(&m))),
            Err(e) => {
                if e.kind().code() != kind || e.offset() != offset {
                    failures.push(format!(
                        "{name}: got {} at {} ({}), expected {kind} at {offset}",
                        e.kind().code(),
                        e.offset(),
                        e.kind()
                    ));
                }
                if strict {
                    // Only the strict policy rejects it.
                    if let Err(e) = Message::decode(bytes) {
                        failures.push(format!("{name}: lenient mode rejects it too: {}", e.kind()));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_valid_file_round_trips() {
    let mut buf = vec![0u8; 1 << 16];
    for (path, bytes) in corpus_files("valid") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let m = Message::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let n = m.encode(&mut buf).unwrap_or_else(|e| panic!("{name}: encode: {e}"));
        assert_eq!(m.encoded_len().unwrap(), n, "{name}: encoded_len");
        let encoded = buf[..n].to_vec();
        let encoded = &encoded[..];
        let again = Message::decode_with(encoded, &Options::strict())
            .unwrap_or_else(|e| panic!("{name}: re-decode: {e}\n{}", String::from_utf8_lossy(encoded)));
        assert_eq!(again, m, "{name}: decode(encode(m)) != m");
        // The JSON form carries the same values both ways.
        let json: Value = serde_json::from_str(&to_json(&m)).unwrap();
        assert_eq!(json, expected_json(&path), "{name}");

        // One byte short: a clean error that names the size needed.
        let e = m.encode(&mut buf[..n - 1]).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::BufferTooSmall { needed: n }, "{name}");

        // The fmt and io sinks write the same bytes.
        let mut s = String::new();
        m.encode_fmt(&mut s).unwrap();
        assert_eq!(s.as_bytes(), encoded, "{name}: encode_fmt");
        #[cfg(feature = "std")]
        {
            let mut v = Vec::new();
            m.encode_io(&mut v).unwrap();
            assert_eq!(v, encoded, "{name}: encode_io");
        }
    }
}

#[test]
fn json_encodes_back_to_the_same_json() {
    // What `umcodec encode` writes, `umcodec decode` reads back to the same
    // JSON (the contract's round trip).
    for (path, _) in corpus_files("valid") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let expected = expected_json(&path);
        let Ok(m) = from_json(&expected) else {
            panic!("{name}: the recorded JSON does not describe a message");
        };
        let mut v = vec![0u8; 1 << 16];
        let n = match m.encode(&mut v) {
            Ok(n) => n,
            Err(e) => {
                // Raw content whose prefixes were declared outside it cannot be
                // encoded from JSON alone; nothing else may fail.
                assert_eq!(e.kind().code(), "unbound_prefix", "{name}: {e}");
                continue;
            }
        };
        let back = Message::decode(&v[..n]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Value = serde_json::from_str(&to_json(&back)).unwrap();
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn every_proper_prefix_is_incomplete_or_the_same_message() {
    for (path, bytes) in corpus_files("valid") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let full = Message::decode(&bytes).unwrap();
        for cut in 0..bytes.len() {
            match Message::decode(&bytes[..cut]) {
                Err(e) if e.is_incomplete() => assert_eq!(e.offset(), cut, "{name}[..{cut}]"),
                Err(e) => panic!("{name}[..{cut}]: {} at {} instead of incomplete", e.kind(), e.offset()),
                Ok(m) => assert_eq!(m, full, "{name}[..{cut}] decoded to another value"),
            }
        }
    }
}

#[test]
fn corpus_directories_document_their_files() {
    for sub in ["valid", "invalid"] {
        let readme = std::fs::read_to_string(corpus_dir(sub).join("README.md")).unwrap();
        for (path, _) in corpus_files(sub) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                readme.contains(&name),
                "corpus/{sub}/README.md does not describe {name}"
            );
        }
    }
}
