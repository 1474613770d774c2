//! The public API: encode/decode round trips with hostile values, the text
//! type, base64 call ids, limits, incomplete input and error messages.

use umcodec::{
    CallState, DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, Encode, ErrorKind, EventCause, ExchangeVersion,
    Fault, FaultCode, GetCallInfoRequest, GetCallInfoResponse, KnownResponseCode, Limits, Message, Options, RawXml,
    ResponseClass, ResponseCode, ServerVersionInfo, Text,
};

const NASTY: &str = "a<b>&c\"d'e\rf\r\ng\th\ni ü € 𝄞 ]]> &amp; ";

fn round_trip(m: &Message<'_>) -> Vec<u8> {
    let n = m.encoded_len().unwrap();
    let mut buf = vec![0u8; n];
    assert_eq!(m.encode(&mut buf).unwrap(), n);
    let back = Message::decode_with(&buf, &Options::strict())
        .unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(&buf)));
    assert_eq!(&back, m, "{}", String::from_utf8_lossy(&buf));
    buf
}

#[test]
fn hostile_values_survive_every_message() {
    let raw = RawXml::new("<x:V xmlns:x=\"urn:x\" A=\"&lt;&#9;\">t&amp;<!-- c --><![CDATA[<]]></x:V>text");
    let messages = [
        Message::GetCallInfoRequest(GetCallInfoRequest {
            call_id: Text::new(NASTY),
        }),
        Message::GetCallInfoResponse(GetCallInfoResponse {
            call_state: CallState::Transferring,
            event_cause: EventCause::Unavailable,
        }),
        Message::DisconnectPhoneCallRequest(DisconnectPhoneCallRequest {
            request_server_version: Some(ExchangeVersion::V2018_01_08),
            mailbox_culture: None,
            impersonation: None,
            phone_call_id: Text::new(NASTY),
        }),
        Message::DisconnectPhoneCallRequest(DisconnectPhoneCallRequest {
            request_server_version: None,
            mailbox_culture: None,
            impersonation: None,
            phone_call_id: Text::new(""),
        }),
        Message::DisconnectPhoneCallResponse(DisconnectPhoneCallResponse {
            server_version: Some(ServerVersionInfo {
                major_version: Some(i32::MIN),
                minor_version: Some(i32::MAX),
                major_build_number: None,
                minor_build_number: Some(0),
                version: Some(Text::new(NASTY)),
            }),
            response_class: ResponseClass::Warning,
            message_text: Some(Text::new(NASTY)),
            response_code: Some(ResponseCode::Other(Text::new("ErrorFromTheFuture<&>"))),
            descriptive_link_key: Some(-7),
            message_xml: Some(raw),
        }),
        Message::DisconnectPhoneCallResponse(DisconnectPhoneCallResponse {
            server_version: None,
            response_class: ResponseClass::Success,
            message_text: None,
            response_code: Some(ResponseCode::Known(KnownResponseCode::NoError)),
            descriptive_link_key: None,
            message_xml: None,
        }),
        Message::Fault(Fault {
            code: FaultCode::new(Some("urn:odd&\"ns"), "p:Code"),
            string: Text::new(NASTY),
            lang: None,
            actor: Some(Text::new("http://actor/?a=1&b=2")),
            detail: Some(RawXml::new("<e:R xmlns:e=\"urn:e\">x</e:R>")),
        }),
        Message::Fault(Fault {
            code: FaultCode::new(None, "Client"),
            string: Text::new(""),
            lang: None,
            actor: None,
            detail: None,
        }),
    ];
    for m in &messages {
        round_trip(m);
    }
}

