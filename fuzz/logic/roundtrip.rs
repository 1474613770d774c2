//! `roundtrip`: structured messages through the encoder and back.
//!
//! For every message value:
//! - `encoded_len()` equals the bytes written; every sink writes the same
//!   bytes; a buffer one byte too small fails with
//!   `BufferTooSmall { needed }`;
//! - a value XML can carry encodes, and decodes (lenient and strict, and
//!   through its typed decoder) to an equal value; roxmltree parses what
//!   was written;
//! - a value XML cannot carry fails to encode: `InvalidChar` for a
//!   character outside XML's `Char` (and the character is in the value),
//!   `invalid_value` for a fault code that is not a QName bound
//!   consistently or an "other" response code that is a known one, a
//!   reader error for `RawXml` content that is not a well-formed fragment.
//!   What can be carried is decided here independently of the encoder
//!   (`expect_encodable`), with roxmltree judging `RawXml` fragments.
//!
//! Messages come from the fuzzer's bytes in two ways: the derived
//! `Arbitrary` impls (umcodec's `arbitrary` feature; what the cargo-fuzz
//! target uses), and `Plan::generate`, a hand-written generator that needs no
//! feature and favours the values that matter to XML (markup characters,
//! references, line ends, control characters, QNames, fragments).

use arbitrary::{Arbitrary, Unstructured};
use umcodec::namespaces::{ERRORS, MESSAGES, SOAP_ENVELOPE, TYPES, TYPES_HTTPS};
use umcodec::xml::{XMLNS_NS, XML_NS};
use umcodec::ConnectingSid;
use umcodec::{
    CallState, DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, DisconnectRequest, DisconnectResponse,
    ErrorKind, EventCause, ExchangeVersion, Fault, FaultCode, GetCallInfoRequest, GetCallInfoResponse,
    KnownResponseCode, Message, Options, RawXml, ResponseClass, ResponseCode, ServerVersionInfo, Text,
};
use umcodec::{
    ConnectionFailureCause, GetPhoneCallInformationRequest, GetPhoneCallInformationResponse, PhoneCallInformation,
    PhoneCallState,
};
use umcodec::{GreetingType, PlayOnPhoneGreetingRequest, PlayOnPhoneGreetingResponse};
use umcodec::{PlayOnPhoneRequest, PlayOnPhoneResponse};
use umcodec::{UmPlayOnPhoneRequest, UmPlayOnPhoneResponse};

use super::{encode_checked, is_ncname, is_reader_error, is_xml_char, is_xml_space, reencode};

/// Every `Text` and `RawXml` string in `m`, with the field's name.
fn strings<'a>(m: &Message<'a>) -> Vec<(&'static str, &'a str)> {
    let lit = |t: &Text<'a>| t.as_str().unwrap_or(t.raw());
    let mut v = Vec::new();
    match m {
        Message::GetCallInfoRequest(r) => v.push(("CallId", lit(&r.call_id))),
        Message::GetCallInfoResponse(_) => {}
        Message::DisconnectRequest(r) => v.push(("CallId", lit(&r.call_id))),
        Message::UmPlayOnPhoneRequest(r) => {
            v.push(("entryId", lit(&r.entry_id)));
            v.push(("DialString", lit(&r.dial_string)));
        }
        Message::UmPlayOnPhoneResponse(r) => v.push(("PlayOnPhoneResponse", lit(&r.call_id))),
        Message::PlayOnPhoneGreetingRequest(r) => v.push(("DialString", lit(&r.dial_string))),
        Message::PlayOnPhoneGreetingResponse(r) => v.push(("PlayOnPhoneGreetingResponse", lit(&r.call_id))),
        Message::DisconnectResponse(_) => {}
        Message::DisconnectPhoneCallRequest(r) => {
            v.push(("PhoneCallId", lit(&r.phone_call_id)));
            if let Some(t) = &r.mailbox_culture {
                v.push(("MailboxCulture", lit(t)));
            }
            if let Some(s) = &r.impersonation {
                v.push(("ConnectingSID", s.value().as_str().unwrap_or(s.value().raw())));
            }
        }
        Message::PlayOnPhoneRequest(r) => {
            v.push(("ItemId", lit(&r.item_id)));
            if let Some(t) = &r.change_key {
                v.push(("ChangeKey", lit(t)));
            }
            v.push(("DialString", lit(&r.dial_string)));
            if let Some(t) = &r.mailbox_culture {
                v.push(("MailboxCulture", lit(t)));
            }
            if let Some(s) = &r.impersonation {
                v.push(("ConnectingSID", s.value().as_str().unwrap_or(s.value().raw())));
            }
        }
        Message::PlayOnPhoneResponse(r) => {
            if let Some(t) = r.server_version.and_then(|s| s.version) {
                v.push(("Version", lit(&t)));
            }
            if let Some(t) = &r.message_text {
                v.push(("MessageText", lit(t)));
            }
            if let Some(ResponseCode::Other(t)) = &r.response_code {
                v.push(("ResponseCode", lit(t)));
            }
            if let Some(x) = &r.message_xml {
                v.push(("MessageXml", x.as_str()));
            }
            if let Some(t) = &r.phone_call_id {
                v.push(("PhoneCallId", lit(t)));
            }
        }
        Message::GetPhoneCallInformationRequest(r) => {
            v.push(("PhoneCallId", lit(&r.phone_call_id)));
            if let Some(t) = &r.mailbox_culture {
                v.push(("MailboxCulture", lit(t)));
            }
            if let Some(s) = &r.impersonation {
                v.push(("ConnectingSID", s.value().as_str().unwrap_or(s.value().raw())));
            }
        }
        Message::GetPhoneCallInformationResponse(r) => {
            if let Some(t) = r.server_version.and_then(|s| s.version) {
                v.push(("Version", lit(&t)));
            }
            if let Some(t) = &r.message_text {
                v.push(("MessageText", lit(t)));
            }
            if let Some(ResponseCode::Other(t)) = &r.response_code {
                v.push(("ResponseCode", lit(t)));
            }
            if let Some(x) = &r.message_xml {
                v.push(("MessageXml", x.as_str()));
            }
            if let Some(t) = r.phone_call_information.and_then(|i| i.sip_response_text) {
                v.push(("SIPResponseText", lit(&t)));
            }
        }
        Message::DisconnectPhoneCallResponse(r) => {
            if let Some(t) = r.server_version.and_then(|s| s.version) {
                v.push(("Version", lit(&t)));
            }
            if let Some(t) = &r.message_text {
                v.push(("MessageText", lit(t)));
            }
            if let Some(ResponseCode::Other(t)) = &r.response_code {
                v.push(("ResponseCode", lit(t)));
            }
            if let Some(x) = &r.message_xml {
                v.push(("MessageXml", x.as_str()));
            }
        }
        Message::Fault(f) => {
            v.push(("faultcode", lit(&f.code.qname)));
            if let Some(ns) = &f.code.namespace {
                v.push(("faultcode namespace", lit(ns)));
            }
            v.push(("faultstring", lit(&f.string)));
            if let Some(t) = &f.lang {
                v.push(("faultstring xml:lang", lit(t)));
            }
            if let Some(t) = &f.actor {
                v.push(("faultactor", lit(t)));
            }
            if let Some(x) = &f.detail {
                v.push(("detail", x.as_str()));
            }
        }
        other => panic!("strings: a message kind the fuzz logic does not know: {}", other.kind()),
    }
    v
}

