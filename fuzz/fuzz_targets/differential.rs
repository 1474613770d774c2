//! The codec's XML reader against roxmltree on arbitrary bytes (see `logic/differential.rs`).
#![no_main]

#[path = "../logic/mod.rs"]
mod logic;

libfuzzer_sys::fuzz_target!(|data: &[u8]| logic::differential::run(data));