#[test]
fn characters_xml_cannot_carry_fail_to_encode() {
    for bad in ["\u{0}", "a\u{1}b", "\u{1F}", "\u{FFFE}", "x\u{FFFF}"] {
        let m = GetCallInfoRequest {
            call_id: Text::new(bad),
        };
        let e = m.encoded_len().unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::InvalidChar { .. }), "{bad:?}: {e}");
        let mut buf = [0u8; 1024];
        assert_eq!(m.encode(&mut buf).unwrap_err(), e);
        let m = DisconnectPhoneCallRequest {
            request_server_version: None,
            mailbox_culture: None,
            impersonation: None,
            phone_call_id: Text::new(bad),
        };
        assert!(matches!(
            m.encoded_len().unwrap_err().kind(),
            ErrorKind::InvalidChar { .. }
        ));
    }
    // Raw content must be well-formed, with its prefixes declared.
    let resp = |raw| DisconnectPhoneCallResponse {
        server_version: None,
        response_class: ResponseClass::Error,
        message_text: None,
        response_code: None,
        descriptive_link_key: None,
        message_xml: Some(RawXml::new(raw)),
    };
    assert_eq!(resp("<a>").encoded_len().unwrap_err().kind(), &ErrorKind::Incomplete);
    assert_eq!(resp("</a>").encoded_len().unwrap_err().kind().code(), "malformed");
    assert_eq!(
        resp("<p:a/>").encoded_len().unwrap_err().kind().code(),
        "unbound_prefix"
    );
    assert_eq!(
        resp("<!DOCTYPE a><a/>").encoded_len().unwrap_err().kind(),
        &ErrorKind::Doctype
    );
    // An unknown-code variant holding a known code would not read back as given.
    let mut r = resp("");
    r.response_code = Some(ResponseCode::Other(Text::new("NoError")));
    assert_eq!(r.encoded_len().unwrap_err().kind().code(), "invalid_value");
    // It is refused before the element starts, so before a MessageText that
    // XML cannot carry either.
    r.message_text = Some(Text::new("a\u{1}"));
    assert_eq!(r.encoded_len().unwrap_err().kind().code(), "invalid_value");
    r.response_code = None;
    assert!(matches!(
        r.encoded_len().unwrap_err().kind(),
        ErrorKind::InvalidChar { ch: '\u{1}' }
    ));
    // A fault code needs a QName and, when prefixed (other than `soap:`), a
    // namespace; the error names the prefix.
    let f = Fault {
        code: FaultCode::new(None, "a:B"),
        string: Text::new("s"),
        lang: None,
        actor: None,
        detail: None,
    };
    let e = f.encoded_len().unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::UnboundPrefix {
            prefix: umcodec::error::Span::new(0, 1)
        }
    );
    for (ns, q) in [
        (None, "xml:B"),
        (None, "xmlns:B"),
        (Some("urn:x"), "B"),
        (Some("urn:x"), "a:"),
        (Some("urn:x"), "1a:b"),
        (Some(""), "a:b"),
    ] {
        let f = Fault {
            code: FaultCode::new(ns, q),
            string: Text::new("s"),
            lang: None,
            actor: None,
            detail: None,
        };
        assert_eq!(
            f.encoded_len().unwrap_err().kind().code(),
            "invalid_value",
            "{ns:?} {q}"
        );
    }
}

