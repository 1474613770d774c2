//! The rest of the call lifecycle (issue 9): both PlayOnPhone operations
//! told apart, the EWS request header blocks and their written order,
//! SOAPAction mapping, typed fault details, the server-side SOAP rules
//! (foreign actors, SOAP 1.2) and the convenience constructors.

mod support;

use umcodec::namespaces::{ERRORS, TYPES};
use umcodec::{
    ConnectingSid, ConnectionFailureCause, DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, DisconnectRequest,
    Encode, ErrorKind, ExchangeVersion, Fault, FaultCode, GetPhoneCallInformationResponse, GreetingType,
    KnownResponseCode, Message, Options, PhoneCallInformation, PhoneCallState, PlayOnPhoneGreetingRequest,
    PlayOnPhoneRequest, PlayOnPhoneResponse, RawXml, ResponseClass, ResponseCode, SoapAction, Text,
    UmPlayOnPhoneRequest, UmPlayOnPhoneResponse,
};

fn encode(m: &impl Encode) -> String {
    let mut s = String::new();
    m.write_to(&mut umcodec::xml::FmtSink(&mut s)).unwrap();
    s
}

fn round_trip(m: Message<'_>) {
    let xml = encode(&m);
    let back = Message::decode_with(xml.as_bytes(), &Options::strict()).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(back, m, "{xml}");
}

#[test]
fn the_two_play_on_phone_operations_are_told_apart() {
    let um = UmPlayOnPhoneRequest {
        entry_id: Text::new("AAAAAEd3aXg="),
        dial_string: Text::new("4255550123"),
    };
    let ews = PlayOnPhoneRequest {
        request_server_version: Some(ExchangeVersion::Exchange2010Sp1),
        mailbox_culture: None,
        impersonation: None,
        item_id: Text::new("AAMkADk5Yj"),
        change_key: None,
        dial_string: Text::new("4255550123"),
    };
    let um_xml = encode(&um);
    let ews_xml = encode(&ews);
    assert!(matches!(
        Message::decode(um_xml.as_bytes()).unwrap(),
        Message::UmPlayOnPhoneRequest(_)
    ));
    assert!(matches!(
        Message::decode(ews_xml.as_bytes()).unwrap(),
        Message::PlayOnPhoneRequest(_)
    ));
    // Each typed decoder refuses the other service's request at the child
    // that tells them apart.
    let e = PlayOnPhoneRequest::decode(um_xml.as_bytes()).unwrap_err();
    assert_eq!(e.kind().code(), "unexpected_element");
    assert!(um_xml[e.offset()..].starts_with("<entryId>"), "{e}");
    let e = UmPlayOnPhoneRequest::decode(ews_xml.as_bytes()).unwrap_err();
    assert!(ews_xml[e.offset()..].starts_with("<m:ItemId"), "{e}");

    // The responses: by ResponseClass.
    let um = UmPlayOnPhoneResponse {
        call_id: Text::new("NDEzNDkyYjc="),
    };
    let ews = PlayOnPhoneResponse::success("ZWMtWYtMY29t");
    assert!(matches!(
        Message::decode(encode(&um).as_bytes()).unwrap(),
        Message::UmPlayOnPhoneResponse(_)
    ));
    assert!(matches!(
        Message::decode(encode(&ews).as_bytes()).unwrap(),
        Message::PlayOnPhoneResponse(_)
    ));
    assert!(UmPlayOnPhoneResponse::decode(encode(&ews).as_bytes()).is_err());
    assert!(PlayOnPhoneResponse::decode(encode(&um).as_bytes()).is_err());
}