fn raw_xml<'a>(m: &Message<'a>) -> Option<RawXml<'a>> {
    match m {
        Message::DisconnectPhoneCallResponse(r) => r.message_xml,
        Message::GetPhoneCallInformationResponse(r) => r.message_xml,
        Message::PlayOnPhoneResponse(r) => r.message_xml,
        Message::Fault(f) => f.detail,
        _ => None,
    }
}

/// Whether `code` can be written: an `xs:QName` (no surrounding
/// whitespace: the value is written as given), unprefixed with no
/// namespace, or prefixed with a namespace that may be bound to that
/// prefix (not empty, not the `xmlns` namespace, the `xml` namespace for
/// the `xml` prefix only; `xmlns` is no prefix).
fn fault_code_ok(code: &FaultCode<'_>) -> bool {
    let q: String = code.qname.chars().collect();
    // An `xs:QName` collapses whitespace: the codec trims it on both sides.
    let q = q.trim_matches(is_xml_space);
    let (prefix, local) = q.split_once(':').unwrap_or(("", q));
    if !is_ncname(local) || !(prefix.is_empty() || is_ncname(prefix)) {
        return false;
    }
    match (&code.namespace, prefix) {
        (None, "") => true,
        // `soap` alone stands for the SOAP 1.1 envelope namespace.
        (None, "soap") => true,
        (Some(_), "") | (None, _) => false,
        (Some(ns), p) => {
            let ns: String = ns.chars().collect();
            p != "xmlns" && !ns.is_empty() && ns != XMLNS_NS && ((p == "xml") == (ns == XML_NS))
        }
    }
}

/// The response code of an EWS response.
fn response_code_of<'a>(m: &Message<'a>) -> Option<ResponseCode<'a>> {
    match m {
        Message::DisconnectPhoneCallResponse(r) => r.response_code,
        Message::GetPhoneCallInformationResponse(r) => r.response_code,
        Message::PlayOnPhoneResponse(r) => r.response_code,
        _ => None,
    }
}

/// Whether an "other" response code can be written: it must not read back
/// as a known code.
fn response_code_ok(code: &ResponseCode<'_>) -> bool {
    match code {
        ResponseCode::Known(_) => true,
        ResponseCode::Other(t) => {
            let v: String = t.chars().collect();
            KnownResponseCode::from_str(v.trim_matches(is_xml_space)).is_none()
        }
    }
}

/// Whether `s` holds a character reference to a value that is not a
/// Unicode scalar value: past U+10FFFF, or a surrogate (U+D800–U+DFFF).
/// roxmltree 0.21 reads both as U+FFFD and accepts them; XML 1.0 (WFC:
/// Legal Character) does not.
///
/// Comments and CDATA sections are left out: `&#` in them is not a
/// reference.
fn char_ref_out_of_range(s: &str) -> bool {
    let mut rest = s;
    loop {
        let comment = rest.find("<!--");
        let cdata = rest.find("<![CDATA[");
        let (at, open, close) = match (comment, cdata) {
            (Some(c), Some(d)) if d < c => (d, 9, "]]>"),
            (Some(c), _) => (c, 4, "-->"),
            (None, Some(d)) => (d, 9, "]]>"),
            (None, None) => return refs_out_of_range(rest),
        };
        if refs_out_of_range(&rest[..at]) {
            return true;
        }
        match rest[at + open..].find(close) {
            Some(e) => rest = &rest[at + open + e + close.len()..],
            None => return false,
        }
    }
}

