//! umcodec's decode against quick-xml's raw `Reader`, timed in alternating
//! pairs of short batches, for a time ratio a noisy host tilts less.
//!
//! Criterion times each function for seconds before it moves on to the
//! next, so on a shared virtual machine a slowdown of the host that lasts
//! seconds lands on one contender and not the other: full runs of the same
//! code have put the DisconnectPhoneCall response anywhere from 0.96× to
//! 1.42× the raw reader's time, with the `memchr` floor itself moving by
//! 3×. Here each round times one batch of umcodec decodes and one batch of
//! raw-reader passes over the same bytes, back to back (the order swapped
//! every round), and keeps the ratio of the two: a slowdown longer than a
//! round weighs on both sides of it. Not alike, though: on a busy host
//! umcodec has been measured losing more than the raw reader (1.20×
//! against 1.03–1.05× quiet, on the DisconnectPhoneCall response), so
//! runs are compared only when their ns per message show the same state
//! of the host. Reported per message: the median of the rounds' ratios
//! with its quartiles, the share of rounds in which umcodec was faster,
//! and each side's median time per message.
//!
//! ```text
//! cargo bench -p umcodec-benches --bench paired [-- FILTER]
//! ```
//!
//! FILTER keeps the messages whose name contains it. `PAIRED_BATCH_US`
//! sets the time one batch aims at, in microseconds (default 40). The
//! functions timed are those of `benches/decode.rs` (`umcodec` and
//! `quick_xml`), checked the same way before anything is timed. A run of
//! all messages also writes its rows to `paired.json` in criterion's
//! folder (`target/criterion/` unless `CRITERION_HOME` or
//! `CARGO_TARGET_DIR` moves it), so that `scripts/bench_table.py` puts
//! them beside criterion's ratios of the same `cargo bench` run.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use umcodec::{
    DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, GetCallInfoRequest, GetCallInfoResponse,
    GetPhoneCallInformationResponse, Message, PlayOnPhoneRequest,
};
use umcodec_benches::{decode as peer, Case, CASES};

/// Rounds per message: each is two batches of about [`BATCH`].
const ROUNDS: usize = 2_000;
/// The time one batch aims at by default (`PAIRED_BATCH_US` sets
/// another): short against the host's slowdowns, long against the timer's
/// resolution and the cost of reading it.
const BATCH: Duration = Duration::from_micros(40);

/// Times `run` `n` times over.
fn batch(n: u32, run: &impl Fn()) -> Duration {
    let start = Instant::now();
    for _ in 0..n {
        run();
    }
    start.elapsed()
}

/// The `q`-quantile of sorted `v` (nearest rank).
fn quantile(v: &[f64], q: f64) -> f64 {
    let i = ((v.len() - 1) as f64 * q).round() as usize;
    v[i]
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

/// Checks umcodec's typed decode of `case` as `benches/decode.rs` does,
/// then times it against the raw reader and prints one table row.
fn pair<'a, T, D>(case: &Case, target: Duration, decode: D) -> Row
where
    D: Fn(&'a [u8]) -> umcodec::Result<T>,
    T: Into<Message<'a>>,
{
    umcodec_benches::check_decode(case);
    let bytes: &'a [u8] = case.bytes;
    let input = case.text();
    let m: Message<'_> = decode(bytes).expect("umcodec decodes the seed").into();
    umcodec_benches::check_typed(case, &m);
    let ours = || {
        black_box(decode(black_box(bytes)).expect("decodes"));
    };
    let raw = || {
        black_box(peer::quick_xml(black_box(input), |_| {}).expect("reads"));
    };

    // Warm-up, and the batch size from the slower side's warm time.
    let probe = 1_000;
    let slower = batch(probe, &ours).max(batch(probe, &raw)).max(batch(probe, &ours));
    let per = slower.as_secs_f64() / f64::from(probe);
    let n = ((target.as_secs_f64() / per) as u32).max(1);

    let mut ratios = Vec::with_capacity(ROUNDS);
    let mut ours_ns = Vec::with_capacity(ROUNDS);
    let mut raw_ns = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let (a, b) = if round % 2 == 0 {
            let a = batch(n, &ours);
            (a, batch(n, &raw))
        } else {
            let b = batch(n, &raw);
            (batch(n, &ours), b)
        };
        let (a, b) = (a.as_secs_f64(), b.as_secs_f64());
        ratios.push(a / b);
        ours_ns.push(a * 1e9 / f64::from(n));
        raw_ns.push(b * 1e9 / f64::from(n));
    }
    let faster = ratios.iter().filter(|&&r| r < 1.0).count() as f64 / ROUNDS as f64;
    let (ratios, ours_ns, raw_ns) = (sorted(ratios), sorted(ours_ns), sorted(raw_ns));
    let row = Row {
        message: case.name,
        per_batch: n,
        ours_ns: quantile(&ours_ns, 0.5),
        raw_ns: quantile(&raw_ns, 0.5),
        ratio: quantile(&ratios, 0.5),
        q1: quantile(&ratios, 0.25),
        q3: quantile(&ratios, 0.75),
        faster,
    };
    println!(
        "| {} | {} | {:.0} | {:.0} | {:.3} | {:.3} – {:.3} | {:.0} % |",
        row.message,
        row.per_batch,
        row.ours_ns,
        row.raw_ns,
        row.ratio,
        row.q1,
        row.q3,
        row.faster * 100.0,
    );
    row
}

/// One message's result.
struct Row {
    message: &'static str,
    per_batch: u32,
    ours_ns: f64,
    raw_ns: f64,
    ratio: f64,
    q1: f64,
    q3: f64,
    /// Share of rounds in which umcodec was faster.
    faster: f64,
}

/// Where a full run keeps the results beside criterion's, for
/// `scripts/bench_table.py`: `paired.json` in criterion's folder, found as
/// criterion 0.7 finds it (`CRITERION_HOME`, else `criterion` in
/// `CARGO_TARGET_DIR`, else in the target folder `cargo metadata` names,
/// which `--target` does not move), when this binary runs from cargo's
/// `deps` folder and that folder exists. A copy run elsewhere, as
/// `scripts/layouts.sh` does, writes nothing.
fn results_path() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    if exe.parent()?.file_name()? != "deps" {
        return None;
    }
    let criterion = if let Some(home) = std::env::var_os("CRITERION_HOME") {
        PathBuf::from(home)
    } else if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        PathBuf::from(target).join("criterion")
    } else {
        cargo_target_directory()?.join("criterion")
    };
    criterion.is_dir().then(|| criterion.join("paired.json"))
}

