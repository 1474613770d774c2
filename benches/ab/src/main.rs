//! The working tree's umcodec against an earlier revision of itself (the
//! *base*), both linked into this one binary, with quick-xml's raw
//! `Reader` beside them as the common reference. Run by `scripts/ab.sh`,
//! which exports the base revision and builds this crate.
//!
//! Why one process: on a shared virtual machine the host's load moves
//! the time of any one run by more than most changes to the decoder do,
//! so two builds timed one after the other compare two host states. Here
//! each round times one batch of each of the three contenders back to
//! back, in each of the six orders in turn, and keeps the ratios of the
//! round: a slowdown longer than a round weighs on all three.
//!
//! What it cannot remove is that the two copies are two builds, at two
//! places in the binary: the same source has come out a few percent
//! apart on one message (see docs/performance.md). Run the base against itself
//! first (`scripts/ab.sh HEAD` on a clean tree) to see the band of the
//! day; a change whose new/base ratio stays within it is not shown to be
//! a change.

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

/// A contender: reads the bytes once, `false` if it fails.
type Run = fn(&[u8]) -> bool;

/// The typed decoder of the message `name` in the crate `$krate`, as a
/// [`Run`] (chosen once per message, so that nothing but the decode is
/// in the timed loop).
macro_rules! decoder {
    ($krate:ident, $name:expr) => {{
        use $krate::*;
        let run: Run = match $name {
            "get_call_info_request" => |b| keep(GetCallInfoRequest::decode(b)),
            "get_call_info_response" => |b| keep(GetCallInfoResponse::decode(b)),
            "disconnect_phone_call_request" => |b| keep(DisconnectPhoneCallRequest::decode(b)),
            "disconnect_phone_call_response" => |b| keep(DisconnectPhoneCallResponse::decode(b)),
            "play_on_phone_request" => |b| keep(PlayOnPhoneRequest::decode(b)),
            "get_phone_call_information_response" => |b| keep(GetPhoneCallInformationResponse::decode(b)),
            other => unreachable!("no decoder for {other}"),
        };
        run
    }};
}

/// Keeps the decoded message from being optimised away.
fn keep<T, E>(result: Result<T, E>) -> bool {
    black_box(result).is_ok()
}

/// quick-xml's raw reader over `bytes` to EOF, every event kept.
fn quick_xml(bytes: &[u8]) -> bool {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return true,
            Ok(event) => drop(black_box(event)),
            Err(_) => return false,
        }
    }
}

/// Times `n` runs of `run` on `bytes`, after one untimed run (so that no
/// contender starts its batch with the code the one before it evicted),
/// in ns per run.
fn batch(run: Run, bytes: &[u8], n: u32) -> f64 {
    assert!(run(black_box(bytes)), "checked before timing");
    let start = Instant::now();
    for _ in 0..n {
        run(black_box(bytes));
    }
    start.elapsed().as_secs_f64() * 1e9 / f64::from(n)
}

/// The `q`-quantile (nearest rank) of `v`, which it sorts.
fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
}

/// The six orders of the three contenders: each follows each other one
/// equally often.
const ORDERS: [[usize; 3]; 6] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];

fn main() {
    let filter = std::env::args().nth(1).unwrap_or_default();
    let env = |name: &str, default: u64| match std::env::var(name) {
        Ok(v) => v
            .parse::<u64>()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {v:?}")),
        Err(_) => default,
    };
    let rounds = env("AB_ROUNDS", 3_000).max(1) as usize;
    let target = Duration::from_micros(env("AB_BATCH_US", 40).max(1));
    println!(
        "{rounds} rounds per message, batches of about {} µs each",
        target.as_micros()
    );
    println!();
    println!("| message | new ns | base ns | quick-xml ns | new / base | quartiles | rounds new faster | new / quick-xml | base / quick-xml |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for case in CASES.iter().filter(|c| c.name.contains(filter.as_str())) {
        let runs: [Run; 3] = [
            decoder!(umcodec, case.name),
            decoder!(umcodec_base, case.name),
            quick_xml,
        ];
        for (run, who) in runs.iter().zip(["the working tree", "the base", "quick-xml"]) {
            assert!(run(case.bytes), "{}: {who} does not read it", case.name);
        }
        // Warm-up, and the batch size from the slowest contender.
        let slowest = runs.iter().map(|&r| batch(r, case.bytes, 1_000)).fold(0.0, f64::max);
        let n = ((target.as_secs_f64() * 1e9 / slowest) as u32).max(1);
        let mut ns = [vec![], vec![], vec![]];
        let (mut new_base, mut new_raw, mut base_raw) = (vec![], vec![], vec![]);
        for round in 0..rounds {
            let mut t = [0.0; 3];
            for which in ORDERS[round % ORDERS.len()] {
                t[which] = batch(runs[which], case.bytes, n);
            }
            for (v, x) in ns.iter_mut().zip(t) {
                v.push(x);
            }
            new_base.push(t[0] / t[1]);
            new_raw.push(t[0] / t[2]);
            base_raw.push(t[1] / t[2]);
        }
        let faster = new_base.iter().filter(|&&r| r < 1.0).count() as f64 / rounds as f64;
        // Times are medians of the batches' ns, ratios medians of the
        // rounds' ratios (not the ratio of two medians).
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
