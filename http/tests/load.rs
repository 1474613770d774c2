//! 64 concurrent clients × 20 lifecycles, twice: no error, and the
//! server's resident memory after the second round stays within the bound
//! documented in http/README.md ("Memory").

mod common;

use std::time::Duration;

use common::{rt, Server};
use umcodec_http::load::{run, LoadConfig, LoadReport, Mix};

/// How much VmRSS may grow from the end of the first round to the end of
/// the second, identical one (KiB). See http/README.md.
const RSS_GROWTH_BOUND_KIB: u64 = 4 * 1024;

fn round(url: &str) -> LoadReport {
    let config = LoadConfig {
        url: url.to_owned(),
        clients: 64,
        calls: 20,
        mix: Mix::Both,
        poll: Duration::from_millis(5),
        timeout: Duration::from_secs(30),
    };
    let report = rt().block_on(run(&config)).expect("load run");
    assert_eq!(report.errors, 0, "first error: {:?}", report.first_error);
    // Each lifecycle is at least 4 requests (place, Connected, disconnect, Disconnected).
    assert!(report.requests >= 64 * 20 * 4, "{report:?}");
    report
}

fn check(codec: &str) {
    let server = Server::start(&["--codec", codec, "--connect-after-ms", "20"]);
    let start = server.rss_kib();
    let first = round(&server.url);
    let after_first = server.rss_kib();
    let second = round(&server.url);
    let after_second = server.rss_kib();
    eprintln!(
        "{codec}: VmRSS {start} KiB at start, {after_first} KiB after round 1 ({} requests), {after_second} KiB after round 2 ({} requests); {:.0} B allocated per request",
        first.requests,
        second.requests,
        second.bytes_per_request.unwrap_or(f64::NAN),
    );
    assert!(
        after_second <= after_first + RSS_GROWTH_BOUND_KIB,
        "{codec}: VmRSS grew from {after_first} KiB to {after_second} KiB (bound {RSS_GROWTH_BOUND_KIB} KiB)"
    );
    assert!(
        second.bytes_per_request.is_some(),
        "the server binary counts its allocations"
    );
}

#[test]
fn sixty_four_clients_twenty_lifecycles_twice_umcodec() {
    check("umcodec");
}

#[test]
fn sixty_four_clients_twenty_lifecycles_twice_serde() {
    check("serde");
}
