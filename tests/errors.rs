//! Error messages that name what they saw: the namespace URI found, the
//! SOAP 1.2 envelope by name, an XML declaration that does not come first,
//! the unbound prefix of a fault code. Each test pins the whole text shown
//! with the input (`Error::with_input`), and the kind's code and offset
//! where the corpus pins them.

use umcodec::error::{NsName, Span};
use umcodec::{Encode, Error, ErrorKind, Fault, FaultCode, GetCallInfoRequest, Message, Text};

const SOAP: &str = "http://schemas.xmlsoap.org/soap/envelope/";

fn decode_err(xml: &str) -> Error {
    match Message::decode(xml.as_bytes()) {
        Ok(m) => panic!("decoded {m:?} from {xml}"),
        Err(e) => e,
    }
}

/// The error of decoding `xml`, as shown with it.
fn shown(xml: &str) -> String {
    decode_err(xml).with_input(xml.as_bytes()).to_string()
}

/// A Body child that decodes.
const FAULT: &str = "<soap:Fault><faultcode>soap:Server</faultcode><faultstring/></soap:Fault>";

/// An envelope whose Body holds `body`, with the SOAP prefix `soap`.
fn envelope(body: &str) -> String {
    format!(r#"<soap:Envelope xmlns:soap="{SOAP}"><soap:Body>{body}</soap:Body></soap:Envelope>"#)
}

#[test]
fn a_wrong_envelope_namespace_is_named() {
    let xml = r#"<s:Envelope xmlns:s="urn:wrong"><s:Body/></s:Envelope>"#;
    let e = decode_err(xml);
    assert_eq!(e.kind().code(), "unexpected_element");
    assert_eq!(
        e.with_input(xml.as_bytes()).to_string(),
        "expected element {http://schemas.xmlsoap.org/soap/envelope/}Envelope, found {urn:wrong}Envelope (at byte 0)"
    );
    let found = e.found(xml.as_bytes()).unwrap();
    assert!(
        matches!(found.ns, NsName::Other(uri) if uri == "urn:wrong"),
        "{found:?}"
    );
    assert_eq!(found.local, "Envelope");
    // Without the input, the same error cannot name what it found.
    assert_eq!(
        e.to_string(),
        "expected element {http://schemas.xmlsoap.org/soap/envelope/}Envelope, found another element (at byte 0)"
    );
}

#[test]
fn a_default_namespace_is_named_too() {
    assert_eq!(
        shown(r#"<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope"><Body/></Envelope>"#),
        "expected element {http://schemas.xmlsoap.org/soap/envelope/}Envelope, \
         found {http://schemas.xmlsoap.org/soap/envelope}Envelope (at byte 0)"
    );
}

#[test]
fn a_namespace_uri_is_shown_unescaped() {
    assert_eq!(
        shown(r#"<s:Envelope xmlns:s="urn:a&amp;b&#x20;c"><s:Body/></s:Envelope>"#),
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
        e.with_input(xml.as_bytes()).to_string(),
        format!(
            "expected element {{http://schemas.microsoft.com/exchange/services/2006/messages}}GetCallInfo, \
             found {{http://schemas.m…rvices/2006/messages/}}GetCallInfo (at byte {at})"
        )
    );
    // The name itself is whole; only its display is cut.
    let found = e.found(xml.as_bytes()).unwrap();
    let NsName::Other(uri) = found.ns else { panic!("{e:?}") };
    assert_eq!(uri, "http://schemas.microsoft.com/exchange/services/2006/messages/");
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
        e.with_input(xml.as_bytes()).to_string(),
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
        e.with_input(xml.as_bytes()).to_string(),
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
    assert!(matches!(e.kind(), ErrorKind::UnexpectedElement { .. }), "{e:?}");
    let found = e.found(other.as_bytes()).unwrap();
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
    // Encode errors count from the start of the value.
    assert_eq!(
        e.kind(),
        &ErrorKind::UnboundPrefix {
            prefix: Span::new(0, 1)
        }
    );
    assert_eq!(
        e.with_input(b"a:ErrorSchemaValidation").to_string(),
        format!("{UNBOUND_A} (at byte 0)")
    );
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
    assert_eq!(
        e.with_input(xml.as_bytes()).to_string(),
        format!("{UNBOUND_A} (at byte {at})")
    );
    assert_eq!(
        e.kind(),
        &ErrorKind::UnboundPrefix {
            prefix: Span::new(at, 1)
        }
    );
    // Written with references and spaces, the prefix is named unescaped.
    let xml = envelope(&FAULT.replace("soap:Server", " &#x61;:Error"));
    let at = xml.find(" &#x61;").unwrap();
    let e = decode_err(&xml);
    assert_eq!(
        e.with_input(xml.as_bytes()).to_string(),
        format!("{UNBOUND_A} (at byte {at})")
    );
}

/// Errors keep positions, not copies: small enough to move cheaply
/// through every `Result`.
#[test]
fn errors_are_at_most_32_bytes() {
    assert!(core::mem::size_of::<Error>() <= 32, "{}", core::mem::size_of::<Error>());
    assert!(core::mem::size_of::<ErrorKind>() <= 24);
}

/// Each kind that keeps a name or value as a span shows it read back from
/// the input, and says what went wrong without it.
#[test]
fn spans_are_read_back_from_the_input() {
    let cases: [(String, &str, &str, &str); 6] = [
        (
            envelope("<soap:Fault></soap:Falt>"),
            "mismatched_end_tag",
            "end tag </soap:Falt> does not match the open element <soap:Fault>",
            "end tag does not match the open element",
        ),
        (
            envelope(r#"<soap:Fault a="1" b="2" a="3"/>"#),
            "duplicate_attribute",
            "attribute a appears twice on one element",
            "an attribute appears twice on one element",
        ),
        (
            envelope("<soap:Fault><q:faultcode/></soap:Fault>"),
            "unbound_prefix",
            "prefix `q` is not bound to a namespace (missing xmlns:q declaration; for a FaultCode being encoded, give its namespace URI)",
            "prefix is not bound to a namespace (missing xmlns declaration; for a FaultCode being encoded, give its namespace URI)",
        ),
        (
            envelope(r#"<soap:Fault Colour="red"><faultcode>soap:Server</faultcode><faultstring/></soap:Fault>"#),
            "unexpected_attribute",
            "attribute Colour is not allowed on element {http://schemas.xmlsoap.org/soap/envelope/}Fault",
            "an attribute is not allowed on element {http://schemas.xmlsoap.org/soap/envelope/}Fault",
        ),
        (
            // Unescaped, comments dropped, as the decoder read it.
            r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetCallInfoResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages"><GetCallInfoResponse><CallState>R&amp;<!-- x -->B</CallState><EventCause>None</EventCause></GetCallInfoResponse></GetCallInfoResponse></soap:Body></soap:Envelope>"#.to_owned(),
            "invalid_value",
            r#"invalid CallState value "R&B""#,
            "invalid CallState value",
        ),
        (
            // An attribute value: its TAB reads as a space.
            format!(
                r#"<soap:Envelope xmlns:soap="{SOAP}"><soap:Header><h:S xmlns:h="urn:h" soap:mustUnderstand="y&#x65;s	"/></soap:Header><soap:Body/></soap:Envelope>"#
            ),
            "invalid_value",
            r#"invalid soap:mustUnderstand value "yes ""#,
            "invalid soap:mustUnderstand value",
        ),
    ];
    for (xml, code, with_input, alone) in cases {
        let e = decode_err(&xml);
        assert_eq!(e.kind().code(), code, "{xml}");
        let at = e.offset();
        assert_eq!(
            e.with_input(xml.as_bytes()).to_string(),
            format!("{with_input} (at byte {at})"),
            "{xml}"
        );
        assert_eq!(e.with_input(xml.as_bytes()).message().to_string(), with_input, "{xml}");
        assert_eq!(e.to_string(), format!("{alone} (at byte {at})"), "{xml}");
        // Not an element kind: nothing to find.
        assert!(e.found(xml.as_bytes()).is_none(), "{xml}");
    }
}

/// The element kinds find the element at the error's offset again, with
/// the namespace in scope there; other bytes name nothing (and break
/// nothing).
#[test]
fn found_elements_are_resolved_in_their_scope() {
    let xml = envelope(
        r#"<soap:Fault xmlns:w="urn:outer"><faultcode>soap:Server</faultcode><faultstring>x</faultstring><w:Extra xmlns:w="urn:inner"/></soap:Fault>"#,
    );
    let e = decode_err(&xml);
    assert_eq!(e.kind().code(), "unexpected_child");
    let found = e.found(xml.as_bytes()).unwrap();
    assert!(
        matches!(found.ns, NsName::Other(uri) if uri == "urn:inner"),
        "{found:?}"
    );
    assert_eq!(found.to_string(), "{urn:inner}Extra");
    assert_eq!(
        e.to_string(),
        format!(
            "an element is not allowed here inside {{{SOAP}}}Fault (at byte {})",
            e.offset()
        )
    );

    let xml = format!(
        r#"<soap:Envelope xmlns:soap="{SOAP}"><soap:Header><Session xmlns="urn:s" soap:mustUnderstand="1"/></soap:Header><soap:Body/></soap:Envelope>"#
    );
    let e = decode_err(&xml);
    assert_eq!(e.kind(), &ErrorKind::MustUnderstand);
    assert_eq!(e.found(xml.as_bytes()).unwrap().to_string(), "{urn:s}Session");

    // Other input, or none: the kind's own words, never a panic.
    for other in [&b""[..], b"<", b"\xFF\xFE", b"<a/>", &xml.as_bytes()[..e.offset() + 3]] {
        assert!(e.found(other).is_none(), "{other:?}");
        assert_eq!(
            e.with_input(other).to_string(),
            format!(
                "a header block is marked mustUnderstand but is not processed by this codec (at byte {})",
                e.offset()
            )
        );
    }
}