/// [`char_ref_out_of_range`] for text without comments or CDATA.
fn refs_out_of_range(s: &str) -> bool {
    s.match_indices("&#").any(|(i, _)| {
        let rest = &s[i + 2..];
        let (digits, radix) = match rest.strip_prefix('x') {
            Some(hex) => (hex, 16),
            None => (rest, 10),
        };
        let end = digits.find(';').unwrap_or(digits.len());
        let digits = &digits[..end];
        !digits.is_empty()
            && digits.chars().all(|c| c.is_digit(radix))
            && u32::from_str_radix(digits, radix).map_or(true, |v| char::from_u32(v).is_none())
    })
}

/// Whether a start tag of `frag` (well-formed apart from that, as
/// roxmltree found it) has two attributes named `xmlns`.
///
/// Comments and CDATA sections are stepped over: a `<` in them starts no
/// tag. Attribute values are stepped over by their quotes, since they may
/// hold `>`.
pub fn repeats_default_declaration(frag: &str) -> bool {
    let b = frag.as_bytes();
    let mut i = 0;
    while let Some(lt) = b[i..].iter().position(|&c| c == b'<').map(|p| i + p) {
        let rest = &frag[lt..];
        if let Some(body) = rest.strip_prefix("<!--") {
            i = lt + 4 + body.find("-->").map_or(body.len(), |e| e + 3);
            continue;
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            i = lt + 9 + body.find("]]>").map_or(body.len(), |e| e + 3);
            continue;
        }
        // A start tag: its name, then `name="value"` pairs up to `>`.
        let mut j = lt + 1;
        if matches!(b.get(j), Some(b'/' | b'!' | b'?') | None) {
            i = j;
            continue;
        }
        let name_end = |from: usize| {
            from + b[from..]
                .iter()
                .position(|&c| is_xml_space(char::from(c)) || matches!(c, b'=' | b'>' | b'/'))
                .unwrap_or(b.len() - from)
        };
        j = name_end(j);
        let mut declarations = 0;
        loop {
            while b.get(j).is_some_and(|&c| is_xml_space(char::from(c))) {
                j += 1;
            }
            match b.get(j) {
                None => return false,
                Some(b'>' | b'/') => break,
                Some(_) => {}
            }
            let end = name_end(j);
            if &frag[j..end] == "xmlns" {
                declarations += 1;
                if declarations == 2 {
                    return true;
                }
            }
            // `=`, spaces around it, and the quoted value.
            let Some(quote_at) = b[end..].iter().position(|&c| c == b'"' || c == b'\'').map(|p| end + p) else {
                return false;
            };
            let quote = b[quote_at];
            match b[quote_at + 1..].iter().position(|&c| c == quote) {
                Some(p) => j = quote_at + 1 + p + 1,
                None => return false,
            }
        }
        i = j;
    }
    false
}

/// Whether `frag` may hold an attribute `prefix:xmlns` (`:xmlns`, then
/// `=` after any whitespace; text that looks like one only costs the
/// judge an expectation).
fn prefixed_xmlns_attribute(frag: &str) -> bool {
    frag.match_indices(":xmlns").any(|(i, m)| {
        frag[i + m.len()..]
            .chars()
            .find(|&c| !is_xml_space(c))
            .is_some_and(|c| c == '=')
    })
}

/// roxmltree's opinion of `frag` as element content: `Some(true)` when
/// well-formed, `Some(false)` when not, `None` when the codec's own rules
/// decide (see the exceptions below).
fn fragment_ok(frag: &str) -> Option<bool> {
    // Exceptions, where the codec is stricter than XML by design:
    // processing instructions (SOAP forbids them), and a DOCTYPE (can only
    // make the wrapped document fail anyway).
    if frag.contains("<?") {
        return None;
    }
    // A name with an empty prefix (`<:a/>`, `</:a>`, `<a :b="1"/>`) is an
    // XML 1.0 Name but no QName: Namespaces in XML rejects it, as the codec
    // does; roxmltree 0.21 accepts it.
    let empty_prefix = frag.contains("<:")
        || frag.contains("</:")
        || frag
            .as_bytes()
            .windows(2)
            .any(|w| is_xml_space(char::from(w[0])) && w[1] == b':');
    if empty_prefix {
        return None;
    }
    // An element prefixed `xml` (`<xml:a/>`) is bound by Namespaces in XML
    // 1.0 §3 without a declaration, as the codec reads it; roxmltree 0.21
    // binds `xml` on attributes only and rejects such an element.
    if frag.contains("<xml:") || frag.contains("</xml:") {
        return None;
    }
    let doc = format!("<r>{frag}</r>");
    match roxmltree::Document::parse(&doc) {
        Ok(d) => {
            // The codec's limits (depth 64 by default, of which the
            // envelope takes 4; 32 attributes per element; 64 namespace
            // declarations in scope) decide beyond what XML says.
            let depth = d.descendants().map(|n| n.ancestors().count()).max().unwrap_or(0);
            let attrs = d
                .descendants()
                .filter(|n| n.is_element())
                .map(|n| n.attributes().len() + n.namespaces().len())
                .max()
                .unwrap_or(0);
            if depth > 48 || attrs > 24 || frag.contains("xmlns:") && frag.matches("xmlns").count() > 24 {
                return None;
            }
            // Namespaces in XML 1.0 forbids `xmlns:p=""`, which roxmltree
            // accepts (XML 1.1 allows it), and declaring the `xmlns` prefix
            // (`xmlns:xmlns="…"`), which roxmltree does not check; the
            // codec rejects both.
            if frag.contains("=\"\"") || frag.contains("=''") || frag.contains("xmlns:xmlns") {
                return None;
            }
            // A prefixed attribute whose local name is `xmlns`
            // (`p:xmlns="v"`): roxmltree 0.21 takes it for a
            // default-namespace declaration and never resolves its prefix,
            // so it accepts one with an unbound prefix, which Namespaces in
            // XML 1.0 and the codec reject (the differential target's
            // exception 8.).
            if prefixed_xmlns_attribute(frag) {
                return None;
            }
            // roxmltree 0.21 accepts character references past U+10FFFF
            // (`&#x110000;` reads as U+FFFD); XML 1.0's Legal Character
            // constraint makes them not well-formed, and the codec rejects
            // them.
            if char_ref_out_of_range(frag) {
                return Some(false);
            }
            // roxmltree 0.21 accepts a start tag that declares the default
            // namespace twice (`<a xmlns="x" xmlns="y"/>`), though it
            // refuses a repeated `xmlns:p`; XML 1.0's Unique Att Spec makes
            // both not well-formed, and the codec refuses both.
            if repeats_default_declaration(frag) {
                return Some(false);
            }
            Some(true)
        }
        Err(_) => Some(false),
    }
}

