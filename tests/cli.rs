//! The `umcodec` command-line program (`examples/umcodec.rs`) against its
//! reference, docs/cli.md: exit statuses, standard output and standard
//! error of every command.
//!
//! The example is built once per test run with the `cargo` that runs the
//! tests (`cargo build --example umcodec`), and its path is taken from
//! cargo's JSON messages, so the tests work on a clean checkout and with
//! any target directory.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::{Map, Value};
use support::json::{to_json_value, KINDS};
use support::{corpus_dir, corpus_files};

const SOAP_ENVELOPE: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// The example program, built once.
fn binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["build", "--quiet", "--example", "umcodec", "--message-format=json"])
            .arg("--manifest-path")
            .arg(&manifest)
            .stderr(Stdio::inherit());
        if !cfg!(debug_assertions) {
            cmd.arg("--release");
        }
        let out = cmd.output().expect("cannot run cargo");
        assert!(out.status.success(), "cargo build --example umcodec failed");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .find(|m| {
                m["reason"] == "compiler-artifact"
                    && m["target"]["name"] == "umcodec"
                    && m["target"]["kind"]
                        .as_array()
                        .is_some_and(|k| k.contains(&"example".into()))
            })
            .and_then(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo reported no executable for the umcodec example")
    })
}

/// What one run of the program did.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn stderr_lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }

    /// Each stdout line as a JSON object.
    fn json_lines(&self) -> Vec<Map<String, Value>> {
        self.stdout
            .lines()
            .map(|l| match serde_json::from_str(l) {
                Ok(Value::Object(o)) => o,
                _ => panic!("not a JSON object line: {l}"),
            })
            .collect()
    }
}

/// Runs the program in the crate's directory with `args` and `stdin`.
fn umcodec(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(binary())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start the umcodec example");
    // The program may exit without reading (usage errors): ignore EPIPE.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is not UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is not UTF-8"),
    }
}

/// A path, relative to the crate, of a corpus file.
fn corpus(sub: &str, name: &str) -> String {
    let p = format!("corpus/{sub}/{name}");
    assert!(corpus_dir(sub).join(name).exists(), "{p} is missing");
    p
}

/// The JSON recorded for a valid corpus file.
fn recorded(path: &str) -> Map<String, Value> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(path).with_extension("json");
    match serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap() {
        Value::Object(o) => o,
        _ => panic!("{}: not an object", p.display()),
    }
}

/// A path in a fresh scratch directory for this test.
fn scratch(test: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("umcodec-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A path that does not exist.
const MISSING: &str = "corpus/no-such-file.xml";

fn assert_usage_error(run: &Run, first_line: &str, what: &str) {
    assert_eq!(run.code, 2, "{what}: {run:?}");
    assert_eq!(run.stdout, "", "{what}");
    let lines = run.stderr_lines();
    assert_eq!(lines.first().copied(), Some(first_line), "{what}: {run:?}");
    assert!(
        lines.get(1).is_some_and(|l| l.starts_with("usage: umcodec decode")),
        "{what}: no usage after the error: {run:?}"
    );
}

const GCI_REQUEST: &str = "canonical_get_call_info_request.xml";
const GCI_RESPONSE: &str = "canonical_get_call_info_response.xml";
const DPC_RESPONSE: &str = "canonical_disconnect_phone_call_response.xml";

// ---------------------------------------------------------------------------
// Usage

#[test]
fn help_prints_the_usage_on_stdout_and_exits_0() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["decode", "--help"],
        &["decode", "--strict", "some.xml", "-h"],
        &["decode", "--bogus", "--help"],
        &["encode", "--help"],
        &["encode", "-", "-h"],
    ] {
        let run = umcodec(args, b"");
        assert_eq!(run.code, 0, "{args:?}: {run:?}");
        assert!(
            run.stdout.starts_with("usage: umcodec decode [--strict]"),
            "{args:?}: {run:?}"
        );
        assert!(run.stdout.contains("umcodec encode"), "{args:?}");
        assert!(run.stdout.contains("docs/cli.md"), "{args:?}");
        assert_eq!(run.stderr, "", "{args:?}");
    }
}

