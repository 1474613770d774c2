//! Every error path of the server: HTTP status, fault code and body.

mod common;

use std::time::Duration;

use common::{envelope, post, raw, rt, tcp_exchange, Server, ACTION_PREFIX, EWS, UM};
use hyper::{Method, StatusCode};
use umcodec::namespaces::{ERRORS, TYPES};
use umcodec::{Fault, KnownResponseCode, Message, ResponseClass, ResponseCode};
use umcodec_http::calls::Service;
use umcodec_http::client::Client;

fn fault(body: &str) -> Fault<'_> {
    match Message::decode(body.as_bytes()) {
        Ok(Message::Fault(f)) => f,
        other => panic!("not a fault: {other:?}\n{body}"),
    }
}

const UNKNOWN_ID: &str = "AAAAAAAAAAEAAAAA";

fn gci(id: &str) -> String {
    envelope("", &format!("<m:GetCallInfo><m:CallId>{id}</m:CallId></m:GetCallInfo>"))
}

fn gpci(id: &str) -> String {
    envelope(
        r#"<t:RequestServerVersion Version="Exchange2010"/>"#,
        &format!(r#"<m:GetPhoneCallInformation><m:PhoneCallId Id="{id}"/></m:GetPhoneCallInformation>"#),
    )
}

fn dpc(id: &str) -> String {
    envelope(
        "",
        &format!(r#"<m:DisconnectPhoneCall><m:PhoneCallId Id="{id}"/></m:DisconnectPhoneCall>"#),
    )
}

fn um_disconnect(id: &str) -> String {
    envelope("", &format!("<m:Disconnect><m:CallId>{id}</m:CallId></m:Disconnect>"))
}

fn check_unknown_um_id(codec: &str) {
    let server = Server::start(&["--codec", codec]);
    rt().block_on(async {
        let mut c = Client::new(&server.url).unwrap();
        for body in [
            gci(UNKNOWN_ID),
            um_disconnect(UNKNOWN_ID),
            gci("not base64 at all"),
            gci(""),
        ] {
            let r = post(&mut c, UM, &[], &body).await;
            assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
            assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/xml"));
            let f = fault(&r.body);
            assert_eq!(f.code.qname, "a:InvalidCallIdException");
            assert_eq!(f.code.namespace.unwrap(), ERRORS);
            assert_eq!(f.string, "The call identifier isn't valid.");
            assert_eq!(f.typed_detail().exception_type.unwrap(), "InvalidCallIdException");
        }
    });
}

#[test]
fn unknown_um_call_id_is_an_invalid_call_id_fault() {
    check_unknown_um_id("umcodec");
}

#[test]
fn unknown_um_call_id_is_an_invalid_call_id_fault_serde() {
    check_unknown_um_id("serde");
}

fn check_unknown_ews_id(codec: &str) {
    let server = Server::start(&["--codec", codec]);
    rt().block_on(async {
        let mut c = Client::new(&server.url).unwrap();
        let r = post(&mut c, EWS, &[], &gpci(UNKNOWN_ID)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let Ok(Message::GetPhoneCallInformationResponse(resp)) = Message::decode(r.body.as_bytes()) else {
            panic!("{}", r.body)
        };
        assert_eq!(resp.response_class, ResponseClass::Error);
        assert_eq!(
            resp.response_code,
            Some(ResponseCode::Known(KnownResponseCode::ErrorInvalidPhoneCallId))
        );
        assert_eq!(resp.message_text.unwrap(), "The phone call ID isn't valid");
        assert_eq!(resp.phone_call_information, None);
        assert!(resp.server_version.is_some(), "ServerVersionInfo on EWS replies");

        let r = post(&mut c, EWS, &[], &dpc("x&amp;y")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let Ok(Message::DisconnectPhoneCallResponse(resp)) = Message::decode(r.body.as_bytes()) else {
            panic!("{}", r.body)
        };
        assert_eq!(resp.response_class, ResponseClass::Error);
        assert_eq!(
            resp.response_code,
            Some(ResponseCode::Known(KnownResponseCode::ErrorInvalidPhoneCallId))
        );
        assert_eq!(resp.message_text.unwrap(), "The phone call ID isn't valid");
        assert!(
            r.body.contains("<h:ServerVersionInfo MajorVersion=\"15\""),
            "{}",
            r.body
        );
    });
}

#[test]
fn unknown_ews_id_is_an_error_response_with_http_200() {
    check_unknown_ews_id("umcodec");
}

#[test]
fn unknown_ews_id_is_an_error_response_with_http_200_serde() {
    check_unknown_ews_id("serde");
}

#[test]
fn malformed_body_is_a_fault_naming_the_byte_offset() {
    let server = Server::start(&[]);
    rt().block_on(async {
        let mut c = Client::new(&server.url).unwrap();
        // Mismatched end tag: detected at the `</m:CallID>`.
        let body = gci("abc").replace("</m:CallId>", "</m:CallID>");
        let offset = body.find("</m:CallID>").unwrap();
        let r = post(&mut c, UM, &[], &body).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        let f = fault(&r.body);
        assert_eq!(f.code.qname, "a:ErrorInvalidRequest");
        assert_eq!(f.code.namespace.unwrap(), TYPES);
        let s = f.string.to_string();
        assert!(s.starts_with("The request is invalid: "), "{s}");
        assert!(s.contains(&format!("(at byte {offset}, line 6")), "{s}");
        assert!(s.contains("[mismatched_end_tag]"), "{s}");
        // The names are read from the body: the error keeps positions.
        assert!(
            s.contains("end tag </m:CallID> does not match the open element <m:CallId>"),
            "{s}"
        );
        assert_eq!(f.typed_detail().response_code.unwrap(), "ErrorInvalidRequest");

        // Not XML at all, on the EWS endpoint: Exchange's schema-validation fault.
        let r = post(&mut c, EWS, &[], "hello").await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        let f = fault(&r.body);
        assert_eq!(f.code.qname, "a:ErrorSchemaValidation");
        assert!(
            f.string.to_string().contains("(at byte 0, line 1, position 1)"),
            "{}",
            r.body
        );
        let d = f.typed_detail();
        assert_eq!(d.response_code.unwrap(), "ErrorSchemaValidation");
        assert_eq!(d.message.unwrap(), "The request failed schema validation.");
        assert!(
            r.body
                .contains("<t:LineNumber>1</t:LineNumber><t:LinePosition>1</t:LinePosition>"),
            "{}",
            r.body
        );

        // Well-formed but invalid: GetCallInfo without its CallId.
        let body = envelope("", "<m:GetCallInfo></m:GetCallInfo>");
        let offset = body.find("</m:GetCallInfo>").unwrap();
        let r = post(&mut c, UM, &[], &body).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        let s = fault(&r.body).string.to_string();
        assert!(s.contains(&format!("at byte {offset}")), "{s}");
        assert!(s.contains("[missing_element]"), "{s}");

        // The https:// spelling of the Exchange namespaces: refused, as Exchange does.
        let body = gci("abc").replace(
            "http://schemas.microsoft.com/exchange/services/2006/messages",
            "https://schemas.microsoft.com/exchange/services/2006/messages",
        );
        let r = post(&mut c, UM, &[], &body).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            fault(&r.body).string.to_string().contains("[https_namespace]"),
            "{}",
            r.body
        );

        // Invalid UTF-8, a control character, an empty body, a DOCTYPE.
        for bad in [
            &b"<soap:Envelope \xff>"[..],
            b"<a>\x01</a>",
            b"",
            b"<!DOCTYPE x [<!ENTITY a 'b'>]><x/>",
        ] {
            let r = raw(&mut c, Method::POST, UM, &[("Content-Type", "text/xml")], bad).await;
            assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
            assert!(fault(&r.body).string.to_string().contains("at byte"), "{}", r.body);
        }
    });
}

#[test]
fn serde_variant_rejects_malformed_bodies_too() {
    let server = Server::start(&["--codec", "serde"]);
    rt().block_on(async {
        let mut c = Client::new(&server.url).unwrap();
        let r = post(&mut c, EWS, &[], "hello").await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(fault(&r.body).code.qname, "a:ErrorSchemaValidation");
        let r = raw(
            &mut c,
            Method::POST,
            UM,
            &[("Content-Type", "text/xml")],
            b"<a>\xff</a>",
        )
        .await;
        assert!(
            fault(&r.body)
                .string
                .to_string()
                .contains("(at byte 3, line 1, position 4)"),
            "{}",
            r.body
        );
    });
}

#[test]
fn soap_12_envelope_is_a_version_mismatch_fault() {
    for codec in ["umcodec", "serde"] {
        let server = Server::start(&["--codec", codec]);
        rt().block_on(async {
            let mut c = Client::new(&server.url).unwrap();
            let body = gci(UNKNOWN_ID).replace(
                "http://schemas.xmlsoap.org/soap/envelope/",
                "http://www.w3.org/2003/05/soap-envelope",
            );
            let r = post(&mut c, UM, &[], &body).await;
            assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{codec}");
            let f = fault(&r.body);
            assert_eq!(f.code.local(), Some("VersionMismatch"), "{codec}");
            assert_eq!(f.code.namespace.unwrap(), umcodec::namespaces::SOAP_ENVELOPE);
            assert!(f.string.to_string().contains("SOAP 1.2"));
            // As Exchange writes every fault.
            assert_eq!(f.lang.unwrap(), "en-US", "{codec}");
            // Sent as SOAP 1.2 clients send it, with SOAP 1.2's media type.
            let r = raw(
                &mut c,
                Method::POST,
                UM,
                &[("Content-Type", "application/soap+xml; charset=utf-8")],
                body.as_bytes(),
            )
            .await;
            assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{codec}");
            assert_eq!(fault(&r.body).code.local(), Some("VersionMismatch"), "{codec}");
        });
    }
}

#[test]
fn body_over_max_body_is_413_without_reading_the_rest() {
    let server = Server::start(&["--max-body", "1000"]);
    // Announce 10 MB, send 10 bytes: the answer comes at once.
    let head = format!(
        "POST {UM} HTTP/1.1\r\nHost: {}\r\nContent-Type: text/xml\r\nContent-Length: 10000000\r\n\r\n",
        server.addr
    );
    let started = std::time::Instant::now();
    let reply = tcp_exchange(&server.addr, &head, b"<soap:Enve", Duration::from_secs(5));
    assert!(reply.starts_with("HTTP/1.1 413 "), "{reply}");
    assert!(reply.to_ascii_lowercase().contains("connection: close"), "{reply}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the server waited for the body"
    );

    // Chunked, no length: cut off once past the limit.
    let head = format!(
        "POST {EWS} HTTP/1.1\r\nHost: {}\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n",
        server.addr
    );
    let chunk = format!("{:x}\r\n{}\r\n", 600, "x".repeat(600));
    let reply = tcp_exchange(
        &server.addr,
        &head,
        format!("{chunk}{chunk}").as_bytes(),
        Duration::from_secs(5),
    );
    assert!(reply.starts_with("HTTP/1.1 413 "), "{reply}");

    // At the limit exactly: read and answered.
    rt().block_on(async {
        let mut c = Client::new(&server.url).unwrap();
        let body = gci(UNKNOWN_ID);
        let padded = format!("{body}{}", " ".repeat(1000 - body.len()));
        let r = post(&mut c, UM, &[], &padded).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(fault(&r.body).code.qname, "a:InvalidCallIdException");
    });
}

#[test]
fn other_content_types_are_415() {
    let server = Server::start(&[]);
    rt().block_on(async {
        let mut c = Client::new(&server.url).unwrap();
        let body = gci(UNKNOWN_ID);
        for ct in [
            Some("application/soap+xml; charset=utf-8"),
            Some("application/xml"),
            Some("text/plain"),
            None,
        ] {
            let headers: Vec<(&str, &str)> = ct.map(|v| ("Content-Type", v)).into_iter().collect();
            let r = raw(&mut c, Method::POST, UM, &headers, body.as_bytes()).await;
            assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{ct:?}");
            assert!(r.body.contains("text/xml"), "{}", r.body);
        }
        // Case and parameters do not matter.
        let r = raw(
            &mut c,
            Method::POST,
            UM,
            &[("Content-Type", "Text/XML;charset=UTF-8")],
            body.as_bytes(),
        )
        .await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(fault(&r.body).code.qname, "a:InvalidCallIdException");
    });
}

#[test]
fn other_paths_are_404_and_other_methods_405() {
    let server = Server::start(&[]);
    rt().block_on(async {
        let mut c = Client::new(&server.url).unwrap();
        for path in [
            "/",
            "/EWS/exchange.asmx",
            "/EWS/Exchange.asmx/x",
            "/UnifiedMessaging/Service.asmx",
        ] {
            let r = post(&mut c, path, &[], &gci(UNKNOWN_ID)).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        }
        for method in [Method::GET, Method::PUT, Method::DELETE, Method::HEAD] {
            for path in [EWS, UM] {
                let r = raw(&mut c, method.clone(), path, &[], b"").await;
                assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                assert_eq!(r.headers["allow"], "POST");
            }
        }
        // The query string is not part of the path.
        let r = post(&mut c, &format!("{UM}?wsdl"), &[], &gci(UNKNOWN_ID)).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    });
}

#[test]
fn soap_action_must_agree_with_the_body() {
    let server = Server::start(&[]);
    rt().block_on(async {
        let mut c = Client::new(&server.url).unwrap();
        let body = gci(UNKNOWN_ID);
        // Agreeing (quoted or not), empty, or absent: the operation runs.
        for action in [
            format!("\"{ACTION_PREFIX}GetCallInfo\""),
            format!("{ACTION_PREFIX}GetCallInfo"),
            "\"\"".to_owned(),
        ] {
            let r = post(&mut c, UM, &[("SOAPAction", &action)], &body).await;
            assert_eq!(fault(&r.body).code.qname, "a:InvalidCallIdException", "{action}");
        }
        // Disagreeing, or not one of ours: soap:Client.
        for (action, names) in [
            (format!("\"{ACTION_PREFIX}Disconnect\""), "names Disconnect"),
            ("\"urn:something-else\"".to_owned(), "names no operation"),
        ] {
            let r = post(&mut c, UM, &[("SOAPAction", &action)], &body).await;
            assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
            let f = fault(&r.body);
            assert!(f.code.is_client(), "{}", r.body);
            assert_eq!(f.code.qname, "soap:Client");
            let s = f.string.to_string();
            assert!(s.contains(names) && s.contains("holds a GetCallInfo request"), "{s}");
        }
    });
}

#[test]
fn operations_of_the_other_endpoint_and_non_requests_are_client_faults() {
    let server = Server::start(&[]);
    rt().block_on(async {
        let mut c = Client::new(&server.url).unwrap();
        let r = post(&mut c, EWS, &[], &gci(UNKNOWN_ID)).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        let f = fault(&r.body);
        assert!(f.code.is_client());
        assert!(f
            .string
            .to_string()
            .contains("GetCallInfo is an operation of the UM web service (/EWS/UM2007Legacy.asmx)"));
        let r = post(&mut c, UM, &[], &dpc(UNKNOWN_ID)).await;
        assert!(
            fault(&r.body)
                .string
                .to_string()
                .contains("of EWS (/EWS/Exchange.asmx)"),
            "{}",
            r.body
        );
        // A response posted as a request.
        let body = envelope("", "<m:DisconnectResponse/>");
        let r = post(&mut c, UM, &[], &body).await;
        let f = fault(&r.body);
        assert!(f.code.is_client());
        assert!(
            f.string
                .to_string()
                .contains("holds a DisconnectResponse, not a request"),
            "{}",
            r.body
        );
    });
}

#[test]
fn blank_dial_strings_are_refused() {
    let server = Server::start(&[]);
    rt().block_on(async {
        let mut c = Client::new(&server.url).unwrap();
        let e = c.play_on_phone(Service::Ews, "  ", None).await.unwrap_err().to_string();
        assert!(e.contains("ResponseCode=ErrorInvalidPhoneNumber"), "{e}");
        let e = c.play_on_phone(Service::Um, "", None).await.unwrap_err().to_string();
        assert!(e.contains("fault a:DialingRulesException"), "{e}");
        let body = envelope(
            "",
            "<m:PlayOnPhoneGreeting><m:GreetingType>OofCustom</m:GreetingType><m:DialString></m:DialString></m:PlayOnPhoneGreeting>",
        );
        let r = post(&mut c, UM, &[], &body).await;
        assert_eq!(fault(&r.body).typed_detail().exception_type.unwrap(), "DialingRulesException");
    });
}

#[test]
fn a_full_table_refuses_new_calls() {
    let server = Server::start(&["--max-calls", "3"]);
    rt().block_on(async {
        let mut c = Client::new(&server.url).unwrap();
        let mut ids = Vec::new();
        for _ in 0..3 {
            ids.push(c.play_on_phone(Service::Ews, "1", None).await.unwrap());
        }
        let e = c.play_on_phone(Service::Ews, "1", None).await.unwrap_err().to_string();
        assert!(e.contains("ResponseClass=Error ResponseCode=ErrorServerBusy"), "{e}");
        let body = envelope(
            "",
            "<m:PlayOnPhoneGreeting><m:GreetingType>NormalCustom</m:GreetingType><m:DialString>1</m:DialString></m:PlayOnPhoneGreeting>",
        );
        let r = post(&mut c, UM, &[], &body).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        let f = fault(&r.body);
        assert!(f.code.is_server());
        assert!(f.string.to_string().contains("call table is full"));
        // Ending a call makes room: the ended call is evicted early.
        c.disconnect(Service::Ews, &ids[0]).await.unwrap();
        let id = c.play_on_phone(Service::Ews, "1", None).await.unwrap();
        assert!(c.state(Service::Ews, &ids[0]).await.is_err(), "evicted");
        assert_eq!(c.state(Service::Ews, &id).await.unwrap(), "Connecting");
    });
}

#[test]
fn ended_calls_are_evicted_after_keep_ended() {
    let server = Server::start(&["--keep-ended-ms", "200", "--connect-after-ms", "0"]);
    rt().block_on(async {
        let mut c = Client::new(&server.url).unwrap();
        let id = c.play_on_phone(Service::Um, "1", None).await.unwrap();
        c.disconnect(Service::Um, &id).await.unwrap();
        assert_eq!(c.state(Service::Um, &id).await.unwrap(), "Disconnected");
        tokio::time::sleep(Duration::from_millis(250)).await;
        let e = c.state(Service::Um, &id).await.unwrap_err().to_string();
        assert!(e.contains("a:InvalidCallIdException"), "{e}");
        let stats = c.stats().await.unwrap();
        assert!(stats.iter().any(|(k, v)| k == "calls" && v == "1"), "{stats:?}");
    });
}

#[test]
fn garbage_never_crashes_the_server() {
    let mut server = Server::start(&[]);
    rt().block_on(async {
        let mut c = Client::new(&server.url).unwrap();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let valid = gpci(UNKNOWN_ID);
        for i in 0..300 {
            // xorshift: random bytes, and valid envelopes with random bytes flipped or cut.
            let mut next = || {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed
            };
            let body: Vec<u8> = match i % 3 {
                0 => (0..next() % 512).map(|_| next() as u8).collect(),
                1 => {
                    let mut b = valid.clone().into_bytes();
                    for _ in 0..4 {
                        let at = next() as usize % b.len();
                        b[at] = next() as u8;
                    }
                    b
                }
                _ => valid.as_bytes()[..next() as usize % valid.len()].to_vec(),
            };
            let path = if i % 2 == 0 { EWS } else { UM };
            let r = raw(&mut c, Method::POST, path, &[("Content-Type", "text/xml")], &body).await;
            assert!(
                r.status == StatusCode::OK || r.status == StatusCode::INTERNAL_SERVER_ERROR,
                "{}",
                r.status
            );
            assert!(
                Message::decode(r.body.as_bytes()).is_ok(),
                "reply not an envelope: {}",
                r.body
            );
        }
        // Deep nesting in an unknown header block: rejected at the depth limit.
        let deep = envelope(
            &format!(
                "<x:H xmlns:x=\"urn:x\">{}{}</x:H>",
                "<a>".repeat(50_000),
                "</a>".repeat(50_000)
            ),
            &format!(r#"<m:GetPhoneCallInformation><m:PhoneCallId Id="{UNKNOWN_ID}"/></m:GetPhoneCallInformation>"#),
        );
        let r = post(&mut c, EWS, &[], &deep).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            fault(&r.body).string.to_string().contains("[limit_exceeded]"),
            "{}",
            &r.body[..300]
        );
        // Still serving.
        let id = c.play_on_phone(Service::Ews, "1", None).await.unwrap();
        assert_eq!(c.state(Service::Ews, &id).await.unwrap(), "Connecting");
    });
    assert!(server.running());
}
