//! Structured messages (derived `Arbitrary`, and a generator) through encode and decode (see `logic/roundtrip.rs`).
#![no_main]

#[path = "../logic/mod.rs"]
mod logic;

libfuzzer_sys::fuzz_target!(|data: &[u8]| logic::roundtrip::run(data));