/// The target folder of `cargo metadata`, as criterion reads it (`CARGO`
/// is set when cargo runs a bench).
fn cargo_target_directory() -> Option<PathBuf> {
    let out = std::process::Command::new(std::env::var_os("CARGO")?)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .ok()?;
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    meta.get("target_directory")?.as_str().map(PathBuf::from)
}

/// The rows as JSON (by hand: the numbers and the crate's own message
/// names need no escaping).
fn json(rows: &[Row], target: Duration) -> String {
    let mut out = format!(
        "{{\n  \"rounds\": {ROUNDS},\n  \"batch_us\": {},\n  \"messages\": [\n",
        target.as_micros()
    );
    for (i, r) in rows.iter().enumerate() {
        out.push_str(&format!(
            "    {{\"message\": \"{}\", \"per_batch\": {}, \"umcodec_ns\": {:.1}, \"raw_ns\": {:.1}, \
             \"ratio\": {:.4}, \"q1\": {:.4}, \"q3\": {:.4}, \"faster\": {:.4}}}{}\n",
            r.message,
            r.per_batch,
            r.ours_ns,
            r.raw_ns,
            r.ratio,
            r.q1,
            r.q3,
            r.faster,
            if i + 1 < rows.len() { "," } else { "" },
        ));
    }
    out.push_str("  ]\n}\n");
    out
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters.
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_default();
    let target = std::env::var("PAIRED_BATCH_US")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(BATCH, Duration::from_micros);
    println!(
        "{ROUNDS} rounds per message, batches of about {} µs each side",
        target.as_micros()
    );
    println!();
    println!("| message | decodes per batch | umcodec ns | quick-xml raw ns | ratio (median) | quartiles | rounds umcodec faster |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut rows = Vec::new();
    for case in CASES.iter().filter(|c| c.name.contains(filter.as_str())) {
        rows.push(match case.name {
            "get_call_info_request" => pair(case, target, GetCallInfoRequest::decode),
            "get_call_info_response" => pair(case, target, GetCallInfoResponse::decode),
            "disconnect_phone_call_request" => pair(case, target, DisconnectPhoneCallRequest::decode),
            "disconnect_phone_call_response" => pair(case, target, DisconnectPhoneCallResponse::decode),
            "play_on_phone_request" => pair(case, target, PlayOnPhoneRequest::decode),
            "get_phone_call_information_response" => pair(case, target, GetPhoneCallInformationResponse::decode),
            other => unreachable!("no decoder for {other}"),
        });
    }
    // Only a whole run stands for the run: a filtered one leaves the
    // last whole run's results alone.
    if filter.is_empty() {
        if let Some(path) = results_path() {
            // Written whole or not at all: a run cut short leaves no half
            // file for the table script to read.
            let part = path.with_extension("json.part");
            match std::fs::write(&part, json(&rows, target)).and_then(|()| std::fs::rename(&part, &path)) {
                Ok(()) => println!("\nresults written to {}", path.display()),
                Err(e) => eprintln!("paired: cannot write {}: {e}", path.display()),
            }
        }
    }
}
