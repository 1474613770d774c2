//! `umcodec-server`: a stand-in for an Exchange server's phone-call
//! endpoints (see http/README.md).

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use umcodec_http::args::{runtime, Arg, Args};
use umcodec_http::server::{serve, signal, CodecChoice, Config};

/// Counts every allocation, for `GET /stats` and `umcodec-load`.
#[global_allocator]
static ALLOC: umcodec_http::alloc::Counting = umcodec_http::alloc::Counting;

const USAGE: &str = "\
usage: umcodec-server [--listen ADDR] [--connect-after-ms N] [--max-calls N]
                      [--keep-ended-ms N] [--max-body BYTES] [--codec umcodec|serde]
                      [--threads N] [--verbose]

  --listen ADDR          address to listen on (default 127.0.0.1:8080; port 0 picks a free one)
  --connect-after-ms N   a placed call reads as Connected after N ms (default 300)
  --max-calls N          most calls the table holds, live and ended (default 100000)
  --keep-ended-ms N      how long an ended call stays readable (default 60000)
  --max-body BYTES       largest request body; larger ones get 413 (default 1048576)
  --codec NAME           umcodec (default) or serde (quick-xml's serde support, for comparison)
  --threads N            tokio worker threads (default: one per core)
  --verbose              one line per request on standard error

POST /EWS/Exchange.asmx       EWS PlayOnPhone, GetPhoneCallInformation, DisconnectPhoneCall
POST /EWS/UM2007Legacy.asmx   UM PlayOnPhone, PlayOnPhoneGreeting, GetCallInfo, Disconnect
GET  /stats                   counters (requests, allocations, calls)
";

fn parse() -> Result<(Config, Option<usize>), String> {
    let mut config = Config::default();
    let mut threads = None;
    let mut args = Args::from_env();
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Opt(name, v) => match name.as_str() {
                "listen" => config.listen = args.value(&name, v)?,
                "connect-after-ms" => config.connect_after = Duration::from_millis(args.value(&name, v)?),
                "max-calls" => config.max_calls = args.value(&name, v)?,
                "keep-ended-ms" => config.keep_ended = Duration::from_millis(args.value(&name, v)?),
                "max-body" => config.max_body = args.value(&name, v)?,
                "threads" => threads = Some(args.value(&name, v)?),
                "codec" => {
                    config.codec = match args.value::<String>(&name, v)?.as_str() {
                        "umcodec" => CodecChoice::Umcodec,
                        "serde" => CodecChoice::Serde,
                        other => return Err(format!("--codec: `{other}` is neither umcodec nor serde")),
                    }
                }
                "verbose" => config.verbose = true,
                "help" => {
                    print!("{USAGE}");
                    std::process::exit(0);
                }
                other => return Err(format!("unknown option --{other}")),
            },
            Arg::Word(w) => return Err(format!("unexpected argument `{w}`")),
        }
    }
    if config.max_calls == 0 {
        return Err("--max-calls must be at least 1".to_owned());
    }
    Ok((config, threads))
}

fn main() -> ExitCode {
    let (config, threads) = match parse() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("umcodec-server: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let rt = match runtime(threads) {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("umcodec-server: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(async {
        let listener = match tokio::net::TcpListener::bind(config.listen).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("umcodec-server: cannot listen on {}: {e}", config.listen);
                return ExitCode::FAILURE;
            }
        };
        let addr = listener.local_addr().unwrap_or(config.listen);
        let mut out = std::io::stdout();
        let _ = writeln!(out, "listening on http://{addr}");
        let _ = out.flush();
        if config.verbose {
            eprintln!(
                "umcodec-server: codec {:?}, connect after {:?}, max {} calls, max body {} bytes",
                config.codec, config.connect_after, config.max_calls, config.max_body
            );
        }
        match serve(listener, &config, signal()).await {
            Ok(()) => {
                if config.verbose {
                    eprintln!("umcodec-server: shut down");
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("umcodec-server: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
