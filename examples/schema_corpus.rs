//! Writes every EWS envelope the encoder produces for the schema
//! conformance check (`scripts/schema_check.py`): the re-encoding of each
//! DisconnectPhoneCall request/response in `corpus/valid/`, plus messages
//! built to cover every enumeration value and optional field.
//!
//! ```text
//! cargo run --example schema_corpus -- OUT_DIR
//! ```
//!
//! A message the published schema copy cannot validate for a reason the
//! codec does not control is skipped with that reason printed.

use std::path::Path;

use umcodec::{
    DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, Encode, ExchangeVersion, KnownResponseCode, Message,
    RawXml, ResponseClass, ResponseCode, ServerVersionInfo, Text,
};

/// Versions newer than the shared `types.xsd` (which stops at V2016_10_10).
fn version_in_schema(v: ExchangeVersion) -> bool {
    let last = ExchangeVersion::ALL
        .iter()
        .position(|&x| x == ExchangeVersion::V2016_10_10)
        .unwrap_or(0);
    ExchangeVersion::ALL
        .iter()
        .position(|&x| x == v)
        .is_some_and(|i| i <= last)
}

/// Why the schema cannot accept `m`, when that is by design.
fn skip_reason(m: &Message<'_>) -> Option<&'static str> {
    match m {
        Message::DisconnectPhoneCallRequest(r) if r.request_server_version.is_some_and(|v| !version_in_schema(v)) => {
            Some("RequestServerVersion newer than the shared types.xsd (it lists up to V2016_10_10)")
        }
        Message::DisconnectPhoneCallResponse(r) if matches!(r.response_code, Some(ResponseCode::Other(_))) => {
            Some("a response code the published schema does not list (kept as text by design)")
        }
        _ => None,
    }
}

fn write(dir: &Path, name: &str, m: &Message<'_>) -> bool {
    if let Some(reason) = skip_reason(m) {
        println!("skip {name}: {reason}");
        return false;
    }
    let mut buf = vec![0u8; m.encoded_len().expect("encodable")];
    m.encode(&mut buf).expect("encodable");
    std::fs::write(dir.join(format!("{name}.xml")), buf).expect("write");
    true
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: schema_corpus OUT_DIR");
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).expect("create OUT_DIR");
    let mut written = 0;

    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/valid");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .expect("corpus/valid")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).expect("read");
        let m = Message::decode(&bytes).expect("valid corpus file decodes");
        if matches!(
            m,
            Message::DisconnectPhoneCallRequest(_) | Message::DisconnectPhoneCallResponse(_)
        ) {
            let name = format!("corpus_{}", path.file_stem().unwrap().to_string_lossy());
            written += usize::from(write(dir, &name, &m));
        }
    }

    for &v in ExchangeVersion::ALL {
        let m = Message::DisconnectPhoneCallRequest(DisconnectPhoneCallRequest {
            request_server_version: Some(v),
            phone_call_id: Text::new("id <&> \"'\t\r\n ü"),
        });
        written += usize::from(write(dir, &format!("request_{v}"), &m));
    }
    for &class in ResponseClass::ALL {
        for (i, &code) in [KnownResponseCode::NoError, KnownResponseCode::ErrorInvalidPhoneCallId]
            .iter()
            .enumerate()
        {
            let m = Message::DisconnectPhoneCallResponse(DisconnectPhoneCallResponse {
                server_version: Some(ServerVersionInfo {
                    major_version: Some(15),
                    minor_version: Some(0),
                    major_build_number: Some(1019),
                    minor_build_number: Some(-1),
                    version: Some(Text::new("V2_17")),
                }),
                response_class: class,
                message_text: Some(Text::new("The phone call ID isn't valid. <&>")),
                response_code: Some(ResponseCode::Known(code)),
                descriptive_link_key: Some(0),
                message_xml: Some(RawXml::new(
                    "<t:Value xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\" Name=\"Policy\">MaxConcurrency</t:Value>",
                )),
            });
            written += usize::from(write(dir, &format!("response_{class}_{i}"), &m));
        }
    }
    // Every listed code once, in a minimal response.
    for &code in KnownResponseCode::ALL {
        let m = Message::DisconnectPhoneCallResponse(DisconnectPhoneCallResponse {
            server_version: None,
            response_class: ResponseClass::Error,
            message_text: None,
            response_code: Some(ResponseCode::Known(code)),
            descriptive_link_key: None,
            message_xml: None,
        });
        written += usize::from(write(dir, &format!("code_{code}"), &m));
    }
    println!("{written} envelopes written to {}", dir.display());
}