/// Whether `m` can be written, decided without the encoder; `None` when
/// only the codec's own rules can tell.
pub fn expect_encodable(m: &Message<'_>) -> Option<bool> {
    for (_, s) in strings(m) {
        if !s.chars().all(is_xml_char) {
            return Some(false);
        }
    }
    if let Message::Fault(f) = m {
        if !fault_code_ok(&f.code) {
            return Some(false);
        }
    }
    if ews_headers_ok(m) == Some(false) {
        return Some(false);
    }
    if let Some(c) = response_code_of(m) {
        if !response_code_ok(&c) {
            return Some(false);
        }
    }
    match raw_xml(m) {
        Some(x) => fragment_ok(x.as_str()),
        None => Some(true),
    }
}

/// Checks that the encoder's refusal of `m` is justified.
fn justify(m: &Message<'_>, e: &umcodec::Error) {
    match e.kind() {
        ErrorKind::InvalidChar { ch } => {
            assert!(!is_xml_char(*ch), "InvalidChar for {ch:?}, which XML allows: {m:?}");
            let found = strings(m)
                .iter()
                .any(|(_, s)| s.get(e.offset()..).is_some_and(|rest| rest.starts_with(*ch)));
            assert!(found, "InvalidChar {ch:?} at {} is in no value: {m:?}", e.offset());
        }
        ErrorKind::InvalidValue {
            field: &"faultcode", ..
        } => {
            let Message::Fault(f) = m else {
                panic!("a faultcode error for {m:?}")
            };
            assert!(!fault_code_ok(&f.code), "a valid fault code refused: {m:?}");
        }
        ErrorKind::InvalidValue {
            field: &("MailboxCulture" | "PrincipalName" | "SID" | "PrimarySmtpAddress" | "SmtpAddress"),
            ..
        } => {
            assert_eq!(ews_headers_ok(m), Some(false), "valid EWS headers refused: {m:?}");
        }
        ErrorKind::InvalidValue {
            field: &"ResponseCode", ..
        } => {
            assert!(
                response_code_of(m).is_some_and(|c| !response_code_ok(&c)),
                "a valid response code refused: {m:?}"
            );
        }
        // A prefixed fault code without its namespace names the prefix
        // (an unbound prefix in the detail is a reader error, below).
        ErrorKind::UnboundPrefix { .. } if matches!(m, Message::Fault(f) if f.code.namespace.is_none() && !fault_code_ok(&f.code)) =>
            {}
        k if is_reader_error(k) => {
            assert!(
                raw_xml(m).is_some(),
                "a reader error ({e}) for a message without RawXml: {m:?}"
            );
        }
        _ => panic!("an encoding error that no value explains: {e} ({e:?}) for {m:?}"),
    }
}

