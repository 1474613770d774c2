//! A `no_std`, `alloc`-free user of umcodec: decodes an envelope and
//! encodes it back into a stack buffer.

#![no_std]

use core::panic::PanicInfo;

use umcodec::{Encode, Message};

/// Decodes `len` bytes at `ptr` and re-encodes them into a stack buffer;
/// returns the encoded length, or -1 when the input is not a valid
/// envelope.
///
/// # Safety
/// `ptr` must point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn umcodec_nostd_roundtrip(ptr: *const u8, len: usize) -> isize {
    let input = unsafe { core::slice::from_raw_parts(ptr, len) };
    let mut out = [0u8; 4096];
    match Message::decode(input).and_then(|m| m.encode(&mut out)) {
        Ok(n) => n as isize,
        Err(_) => -1,
    }
}

#[panic_handler]
fn panic(_: &PanicInfo<'_>) -> ! {
    loop {}
}
