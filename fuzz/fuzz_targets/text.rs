//! Escaping and unescaping of `Text` on arbitrary bytes (see `logic/text.rs`).
#![no_main]

#[path = "../logic/mod.rs"]
mod logic;

libfuzzer_sys::fuzz_target!(|data: &[u8]| logic::text::run(data));