#[test]
fn message_xml_keeps_namespaces_declared_outside_it() {
    let xml = br#"<?xml version="1.0"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns="urn:default">
 <s:Body>
  <m:DisconnectPhoneCallResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" ResponseClass="Error">
   <m:MessageXml><t:Value Name="Policy">MaxConcurrency</t:Value><Plain/></m:MessageXml>
  </m:DisconnectPhoneCallResponse>
 </s:Body>
</s:Envelope>"#;
    let Message::DisconnectPhoneCallResponse(r) = Message::decode(xml).unwrap() else {
        panic!()
    };
    assert_eq!(
        r.message_xml.unwrap().as_str(),
        r#"<t:Value Name="Policy">MaxConcurrency</t:Value><Plain/>"#
    );
    let out = round_trip(&Message::DisconnectPhoneCallResponse(r));
    // The re-encoded content means the same: t: is the types namespace and
    // <Plain/> stays in urn:default.
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains(r#"xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types""#),
        "{text}"
    );
    assert!(text.contains(r#"xmlns="urn:default""#), "{text}");
}

#[test]
fn message_xml_wrapper_keeps_the_content_meaning() {
    // The content's default namespace is not M: the wrapper takes a prefix,
    // here the one the content already binds to M.
    let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="urn:not-m" xmlns:m1="urn:m1">
 <s:Body><q:DisconnectPhoneCallResponse xmlns:q="http://schemas.microsoft.com/exchange/services/2006/messages" ResponseClass="Error">
   <q:MessageXml><Plain/><m:x m1:a="1"/></q:MessageXml>
 </q:DisconnectPhoneCallResponse></s:Body></s:Envelope>"#;
    let m = Message::decode(xml).unwrap();
    let out = String::from_utf8(round_trip(&m)).unwrap();
    let wrapper = r#"<q:MessageXml xmlns="" xmlns:m="urn:not-m" xmlns:m1="urn:m1" xmlns:q="http://schemas.microsoft.com/exchange/services/2006/messages">"#;
    assert!(out.contains(wrapper), "{out}");
    // Encoding what was encoded writes the same bytes.
    let again = Message::decode(out.as_bytes()).unwrap();
    assert_eq!(String::from_utf8(round_trip(&again)).unwrap(), out);

    // A fragment built by the caller has nothing in scope: unprefixed
    // elements in it are in no namespace.
    let resp = DisconnectPhoneCallResponse {
        server_version: None,
        response_class: ResponseClass::Error,
        message_text: None,
        response_code: None,
        descriptive_link_key: None,
        message_xml: Some(RawXml::new("<Plain/><m:x xmlns:m='urn:x'/>")),
    };
    let out = String::from_utf8(round_trip(&Message::DisconnectPhoneCallResponse(resp))).unwrap();
    let wrapper =
        r#"<m:MessageXml xmlns="" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><Plain/>"#;
    assert!(out.contains(wrapper), "{out}");
}

#[test]
fn text_reads_without_allocating_a_copy() {
    let xml = b"<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body>\
<GetCallInfo xmlns='http://schemas.microsoft.com/exchange/services/2006/messages'>\
<CallId>a&amp;b<!-- x --><![CDATA[<c>]]>&#x1D11E;\r\nd</CallId></GetCallInfo></s:Body></s:Envelope>";
    let req = GetCallInfoRequest::decode(xml).unwrap();
    let id = req.call_id;
    assert_eq!(id.as_str(), None);
    assert_eq!(id, "a&b<c>𝄞\nd");
    assert!(id.chars().eq("a&b<c>𝄞\nd".chars()));
    let mut buf = [0u8; 64];
    assert_eq!(id.unescape_into(&mut buf).unwrap(), "a&b<c>𝄞\nd");
    assert_eq!(id.unescape_into(&mut buf[..3]), Err("a&b<c>𝄞\nd".len()));
    assert_eq!(id.len(), "a&b<c>𝄞\nd".len());
    assert_eq!(id.raw(), "a&amp;b<!-- x --><![CDATA[<c>]]>&#x1D11E;\r\nd");
    // The raw slice points into the input.
    let base = xml.as_ptr() as usize;
    let p = id.raw().as_ptr() as usize;
    assert!(p >= base && p < base + xml.len());
    assert_eq!(id.offset(), p - base);

    let plain_xml = xml.replace(b"a&amp;b<!-- x --><![CDATA[<c>]]>&#x1D11E;\r\nd", b"plain");
    let plain = GetCallInfoRequest::decode(&plain_xml).unwrap();
    assert_eq!(plain.call_id.as_str(), Some("plain"));
}

trait Replace {
    fn replace(&self, from: &[u8], to: &[u8]) -> Vec<u8>;
}

impl Replace for [u8] {
    fn replace(&self, from: &[u8], to: &[u8]) -> Vec<u8> {
        let i = self.windows(from.len()).position(|w| w == from).expect("pattern");
        [&self[..i], to, &self[i + from.len()..]].concat()
    }
}

#[test]
fn base64_call_ids() {
    let req = GetCallInfoRequest {
        call_id: Text::new(
            "MDlkZjllZGMtNGUyMy00NzA5LWJkYWYtN2JlMjBjYjBhZTU2QGRmLWV1bS0wMS5leGNoYW5nZS5jb3JwLm1pY3Jvc29mdC5jb20=",
        ),
    };
    let mut buf = [0u8; 128];
    assert_eq!(
        req.decode_call_id(&mut buf).unwrap(),
        b"09df9edc-4e23-4709-bdaf-7be20cb0ae56@df-eum-01.exchange.corp.microsoft.com"
    );
    let e = req.decode_call_id(&mut buf[..10]).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::BufferTooSmall { needed: 74 }), "{e}");
    for bad in ["not base64!", "QQ", "Q===", "QUJD\n"] {
        let r = GetCallInfoRequest {
            call_id: Text::new(bad),
        };
        assert_eq!(
            r.decode_call_id(&mut buf).unwrap_err().kind(),
            &ErrorKind::InvalidBase64,
            "{bad}"
        );
    }
    // An id written with a character reference decodes the same.
    let xml = b"<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body>\
<GetCallInfo xmlns='http://schemas.microsoft.com/exchange/services/2006/messages'>\
<CallId>QUJD&#x52;A==</CallId></GetCallInfo></s:Body></s:Envelope>";
    let r = GetCallInfoRequest::decode(xml).unwrap();
    assert_eq!(r.decode_call_id(&mut buf).unwrap(), b"ABCD");
}

