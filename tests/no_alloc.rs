//! Proves that decoding and encoding allocate nothing: a counting global
//! allocator watches this thread while every valid corpus file is decoded
//! (lenient and strict), encoded into a slice, measured and re-decoded.

mod support;

use umcodec::{Encode, Message, Options};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;

use counting_alloc::allocations_during;

#[test]
fn the_counter_sees_allocations() {
    // The proof below is only as good as the counter.
    let n = allocations_during(|| {
        let v = std::hint::black_box(vec![1u8; 16]);
        drop(v);
    });
    assert_eq!(n, 1);
}

#[test]
fn decode_and_encode_allocate_nothing() {
    let files = support::corpus_files("valid");
    assert!(!files.is_empty());
    let mut buf = vec![0u8; 1 << 16];
    let strict = Options::strict();
    for (path, bytes) in &files {
        let mut total = 0;
        let n = allocations_during(|| {
            let m = Message::decode(bytes).expect("valid corpus file");
            let _ = std::hint::black_box(Message::decode_with(bytes, &strict));
            let len = m.encoded_len().unwrap();
            let written = m.encode(&mut buf).unwrap();
            assert_eq!(len, written);
            let again = Message::decode(&buf[..written]).unwrap();
            assert!(again == m);
            // What servers ask of a decoded message allocates nothing either.
            std::hint::black_box(m.soap_action());
            if let Message::Fault(f) = &m {
                std::hint::black_box(f.typed_detail());
            }
            total = written;
        });
        assert_eq!(n, 0, "{}: {n} allocations", path.display());
        assert!(total > 0);
    }
}

#[test]
fn rejecting_allocates_nothing() {
    for (path, bytes) in support::corpus_files("invalid") {
        let n = allocations_during(|| {
            let e = Message::decode(&bytes).err();
            std::hint::black_box(e);
        });
        assert_eq!(n, 0, "{}: {n} allocations", path.display());
    }
}
