//! `text`: the escaping and unescaping primitives on arbitrary bytes.
//!
//! - `Text` values made by the reader (the bytes as the content of
//!   `<a>…</a>`, and as an attribute value in both quote styles): the
//!   value seen through `chars()`, `chunks()`, `Display`,
//!   `unescape_into()` and `as_str()` (when it gives one) is the same;
//!   `len()`, `is_empty()`, `is_whitespace()` and `==` agree with it;
//!   `unescape_into` into a buffer one byte short fails with the length;
//!   the raw slice is where the offset says; and the value is what
//!   roxmltree reads there.
//! - Escaping: the bytes as a string (lossily made UTF-8) put into every
//!   text and attribute field of the messages encodes when it holds only
//!   XML characters, and then decodes to exactly that string; otherwise
//!   encoding fails with `InvalidChar` naming the first bad character and
//!   its byte offset in the string.

use umcodec::xml::{Chunk, Event, Limits, Ns, Reader};
use umcodec::{
    DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, ErrorKind, Fault, FaultCode, GetCallInfoRequest, Message,
    ResponseClass, ServerVersionInfo, Text,
};
use umcodec::{
    DisconnectRequest, PlayOnPhoneGreetingResponse, PlayOnPhoneRequest, PlayOnPhoneResponse, UmPlayOnPhoneRequest,
    UmPlayOnPhoneResponse,
};

use super::{encode_checked, is_xml_char, is_xml_space, KNOWN};

const WIDE: Limits = Limits::new()
    .with_max_depth(usize::MAX)
    .with_max_namespaces(usize::MAX)
    .with_max_attributes(usize::MAX)
    .with_max_input_len(usize::MAX);

/// Every view of `t` agrees; returns its value.
pub fn check_text(t: &Text<'_>, doc: &[u8], what: &str) -> String {
    let value: String = t.chars().collect();
    let shown = t.to_string();
    assert_eq!(value, shown, "{what}: chars() and Display differ for {t:?}");
    let mut from_chunks = String::new();
    for c in t.chunks() {
        match c {
            Chunk::Str(s) => from_chunks.push_str(s),
            Chunk::Char(c) => from_chunks.push(c),
        }
    }
    assert_eq!(value, from_chunks, "{what}: chars() and chunks() differ");
    let mut buf = vec![0u8; value.len() + 3];
    assert_eq!(t.unescape_into(&mut buf), Ok(value.as_str()), "{what}: unescape_into");
    assert_eq!(
        t.unescape_into(&mut buf[..value.len()]),
        Ok(value.as_str()),
        "{what}: unescape_into, exact"
    );
    if !value.is_empty() {
        assert_eq!(
            t.unescape_into(&mut buf[..value.len() - 1]),
            Err(value.len()),
            "{what}: unescape_into one byte short"
        );
    }
    if let Some(s) = t.as_str() {
        assert_eq!(s, value, "{what}: as_str() is not the value");
    }
    assert_eq!(t.len(), value.len(), "{what}: len()");
    assert_eq!(t.is_empty(), value.is_empty(), "{what}: is_empty()");
    assert_eq!(
        t.is_whitespace(),
        value.chars().all(is_xml_space),
        "{what}: is_whitespace()"
    );
    assert!(*t == *value.as_str(), "{what}: == str");
    assert!(*t == Text::new(&value), "{what}: == Text::new(value)");
    assert!(Text::new(&value) == *t, "{what}: Text::new(value) ==");
    let x = format!("{value}x");
    assert!(*t != *x.as_str(), "{what}: equal to a longer string");
    let _ = format!("{t:?}");
    // A value borrowed from the document is where its offset says.
    let raw = t.raw();
    let start = raw.as_ptr() as usize;
    let doc_start = doc.as_ptr() as usize;
    if start >= doc_start && start + raw.len() <= doc_start + doc.len() && !raw.is_empty() {
        assert_eq!(start - doc_start, t.offset(), "{what}: raw() is not at offset()");
    }
    value
}

fn content_text(data: &[u8]) {
    let doc = [b"<a>", data, b"</a>"].concat();
    let Ok(mut r) = Reader::new(&doc, &KNOWN, WIDE) else {
        return;
    };
    let mut value = String::new();
    let mut complete = false;
    for _ in 0..2 * doc.len() + 8 {
        match r.next_event() {
            Ok(Event::Text(t)) => {
                let v = check_text(&t, &doc, "content");
                if r.depth() == 1 {
                    value.push_str(&v);
                }
            }
            Ok(Event::Start(_)) => check_attributes(&r, &doc),
            Ok(Event::End(_)) => {}
            Ok(Event::Eof) => {
                complete = true;
                break;
            }
            Err(_) => return,
        }
    }
    assert!(complete, "the reader does not reach the end of {} bytes", doc.len());
    // An independent reading of the same text.
    let text = std::str::from_utf8(&doc).expect("the reader accepted input that is not UTF-8");
    if let Ok(d) = roxmltree::Document::parse(&super::for_roxmltree(text)) {
        let theirs: String = d
            .root_element()
            .children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect();
        assert_eq!(value, theirs, "the text of <a> differs from roxmltree's");
    }
}

fn check_attributes(r: &Reader<'_>, doc: &[u8]) {
    for a in r.attributes() {
        check_text(&a.value, doc, "attribute");
        if let Ns::Other(uri) = a.name.ns {
            check_text(&uri, doc, "namespace URI");
        }
    }
    for (_, uri) in r.in_scope() {
        check_text(&uri, doc, "namespace declaration");
    }
}

