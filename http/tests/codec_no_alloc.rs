//! The request path of the umcodec server allocates nothing: decoding a
//! request body, the server's logic and encoding the reply into the
//! connection's (warm) output buffer, for every operation and every fault,
//! under a counting global allocator. (The quick-xml serde variant is
//! measured too, for contrast: it allocates on every request.)

use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use umcodec_http::alloc::{snapshot, Counting};
use umcodec_http::calls::{CallTable, Service};
use umcodec_http::codec_serde::SerdeCodec;
use umcodec_http::codec_umcodec::UmcodecCodec;
use umcodec_http::ops::{answer, line_col, ActionHeader, Codec, Reply};

#[global_allocator]
static ALLOC: Counting = Counting;

fn env(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><soap:Header><t:RequestServerVersion Version="Exchange2010"/></soap:Header><soap:Body>{body}</soap:Body></soap:Envelope>"#
    )
}

/// One request through decode, answer, encode; the allocations it made.
fn allocations(codec: &dyn Codec, table: &Mutex<CallTable>, service: Service, body: &[u8], out: &mut BytesMut) -> u64 {
    let before = snapshot().allocations;
    let reply = match codec.decode(body) {
        Ok(op) => answer(op, service, ActionHeader::Absent, table, Instant::now()),
        Err(rejected) => {
            let line_col = rejected.offset().map(|o| line_col(body, o));
            Reply::Invalid {
                service,
                rejected,
                line_col,
            }
        }
    };
    out.clear();
    codec.encode(&reply, body, out).expect("encode");
    snapshot().allocations - before
}

fn bodies(id: &str) -> Vec<(Service, String)> {
    vec![
        (
            Service::Ews,
            env(r#"<m:PlayOnPhone><m:ItemId Id="AAMk"/><m:DialString>4255550123</m:DialString></m:PlayOnPhone>"#),
        ),
        (
            Service::Ews,
            env(&format!(
                r#"<m:GetPhoneCallInformation><m:PhoneCallId Id="{id}"/></m:GetPhoneCallInformation>"#
            )),
        ),
        (
            Service::Ews,
            env(r#"<m:GetPhoneCallInformation><m:PhoneCallId Id="AAAAAAAAAAEAAAAA"/></m:GetPhoneCallInformation>"#),
        ),
        (
            Service::Ews,
            env(r#"<m:DisconnectPhoneCall><m:PhoneCallId Id="nope"/></m:DisconnectPhoneCall>"#),
        ),
        (
            Service::Um,
            env(r#"<m:PlayOnPhone><m:entryId>AAMk</m:entryId><m:DialString>4255550123</m:DialString></m:PlayOnPhone>"#),
        ),
        (
            Service::Um,
            env("<m:GetCallInfo><m:CallId>AAAAAAAAAAEAAAAA</m:CallId></m:GetCallInfo>"),
        ),
        (Service::Um, env("<m:Disconnect><m:CallId>x</m:CallId></m:Disconnect>")),
        (
            Service::Um,
            env("<m:GetCallInfo><m:CallId>x</m:CallID></m:GetCallInfo>"),
        ),
        (Service::Ews, "not xml".to_owned()),
        (
            Service::Ews,
            env("<m:GetCallInfo><m:CallId>x</m:CallId></m:GetCallInfo>"),
        ),
    ]
}

#[test]
fn the_umcodec_request_path_does_not_allocate() {
    let codec = UmcodecCodec::new(1 << 20);
    // Room for every call these requests place, allocated before measuring.
    let table = Mutex::new(CallTable::new(1 << 16, Duration::ZERO, Duration::from_secs(600), 7));
    let mut out = BytesMut::with_capacity(16 * 1024);
    // Warm up: grow the table's slots and free list once.
    for _ in 0..2 {
        let mut t = table.lock().unwrap();
        let keys: Vec<_> = (0..4096)
            .map(|_| t.place(Service::Ews, Instant::now()).unwrap())
            .collect();
        for k in keys {
            t.disconnect(k, Service::Ews, Instant::now());
        }
    }
    let id = table
        .lock()
        .unwrap()
        .place(Service::Ews, Instant::now())
        .unwrap()
        .to_id();
    let bodies = bodies(id.as_str());
    for (service, body) in &bodies {
        allocations(&codec, &table, *service, body.as_bytes(), &mut out);
    }
    for (service, body) in &bodies {
        let n = allocations(&codec, &table, *service, body.as_bytes(), &mut out);
        assert_eq!(n, 0, "{n} allocation(s) for {service:?} {body}");
    }
    // The serde variant, for contrast, allocates (the decoded structs' enum
    // and error strings, the serializer's state).
    let serde_total: u64 = bodies
        .iter()
        .map(|(service, body)| allocations(&SerdeCodec, &table, *service, body.as_bytes(), &mut out))
        .sum();
    assert!(serde_total > 0);
}
