//! The one-pass scanner against the xmlparser-based oracle reader on
//! arbitrary bytes (see `logic/scanner.rs`).
#![no_main]

#[path = "../logic/mod.rs"]
mod logic;

libfuzzer_sys::fuzz_target!(|data: &[u8]| logic::scanner::run(data));