fn header_nesting(depth: usize) -> Vec<u8> {
    let mut s =
        String::from("<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Header><x:B xmlns:x='urn:x'>");
    s.push_str(&"<a>".repeat(depth));
    s.push_str(&"</a>".repeat(depth));
    s.push_str(
        "</x:B></s:Header><s:Body><s:Fault><faultcode>Server</faultcode><faultstring/></s:Fault></s:Body></s:Envelope>",
    );
    s.into_bytes()
}

#[test]
fn limits_are_errors_naming_the_limit() {
    // Envelope, Header and the block take three levels.
    assert!(Message::decode(&header_nesting(61)).is_ok());
    let e = Message::decode(&header_nesting(62)).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::LimitExceeded {
            limit: umcodec::error::Limit::Depth,
            max: 64
        }
    );
    assert!(e.to_string().contains("depth"), "{e}");
    // 100,000 levels: rejected at the limit, no recursion to overflow.
    let deep = header_nesting(100_000);
    let e = Message::decode(&deep).unwrap_err();
    assert_eq!(e.kind().code(), "limit_exceeded");
    // Raised up to the capacity, the same input passes.
    let roomy = Options::default().with_limits(Limits::default().with_max_depth(1000));
    assert!(Message::decode_with(&header_nesting(Limits::DEPTH_CAPACITY - 3), &roomy).is_ok());
    // Beyond the capacity, the capacity is the limit.
    let e = Message::decode_with(&header_nesting(Limits::DEPTH_CAPACITY - 2), &roomy).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::LimitExceeded {
            limit: umcodec::error::Limit::Depth,
            max: Limits::DEPTH_CAPACITY
        }
    );

    let attrs: String = (0..100_000).map(|i| format!(" a{i}='v'")).collect();
    let many = format!(
        "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Header><x:B xmlns:x='urn:x'{attrs}/></s:Header></s:Envelope>"
    );
    let e = Message::decode(many.as_bytes()).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::LimitExceeded {
            limit: umcodec::error::Limit::Attributes,
            max: 32
        }
    );

    let decls: String = (0..100_000).map(|i| format!("<p{i}:a xmlns:p{i}='urn:{i}'>")).collect();
    let many = format!("<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Header>{decls}");
    let e = Message::decode(many.as_bytes()).unwrap_err();
    assert_eq!(e.kind().code(), "limit_exceeded");

    let small = Options::default().with_limits(Limits::default().with_max_input_len(10));
    let e = Message::decode_with(&header_nesting(1), &small).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::LimitExceeded {
            limit: umcodec::error::Limit::InputLength,
            max: 10
        }
    );
}

