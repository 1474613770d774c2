//! The peers of the benchmarks do the whole job, untimed: on every
//! canonical seed message, each decode peer finds exactly the values
//! umcodec finds, each encode peer writes what umcodec decodes to the same
//! message, and the peers that offer borrowing borrow.

use std::borrow::Cow;
use std::ops::Range;

use umcodec_benches::{decode, CASES};

/// The seeds the cases stand for: every `corpus/valid/canonical_*.xml`.
#[test]
fn cases_are_the_canonical_seeds() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/valid");
    let mut seeds: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|f| Some(f.strip_prefix("canonical_")?.strip_suffix(".xml")?.to_owned()))
        .collect();
    seeds.sort();
    let mut cases: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    cases.sort();
    assert_eq!(cases, seeds);
    for case in &CASES {
        let file = std::fs::read(format!("{dir}/canonical_{}.xml", case.name)).unwrap();
        assert_eq!(file, case.bytes, "{}: stale copy", case.name);
    }
}

#[test]
fn decode_peers_find_umcodecs_values() {
    for case in &CASES {
        umcodec_benches::check_decode(case);
    }
}

#[test]
fn every_decode_peer_is_checked() {
    let names: Vec<&str> = umcodec_benches::decode_findings(&CASES[0])
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        ["quick_xml_ns", "quick_xml_serde", "roxmltree", "xmlparser", "quick_xml"]
    );
}

/// The attribute-reading floor rejects a repeated attribute (its reading
/// of every attribute of the seeds is part of `check_decode`).
#[test]
fn quick_xml_attrs_checks_duplicates() {
    assert!(decode::quick_xml_attributes("<a x='1' y='2'/>").is_ok());
    assert!(decode::quick_xml_attributes("<a x='1' x='2'/>").is_err());
}

#[test]
fn encode_peers_write_the_same_message() {
    for case in &CASES {
        umcodec_benches::check_encode(case);
    }
}

fn within(range: &Range<*const u8>, s: &str) -> bool {
    range.contains(&s.as_ptr())
}

/// No value of the seeds holds a reference, so every peer that can borrow
/// from the input returns slices of it, not copies.
#[test]
fn values_are_borrowed_from_the_input() {
    for case in &CASES {
        let input = case.text();
        let range = input.as_bytes().as_ptr_range();

        let mut n = 0;
        decode::quick_xml_ns(input, case.fields, |i, v| {
            assert!(matches!(v, Cow::Borrowed(s) if within(&range, s)), "quick_xml_ns {i}");
            n += 1;
        })
        .unwrap();
        assert_eq!(n, case.fields.len());

        let v = decode::quick_xml_serde(case)(input).unwrap();
        for s in v.strings() {
            assert!(
                matches!(s, Cow::Borrowed(s) if within(&range, s)),
                "quick_xml_serde {s:?}"
            );
        }

        decode::roxmltree(input, case.fields, |i, v| {
            assert!(within(&range, v), "roxmltree {i}");
        })
        .unwrap();
    }
}

/// What the peers' comments (src/decode.rs) say each checks and does not,
/// so that the comments stay true when a library changes.
#[test]
fn peer_comments_hold() {
    let fields = CASES[3].fields;
    let ns = |s: &str| decode::quick_xml_ns(s, fields, |_, _| {}).is_ok();
    let rox = |s: &str| decode::roxmltree(s, fields, |_, _| {}).is_ok();
    let xp = |s: &str| decode::xmlparser(s, |_| {}).is_ok();
    let qx = |s: &str| decode::quick_xml(s, |_| {}).is_ok();
    // (document, NsReader, roxmltree, xmlparser, quick-xml Reader): true
    // where the peer accepts the document.
    let types = r#"xmlns="http://schemas.microsoft.com/exchange/services/2006/types""#;
    let wanted_dup = format!(r#"<ServerVersionInfo {types} Version="1" Version="2"/>"#);
    let wanted_ref = format!(r#"<ServerVersionInfo {types} Version="&nope;"/>"#);
    let table: [(&str, bool, bool, bool, bool); 17] = [
        ("<a><b></a></b>", false, false, true, false),
        ("<a><b></b>", true, false, true, true),
        ("<a/><b/>", true, false, false, true),
        ("<a/>text", true, false, false, true),
        ("<!DOCTYPE a><a/>", true, false, true, true),
        (r#"<a x="1" x="2"/>"#, true, false, true, true),
        (&wanted_dup, false, false, true, true),
        (&wanted_ref, false, false, true, true),
        ("<a>&nope;</a>", true, false, true, true),
        ("<a>\u{1}</a>", true, false, false, true),
        ("<1a/>", true, false, false, true),
        ("<a b='<'/>", true, false, false, true),
        ("<a x='1'y='2'/>", true, false, false, true),
        ("<p:a/>", true, false, true, true),
        ("<a xmlns:xml='urn:x'/>", false, false, true, true),
        ("<a><!-- a -- b --></a>", true, false, false, true),
        ("<?xml version='2.0'?><a/>", true, true, false, true),
    ];
    for (doc, n, r, x, q) in table {
        assert_eq!(
            (ns(doc), rox(doc), xp(doc), qx(doc)),
            (n, r, x, q),
            "{doc}: (quick_xml_ns, roxmltree, xmlparser, quick_xml) accept"
        );
    }
}

/// The serde peer: no namespaces, but integers, required and repeated
/// fields, and elements left open.
#[test]
fn serde_peer_comment_holds() {
    let case = &CASES[3];
    let serde = decode::quick_xml_serde(case);
    let edit = |from: &str, to: &str| {
        let s = case.text().replacen(from, to, 1);
        assert_ne!(s, case.text());
        s
    };
    let accepts = |s: &str| serde(s).is_ok();
    assert!(accepts(&edit("http://schemas.xmlsoap.org/soap/envelope/", "urn:other")));
    assert!(accepts(&edit("<ResponseCode>", "<x a='1' a='2'/><ResponseCode>")));
    assert!(!accepts(&edit(r#"MajorVersion="14""#, r#"MajorVersion="x""#)));
    assert!(!accepts(&edit("</s:Envelope>", "")));
    assert!(!accepts(&edit("<ResponseCode>", "<x><y></x></y><ResponseCode>")));
    assert!(!accepts(&edit(
        r#"ResponseClass="Success""#,
        r#"ResponseClass="Success" ResponseClass="x""#
    )));
    let case = &CASES[2];
    let serde = decode::quick_xml_serde(case);
    let s = case.text().replacen(r#" Id="OWVl4NWb3N29t""#, "", 1);
    assert!(serde(&s).is_err(), "required attribute");
}

/// A value with references: the peers that unescape return the unescaped
/// value, copied (no slice of the input holds it).
#[test]
fn escaped_values_are_unescaped() {
    let case = &CASES[3];
    let s = case.text().replacen(">NoError<", ">No&amp;Err&#x6F;r<", 1);
    let mut got = Vec::new();
    decode::quick_xml_ns(&s, case.fields, |i, v| got.push((i, v.into_owned()))).unwrap();
    assert!(got.contains(&(6, "No&Error".to_owned())), "{got:?}");
    let v = decode::quick_xml_serde(case)(&s).unwrap();
    assert_eq!(v.fields()[6], (6, "No&Error".to_owned()));
    let mut got = Vec::new();
    decode::roxmltree(&s, case.fields, |i, v| got.push((i, v.to_owned()))).unwrap();
    assert!(got.contains(&(6, "No&Error".to_owned())), "{got:?}");
}
