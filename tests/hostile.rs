//! Hostile input: each case is rejected cleanly (a precise error, no panic,
//! no recursion that could overflow) or accepted without copying.

use umcodec::error::Limit;
use umcodec::{DisconnectPhoneCallResponse, ErrorKind, Message};

const SOAP: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const M: &str = "http://schemas.microsoft.com/exchange/services/2006/messages";

fn error_response(message_xml: &str) -> String {
    format!(
        "<s:Envelope xmlns:s='{SOAP}'><s:Body><DisconnectPhoneCallResponse ResponseClass='Error' xmlns='{M}'>\
<MessageXml>{message_xml}</MessageXml></DisconnectPhoneCallResponse></s:Body></s:Envelope>"
    )
}

fn kind_and_offset(input: &[u8]) -> (ErrorKind, usize) {
    let e = Message::decode(input).expect_err("must be rejected");
    assert!(e.offset() <= input.len());
    assert!(!e.to_string().is_empty());
    (*e.kind(), e.offset())
}

#[test]
fn deep_nesting_inside_message_xml_stops_at_the_depth_limit() {
    let depth = 100_000;
    let doc = error_response(&format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth)));
    let (kind, offset) = kind_and_offset(doc.as_bytes());
    assert_eq!(
        kind,
        ErrorKind::LimitExceeded {
            limit: Limit::Depth,
            max: 64
        }
    );
    // Envelope, Body, the response and MessageXml hold four levels.
    let first_a = doc.find("<a>").unwrap();
    assert_eq!(offset, first_a + 60 * 3);
}

#[test]
fn unclosed_deep_nesting_is_a_limit_not_incomplete() {
    let doc = format!(
        "<s:Envelope xmlns:s='{SOAP}'><s:Header><x:h xmlns:x='urn:x'>{}",
        "<a>".repeat(100_000)
    );
    assert_eq!(kind_and_offset(doc.as_bytes()).0.code(), "limit_exceeded");
}

#[test]
fn nul_and_control_characters() {
    let doc = error_response("a\0b");
    let (kind, offset) = kind_and_offset(doc.as_bytes());
    assert_eq!(kind, ErrorKind::InvalidChar { ch: '\0' });
    assert_eq!(offset, doc.find('\0').unwrap());
    let doc = error_response("<x y='\u{1}'/>");
    assert_eq!(
        kind_and_offset(doc.as_bytes()).0,
        ErrorKind::InvalidChar { ch: '\u{1}' }
    );
}

#[test]
fn invalid_and_overlong_utf8() {
    let base = error_response("<x>ok</x>");
    let at = base.find("ok").unwrap();
    for bad in [
        &b"\xC0\xAF"[..],
        b"\xE0\x80\xAF",
        b"\xED\xA0\x80",
        b"\xF8\x88\x80\x80\x80",
        b"\xFF",
        b"\x80",
    ] {
        let mut doc = base.as_bytes().to_vec();
        doc.splice(at..at, bad.iter().copied());
        assert_eq!(kind_and_offset(&doc), (ErrorKind::InvalidUtf8, at), "{bad:?}");
    }
    // A sequence cut by the end of input could still complete.
    let cut = &"<s:Envelope xmlns:s='é".as_bytes()[..22];
    assert_eq!(kind_and_offset(cut).0, ErrorKind::Incomplete);
}

#[test]
fn a_bom_in_the_middle() {
    // U+FEFF is an ordinary character inside text...
    let doc = error_response("<x>\u{FEFF}</x>");
    let r = DisconnectPhoneCallResponse::decode(doc.as_bytes()).unwrap();
    assert_eq!(r.message_xml.unwrap().as_str(), "<x>\u{FEFF}</x>");
    // ...but not markup between elements or before the root.
    let doc = format!("<s:Envelope xmlns:s='{SOAP}'>\u{FEFF}<s:Body/></s:Envelope>");
    assert_eq!(
        kind_and_offset(doc.as_bytes()),
        (ErrorKind::UnexpectedText, doc.find('\u{FEFF}').unwrap())
    );
    let doc = format!("\u{FEFF}\u{FEFF}<s:Envelope xmlns:s='{SOAP}'/>");
    assert_eq!(kind_and_offset(doc.as_bytes()).0.code(), "malformed");
}

#[test]
fn unterminated_comment_and_cdata_at_end_of_input() {
    let doc = error_response("<!-- never closed");
    let cut = &doc[..doc.find("never").unwrap() + 5];
    assert_eq!(kind_and_offset(cut.as_bytes()), (ErrorKind::Incomplete, cut.len()));
    let doc = error_response("<![CDATA[never closed");
    let cut = &doc[..doc.find("never").unwrap() + 5];
    assert_eq!(kind_and_offset(cut.as_bytes()), (ErrorKind::Incomplete, cut.len()));
    // Closed by nothing, with the document going on: the comment swallows
    // the rest, so the input is still incomplete.
    let doc = error_response("<!-- ");
    assert_eq!(kind_and_offset(doc.as_bytes()).0, ErrorKind::Incomplete);
}

#[test]
fn entity_attacks_are_rejected_by_the_doctype_rule() {
    // Hand-written forms of the classic attacks (the defusedxml files are
    // checked too, by `defusedxml_attack_files`, when CI has fetched them).
    let bomb = format!(
        "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>{}]><s:Envelope xmlns:s='{SOAP}'>&lol9;</s:Envelope>",
        (1..10)
            .map(|i| format!("<!ENTITY lol{i} '{}'>", format!("&lol{};", i - 1).repeat(10)))
            .collect::<String>()
    );
    let xxe =
        format!("<!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><s:Envelope xmlns:s='{SOAP}'>&x;</s:Envelope>");
    let quadratic = format!(
        "<!DOCTYPE r [<!ENTITY a '{}'>]><s:Envelope xmlns:s='{SOAP}'>{}</s:Envelope>",
        "x".repeat(50_000),
        "&a;".repeat(50_000)
    );
    for doc in [&bomb, &xxe, &quadratic] {
        let (kind, offset) = kind_and_offset(doc.as_bytes());
        assert_eq!(kind, ErrorKind::Doctype);
        assert_eq!(offset, doc.find("<!DOCTYPE").unwrap());
    }
    // Without a DTD the entity is simply undefined.
    let doc = format!("<s:Envelope xmlns:s='{SOAP}'>&lol9;</s:Envelope>");
    assert_eq!(kind_and_offset(doc.as_bytes()).0, ErrorKind::InvalidReference);
}

/// The attack files of the `defusedxml` sdist (fetched by `.ci/run` into
/// `target/defusedxml`; directory overridable with `UMCODEC_DEFUSEDXML`).
#[test]
#[ignore = "needs the defusedxml sdist: .ci/run fetches it with pip download"]
fn defusedxml_attack_files() {
    let dir = std::env::var("UMCODEC_DEFUSEDXML").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/target/defusedxml/defusedxml-0.7.1/xmltestdata"
        )
        .to_string()
    });
    let mut seen = 0;
    for name in [
        "xmlbomb.xml",
        "xmlbomb2.xml",
        "quadratic.xml",
        "cyclic.xml",
        "external.xml",
        "external_file.xml",
        "dtd.xml",
    ] {
        let path = std::path::Path::new(&dir).join(name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (kind, _) = kind_and_offset(&bytes);
        assert_eq!(kind, ErrorKind::Doctype, "{name}");
        seen += 1;
    }
    assert_eq!(seen, 7);
}