/// The property, for one message.
pub fn check(m: &Message<'_>) {
    let expected = expect_encodable(m);
    match encode_checked(m) {
        Err(e) => {
            justify(m, &e);
            assert_ne!(
                expected,
                Some(true),
                "a value XML can carry does not encode: {e} ({e:?}), {m:?}"
            );
        }
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            assert_ne!(
                expected,
                Some(false),
                "a value XML cannot carry encoded:\n{text}\n{m:?}"
            );
            match roxmltree::Document::parse(&text) {
                // roxmltree 0.21 binds the `xml` prefix on attributes only;
                // Namespaces in XML 1.0 §3 binds it on elements too, as the
                // codec reads it (see `fragment_ok`).
                Err(roxmltree::Error::UnknownNamespace(p, _)) if p == "xml" => {}
                Err(e) => panic!("the encoder wrote what roxmltree rejects ({e}):\n{text}"),
                Ok(_) => {}
            }
            let back = Message::decode(&bytes)
                .unwrap_or_else(|e| panic!("the encoding does not decode: {e} ({e:?})\n{text}\n{m:?}"));
            assert_eq!(&back, m, "decodes to another value:\n{text}");
            let strict = Message::decode_with(&bytes, &Options::strict());
            assert_eq!(strict.as_ref(), Ok(&back), "strict decoding differs");
            // The typed decoder reads it too, to the same value.
            let typed = match m {
                Message::GetCallInfoRequest(_) => GetCallInfoRequest::decode(&bytes).map(Message::GetCallInfoRequest),
                Message::GetCallInfoResponse(_) => {
                    GetCallInfoResponse::decode(&bytes).map(Message::GetCallInfoResponse)
                }
                Message::DisconnectPhoneCallRequest(_) => {
                    DisconnectPhoneCallRequest::decode(&bytes).map(Message::DisconnectPhoneCallRequest)
                }
                Message::PlayOnPhoneRequest(_) => PlayOnPhoneRequest::decode(&bytes).map(Message::PlayOnPhoneRequest),
                Message::PlayOnPhoneResponse(_) => {
                    PlayOnPhoneResponse::decode(&bytes).map(Message::PlayOnPhoneResponse)
                }
                Message::GetPhoneCallInformationRequest(_) => {
                    GetPhoneCallInformationRequest::decode(&bytes).map(Message::GetPhoneCallInformationRequest)
                }
                Message::GetPhoneCallInformationResponse(_) => {
                    GetPhoneCallInformationResponse::decode(&bytes).map(Message::GetPhoneCallInformationResponse)
                }
                Message::DisconnectPhoneCallResponse(_) => {
                    DisconnectPhoneCallResponse::decode(&bytes).map(Message::DisconnectPhoneCallResponse)
                }
                Message::DisconnectRequest(_) => DisconnectRequest::decode(&bytes).map(Message::DisconnectRequest),
                Message::UmPlayOnPhoneRequest(_) => {
                    UmPlayOnPhoneRequest::decode(&bytes).map(Message::UmPlayOnPhoneRequest)
                }
                Message::PlayOnPhoneGreetingRequest(_) => {
                    PlayOnPhoneGreetingRequest::decode(&bytes).map(Message::PlayOnPhoneGreetingRequest)
                }
                Message::PlayOnPhoneGreetingResponse(_) => {
                    PlayOnPhoneGreetingResponse::decode(&bytes).map(Message::PlayOnPhoneGreetingResponse)
                }
                Message::UmPlayOnPhoneResponse(_) => {
                    UmPlayOnPhoneResponse::decode(&bytes).map(Message::UmPlayOnPhoneResponse)
                }
                Message::DisconnectResponse(_) => DisconnectResponse::decode(&bytes).map(Message::DisconnectResponse),
                Message::Fault(_) => Fault::decode(&bytes).map(Message::Fault),
                other => panic!("no typed decoder for {}", other.kind()),
            };
            assert_eq!(typed.as_ref(), Ok(m), "the typed decoder differs:\n{text}");
            // A decoded value writes again (its `RawXml` now carries the
            // namespaces in scope in this document).
            reencode(&back, "roundtrip");
        }
    }
}

// ---------------------------------------------------------------------------
// The hand-written generator.

/// Pieces that matter to XML text.
const TEXT_PIECES: &[&str] = &[
    "",
    " ",
    "a",
    "Z9",
    "<",
    ">",
    "&",
    "\"",
    "'",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "]]>",
    "&amp;",
    "&#x41;",
    "&lt;",
    "<!--",
    "-->",
    "<![CDATA[",
    "é",
    "\u{2028}",
    "\u{85}",
    "\u{FEFF}",
    "😀",
    "\u{FFFD}",
    "\u{1}",
    "\u{0}",
    "\u{B}",
    "\u{1F}",
    "\u{7F}",
    "\u{FFFE}",
    "\u{FFFF}",
    "\u{EFFFF}",
    "\u{10FFFF}",
    "NoError",
    "Exchange2010",
    "MDlkZjllZGM=",
];

/// Pieces of element content.
const XML_PIECES: &[&str] = &[
    "<a>",
    "</a>",
    "<b/>",
    "<a x='1'>",
    "<a x=\"&lt;\" y='\t'>",
    "<p:e xmlns:p='urn:p'>",
    "</p:e>",
    "<p:e/>",
    "<t:Value xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">",
    "</t:Value>",
    "<e xmlns=''>",
    "<e xmlns='urn:d'>",
    "</e>",
    "<m:x/>",
    "<s:Body/>",
    "<x xml:lang='en'>",
    "</x>",
    "<x p:a='1' xmlns:p='urn:p'/>",
    "<x xmlns:p=''/>",
    "<x xmlns:xml='http://www.w3.org/XML/1998/namespace'/>",
    "<x xmlns:xmlns='urn:z'/>",
    "<x a='1' a='2'/>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<!-- c -->",
    "text",
    " ",
    "\r\n",
    "&amp;",
    "&#x10FFFF;",
    "&#0;",
    "&bogus;",
    "&",
    "<",
    ">",
    "<?pi x?>",
    "<!DOCTYPE a>",
    "</detail>",
    "</MessageXml>",
    "\u{1}",
    "<",
    "é",
];

