//! Both call lifecycles end to end, through the client library and the
//! `umcodec-client` binary, against both codecs of the server.

mod common;

use std::process::Command;
use std::time::Duration;

use common::{rt, Server};
use umcodec_http::calls::Service;
use umcodec_http::client::{Client, ClientError};

fn lifecycle(codec: &str, service: Service) {
    let server = Server::start(&["--codec", codec, "--connect-after-ms", "100"]);
    rt().block_on(async {
        let mut client = Client::new(&server.url).unwrap();
        let mut steps = Vec::new();
        let id = client
            .lifecycle(
                service,
                "+14255550123",
                None,
                Duration::from_millis(20),
                Duration::from_secs(10),
                |s| steps.push(s),
            )
            .await
            .unwrap_or_else(|e| panic!("{codec} {service:?}: {e}"));
        assert_eq!(id.len(), 16);
        let get = if service == Service::Ews {
            "GetPhoneCallInformation"
        } else {
            "GetCallInfo"
        };
        assert!(
            steps[0].starts_with("PlayOnPhone: dialing +14255550123, call id "),
            "{steps:?}"
        );
        assert_eq!(steps[1], format!("{get}: Connecting"), "{steps:?}");
        assert!(steps[2].starts_with(&format!("{get}: Connected after ")), "{steps:?}");
        assert!(steps[3].ends_with(": done"), "{steps:?}");
        assert_eq!(steps[4], format!("{get}: Disconnected"), "{steps:?}");
        assert_eq!(steps.len(), 5, "{steps:?}");
        // The ended call stays readable, and disconnecting it again is harmless.
        assert_eq!(client.state(service, &id).await.unwrap(), "Disconnected");
        client.disconnect(service, &id).await.unwrap();
        // Its id means nothing to the other service.
        let other = if service == Service::Ews {
            Service::Um
        } else {
            Service::Ews
        };
        assert!(client.state(other, &id).await.is_err());
    });
}

#[test]
fn ews_lifecycle_umcodec() {
    lifecycle("umcodec", Service::Ews);
}

#[test]
fn um_lifecycle_umcodec() {
    lifecycle("umcodec", Service::Um);
}

#[test]
fn ews_lifecycle_serde() {
    lifecycle("serde", Service::Ews);
}

#[test]
fn um_lifecycle_serde() {
    lifecycle("serde", Service::Um);
}

#[test]
fn connects_only_after_connect_after_ms() {
    let server = Server::start(&["--connect-after-ms", "400"]);
    rt().block_on(async {
        let mut client = Client::new(&server.url).unwrap();
        let started = std::time::Instant::now();
        let id = client.play_on_phone(Service::Ews, "123", None).await.unwrap();
        assert_eq!(client.state(Service::Ews, &id).await.unwrap(), "Connecting");
        client
            .wait_for(
                Service::Ews,
                &id,
                "Connected",
                Duration::from_millis(10),
                Duration::from_secs(5),
                |_| {},
            )
            .await
            .unwrap();
        assert!(started.elapsed() >= Duration::from_millis(400));
    });
}

#[test]
fn client_binary_runs_both_lifecycles() {
    let server = Server::start(&["--connect-after-ms", "50"]);
    for service in ["ews", "um"] {
        let out = Command::new(env!("CARGO_BIN_EXE_umcodec-client"))
            .args([
                "--url",
                &server.url,
                "call",
                "--service",
                service,
                "--dial",
                "4255550123",
            ])
            .args(["--item-id", "AAMkADk5Yj"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{service}: {stdout} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines: Vec<_> = stdout.lines().collect();
        assert!(lines[0].starts_with("PlayOnPhone: dialing 4255550123"), "{stdout}");
        assert!(lines.last().unwrap().ends_with(": Disconnected"), "{stdout}");
    }
}

#[test]
fn client_binary_reports_a_fault_and_exits_1() {
    // One slot, taken by a live call: the next PlayOnPhone is refused.
    let server = Server::start(&["--max-calls", "1"]);
    rt().block_on(async {
        let mut client = Client::new(&server.url).unwrap();
        client.play_on_phone(Service::Um, "1", None).await.unwrap();
        let e = client.play_on_phone(Service::Ews, "1", None).await.unwrap_err();
        assert!(
            matches!(&e, ClientError::Ews { code, .. } if code == "ErrorServerBusy"),
            "{e}"
        );
    });
    let out = Command::new(env!("CARGO_BIN_EXE_umcodec-client"))
        .args(["--url", &server.url, "call", "--service", "um", "--dial", "4255550123"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("error: fault soap:Server: The server can't place another call now"),
        "{stdout}"
    );
    assert!(stdout.contains("(HTTP 500)"), "{stdout}");
}

#[test]
fn client_binary_usage_errors_exit_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_umcodec-client"))
        .args(["--url", "http://127.0.0.1:1", "call", "--service", "x", "--dial", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Nothing listens on port 1: a transport error, exit 1.
    let out = Command::new(env!("CARGO_BIN_EXE_umcodec-client"))
        .args(["--url", "http://127.0.0.1:1", "call", "--service", "ews", "--dial", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn shuts_down_cleanly_on_sigterm() {
    let mut server = Server::start(&[]);
    rt().block_on(async {
        let mut client = Client::new(&server.url).unwrap();
        client.play_on_phone(Service::Ews, "1", None).await.unwrap();
        // An idle keep-alive connection stays open while the server stops.
        let status = server.terminate(Duration::from_secs(10)).expect("exits within 10 s");
        assert!(status.success(), "{status:?}");
    });
    assert!(!server.running());
}
