//! The `umcodec` command: decode envelopes to JSON lines, encode JSON to
//! envelopes. Its interface is documented in docs/cli.md and is a contract
//! scripts depend on: change it only by adding.
//!
//! ```text
//! cargo run --release --example umcodec -- decode [--strict] FILE...
//! cargo run --release --example umcodec -- encode FILE
//! cargo run --release --example umcodec -- --help
//! ```

use std::io::{Read, Write};
use std::process::ExitCode;

use serde_json::Value;
use umcodec::{Encode, Message, Options};

// The JSON mapping is shared with the corpus tests, which check that
// every corpus file decodes to the JSON recorded next to it.
#[path = "../tests/support/json.rs"]
mod json;

const USAGE: &str = "\
usage: umcodec decode [--strict] [--] FILE...
       umcodec encode [--] FILE
       umcodec --help

  decode    print one JSON line per FILE describing the envelope it holds
  encode    read one JSON object (a decode line) and write its envelope
  --strict  accept only the http:// spelling of the Exchange namespaces
  FILE      a path, or - for standard input

exit status: 0 success, 1 an input was rejected, 2 usage error or unreadable file
reference: docs/cli.md";

/// Codes of the program's own errors (the codec's are `ErrorKind::code()`).
mod code {
    pub const USAGE: &str = "usage";
    pub const CANNOT_READ: &str = "cannot_read";
    pub const CANNOT_WRITE: &str = "cannot_write";
    pub const NOT_JSON: &str = "not_json";
    pub const INVALID_JSON_MESSAGE: &str = "invalid_json_message";
}

/// Exit statuses.
const REJECTED: u8 = 1;
const TROUBLE: u8 = 2;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        return usage_error("missing command");
    };
    match command.as_str() {
        "--help" | "-h" | "help" => help(),
        "decode" => match parse(rest, &["--strict"]) {
            Ok(Parsed::Help) => help(),
            Ok(Parsed::Run { flags, files }) if !files.is_empty() => {
                let options = Options::default().with_strict(flags.contains(&"--strict"));
                decode(&files, &options)
            }
            Ok(Parsed::Run { .. }) => usage_error("decode needs at least one FILE"),
            Err(e) => usage_error(&e),
        },
        "encode" => match parse(rest, &[]) {
            Ok(Parsed::Help) => help(),
            Ok(Parsed::Run { files, .. }) if files.len() == 1 => encode(files[0]),
            Ok(Parsed::Run { files, .. }) => {
                usage_error(&format!("encode takes exactly one FILE, got {}", files.len()))
            }
            Err(e) => usage_error(&e),
        },
        other if other.starts_with('-') && other != "-" => usage_error(&format!("unknown option {other:?}")),
        other => usage_error(&format!("unknown command {other:?}")),
    }
}

fn help() -> ExitCode {
    println!("{USAGE}");
    ExitCode::SUCCESS
}

/// One error line on standard error: `WHO: MESSAGE [code]`.
fn error_line(who: &str, message: &str, code: &str) {
    // Keep the order of lines when both streams go to one terminal or file.
    let _ = std::io::stdout().flush();
    eprintln!("{who}: {message} [{code}]");
}

fn usage_error(message: &str) -> ExitCode {
    error_line("umcodec", message, code::USAGE);
    eprintln!("{USAGE}");
    ExitCode::from(TROUBLE)
}

enum Parsed<'a> {
    Help,
    Run { flags: Vec<&'a str>, files: Vec<&'a str> },
}

/// Splits a command's arguments into its flags (from `known`) and files.
/// `-` is a file (standard input); `--` ends the flags; `--help` or `-h`
/// before it wins over everything else.
fn parse<'a>(args: &'a [String], known: &[&str]) -> Result<Parsed<'a>, String> {
    let mut flags = Vec::new();
    let mut files = Vec::new();
    let mut unknown = None;
    let mut only_files = false;
    for a in args {
        let a = a.as_str();
        if only_files || a == "-" || !a.starts_with('-') {
            files.push(a);
        } else if a == "--" {
            only_files = true;
        } else if a == "--help" || a == "-h" {
            return Ok(Parsed::Help);
        } else if known.contains(&a) {
            flags.push(a);
        } else {
            unknown = unknown.or(Some(a));
        }
    }
    match unknown {
        Some(a) => Err(format!("unknown option {a:?}")),
        None => Ok(Parsed::Run { flags, files }),
    }
}

fn read_input(path: &str) -> std::io::Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}

fn decode(files: &[&str], options: &Options) -> ExitCode {
    let mut rejected = false;
    let mut unreadable = false;
    let stdout = std::io::stdout();
    for file in files {
        let bytes = match read_input(file) {
            Ok(b) => b,
            Err(e) => {
                unreadable = true;
                error_line(file, &format!("cannot read: {e}"), code::CANNOT_READ);
                continue;
            }
        };
        match Message::decode_with(&bytes, options) {
            Ok(msg) => {
                let mut line = json::to_json_value(&msg);
                line.insert("file".into(), (*file).into());
                let _ = writeln!(stdout.lock(), "{}", Value::Object(line));
            }
            Err(e) => {
                rejected = true;
                let message = format!("error at byte {}: {}", e.offset(), e.with_input(&bytes).message());
                error_line(file, &message, e.kind().code());
            }
        }
    }
    if unreadable {
        ExitCode::from(TROUBLE)
    } else if rejected {
        ExitCode::from(REJECTED)
    } else {
        ExitCode::SUCCESS
    }
}

fn encode(path: &str) -> ExitCode {
    let bytes = match read_input(path) {
        Ok(b) => b,
        Err(e) => {
            error_line(path, &format!("cannot read: {e}"), code::CANNOT_READ);
            return ExitCode::from(TROUBLE);
        }
    };
    let value: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => {
            error_line(path, &format!("not JSON: {e}"), code::NOT_JSON);
            return ExitCode::from(REJECTED);
        }
    };
    let msg = match json::from_json(&value) {
        Ok(m) => m,
        Err(reason) => {
            error_line(path, &reason, code::INVALID_JSON_MESSAGE);
            return ExitCode::from(REJECTED);
        }
    };
    let encoded = msg.encoded_len().and_then(|n| {
        let mut out = vec![0u8; n];
        msg.encode(&mut out).map(|_| out)
    });
    let out = match encoded {
        Ok(out) => out,
        Err(e) => {
            error_line(path, &format!("cannot encode: {}", e.message()), e.kind().code());
            return ExitCode::from(REJECTED);
        }
    };
    let mut lock = std::io::stdout().lock();
    if let Err(e) = lock.write_all(&out).and_then(|()| lock.flush()) {
        drop(lock);
        error_line(
            "umcodec",
            &format!("cannot write standard output: {e}"),
            code::CANNOT_WRITE,
        );
        return ExitCode::from(TROUBLE);
    }
    ExitCode::SUCCESS
}