#[test]
fn ews_header_blocks_are_written_in_one_fixed_order() {
    let req = DisconnectPhoneCallRequest {
        request_server_version: Some(ExchangeVersion::Exchange2013),
        mailbox_culture: Some(Text::new("en-US")),
        impersonation: Some(ConnectingSid::PrimarySmtpAddress(Text::new("alice@contoso.com"))),
        phone_call_id: Text::new("OWVl4NWb3N29t"),
    };
    let xml = encode(&req);
    assert!(xml.contains(concat!(
        "  <soap:Header>\n",
        "    <t:RequestServerVersion Version=\"Exchange2013\" />\n",
        "    <t:MailboxCulture>en-US</t:MailboxCulture>\n",
        "    <t:ExchangeImpersonation>\n",
        "      <t:ConnectingSID>\n",
        "        <t:PrimarySmtpAddress>alice@contoso.com</t:PrimarySmtpAddress>\n",
        "      </t:ConnectingSID>\n",
        "    </t:ExchangeImpersonation>\n",
        "  </soap:Header>\n"
    )));
    round_trip(req.into());
    // Every kind of ConnectingSID, alone.
    for sid in [
        ConnectingSid::PrincipalName(Text::new("alice@contoso.com")),
        ConnectingSid::Sid(Text::new("S-1-5-21-1004336348-1177238915-682003330-512")),
        ConnectingSid::PrimarySmtpAddress(Text::new("alice@contoso.com")),
        ConnectingSid::SmtpAddress(Text::new("a&b@contoso.com")),
    ] {
        round_trip(
            DisconnectPhoneCallRequest {
                impersonation: Some(sid),
                mailbox_culture: None,
                request_server_version: None,
                ..req
            }
            .into(),
        );
    }
}

#[test]
fn header_values_outside_their_types_do_not_encode() {
    let req = DisconnectPhoneCallRequest {
        request_server_version: None,
        mailbox_culture: Some(Text::new("English (United States)")),
        impersonation: None,
        phone_call_id: Text::new("x"),
    };
    let e = req.encoded_len().unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::InvalidValue {
                field: &"MailboxCulture",
                ..
            }
        ),
        "{e}"
    );
    let req = DisconnectPhoneCallRequest {
        mailbox_culture: None,
        impersonation: Some(ConnectingSid::Sid(Text::new(""))),
        ..req
    };
    let e = req.encoded_len().unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InvalidValue { field: &"SID", .. }), "{e}");
}

#[test]
fn every_request_knows_its_soap_action() {
    let mut seen = Vec::new();
    for (path, bytes) in support::corpus_files("valid") {
        let m = Message::decode(&bytes).unwrap();
        let is_request = m.kind().ends_with("Request");
        match m.soap_action() {
            Some(action) => {
                assert!(is_request, "{}: a {} has an action", path.display(), m.kind());
                assert!(action.matches(&m));
                assert_eq!(SoapAction::from_header(&format!("\"{}\"", action.uri())), Some(action));
                assert!(action.uri().ends_with(&format!("/{action}")));
                seen.push(action);
            }
            None => assert!(!is_request, "{}: a {} has no action", path.display(), m.kind()),
        }
    }
    for action in SoapAction::ALL {
        assert!(seen.contains(action), "no corpus request for {action}");
    }
    assert_eq!(DisconnectRequest::SOAP_ACTION, SoapAction::Disconnect);
    assert_eq!(UmPlayOnPhoneRequest::SOAP_ACTION, PlayOnPhoneRequest::SOAP_ACTION);
    assert_eq!(
        SoapAction::from_header("https://schemas.microsoft.com/exchange/services/2006/messages/Disconnect"),
        None
    );
}

#[test]
fn fault_details_are_typed_and_the_raw_detail_kept() {
    let detail = format!(
        "<e:ResponseCode xmlns:e=\"{ERRORS}\">ErrorSchemaValidation</e:ResponseCode>\
         <e:Message xmlns:e=\"{ERRORS}\">The request failed &lt;schema&gt; validation.</e:Message>\
         <t:MessageXml xmlns:t=\"{TYPES}\"><t:LineNumber>11</t:LineNumber></t:MessageXml>"
    );
    let fault = Fault {
        detail: Some(RawXml::new(&detail)),
        ..Fault::new(FaultCode::new(Some(TYPES), "a:ErrorSchemaValidation"), "Bad.")
    };
    let xml = encode(&fault);
    let Message::Fault(back) = Message::decode(xml.as_bytes()).unwrap() else {
        panic!()
    };
    let d = back.typed_detail();
    assert_eq!(d.response_code.unwrap(), "ErrorSchemaValidation");
    assert_eq!(d.message.unwrap(), "The request failed <schema> validation.");
    assert_eq!(d.exception_type, None);
    // Offsets point into the decoded input.
    let at = d.response_code.unwrap().offset();
    assert!(xml[at..].starts_with("ErrorSchemaValidation"));
    assert_eq!(back.detail.unwrap().as_str(), detail);
    // Unqualified ExceptionType (the UM web service's other spelling).
    let f = Fault {
        detail: Some(RawXml::new("<ExceptionType>InvalidCallIdException</ExceptionType>")),
        ..Fault::client("x")
    };
    assert_eq!(f.typed_detail().exception_type.unwrap(), "InvalidCallIdException");
    // In the wrong namespace, or not text only, it is not typed.
    let f = Fault {
        detail: Some(RawXml::new(
            "<e:ExceptionType xmlns:e=\"urn:x\">A</e:ExceptionType><ExceptionType><b/></ExceptionType>",
        )),
        ..Fault::client("x")
    };
    assert_eq!(f.typed_detail().exception_type, None);
}

