//! `umcodec-client`: runs one call lifecycle against a server (see
//! http/README.md).

use std::process::ExitCode;
use std::time::Duration;

use umcodec_http::args::{Arg, Args};
use umcodec_http::calls::Service;
use umcodec_http::client::Client;

const USAGE: &str = "\
usage: umcodec-client --url URL call --service ews|um --dial NUMBER [--item-id ID]
                      [--poll-ms N] [--timeout-ms N]

Places a call (PlayOnPhone), polls its state (GetPhoneCallInformation or
GetCallInfo) until Connected, disconnects it (DisconnectPhoneCall or
Disconnect) and polls until Disconnected, printing one line per step.
Exit status: 0 on success, 1 with the fault or error response, 2 for a
usage error.

  --url URL        the server, http://HOST:PORT
  --service NAME   ews (/EWS/Exchange.asmx) or um (/EWS/UM2007Legacy.asmx)
  --dial NUMBER    the number to call (DialString)
  --item-id ID     the item to play (EWS ItemId Id, UM entryId); a made-up one by default
  --poll-ms N      pause between polls (default 50)
  --timeout-ms N   longest wait for a state (default 10000)
";

struct Cmd {
    url: String,
    service: Service,
    dial: String,
    item_id: Option<String>,
    poll: Duration,
    timeout: Duration,
}

fn parse() -> Result<Cmd, String> {
    let mut args = Args::from_env();
    let (mut url, mut service, mut dial, mut item_id, mut command) = (None, None, None, None, None);
    let mut poll = Duration::from_millis(50);
    let mut timeout = Duration::from_secs(10);
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Opt(name, v) => match name.as_str() {
                "url" => url = Some(args.value::<String>(&name, v)?),
                "service" => {
                    service = Some(match args.value::<String>(&name, v)?.as_str() {
                        "ews" => Service::Ews,
                        "um" => Service::Um,
                        other => return Err(format!("--service: `{other}` is neither ews nor um")),
                    });
                }
                "dial" => dial = Some(args.value::<String>(&name, v)?),
                "item-id" => item_id = Some(args.value::<String>(&name, v)?),
                "poll-ms" => poll = Duration::from_millis(args.value(&name, v)?),
                "timeout-ms" => timeout = Duration::from_millis(args.value(&name, v)?),
                "help" => {
                    print!("{USAGE}");
                    std::process::exit(0);
                }
                other => return Err(format!("unknown option --{other}")),
            },
            Arg::Word(w) if command.is_none() && w == "call" => command = Some(w),
            Arg::Word(w) => return Err(format!("unexpected argument `{w}`")),
        }
    }
    if command.is_none() {
        return Err("missing the command (call)".to_owned());
    }
    Ok(Cmd {
        url: url.ok_or("missing --url")?,
        service: service.ok_or("missing --service")?,
        dial: dial.ok_or("missing --dial")?,
        item_id,
        poll,
        timeout,
    })
}

fn main() -> ExitCode {
    let cmd = match parse() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("umcodec-client: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("umcodec-client: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(async {
        let mut client = match Client::new(&cmd.url) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("umcodec-client: {e}");
                return ExitCode::from(2);
            }
        };
        let result = client
            .lifecycle(
                cmd.service,
                &cmd.dial,
                cmd.item_id.as_deref(),
                cmd.poll,
                cmd.timeout,
                |line| println!("{line}"),
            )
            .await;
        match result {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                println!("error: {e}");
                eprintln!("umcodec-client: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
