//! Error messages that name what they saw: the namespace URI found, the
//! SOAP 1.2 envelope by name, an XML declaration that does not come first,
//! the unbound prefix of a fault code. Each test pins the whole `Display`
//! text, and the kind's code and offset where the corpus pins them.

use umcodec::error::{NsName, ShortStr};
use umcodec::{Encode, Error, ErrorKind, Fault, FaultCode, GetCallInfoRequest, Message, Text};

const SOAP: &str = "http://schemas.xmlsoap.org/soap/envelope/";

fn decode_err(xml: &str) -> Error {
    match Message::decode(xml.as_bytes()) {
        Ok(m) => panic!("decoded {m:?} from {xml}"),
        Err(e) => e,
    }
}

/// A Body child that decodes.
const FAULT: &str = "<soap:Fault><faultcode>soap:Server</faultcode><faultstring/></soap:Fault>";

/// An envelope whose Body holds `body`, with the SOAP prefix `soap`.
fn envelope(body: &str) -> String {
    format!(r#"<soap:Envelope xmlns:soap="{SOAP}"><soap:Body>{body}</soap:Body></soap:Envelope>"#)
}

#[test]
fn a_wrong_envelope_namespace_is_named() {
    let e = decode_err(r#"<s:Envelope xmlns:s="urn:wrong"><s:Body/></s:Envelope>"#);
    assert_eq!(e.kind().code(), "unexpected_element");
    assert_eq!(
        e.to_string(),
        "expected element {http://schemas.xmlsoap.org/soap/envelope/}Envelope, found {urn:wrong}Envelope (at byte 0)"
    );
    let ErrorKind::UnexpectedElement { found, .. } = e.kind() else {
        panic!("{e:?}")
    };
    assert_eq!(found.ns, NsName::Other(ShortStr::new("urn:wrong")));
}

#[test]
fn a_default_namespace_is_named_too() {
    let e = decode_err(r#"<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope"><Body/></Envelope>"#);
    assert_eq!(
        e.to_string(),
        "expected element {http://schemas.xmlsoap.org/soap/envelope/}Envelope, \
         found {http://schemas.xmlsoap.org/soap/envelope}Envelope (at byte 0)"
    );
}

#[test]
fn a_namespace_uri_is_shown_unescaped() {
    let e = decode_err(r#"<s:Envelope xmlns:s="urn:a&amp;b&#x20;c"><s:Body/></s:Envelope>"#);
    assert_eq!(
        e.to_string(),
        "expected element {http://schemas.xmlsoap.org/soap/envelope/}Envelope, found {urn:a&b c}Envelope (at byte 0)"
    );
}

/// The likely mistake in a long URI is at its end (a trailing slash here),
/// so a long URI keeps its start and its end.
#[test]
fn a_long_namespace_uri_keeps_both_ends() {
    let body = r#"<m:GetCallInfo xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages/"><m:CallId>x</m:CallId></m:GetCallInfo>"#;
    let xml = envelope(body);
    let at = xml.find("<m:").unwrap();
    let e = GetCallInfoRequest::decode(xml.as_bytes()).unwrap_err();
    assert_eq!(e.offset(), at);
    assert_eq!(
        e.to_string(),
        format!(
            "expected element {{http://schemas.microsoft.com/exchange/services/2006/messages}}GetCallInfo, \
             found {{http://schemas.m…rvices/2006/messages/}}GetCallInfo (at byte {at})"
        )
    );
    let ErrorKind::UnexpectedElement { found, .. } = e.kind() else {
        panic!("{e:?}")
    };
    let NsName::Other(uri) = found.ns else { panic!("{e:?}") };
    assert!(uri.is_truncated());
    assert_eq!(uri.as_str().len(), ShortStr::CAPACITY);
}

#[test]
fn an_unexpected_child_names_its_namespace() {
    let xml = envelope(
        r#"<soap:Fault><faultcode>soap:Server</faultcode><faultstring>x</faultstring><w:Extra xmlns:w="urn:wrong"/></soap:Fault>"#,
    );
    let at = xml.find("<w:Extra").unwrap();
    let e = decode_err(&xml);
    assert_eq!(e.kind().code(), "unexpected_child");
    assert_eq!(
        e.to_string(),
        format!("element {{urn:wrong}}Extra is not allowed here inside {{{SOAP}}}Fault (at byte {at})")
    );
}

#[test]
fn a_must_understand_block_names_its_namespace() {
    let xml = format!(
        r#"<soap:Envelope xmlns:soap="{SOAP}"><soap:Header><h:Session xmlns:h="urn:vendor:session" soap:mustUnderstand="1"/></soap:Header><soap:Body/></soap:Envelope>"#
    );
    let at = xml.find("<h:Session").unwrap();
    let e = decode_err(&xml);
    assert_eq!(e.kind().code(), "must_understand");
    assert_eq!(
        e.to_string(),
        format!(
            "header block {{urn:vendor:session}}Session is marked mustUnderstand but is not processed by this codec (at byte {at})"
        )
    );
}

#[test]
fn a_soap_1_2_envelope_is_named() {
    let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body/></env:Envelope>"#;
    let e = decode_err(xml);
    // Its own kind, so that a server can answer with a VersionMismatch fault.
    assert_eq!(e.kind(), &ErrorKind::Soap12Envelope);
    assert_eq!(e.kind().code(), "soap12_envelope");
    assert_eq!(e.offset(), 39);
    assert_eq!(
        e.to_string(),
        "a SOAP 1.2 envelope (http://www.w3.org/2003/05/soap-envelope); this codec reads SOAP 1.1, \
         whose envelope namespace is http://schemas.xmlsoap.org/soap/envelope/ (at byte 39)"
    );
    // Another element of that namespace at the root is only unexpected.
    let other = r#"<env:Body xmlns:env="http://www.w3.org/2003/05/soap-envelope"/>"#;
    let e = decode_err(other);
    let ErrorKind::UnexpectedElement { found, .. } = e.kind() else {
        panic!("{e:?}")
    };
    assert_eq!(found.ns, NsName::Known(umcodec::namespaces::SOAP12_ENVELOPE));
}

const DECLARATION_FIRST: &str =
    "the XML declaration (<?xml ...?>) must come first: nothing may precede it, not even whitespace or a line break";

#[test]
fn whitespace_before_the_declaration_says_it_must_come_first() {
    for (lead, at) in [
        ("\n", 1),
        (" ", 1),
        ("\r\n\t", 3),
        ("<!-- c -->", 10),
        ("\u{FEFF}\n", 4),
    ] {
        let xml = format!("{lead}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{}", envelope(FAULT));
        let e = decode_err(&xml);
        // Kind, code and offset as the corpus pins them
        // (malformed_declaration_not_at_start.xml).
        assert_eq!(e.kind(), &ErrorKind::ProcessingInstruction, "{lead:?}");
        assert_eq!(e.kind().code(), "processing_instruction");
        assert_eq!(e.offset(), at, "{lead:?}");
        assert_eq!(e.message().to_string(), DECLARATION_FIRST);
        assert_eq!(e.to_string(), format!("{DECLARATION_FIRST} (at byte {at})"));
        // The explanation is not part of equality.
        assert_eq!(e, Error::new(ErrorKind::ProcessingInstruction, at));
    }
}

#[test]
fn a_declaration_after_the_root_says_it_must_come_first() {
    for decl in ["<?xml version=\"1.0\"?>", "<?xml\tversion=\"1.0\"?>", "<?xml?>"] {
        let doc = envelope(FAULT);
        let xml = format!("{doc}{decl}");
        let e = decode_err(&xml);
        assert_eq!((e.kind().code(), e.offset()), ("processing_instruction", doc.len()));
        assert_eq!(e.to_string(), format!("{DECLARATION_FIRST} (at byte {})", doc.len()));
    }
}

#[test]
fn other_processing_instructions_keep_their_message() {
    let decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    for (xml, at) in [
        (
            format!("{decl}<?xml-stylesheet href=\"a.xsl\"?>{}", envelope(FAULT)),
            decl.len(),
        ),
        (format!("<?foo bar?>{}", envelope(FAULT)), 0),
        (format!("\n<?xmlfoo?>{}", envelope(FAULT)), 1),
    ] {
        let e = decode_err(&xml);
        assert_eq!(e.kind(), &ErrorKind::ProcessingInstruction);
        assert_eq!(
            e.to_string(),
            format!("processing instructions are not allowed in SOAP (at byte {at})")
        );
    }
}

#[test]
fn a_declaration_at_the_start_is_fine() {
    for lead in ["", "\u{FEFF}"] {
        let xml = format!("{lead}<?xml version=\"1.0\"?>{}", envelope(FAULT));
        assert!(
            matches!(Message::decode(xml.as_bytes()), Ok(Message::Fault(_))),
            "{lead:?}"
        );
    }
}

const UNBOUND_A: &str = "prefix `a` is not bound to a namespace \
    (missing xmlns:a declaration; for a FaultCode being encoded, give its namespace URI)";

#[test]
fn an_unbound_fault_code_prefix_at_encode_says_what_to_give() {
    let fault = Fault {
        code: FaultCode::new(None, "a:ErrorSchemaValidation"),
        string: Text::new("Bad request."),
        lang: None,
        actor: None,
        detail: None,
    };
    let e = fault.encoded_len().unwrap_err();
    assert_eq!(e.kind().code(), "unbound_prefix");
    assert_eq!(e.to_string(), format!("{UNBOUND_A} (at byte 0)"));
    // As the hint says: with its namespace, it encodes.
    let fixed = Fault {
        code: FaultCode::new(Some(umcodec::namespaces::TYPES), "a:ErrorSchemaValidation"),
        ..fault
    };
    assert!(fixed.encoded_len().is_ok());
}

#[test]
fn an_unbound_fault_code_prefix_at_decode_says_what_is_missing() {
    let xml = envelope(&FAULT.replace("soap:Server", "a:ErrorSchemaValidation"));
    let at = xml.find("a:Error").unwrap();
    let e = decode_err(&xml);
    assert_eq!(e.to_string(), format!("{UNBOUND_A} (at byte {at})"));
}