#[test]
fn fault_code_helpers() {
    assert!(Fault::client("x").code.is_client());
    assert!(Fault::server("x").code.is_server());
    assert!(FaultCode::new(Some(umcodec::namespaces::SOAP_ENVELOPE), "s:Server.Busy").is_server());
    assert!(!FaultCode::new(Some(ERRORS), "a:Server").is_server());
    assert!(!FaultCode::new(None, "soap:ServerBusy").is_server());
}

#[test]
fn a_block_for_another_actor_is_not_ours() {
    let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>
      <x:Audit xmlns:x="urn:x" s:mustUnderstand="1" s:actor="urn:auditor"/>
    </s:Header><s:Body>
      <GetCallInfo xmlns="http://schemas.microsoft.com/exchange/services/2006/messages"><CallId>MDlk</CallId></GetCallInfo>
    </s:Body></s:Envelope>"#;
    assert!(Message::decode(xml).is_ok());
    let next = String::from_utf8_lossy(xml).replace("urn:auditor", umcodec::soap::ACTOR_NEXT);
    let e = Message::decode(next.as_bytes()).unwrap_err();
    assert_eq!(e.kind().code(), "must_understand");
}

#[test]
fn a_soap_1_2_envelope_gets_a_version_mismatch() {
    let xml = br#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body/></env:Envelope>"#;
    let e = Message::decode(xml).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Soap12Envelope);
    let reply = Fault::new(FaultCode::VERSION_MISMATCH, "SOAP 1.1 only.");
    round_trip(reply.into());
}

#[test]
fn constructors_and_parsing() {
    let info = PhoneCallInformation::new(PhoneCallState::Disconnected, ConnectionFailureCause::NoAnswer);
    round_trip(GetPhoneCallInformationResponse::success(info).into());
    let e = GetPhoneCallInformationResponse::error(KnownResponseCode::ErrorInvalidPhoneCallId, "No such call.");
    assert_eq!(e.response_class, ResponseClass::Error);
    assert_eq!(e.descriptive_link_key, Some(0));
    round_trip(e.into());
    round_trip(DisconnectPhoneCallResponse::success().into());
    round_trip(
        PlayOnPhoneResponse::error(ResponseCode::Other(Text::new("ErrorFromTheFuture")), "Something new.").into(),
    );
    assert_eq!("OofCustom".parse::<GreetingType>(), Ok(GreetingType::OofCustom));
    assert!("oofcustom".parse::<GreetingType>().is_err());
    assert_eq!("Alerted".parse::<PhoneCallState>(), Ok(PhoneCallState::Alerted));
    assert_eq!("PlayOnPhone".parse::<SoapAction>(), Ok(SoapAction::PlayOnPhone));
    assert_eq!(
        "ErrorInvalidPhoneCallId".parse::<KnownResponseCode>(),
        Ok(KnownResponseCode::ErrorInvalidPhoneCallId)
    );
    assert_eq!(ConnectionFailureCause::Unavailable.to_string(), "Unavailable");
    round_trip(
        PlayOnPhoneGreetingRequest {
            greeting_type: GreetingType::OofCustom,
            dial_string: Text::new("<&>"),
        }
        .into(),
    );
}