fn attribute_text(data: &[u8], quote: u8) {
    let doc = [b"<a b=".as_slice(), &[quote], data, &[quote], b"/>"].concat();
    let Ok(mut r) = Reader::new(&doc, &KNOWN, WIDE) else {
        return;
    };
    let Ok(Event::Start(_)) = r.next_event() else { return };
    let ours: Vec<String> = r
        .attributes()
        .map(|a| check_text(&a.value, &doc, "attribute"))
        .collect();
    check_attributes(&r, &doc);
    let complete = loop {
        match r.next_event() {
            Ok(Event::Eof) => break true,
            Ok(_) => {}
            Err(_) => break false,
        }
    };
    if complete {
        let text = std::str::from_utf8(&doc).expect("the reader accepted input that is not UTF-8");
        if let Ok(d) = roxmltree::Document::parse(&super::for_roxmltree(text)) {
            let theirs: Vec<String> = d.root_element().attributes().map(|a| a.value().to_owned()).collect();
            assert_eq!(ours, theirs, "attribute values differ from roxmltree's");
        }
    }
}

/// Puts `s` into every text and attribute field, encodes, decodes back.
fn escape_roundtrip(s: &str) {
    let bad = s.char_indices().find(|&(_, c)| !is_xml_char(c));
    let t = Text::new(s);
    let svi = ServerVersionInfo {
        version: Some(t),
        ..ServerVersionInfo::default()
    };
    let messages = [
        Message::GetCallInfoRequest(GetCallInfoRequest { call_id: t }),
        Message::DisconnectPhoneCallRequest(DisconnectPhoneCallRequest {
            request_server_version: None,
            mailbox_culture: None,
            impersonation: None,
            phone_call_id: t,
        }),
        Message::DisconnectPhoneCallResponse(DisconnectPhoneCallResponse {
            server_version: Some(svi),
            response_class: ResponseClass::Error,
            message_text: Some(t),
            response_code: None,
            descriptive_link_key: None,
            message_xml: None,
        }),
        Message::Fault(Fault {
            code: FaultCode::new(None, "Client"),
            string: t,
            lang: Some(t),
            actor: Some(t),
            detail: None,
        }),
        Message::DisconnectRequest(DisconnectRequest { call_id: t }),
        Message::UmPlayOnPhoneRequest(UmPlayOnPhoneRequest {
            entry_id: t,
            dial_string: t,
        }),
        Message::UmPlayOnPhoneResponse(UmPlayOnPhoneResponse { call_id: t }),
        Message::PlayOnPhoneGreetingResponse(PlayOnPhoneGreetingResponse { call_id: t }),
        Message::PlayOnPhoneRequest(PlayOnPhoneRequest {
            request_server_version: None,
            mailbox_culture: None,
            impersonation: None,
            item_id: t,
            change_key: Some(t),
            dial_string: t,
        }),
        Message::PlayOnPhoneResponse(PlayOnPhoneResponse {
            phone_call_id: Some(t),
            message_text: Some(t),
            ..PlayOnPhoneResponse::success("x")
        }),
    ];
    for m in &messages {
        match (encode_checked(m), bad) {
            (Err(e), Some((at, ch))) => {
                assert_eq!(e.kind(), &ErrorKind::InvalidChar { ch }, "wrong error for {s:?}");
                assert_eq!(e.offset(), at, "wrong offset for {s:?}");
            }
            (Err(e), None) => panic!("a string of XML characters does not encode: {e} ({e:?}), {s:?}"),
            (Ok(_), Some((at, ch))) => panic!("encoded {ch:?} (byte {at}), which XML cannot carry: {s:?}"),
            (Ok(bytes), None) => {
                let back = Message::decode(&bytes)
                    .unwrap_or_else(|e| panic!("does not decode: {e} ({e:?})\n{}", String::from_utf8_lossy(&bytes)));
                let texts: Vec<Text<'_>> = match &back {
                    Message::GetCallInfoRequest(r) => vec![r.call_id],
                    Message::DisconnectPhoneCallRequest(r) => vec![r.phone_call_id],
                    Message::DisconnectPhoneCallResponse(r) => vec![
                        r.message_text.expect("MessageText lost"),
                        r.server_version.and_then(|v| v.version).expect("Version lost"),
                    ],
                    Message::Fault(f) => vec![f.string, f.actor.expect("faultactor lost")],
                    Message::DisconnectRequest(r) => vec![r.call_id],
                    Message::UmPlayOnPhoneRequest(r) => vec![r.entry_id, r.dial_string],
                    Message::UmPlayOnPhoneResponse(r) => vec![r.call_id],
                    Message::PlayOnPhoneGreetingResponse(r) => vec![r.call_id],
                    Message::PlayOnPhoneRequest(r) => {
                        vec![r.item_id, r.change_key.expect("ChangeKey lost"), r.dial_string]
                    }
                    Message::PlayOnPhoneResponse(r) => vec![
                        r.phone_call_id.expect("PhoneCallId lost"),
                        r.message_text.expect("MessageText lost"),
                    ],
                    other => panic!("decoded to another message: {other:?}"),
                };
                for t in texts {
                    let v = check_text(&t, &bytes, "decoded");
                    assert_eq!(v, s, "escape then unescape is not the identity");
                }
                assert_eq!(&back, m);
            }
        }
    }
}

/// The target.
pub fn run(data: &[u8]) {
    content_text(data);
    attribute_text(data, b'"');
    attribute_text(data, b'\'');
    escape_roundtrip(&String::from_utf8_lossy(data));
}