const QNAME_PREFIXES: &[&str] = &[
    "",
    "a",
    "s",
    "soap",
    "m",
    "t",
    "e",
    "xml",
    "xmlns",
    "umcodec_m",
    "1",
    " a",
];
const QNAME_LOCALS: &[&str] = &[
    "Client",
    "Server",
    "ErrorSchemaValidation",
    "x",
    "",
    "a:b",
    "1",
    "é",
    " Server ",
];
const NAMESPACES: &[&str] = &[
    SOAP_ENVELOPE,
    MESSAGES,
    TYPES,
    TYPES_HTTPS,
    ERRORS,
    XML_NS,
    XMLNS_NS,
    "",
    "urn:x",
    "a&b<\"c>",
    "\u{1}",
];

/// A string: taken from the input, or assembled from pieces.
fn string(u: &mut Unstructured<'_>, pieces: &[&str]) -> arbitrary::Result<String> {
    if u.ratio(1, 3)? {
        return <&str>::arbitrary(u).map(str::to_owned);
    }
    let n = u.int_in_range(0..=12)?;
    let mut s = String::new();
    for _ in 0..n {
        if u.ratio(1, 8)? {
            s.push(char::arbitrary(u)?);
        } else {
            s.push_str(u.choose(pieces)?);
        }
    }
    Ok(s)
}

fn text(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    string(u, TEXT_PIECES)
}

fn opt<'a, T>(
    u: &mut Unstructured<'a>,
    f: impl FnOnce(&mut Unstructured<'a>) -> arbitrary::Result<T>,
) -> arbitrary::Result<Option<T>> {
    Ok(if u.arbitrary()? { Some(f(u)?) } else { None })
}

fn int(u: &mut Unstructured<'_>) -> arbitrary::Result<i32> {
    Ok(if u.ratio(1, 4)? {
        *u.choose(&[0, -1, i32::MIN, i32::MAX])?
    } else {
        u.arbitrary()?
    })
}

fn opt_text(s: &Option<String>) -> Option<Text<'_>> {
    s.as_deref().map(Text::new)
}

/// Values for `MailboxCulture`: language tags, near misses, what clients
/// really send.
const CULTURES: &[&str] = &[
    "en-US",
    "de",
    "zh-Hans-CN",
    " en-US\n",
    "x-12345678",
    "English (United States)",
    "",
    "en_US",
    "123",
    "abcdefghi",
    "en-",
];

/// The owned header blocks of a generated EWS request.
#[derive(Debug)]
pub struct EwsHeadersPlan {
    version: Option<ExchangeVersion>,
    culture: Option<String>,
    sid: Option<(usize, String)>,
}

impl EwsHeadersPlan {
    fn generate(u: &mut Unstructured<'_>) -> arbitrary::Result<Self> {
        Ok(EwsHeadersPlan {
            version: opt(u, |u| u.choose(ExchangeVersion::ALL).copied())?,
            culture: opt(u, |u| {
                if u.ratio(1, 4)? {
                    text(u)
                } else {
                    u.choose(CULTURES).map(|s| (*s).to_owned())
                }
            })?,
            sid: opt(u, |u| Ok((u.int_in_range(0..=3)?, text(u)?)))?,
        })
    }

    fn impersonation(&self) -> Option<ConnectingSid<'_>> {
        const KINDS: [&str; 4] = ["PrincipalName", "SID", "PrimarySmtpAddress", "SmtpAddress"];
        self.sid
            .as_ref()
            .and_then(|(i, v)| ConnectingSid::from_kind(KINDS[*i], Text::new(v)))
    }
}