#[test]
fn huge_values_are_borrowed_not_copied() {
    let big = "QUJD".repeat(4 << 20); // 16 MiB
    let xml = format!(
        "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body>\
<GetCallInfo xmlns='http://schemas.microsoft.com/exchange/services/2006/messages'><CallId>{big}</CallId></GetCallInfo></s:Body></s:Envelope>"
    );
    let r = GetCallInfoRequest::decode(xml.as_bytes()).unwrap();
    assert_eq!(r.call_id.as_str().unwrap().len(), big.len());
    assert_eq!(
        r.call_id.as_str().unwrap().as_ptr(),
        xml[xml.find("QUJD").unwrap()..].as_ptr()
    );

    let attr = "x".repeat(1 << 20);
    let xml = format!(
        "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/' xmlns:m='http://schemas.microsoft.com/exchange/services/2006/messages'>\
<s:Body><m:DisconnectPhoneCall><m:PhoneCallId Id='{attr}'/></m:DisconnectPhoneCall></s:Body></s:Envelope>"
    );
    let r = DisconnectPhoneCallRequest::decode(xml.as_bytes()).unwrap();
    assert_eq!(r.phone_call_id.as_str().map(str::len), Some(attr.len()));
}

#[test]
fn cut_input_is_incomplete_and_says_so() {
    let full = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetCallInfo xmlns="http://schemas.microsoft.com/exchange/services/2006/messages"><CallId>x</CallId></GetCallInfo></soap:Body></soap:Envelope>"#;
    assert!(Message::decode(full).is_ok());
    for cut in [0, 1, 5, 14, 60, 100, full.len() - 1] {
        let e = Message::decode(&full[..cut]).unwrap_err();
        assert!(e.is_incomplete(), "[..{cut}]: {e}");
        assert_eq!(e.offset(), cut);
        assert!(e.kind().to_string().starts_with("incomplete"));
    }
    // Wrong is not incomplete, even near the end.
    let e = Message::decode(b"<soap:Envelope xmlns:soap=\"urn:wrong\">").unwrap_err();
    assert!(!e.is_incomplete());
    assert_eq!(e.kind().code(), "unexpected_element");
}

#[test]
fn errors_are_one_actionable_line() {
    let xml = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetCallInfoResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages"><GetCallInfoResponse><CallState>Ringing</CallState><EventCause>None</EventCause></GetCallInfoResponse></GetCallInfoResponse></soap:Body></soap:Envelope>"#;
    let e = Message::decode(xml).unwrap_err();
    assert_eq!(e.kind().code(), "invalid_value");
    let line = e.with_input(xml).to_string();
    assert_eq!(
        line,
        format!("invalid CallState value \"Ringing\" (at byte {})", e.offset())
    );
    assert_eq!(&xml[e.offset()..e.offset() + 7], b"Ringing");
    let ErrorKind::InvalidValue { field, found } = *e.kind() else {
        panic!("{e:?}")
    };
    assert_eq!((*field, found.text(xml)), ("CallState", Some("Ringing")));
    // Without the input: the field and the place, still one line.
    let alone = e.to_string();
    assert_eq!(alone, format!("invalid CallState value (at byte {})", e.offset()));
    #[cfg(feature = "std")]
    {
        let std_error: &dyn std::error::Error = &e;
        assert_eq!(std_error.to_string(), alone);
    }
}