#[test]
fn unknown_options_are_usage_errors() {
    let valid = corpus("valid", GCI_REQUEST);
    for (args, first) in [
        (
            vec!["decode", "--bogus", &valid],
            r#"umcodec: unknown option "--bogus" [usage]"#,
        ),
        (vec!["decode", &valid, "-x"], r#"umcodec: unknown option "-x" [usage]"#),
        (
            vec!["encode", "--strict", "-"],
            r#"umcodec: unknown option "--strict" [usage]"#,
        ),
        (vec!["--bogus"], r#"umcodec: unknown option "--bogus" [usage]"#),
        (
            vec!["--strict", "decode", &valid],
            r#"umcodec: unknown option "--strict" [usage]"#,
        ),
    ] {
        // Nothing is decoded, and the option is never read as a file name.
        let run = umcodec(&args, b"");
        assert_usage_error(&run, first, &format!("{args:?}"));
        assert!(!run.stderr.contains("cannot read"), "{args:?}");
    }
}

#[test]
fn missing_or_extra_arguments_are_usage_errors() {
    for (args, first) in [
        (&[][..], "umcodec: missing command [usage]"),
        (&["decode"], "umcodec: decode needs at least one FILE [usage]"),
        (
            &["decode", "--strict"],
            "umcodec: decode needs at least one FILE [usage]",
        ),
        (&["encode"], "umcodec: encode takes exactly one FILE, got 0 [usage]"),
        (
            &["encode", "a.json", "b.json"],
            "umcodec: encode takes exactly one FILE, got 2 [usage]",
        ),
        (&["frobnicate"], r#"umcodec: unknown command "frobnicate" [usage]"#),
    ] {
        assert_usage_error(&umcodec(args, b""), first, &format!("{args:?}"));
    }
}

#[test]
fn double_dash_ends_the_options() {
    // After `--`, `--strict` is a file name (here, one that does not exist).
    let run = umcodec(&["decode", "--", "--strict"], b"");
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stdout, "");
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 1, "{run:?}");
    assert!(lines[0].starts_with("--strict: cannot read: "), "{run:?}");
    assert!(lines[0].ends_with(" [cannot_read]"), "{run:?}");

    // `-` is standard input, before or after `--`.
    let bytes = std::fs::read(corpus_dir("valid").join(GCI_REQUEST)).unwrap();
    let run = umcodec(&["decode", "--", "-"], &bytes);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    assert_eq!(run.json_lines()[0]["file"], "-");
}

// ---------------------------------------------------------------------------
// decode

#[test]
fn decode_prints_one_line_per_input_with_its_file() {
    let files = [
        corpus("valid", GCI_REQUEST),
        corpus("valid", GCI_RESPONSE),
        corpus("valid", DPC_RESPONSE),
        corpus("valid", "canonical_disconnect_phone_call_request.xml"),
    ];
    let mut args = vec!["decode"];
    args.extend(files.iter().map(String::as_str));
    let run = umcodec(&args, b"");
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "");
    let lines = run.json_lines();
    assert_eq!(lines.len(), files.len(), "{run:?}");
    for (mut line, file) in lines.into_iter().zip(&files) {
        assert_eq!(line.remove("file"), Some(Value::from(file.as_str())), "{file}");
        assert_eq!(line, recorded(file), "{file}");
    }
}

#[test]
fn decode_names_standard_input_dash() {
    let file = corpus("valid", GCI_RESPONSE);
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(&file)).unwrap();
    let run = umcodec(&["decode", "-"], &bytes);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    let mut line = run.json_lines().remove(0);
    assert_eq!(line.remove("file"), Some(Value::from("-")));
    assert_eq!(line, recorded(&file));
}

