//! `umcodec-load`: N concurrent clients, M call lifecycles each (see
//! http/README.md).

use std::process::ExitCode;
use std::time::Duration;

use umcodec_http::args::{runtime, Arg, Args};
use umcodec_http::load::{run, LoadConfig, Mix};

const USAGE: &str = "\
usage: umcodec-load --url URL --clients N --calls M [--service ews|um|both]
                    [--poll-ms N] [--timeout-ms N] [--threads N]

N concurrent clients, each on its own keep-alive connection, each running
M whole call lifecycles (place, poll until Connected, disconnect, poll until
Disconnected). Prints requests/s, p50/p99/max latency, the error count and,
when the server counts its allocations, bytes and allocations per request.
Exit status 1 on any error. Start the server with --connect-after-ms 0 to
measure the codec and the HTTP stack rather than the wait for an answer.

  --service NAME   ews, um or both (alternating; default)
  --poll-ms N      pause between polls of a call's state (default 0)
  --timeout-ms N   longest wait for a state (default 30000)
  --threads N      tokio worker threads (default: one per core)
";

fn parse() -> Result<(LoadConfig, Option<usize>), String> {
    let mut args = Args::from_env();
    let mut url = None;
    let (mut clients, mut calls) = (None, None);
    let mut mix = Mix::Both;
    let mut poll = Duration::ZERO;
    let mut timeout = Duration::from_secs(30);
    let mut threads = None;
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Opt(name, v) => match name.as_str() {
                "url" => url = Some(args.value::<String>(&name, v)?),
                "clients" => clients = Some(args.value::<usize>(&name, v)?),
                "calls" => calls = Some(args.value::<usize>(&name, v)?),
                "service" => {
                    mix = match args.value::<String>(&name, v)?.as_str() {
                        "ews" => Mix::Ews,
                        "um" => Mix::Um,
                        "both" => Mix::Both,
                        other => return Err(format!("--service: `{other}` is not ews, um or both")),
                    }
                }
                "poll-ms" => poll = Duration::from_millis(args.value(&name, v)?),
                "timeout-ms" => timeout = Duration::from_millis(args.value(&name, v)?),
                "threads" => threads = Some(args.value(&name, v)?),
                "help" => {
                    print!("{USAGE}");
                    std::process::exit(0);
                }
                other => return Err(format!("unknown option --{other}")),
            },
            Arg::Word(w) => return Err(format!("unexpected argument `{w}`")),
        }
    }
    let clients = clients.ok_or("missing --clients")?;
    if clients == 0 {
        return Err("--clients must be at least 1".to_owned());
    }
    Ok((
        LoadConfig {
            url: url.ok_or("missing --url")?,
            clients,
            calls: calls.ok_or("missing --calls")?,
            mix,
            poll,
            timeout,
        },
        threads,
    ))
}

fn main() -> ExitCode {
    let (config, threads) = match parse() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("umcodec-load: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let rt = match runtime(threads) {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("umcodec-load: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let report = match rt.block_on(run(&config)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("umcodec-load: {e}");
            return ExitCode::FAILURE;
        }
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "codec={} clients={} calls={} requests={} errors={} seconds={:.3} requests_per_second={:.0} p50_ms={:.3} p99_ms={:.3} max_ms={:.3} bytes_per_request={} allocations_per_request={}",
        report.codec.as_deref().unwrap_or("?"),
        config.clients,
        config.calls,
        report.requests,
        report.errors,
        report.elapsed.as_secs_f64(),
        report.requests_per_second(),
        ms(report.p50),
        ms(report.p99),
        ms(report.max),
        report.bytes_per_request.map_or("-".to_owned(), |b| format!("{b:.0}")),
        report.allocations_per_request.map_or("-".to_owned(), |a| format!("{a:.1}")),
    );
    if let Some(e) = &report.first_error {
        eprintln!("umcodec-load: {} error(s); first: {e}", report.errors);
    }
    if report.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
