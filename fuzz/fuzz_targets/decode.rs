//! Arbitrary bytes through every decode entry point (see `logic/decode.rs`).
#![no_main]

#[path = "../logic/mod.rs"]
mod logic;

libfuzzer_sys::fuzz_target!(|data: &[u8]| logic::decode::run(data));
