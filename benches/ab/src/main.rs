//! The working tree's umcodec against an earlier revision of itself (the
//! *base*), both linked into this one binary, with quick-xml's raw
//! `Reader` beside them as the common reference. Run by `scripts/ab.sh`,
//! which exports the base revision and builds this crate.
//!
//! Why one process: on a shared virtual machine the host's load moves
//! the time of any one run by more than most changes to the decoder do,
//! so two builds timed one after the other compare two host states. Here
//! each round times one batch of each of the three contenders back to
//! back, their order rotated every round, and keeps the ratios of the
//! round: a slowdown longer than a round weighs on all three.
//!
//! What it cannot remove is code placement. The two copies of umcodec sit
//! at different addresses, and on an Intel Xeon (Emerald Rapids) two
//! copies of the *same* source have run up to 4.6 % apart on one message
//! (`scripts/ab.sh HEAD`): a change whose new/base ratio stays within
//! that band is not shown to be a change. Run the base against itself
//! first to see the band of the day.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// One canonical message: its name and bytes.
struct Case {
    name: &'static str,
    bytes: &'static [u8],
}

macro_rules! case {
    ($name:literal) => {
        Case {
            name: $name,
            bytes: include_bytes!(concat!("../../../corpus/valid/canonical_", $name, ".xml")),
        }
    };
}

const CASES: [Case; 6] = [
    case!("get_call_info_request"),
    case!("get_call_info_response"),
    case!("disconnect_phone_call_request"),
    case!("disconnect_phone_call_response"),
    case!("play_on_phone_request"),
    case!("get_phone_call_information_response"),
];

/// Decodes `$bytes` as the typed message `$name` with the crate `$krate`;
/// `Err` holds the error's text.
macro_rules! decode {
    ($krate:ident, $name:expr, $bytes:expr) => {{
        use $krate::*;
        match $name {
            "get_call_info_request" => GetCallInfoRequest::decode($bytes).map(keep),
            "get_call_info_response" => GetCallInfoResponse::decode($bytes).map(keep),
            "disconnect_phone_call_request" => DisconnectPhoneCallRequest::decode($bytes).map(keep),
            "disconnect_phone_call_response" => DisconnectPhoneCallResponse::decode($bytes).map(keep),
            "play_on_phone_request" => PlayOnPhoneRequest::decode($bytes).map(keep),
            "get_phone_call_information_response" => GetPhoneCallInformationResponse::decode($bytes).map(keep),
            other => unreachable!("no decoder for {other}"),
        }
        .map_err(|e| e.to_string())
    }};
}

/// Keeps the decoded message from being optimised away.
fn keep<T>(message: T) {
    black_box(message);
}

/// quick-xml's raw reader over `bytes` to EOF, as `benches/` times it.
fn quick_xml(bytes: &[u8]) -> quick_xml::Result<()> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    loop {
        match reader.read_event()? {
            quick_xml::events::Event::Eof => return Ok(()),
            event => drop(black_box(event)),
        }
    }
}

/// Times `n` runs of contender `which` (0 new, 1 base, 2 quick-xml) on
/// `case`, in ns per run.
fn batch(which: usize, case: &Case, n: u32) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        let bytes = black_box(case.bytes);
        let ok = match which {
            0 => decode!(umcodec, case.name, bytes).is_ok(),
            1 => decode!(umcodec_base, case.name, bytes).is_ok(),
            _ => quick_xml(bytes).is_ok(),
        };
        assert!(ok, "checked before timing");
    }
    start.elapsed().as_secs_f64() * 1e9 / f64::from(n)
}

/// The `q`-quantile (nearest rank) of `v`, which it sorts.
fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
}

fn main() {
    let filter = std::env::args().nth(1).unwrap_or_default();
    let env = |name: &str, default: u64| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let rounds = env("AB_ROUNDS", 3_000) as usize;
    let target = Duration::from_micros(env("AB_BATCH_US", 40));
    println!(
        "{rounds} rounds per message, batches of about {} µs each",
        target.as_micros()
    );
    println!();
    println!("| message | new ns | base ns | quick-xml ns | new / base | quartiles | rounds new faster | new / quick-xml | base / quick-xml |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for case in CASES.iter().filter(|c| c.name.contains(filter.as_str())) {
        if let Err(e) = decode!(umcodec, case.name, case.bytes) {
            panic!("{}: the working tree does not decode it: {e}", case.name);
        }
        if let Err(e) = decode!(umcodec_base, case.name, case.bytes) {
            panic!("{}: the base does not decode it: {e}", case.name);
        }
        quick_xml(case.bytes).expect("quick-xml reads the message");
        // Warm-up, and the batch size from the slowest contender.
        let slowest = (0..3).map(|w| batch(w, case, 1_000)).fold(0.0, f64::max);
        let n = ((target.as_secs_f64() * 1e9 / slowest) as u32).max(1);
        let mut ns = [vec![], vec![], vec![]];
        let (mut new_base, mut new_raw, mut base_raw) = (vec![], vec![], vec![]);
        for round in 0..rounds {
            let mut t = [0.0; 3];
            for k in 0..3 {
                let which = (k + round) % 3;
                t[which] = batch(which, case, n);
            }
            for (v, x) in ns.iter_mut().zip(t) {
                v.push(x);
            }
            new_base.push(t[0] / t[1]);
            new_raw.push(t[0] / t[2]);
            base_raw.push(t[1] / t[2]);
        }
        let faster = new_base.iter().filter(|&&r| r < 1.0).count() as f64 / rounds as f64;
        println!(
            "| {} | {:.0} | {:.0} | {:.0} | {:.3} | {:.3} – {:.3} | {:.0} % | {:.3} | {:.3} |",
            case.name,
            quantile(&mut ns[0], 0.5),
            quantile(&mut ns[1], 0.5),
            quantile(&mut ns[2], 0.5),
            quantile(&mut new_base, 0.5),
            quantile(&mut new_base, 0.25),
            quantile(&mut new_base, 0.75),
            faster * 100.0,
            quantile(&mut new_raw, 0.5),
            quantile(&mut base_raw, 0.5),
        );
    }
}
