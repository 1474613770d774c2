//! Writes every EWS envelope the encoder produces for the schema
//! conformance check (`scripts/schema_check.py`): the re-encoding of each
//! EWS message in `corpus/valid/` (PlayOnPhone, GetPhoneCallInformation
//! and DisconnectPhoneCall requests and responses), plus messages built to
//! cover every enumeration value, every header block and optional field.
//!
//! ```text
//! cargo run --example schema_corpus -- OUT_DIR
//! ```
//!
//! A message the published schema copy cannot validate for a reason the
//! codec does not control is skipped with that reason printed.

use std::path::Path;

use umcodec::{
    ConnectingSid, ConnectionFailureCause, GetPhoneCallInformationRequest, GetPhoneCallInformationResponse,
    PhoneCallInformation, PhoneCallState, PlayOnPhoneRequest, PlayOnPhoneResponse,
};
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
        _ if request_version(m).is_some_and(|v| !version_in_schema(v)) => {
            Some("RequestServerVersion newer than the shared types.xsd (it lists up to V2016_10_10)")
        }
        _ if matches!(response_code(m), Some(ResponseCode::Other(_))) => {
            Some("a response code the published schema does not list (kept as text by design)")
        }
        _ => None,
    }
}

/// The `RequestServerVersion` of an EWS request.
fn request_version(m: &Message<'_>) -> Option<ExchangeVersion> {
    match m {
        Message::DisconnectPhoneCallRequest(r) => r.request_server_version,
        Message::GetPhoneCallInformationRequest(r) => r.request_server_version,
        Message::PlayOnPhoneRequest(r) => r.request_server_version,
        _ => None,
    }
}

/// The `ResponseCode` of an EWS response.
fn response_code<'a>(m: &Message<'a>) -> Option<ResponseCode<'a>> {
    match m {
        Message::DisconnectPhoneCallResponse(r) => r.response_code,
        Message::GetPhoneCallInformationResponse(r) => r.response_code,
        Message::PlayOnPhoneResponse(r) => r.response_code,
        _ => None,
    }
}

/// `true` for the EWS messages (the UM web service has no schema).
fn is_ews(m: &Message<'_>) -> bool {
    matches!(
        m,
        Message::DisconnectPhoneCallRequest(_)
            | Message::DisconnectPhoneCallResponse(_)
            | Message::GetPhoneCallInformationRequest(_)
            | Message::GetPhoneCallInformationResponse(_)
            | Message::PlayOnPhoneRequest(_)
            | Message::PlayOnPhoneResponse(_)
    )
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
        if is_ews(&m) {
            let name = format!("corpus_{}", path.file_stem().unwrap().to_string_lossy());
            written += usize::from(write(dir, &name, &m));
        }
    }

    for &v in ExchangeVersion::ALL {
        let m = Message::DisconnectPhoneCallRequest(DisconnectPhoneCallRequest {
            request_server_version: Some(v),
            mailbox_culture: None,
            impersonation: None,
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
    // The new kinds: every header block, every ConnectingSID, every state
    // and cause, the optional elements present and absent.
    let sids = [
        ConnectingSid::PrincipalName(Text::new("alice@contoso.com")),
        ConnectingSid::Sid(Text::new("S-1-5-21-1004336348-1177238915-682003330-512")),
        ConnectingSid::PrimarySmtpAddress(Text::new("alice@contoso.com")),
        ConnectingSid::SmtpAddress(Text::new("a&b@contoso.com")),
    ];
    for (i, sid) in sids.iter().enumerate() {
        let culture = [None, Some(Text::new("en-US")), Some(Text::new(" zh-Hans-CN "))][i % 3];
        let m = Message::PlayOnPhoneRequest(PlayOnPhoneRequest {
            request_server_version: Some(ExchangeVersion::Exchange2010),
            mailbox_culture: culture,
            impersonation: Some(*sid),
            item_id: Text::new("AAMkADk5Yj <&>"),
            change_key: (i % 2 == 0).then_some(Text::new("CQAAABYA")),
            dial_string: Text::new("+1 425 555 0123"),
        });
        written += usize::from(write(dir, &format!("play_on_phone_request_{i}"), &m));
        let m = Message::GetPhoneCallInformationRequest(GetPhoneCallInformationRequest {
            request_server_version: None,
            mailbox_culture: culture,
            impersonation: Some(*sid),
            phone_call_id: Text::new("MGI4OTQ1NDEtOGMy"),
        });
        written += usize::from(write(dir, &format!("gpci_request_{i}"), &m));
        let m = Message::DisconnectPhoneCallRequest(DisconnectPhoneCallRequest {
            request_server_version: Some(ExchangeVersion::Exchange2013Sp1),
            mailbox_culture: culture,
            impersonation: Some(*sid),
            phone_call_id: Text::new("MGI4OTQ1NDEtOGMy"),
        });
        written += usize::from(write(dir, &format!("dpc_request_headers_{i}"), &m));
    }
    let svi = ServerVersionInfo {
        major_version: Some(14),
        minor_version: Some(0),
        major_build_number: Some(639),
        minor_build_number: Some(20),
        version: Some(Text::new("Exchange2010")),
    };
    for (i, &state) in PhoneCallState::ALL.iter().enumerate() {
        let cause = ConnectionFailureCause::ALL[i % ConnectionFailureCause::ALL.len()];
        let mut info = PhoneCallInformation::new(state, cause);
        if i % 2 == 1 {
            info.sip_response_text = Some(Text::new("Busy Here"));
        }
        if i % 3 == 1 {
            info.sip_response_code = Some(486);
        }
        let mut m = GetPhoneCallInformationResponse::success(info);
        m.server_version = (i % 2 == 0).then_some(svi);
        written += usize::from(write(dir, &format!("gpci_response_{state}"), &m.into()));
    }
    let m = GetPhoneCallInformationResponse::error(KnownResponseCode::ErrorInvalidPhoneCallId, "No such call.");
    written += usize::from(write(dir, "gpci_response_error", &m.into()));
    let mut m = PlayOnPhoneResponse::success("ZWMtWYtMY29t");
    m.server_version = Some(svi);
    written += usize::from(write(dir, "play_on_phone_response_success", &m.into()));
    let m = PlayOnPhoneResponse::error(
        KnownResponseCode::ErrorInvalidPhoneNumber,
        "The phone number isn't valid.",
    );
    written += usize::from(write(dir, "play_on_phone_response_error", &m.into()));
    println!("{written} envelopes written to {}", dir.display());
}
