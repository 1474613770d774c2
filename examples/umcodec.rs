//! The `umcodec` command: decode envelopes to JSON lines, encode JSON to
//! envelopes. Its interface is a contract (see CLI_CONTRACT.md): change it
//! only by adding.
//!
//! ```text
//! cargo run --release --example umcodec -- decode [--strict] FILE...
//! cargo run --release --example umcodec -- encode FILE
//! ```

use std::io::{Read, Write};
use std::process::ExitCode;

use serde_json::Value;
use umcodec::{Encode, Message, Options};

// The JSON mapping is shared with the corpus tests, which check that
// every corpus file decodes to the JSON recorded next to it.
#[path = "../tests/support/json.rs"]
mod json;
use json::{from_json, to_json};

const USAGE: &str =
    "usage: umcodec decode [--strict] FILE...\n       umcodec encode FILE\n(FILE may be - for standard input)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("decode") => decode(&args[1..]),
        Some("encode") if args.len() == 2 => encode(&args[1]),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
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

fn decode(args: &[String]) -> ExitCode {
    let mut options = Options::default();
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "--strict" => options.strict = true,
            _ => files.push(a.as_str()),
        }
    }
    if files.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut inputs = Vec::with_capacity(files.len());
    for f in &files {
        match read_input(f) {
            Ok(bytes) => inputs.push(bytes),
            Err(e) => {
                eprintln!("{f}: cannot read: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (file, bytes) in files.iter().zip(&inputs) {
        match Message::decode_with(bytes, &options) {
            Ok(msg) => {
                let _ = writeln!(out, "{}", to_json(&msg));
            }
            Err(e) => {
                failed = true;
                let _ = out.flush();
                eprintln!("{file}: error at byte {}: {}", e.offset(), e.kind());
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn encode(path: &str) -> ExitCode {
    let bytes = match read_input(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: cannot read: {e}");
            return ExitCode::from(2);
        }
    };
    let value: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{path}: not JSON: {e}");
            return ExitCode::from(1);
        }
    };
    let result = from_json(&value).and_then(|msg| {
        let cannot = |e: umcodec::Error| format!("cannot encode: {}", e.kind());
        let mut out = vec![0u8; msg.encoded_len().map_err(cannot)?];
        msg.encode(&mut out).map_err(cannot)?;
        Ok(out)
    });
    match result {
        Ok(out) => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            if lock.write_all(&out).and_then(|()| lock.flush()).is_err() {
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(reason) => {
            eprintln!("{path}: {reason}");
            ExitCode::from(1)
        }
    }
}