/// `xs:language` after whitespace collapsing, decided here.
fn is_language(t: &Text<'_>) -> bool {
    let v: String = t.chars().collect();
    let v = v.trim_matches(is_xml_space);
    let mut parts = v.split('-');
    let first = parts.next().unwrap_or("");
    let len_ok = |p: &str| (1..=8).contains(&p.len());
    len_ok(first)
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| len_ok(p) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The header values of an EWS request that no XML character rule
/// decides: the culture is a language tag, the impersonated name is not
/// empty. `None` for a message without them.
fn ews_headers_ok(m: &Message<'_>) -> Option<bool> {
    let (culture, sid) = match m {
        Message::DisconnectPhoneCallRequest(r) => (r.mailbox_culture, r.impersonation),
        Message::GetPhoneCallInformationRequest(r) => (r.mailbox_culture, r.impersonation),
        Message::PlayOnPhoneRequest(r) => (r.mailbox_culture, r.impersonation),
        _ => return None,
    };
    Some(culture.is_none_or(|c| is_language(&c)) && sid.is_none_or(|s| s.value().chars().next().is_some()))
}

/// The owned values a generated message borrows from.
#[derive(Debug)]
pub enum Plan {
    GetCallInfoRequest(String),
    GetCallInfoResponse(GetCallInfoResponse),
    DisconnectRequest(String),
    DisconnectResponse,
    UmPlayOnPhoneRequest(String, String),
    UmPlayOnPhoneResponse(String),
    PlayOnPhoneGreetingRequest(GreetingType, String),
    PlayOnPhoneGreetingResponse(String),
    DisconnectPhoneCallRequest(EwsHeadersPlan, String),
    GetPhoneCallInformationRequest(EwsHeadersPlan, String),
    /// Headers, item id, change key, dial string.
    PlayOnPhoneRequest(EwsHeadersPlan, String, Option<String>, String),
    /// A `DisconnectPhoneCallResponse` plan, and the call id.
    PlayOnPhoneResponse(Box<Plan>, Option<String>),
    /// A `DisconnectPhoneCallResponse` plan (the shared fields), and the
    /// state, cause, SIP text and code.
    GetPhoneCallInformationResponse(
        Box<Plan>,
        Option<(PhoneCallState, ConnectionFailureCause, Option<String>, Option<i32>)>,
    ),
    DisconnectPhoneCallResponse {
        server_version: Option<([Option<i32>; 4], Option<String>)>,
        response_class: ResponseClass,
        message_text: Option<String>,
        response_code: Option<Result<KnownResponseCode, String>>,
        descriptive_link_key: Option<i32>,
        message_xml: Option<String>,
    },
    Fault {
        qname: String,
        namespace: Option<String>,
        string: String,
        actor: Option<String>,
        detail: Option<String>,
        lang: Option<String>,
    },
}

impl Plan {
    /// Generates a plan from the bytes in `u`.
    pub fn generate(u: &mut Unstructured<'_>) -> arbitrary::Result<Plan> {
        Ok(match u.int_in_range(0..=14)? {
            13 => Plan::PlayOnPhoneRequest(EwsHeadersPlan::generate(u)?, text(u)?, opt(u, text)?, text(u)?),
            14 => Plan::PlayOnPhoneResponse(Box::new(Plan::response(u)?), opt(u, text)?),
            11 => Plan::GetPhoneCallInformationRequest(EwsHeadersPlan::generate(u)?, text(u)?),
            12 => {
                let base = Plan::response(u)?;
                let info = opt(u, |u| {
                    Ok((
                        *u.choose(PhoneCallState::ALL)?,
                        *u.choose(ConnectionFailureCause::ALL)?,
                        opt(u, text)?,
                        opt(u, int)?,
                    ))
                })?;
                Plan::GetPhoneCallInformationResponse(Box::new(base), info)
            }
            9 => Plan::PlayOnPhoneGreetingRequest(*u.choose(GreetingType::ALL)?, text(u)?),
            10 => Plan::PlayOnPhoneGreetingResponse(text(u)?),
            7 => Plan::UmPlayOnPhoneRequest(text(u)?, text(u)?),
            8 => Plan::UmPlayOnPhoneResponse(text(u)?),
            5 => Plan::DisconnectRequest(text(u)?),
            6 => Plan::DisconnectResponse,
            0 => Plan::GetCallInfoRequest(text(u)?),
            1 => Plan::GetCallInfoResponse(GetCallInfoResponse {
                call_state: *u.choose(CallState::ALL)?,
                event_cause: *u.choose(EventCause::ALL)?,
            }),
            2 => Plan::DisconnectPhoneCallRequest(EwsHeadersPlan::generate(u)?, text(u)?),
            3 => Plan::response(u)?,
            4 => {
                let (qname, namespace) = if u.ratio(1, 4)? {
                    (text(u)?, opt(u, text)?)
                } else {
                    let p = *u.choose(QNAME_PREFIXES)?;
                    let l = *u.choose(QNAME_LOCALS)?;
                    let q = if p.is_empty() { l.to_owned() } else { format!("{p}:{l}") };
                    (q, opt(u, |u| u.choose(NAMESPACES).map(|s| (*s).to_owned()))?)
                };
                Plan::Fault {
                    qname,
                    namespace,
                    string: text(u)?,
                    actor: opt(u, text)?,
                    detail: opt(u, |u| string(u, XML_PIECES))?,
                    // Drawn last, so the bytes of earlier findings still
                    // make the same fields.
                    lang: opt(u, text)?,
                }
            }
            _ => unreachable!("int_in_range"),
        })
    }

    /// A DisconnectPhoneCall response plan (the fields every EWS response
    /// has).
    fn response(u: &mut Unstructured<'_>) -> arbitrary::Result<Plan> {
        Ok(Plan::DisconnectPhoneCallResponse {
            server_version: opt(u, |u| {
                Ok(([opt(u, int)?, opt(u, int)?, opt(u, int)?, opt(u, int)?], opt(u, text)?))
            })?,
            response_class: *u.choose(ResponseClass::ALL)?,
            message_text: opt(u, text)?,
            response_code: opt(u, |u| {
                Ok(match u.int_in_range(0..=3)? {
                    0 | 1 => Ok(*u.choose(KnownResponseCode::ALL)?),
                    2 => {
                        // A known code's spelling, maybe with whitespace around it.
                        let c = u.choose(KnownResponseCode::ALL)?.as_str();
                        let pad = *u.choose(&["", " ", "\r\n", "\t", "\u{A0}"])?;
                        Err(format!("{pad}{c}{pad}"))
                    }
                    _ => Err(text(u)?),
                })
            })?,
            descriptive_link_key: opt(u, int)?,
            message_xml: opt(u, |u| string(u, XML_PIECES))?,
        })
    }

    /// The message, borrowing from the plan.
    pub fn message(&self) -> Message<'_> {
        match self {
            Plan::GetCallInfoRequest(id) => Message::GetCallInfoRequest(GetCallInfoRequest { call_id: Text::new(id) }),
            Plan::GetCallInfoResponse(r) => Message::GetCallInfoResponse(*r),
            Plan::DisconnectRequest(id) => Message::DisconnectRequest(DisconnectRequest { call_id: Text::new(id) }),
            Plan::DisconnectResponse => Message::DisconnectResponse(DisconnectResponse),
            Plan::UmPlayOnPhoneRequest(e, d) => Message::UmPlayOnPhoneRequest(UmPlayOnPhoneRequest {
                entry_id: Text::new(e),
                dial_string: Text::new(d),
            }),
            Plan::PlayOnPhoneGreetingRequest(g, d) => Message::PlayOnPhoneGreetingRequest(PlayOnPhoneGreetingRequest {
                greeting_type: *g,
                dial_string: Text::new(d),
            }),
            Plan::PlayOnPhoneGreetingResponse(id) => {
                Message::PlayOnPhoneGreetingResponse(PlayOnPhoneGreetingResponse { call_id: Text::new(id) })
            }
            Plan::UmPlayOnPhoneResponse(id) => {
                Message::UmPlayOnPhoneResponse(UmPlayOnPhoneResponse { call_id: Text::new(id) })
            }
            Plan::PlayOnPhoneRequest(h, item, key, dial) => Message::PlayOnPhoneRequest(PlayOnPhoneRequest {
                request_server_version: h.version,
                mailbox_culture: opt_text(&h.culture),
                impersonation: h.impersonation(),
                item_id: Text::new(item),
                change_key: opt_text(key),
                dial_string: Text::new(dial),
            }),
            Plan::PlayOnPhoneResponse(base, id) => {
                let Message::DisconnectPhoneCallResponse(r) = base.message() else {
                    unreachable!("a response plan")
                };
                Message::PlayOnPhoneResponse(PlayOnPhoneResponse {
                    server_version: r.server_version,
                    response_class: r.response_class,
                    message_text: r.message_text,
                    response_code: r.response_code,
                    descriptive_link_key: r.descriptive_link_key,
                    message_xml: r.message_xml,
                    phone_call_id: opt_text(id),
                })
            }
            Plan::GetPhoneCallInformationRequest(h, id) => {
                Message::GetPhoneCallInformationRequest(GetPhoneCallInformationRequest {
                    request_server_version: h.version,
                    mailbox_culture: opt_text(&h.culture),
                    impersonation: h.impersonation(),
                    phone_call_id: Text::new(id),
                })
            }
            Plan::GetPhoneCallInformationResponse(base, info) => {
                let Message::DisconnectPhoneCallResponse(r) = base.message() else {
                    unreachable!("a response plan")
                };
                Message::GetPhoneCallInformationResponse(GetPhoneCallInformationResponse {
                    server_version: r.server_version,
                    response_class: r.response_class,
                    message_text: r.message_text,
                    response_code: r.response_code,
                    descriptive_link_key: r.descriptive_link_key,
                    message_xml: r.message_xml,
                    phone_call_information: info.as_ref().map(|(state, cause, text, code)| PhoneCallInformation {
                        phone_call_state: *state,
                        connection_failure_cause: *cause,
                        sip_response_text: opt_text(text),
                        sip_response_code: *code,
                    }),
                })
            }
            Plan::DisconnectPhoneCallRequest(h, id) => {
                Message::DisconnectPhoneCallRequest(DisconnectPhoneCallRequest {
                    request_server_version: h.version,
                    mailbox_culture: opt_text(&h.culture),
                    impersonation: h.impersonation(),
                    phone_call_id: Text::new(id),
                })
            }
            Plan::DisconnectPhoneCallResponse {
                server_version,
                response_class,
                message_text,
                response_code,
                descriptive_link_key,
                message_xml,
            } => Message::DisconnectPhoneCallResponse(DisconnectPhoneCallResponse {
                server_version: server_version.as_ref().map(|([a, b, c, d], v)| ServerVersionInfo {
                    major_version: *a,
                    minor_version: *b,
                    major_build_number: *c,
                    minor_build_number: *d,
                    version: opt_text(v),
                }),
                response_class: *response_class,
                message_text: opt_text(message_text),
                response_code: response_code.as_ref().map(|c| match c {
                    Ok(k) => ResponseCode::Known(*k),
                    Err(s) => ResponseCode::Other(Text::new(s)),
                }),
                descriptive_link_key: *descriptive_link_key,
                message_xml: message_xml.as_deref().map(RawXml::new),
            }),
            Plan::Fault {
                qname,
                namespace,
                string,
                actor,
                detail,
                lang,
            } => Message::Fault(Fault {
                code: FaultCode::new(namespace.as_deref(), qname),
                string: Text::new(string),
                lang: opt_text(lang),
                actor: opt_text(actor),
                detail: detail.as_deref().map(RawXml::new),
            }),
        }
    }
}

/// The message the derived `Arbitrary` impls make of `data` (what the
/// cargo-fuzz target checks).
#[cfg(feature = "arbitrary")]
pub fn run_derived(data: &[u8]) {
    if let Ok(m) = Message::arbitrary_take_rest(Unstructured::new(data)) {
        check(&m);
    }
}

/// The generated message for `data`.
pub fn run_generated(data: &[u8]) {
    if let Ok(plan) = Plan::generate(&mut Unstructured::new(data)) {
        check(&plan.message());
    }
}

/// The target: both ways of making a message from the bytes.
pub fn run(data: &[u8]) {
    #[cfg(feature = "arbitrary")]
    run_derived(data);
    run_generated(data);
}