#[test]
fn typed_decoders_name_what_they_expected() {
    let xml = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetCallInfo xmlns="http://schemas.microsoft.com/exchange/services/2006/messages"><CallId>x</CallId></GetCallInfo></soap:Body></soap:Envelope>"#;
    let e = DisconnectPhoneCallRequest::decode(xml).unwrap_err();
    assert!(e.to_string().contains("DisconnectPhoneCall"), "{e}");
    assert!(GetCallInfoResponse::decode(xml).is_err());
    assert!(Fault::decode(xml).is_err());
    assert!(GetCallInfoRequest::decode(xml).is_ok());
}

#[test]
fn the_https_spelling_is_lenient_only() {
    let xml = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetCallInfo xmlns="https://schemas.microsoft.com/exchange/services/2006/messages"><CallId>x</CallId></GetCallInfo></soap:Body></soap:Envelope>"#;
    assert!(GetCallInfoRequest::decode(xml).is_ok());
    let e = GetCallInfoRequest::decode_with(xml, &Options::strict()).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::HttpsNamespace);
    assert_eq!(e.offset(), 81);
    // Written back, it uses the canonical spelling.
    let mut buf = [0u8; 512];
    let n = GetCallInfoRequest::decode(xml).unwrap().encode(&mut buf).unwrap();
    let out = std::str::from_utf8(&buf[..n]).unwrap();
    assert!(!out.contains("https://"));
}

#[test]
fn typed_values_convert_into_message() {
    let r = GetCallInfoResponse {
        call_state: CallState::Alerted,
        event_cause: EventCause::NoAnswer,
    };
    assert_eq!(Message::from(r), Message::GetCallInfoResponse(r));
    let f = Fault {
        code: FaultCode::new(None, "Client"),
        string: Text::new("x"),
        lang: None,
        actor: None,
        detail: None,
    };
    assert!(matches!(Message::from(f), Message::Fault(g) if g == f));
}

#[test]
fn soap_prefix_without_namespace_means_the_soap_envelope_namespace() {
    use umcodec::namespaces::SOAP_ENVELOPE;
    for q in ["soap:Client", "soap:Server", " soap:MustUnderstand\n"] {
        let code = FaultCode::new(None, q);
        assert_eq!(code.namespace.unwrap(), SOAP_ENVELOPE, "{q}");
        let f = Fault {
            code,
            string: Text::new("Bad request."),
            lang: None,
            actor: None,
            detail: None,
        };
        let mut buf = [0u8; 512];
        let n = f.encode(&mut buf).unwrap_or_else(|e| panic!("{q}: {e}"));
        let back = Fault::decode(&buf[..n]).unwrap();
        assert_eq!(back, f, "{q}");
        assert_eq!(back.code.namespace.unwrap(), SOAP_ENVELOPE);
        // A struct literal without the namespace means the same.
        let literal = Fault {
            code: FaultCode {
                qname: Text::new(q),
                namespace: None,
            },
            ..f
        };
        assert_eq!(literal, f, "{q}");
        let m = literal.encode(&mut buf).unwrap();
        assert_eq!(Fault::decode(&buf[..m]).unwrap(), f, "{q}");
    }
    let written = {
        let mut s = String::new();
        Fault {
            code: FaultCode::CLIENT,
            string: Text::new("x"),
            lang: None,
            actor: None,
            detail: None,
        }
        .encode_fmt(&mut s)
        .unwrap();
        s
    };
    assert!(
        written
            .contains(r#"<faultcode xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">soap:Client</faultcode>"#),
        "{written}"
    );
    assert_eq!(FaultCode::new(None, "soap:Server"), FaultCode::SERVER);
    assert_eq!(FaultCode::MUST_UNDERSTAND.local(), Some("MustUnderstand"));
    assert_eq!(FaultCode::VERSION_MISMATCH.prefix(), Some("soap"));
    // Only `soap`, exactly: other prefixes keep no namespace.
    for q in ["s:Client", "SOAP:Client", "soapenv:Client", "Client"] {
        assert_eq!(FaultCode::new(None, q).namespace, None, "{q}");
    }
}