#[test]
fn a_batch_goes_on_past_unreadable_files_and_exits_2() {
    let (a, b) = (corpus("valid", GCI_REQUEST), corpus("valid", GCI_RESPONSE));
    let dir = corpus_dir("valid");
    let dir = dir.to_str().unwrap();
    let run = umcodec(&["decode", &a, MISSING, dir, &b], b"");
    assert_eq!(run.code, 2, "{run:?}");
    let files: Vec<Value> = run.json_lines().iter().map(|l| l["file"].clone()).collect();
    assert_eq!(files, [Value::from(a.as_str()), Value::from(b.as_str())], "{run:?}");
    let errors = run.stderr_lines();
    assert_eq!(errors.len(), 2, "{run:?}");
    for (line, file) in errors.iter().zip([MISSING, dir]) {
        assert!(line.starts_with(&format!("{file}: cannot read: ")), "{line}");
        assert!(line.ends_with(" [cannot_read]"), "{line}");
    }
}

#[test]
fn an_unreadable_file_outranks_a_rejected_one() {
    let bad = corpus("invalid", "incomplete_empty.xml");
    let good = corpus("valid", GCI_REQUEST);
    let run = umcodec(&["decode", &bad, MISSING, &good], b"");
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.json_lines().len(), 1);
    let errors = run.stderr_lines();
    assert_eq!(errors.len(), 2, "{run:?}");
    assert!(
        errors[0].starts_with(&format!("{bad}: error at byte 0: incomplete")),
        "{run:?}"
    );
    assert!(errors[0].ends_with(" [incomplete]"), "{run:?}");
    assert!(errors[1].starts_with(&format!("{MISSING}: cannot read: ")), "{run:?}");
}

/// The recorded expectation of an invalid corpus file.
struct Expected {
    file: String,
    code: String,
    offset: u64,
    strict: bool,
}

fn invalid_corpus() -> Vec<Expected> {
    corpus_files("invalid")
        .into_iter()
        .map(|(path, _)| {
            let exp: Value =
                serde_json::from_str(&std::fs::read_to_string(path.with_extension("expected.json")).unwrap()).unwrap();
            Expected {
                file: format!("corpus/invalid/{}", path.file_name().unwrap().to_string_lossy()),
                code: exp["kind"].as_str().unwrap().to_string(),
                offset: exp["offset"].as_u64().unwrap(),
                strict: exp["strict"].as_bool().unwrap_or(false),
            }
        })
        .collect()
}

/// Checks `line` is `FILE: error at byte N: MESSAGE [code]` for `e`.
fn assert_rejection_line(line: &str, e: &Expected) {
    let head = format!("{}: error at byte {}: ", e.file, e.offset);
    let tail = format!(" [{}]", e.code);
    assert!(
        line.starts_with(&head) && line.ends_with(&tail),
        "expected {head}… {tail}, got {line}"
    );
    let message = &line[head.len()..line.len() - tail.len()];
    assert!(!message.is_empty(), "{line}");
    // Only a cut-short input is reported as `incomplete …`.
    assert_eq!(message.starts_with("incomplete"), e.code == "incomplete", "{line}");
}

#[test]
fn rejections_name_the_file_offset_message_and_code() {
    let expected = invalid_corpus();
    assert!(expected.len() >= 60);
    for strict in [false, true] {
        let mut args = vec!["decode"];
        if strict {
            args.push("--strict");
        }
        args.extend(expected.iter().map(|e| e.file.as_str()));
        let run = umcodec(&args, b"");
        assert_eq!(run.code, 1, "strict {strict}: {}", run.stderr);
        let mut errors = run.stderr_lines().into_iter();
        let mut decoded = run.json_lines().into_iter();
        for e in &expected {
            if e.strict && !strict {
                // Rejected only with --strict: decoded here.
                let line = decoded.next().unwrap_or_else(|| panic!("{}: no JSON line", e.file));
                assert_eq!(line["file"], e.file.as_str());
            } else {
                let line = errors.next().unwrap_or_else(|| panic!("{}: no error line", e.file));
                assert_rejection_line(line, e);
            }
        }
        assert_eq!(errors.next(), None, "strict {strict}: extra error lines");
        assert_eq!(decoded.next(), None, "strict {strict}: extra JSON lines");
    }
}

#[test]
fn strict_rejects_the_https_spelling() {
    let file = corpus("valid", "seed_000_1_get_call_info_request.xml");
    let run = umcodec(&["decode", &file], b"");
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    assert_eq!(run.json_lines().len(), 1);

    let run = umcodec(&["decode", "--strict", &file], b"");
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout, "");
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 1, "{run:?}");
    assert!(lines[0].starts_with(&format!("{file}: error at byte ")), "{run:?}");
    assert!(lines[0].ends_with(" [https_namespace]"), "{run:?}");
}

// ---------------------------------------------------------------------------
// encode

#[test]
fn encode_writes_the_envelope_a_decode_line_describes() {
    let mut encoded = 0;
    for (path, _) in corpus_files("valid") {
        let file = format!("corpus/valid/{}", path.file_name().unwrap().to_string_lossy());
        let run = umcodec(&["decode", &file], b"");
        assert_eq!(run.code, 0, "{run:?}");
        // The decode line as printed, `file` included.
        let line = run.stdout.clone();

        let run = umcodec(&["encode", "-"], line.as_bytes());
        if run.code == 1 && run.stderr.ends_with(" [unbound_prefix]\n") {
            // Raw content whose prefixes were declared outside it cannot be
            // encoded from JSON alone (as in tests/corpus.rs).
            assert!(run.stderr.starts_with("-: cannot encode: prefix "), "{file}: {run:?}");
            assert_eq!(run.stdout, "");
            continue;
        }
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{file}: {run:?}");
        assert!(
            run.stdout.starts_with(r#"<?xml version="1.0" encoding="utf-8"?>"#),
            "{file}: {}",
            run.stdout
        );
        assert!(!run.stdout.contains("https://schemas.microsoft.com/"), "{file}");

        let back = umcodec(&["decode", "--strict", "-"], run.stdout.as_bytes());
        assert_eq!((back.code, back.stderr.as_str()), (0, ""), "{file}: {back:?}");
        let mut again = back.json_lines().remove(0);
        assert_eq!(again.remove("file"), Some("-".into()));
        assert_eq!(again, recorded(&file), "{file}");
        encoded += 1;
    }
    assert!(encoded >= 40, "only {encoded} files encoded");
}

#[test]
fn encode_reads_a_file_and_takes_keys_left_out_as_null() {
    let path = scratch("encode_file", "request.json");
    // `request_server_version` (may be null) is left out.
    std::fs::write(
        &path,
        r#"{"message":"DisconnectPhoneCallRequest","phone_call_id":"OWVl4NWb3N29t"}"#,
    )
    .unwrap();
    let run = umcodec(&["encode", path.to_str().unwrap()], b"");
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    assert!(
        run.stdout.contains(r#"<m:PhoneCallId Id="OWVl4NWb3N29t" />"#),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("RequestServerVersion"), "{}", run.stdout);
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn encode_rejects_keys_that_decode_does_not_print() {
    for (json, reason) in [
        (
            r#"{"message":"GetCallInfoRequest","call_id":"x","bogus":1}"#,
            r#"unknown key "bogus" for GetCallInfoRequest (allowed: message, file, call_id)"#,
        ),
        // A key of another message kind.
        (
            r#"{"message":"GetCallInfoRequest","call_id":"x","phone_call_id":"y"}"#,
            r#"unknown key "phone_call_id" for GetCallInfoRequest (allowed: message, file, call_id)"#,
        ),
        (
            r#"{"message":"Fault","fault_code":"soap:Server","fault_string":"x","faultstring":"y"}"#,
            r#"unknown key "faultstring" for Fault (allowed: message, file, fault_code, fault_code_namespace, fault_code_local, fault_string, fault_string_lang, fault_actor, detail, detail_exception_type, detail_response_code, detail_message)"#,
        ),
        (
            r#"{"message":"DisconnectPhoneCallResponse","response_class":"Success","server_version":{"major":14}}"#,
            r#"unknown key "major" in "server_version" (allowed: major_version, minor_version, major_build_number, minor_build_number, version)"#,
        ),
        (
            r#"{"message":"Fault","fault_code":"soap:Server","fault_code_local":"Client","fault_string":"x"}"#,
            r#"field "fault_code_local" is "Client" but the local part of "fault_code" is "Server""#,
        ),
        // The typed detail is read from `detail`.
        (
            r#"{"message":"Fault","fault_code":"soap:Server","fault_string":"x","detail":null,"detail_exception_type":"X"}"#,
            r#"field "detail_exception_type" is "X" but the detail holds None (it is read from "detail")"#,
        ),
    ] {
        let run = umcodec(&["encode", "-"], json.as_bytes());
        assert_eq!(run.code, 1, "{json}: {run:?}");
        assert_eq!(run.stdout, "", "{json}");
        assert_eq!(run.stderr, format!("-: {reason} [invalid_json_message]\n"), "{json}");
    }
    // What decode prints is accepted: `file` and the derived fault_code_local.
    for json in [
        r#"{"message":"GetCallInfoRequest","call_id":"x","file":"a.xml"}"#,
        r#"{"message":"Fault","fault_code":"soap:Server","fault_code_local":"Server","fault_string":"x","file":"-"}"#,
    ] {
        let run = umcodec(&["encode", "-"], json.as_bytes());
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{json}: {run:?}");
    }
}

#[test]
fn encode_takes_a_prefixed_fault_code_without_namespace_as_soap() {
    for (code, written) in [
        // A prefix other than the envelope's own is declared on faultcode.
        (
            "soap:Server",
            r#"<faultcode xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">soap:Server</faultcode>"#,
        ),
        // The envelope's own prefix needs no declaration.
        ("s:Client", "<faultcode>s:Client</faultcode>"),
    ] {
        let json = format!(r#"{{"message":"Fault","fault_code":"{code}","fault_string":"Try again."}}"#);
        let run = umcodec(&["encode", "-"], json.as_bytes());
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{code}: {run:?}");
        assert!(run.stdout.contains(written), "{code}: {}", run.stdout);
        let back = umcodec(&["decode", "-"], run.stdout.as_bytes());
        assert_eq!(back.code, 0, "{back:?}");
        let line = &back.json_lines()[0];
        assert_eq!(line["fault_code"], code);
        assert_eq!(line["fault_code_namespace"], SOAP_ENVELOPE);
    }
    // With a namespace, the prefix is bound to it; unprefixed, there is none.
    for (json, written, namespace) in [
        (
            r#"{"message":"Fault","fault_code":"a:ErrorSchemaValidation","fault_code_namespace":"http://schemas.microsoft.com/exchange/services/2006/types","fault_string":"x"}"#,
            r#"<faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorSchemaValidation</faultcode>"#,
            Value::from("http://schemas.microsoft.com/exchange/services/2006/types"),
        ),
        (
            r#"{"message":"Fault","fault_code":"Server","fault_code_namespace":null,"fault_string":"x"}"#,
            "<faultcode>Server</faultcode>",
            Value::Null,
        ),
    ] {
        let run = umcodec(&["encode", "-"], json.as_bytes());
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{json}: {run:?}");
        assert!(run.stdout.contains(written), "{json}: {}", run.stdout);
        let back = umcodec(&["decode", "-"], run.stdout.as_bytes());
        assert_eq!(back.json_lines()[0]["fault_code_namespace"], namespace);
    }
}

#[test]
fn encode_error_lines_end_with_their_code() {
    for (json, code, starts) in [
        ("{not json", 1, "-: not JSON: "),
        (
            r#"{"message":"GetCallInfoRequest"}"#,
            1,
            r#"-: missing field "call_id""#,
        ),
        (
            r#"{"message":"GetCallInfoResponse","call_state":"Ringing","event_cause":"None"}"#,
            1,
            r#"-: field "call_state": unknown value "Ringing""#,
        ),
        (
            r#"{"message":"PlayOnPhone"}"#,
            1,
            // The list of known kinds grows with the codec.
            r#"-: unknown message kind "PlayOnPhone" (known: GetCallInfoRequest, GetCallInfoResponse, "#,
        ),
        (
            r#"{"message":"GetCallInfoRequest","call_id":"\u0001"}"#,
            1,
            "-: cannot encode: character U+0001 is not allowed in XML 1.0",
        ),
        (
            r#"{"message":"Fault","fault_code":"Server","fault_code_namespace":"urn:x","fault_string":"x"}"#,
            1,
            // An encode error keeps the value's position, not a copy: the
            // field is named, the value is the one given.
            "-: cannot encode: invalid faultcode value [invalid_value]",
        ),
    ] {
        let run = umcodec(&["encode", "-"], json.as_bytes());
        assert_eq!(run.code, code, "{json}: {run:?}");
        assert_eq!(run.stdout, "", "{json}");
        let lines = run.stderr_lines();
        assert_eq!(lines.len(), 1, "{json}: {run:?}");
        assert!(lines[0].starts_with(starts), "{json}: {}", lines[0]);
    }
    let tail = |json: &str| umcodec(&["encode", "-"], json.as_bytes()).stderr;
    assert!(tail("{not json").ends_with(" [not_json]\n"));
    assert!(tail(r#"{"message":"GetCallInfoRequest"}"#).ends_with(" [invalid_json_message]\n"));
    assert!(tail(r#"{"message":"GetCallInfoRequest","call_id":"\u0001"}"#).ends_with(" [invalid_char]\n"));
    assert!(
        tail(r#"{"message":"Fault","fault_code":"Server","fault_code_namespace":"urn:x","fault_string":"x"}"#)
            .ends_with(" [invalid_value]\n")
    );

    // An unreadable input is exit status 2.
    let run = umcodec(&["encode", MISSING], b"");
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(run.stderr.starts_with(&format!("{MISSING}: cannot read: ")), "{run:?}");
    assert!(run.stderr.ends_with(" [cannot_read]\n"), "{run:?}");
}

// ---------------------------------------------------------------------------
// The reference

#[test]
fn the_reference_documents_every_kind_key_and_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/cli.md")).unwrap();
    for kind in KINDS {
        assert!(
            doc.contains(&format!("### `{}`", kind.name)),
            "docs/cli.md: no section for {}",
            kind.name
        );
        assert!(
            doc.contains(&format!("\"message\":\"{}\"", kind.name)),
            "docs/cli.md: {}",
            kind.name
        );
        for key in kind.keys.iter().chain(kind.nested.iter().flat_map(|(_, k)| k.iter())) {
            assert!(
                doc.contains(&format!("`{key}`")),
                "docs/cli.md: key {key} of {}",
                kind.name
            );
        }
    }
    for code in [
        "usage",
        "cannot_read",
        "cannot_write",
        "not_json",
        "invalid_json_message",
    ] {
        assert!(doc.contains(&format!("`{code}`")), "docs/cli.md: code {code}");
    }
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("(docs/cli.md)"), "README.md does not link docs/cli.md");
}

#[test]
fn every_kind_prints_exactly_its_listed_keys() {
    // The keys `encode` accepts are the keys `decode` prints: each kind's
    // list is exactly what a decoded message of that kind has.
    let mut seen = Vec::new();
    for (_, bytes) in corpus_files("valid") {
        let m = umcodec::Message::decode(&bytes).unwrap();
        let json = to_json_value(&m);
        let kind = KINDS.iter().find(|k| k.name == json["message"]).unwrap();
        let mut printed: Vec<&str> = json.keys().map(String::as_str).filter(|k| *k != "message").collect();
        let mut listed = kind.keys.to_vec();
        printed.sort_unstable();
        listed.sort_unstable();
        assert_eq!(printed, listed, "{}", kind.name);
        seen.push(kind.name);
    }
    for kind in KINDS {
        assert!(seen.contains(&kind.name), "no valid corpus file is a {}", kind.name);
    }
}

#[test]
fn an_error_line_carries_the_explained_message() {
    // The line says what the mistake is, not only what its kind is.
    let file = corpus("invalid", "malformed_declaration_not_at_start.xml");
    let run = umcodec(&["decode", &file], b"");
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        run.stderr_lines(),
        [format!(
            "{file}: error at byte 1: the XML declaration (<?xml ...?>) must come first: \
             nothing may precede it, not even whitespace or a line break [processing_instruction]"
        )],
        "{run:?}"
    );
}
