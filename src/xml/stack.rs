//! A fixed-capacity stack whose storage is not written until it is used.
//!
//! The reader keeps its open elements, namespace bindings and attributes in
//! fixed arrays (no allocation), sized for the largest [`Limits`] a caller
//! may configure. Initialised arrays cost every decode a `memset` of their
//! whole size (3,072 bytes), although a SOAP message uses a few dozen of
//! their slots: 43 of the 141 L1 data misses of a decode of the
//! DisconnectPhoneCall response that starts with its data out of L1, and
//! 94–227 instructions of every decode (docs/performance.md, "Stacks left
//! unwritten").
//! Safe Rust has no array it can leave unwritten, so this module holds one
//! of the crate's three uses of `unsafe` (the others: `xml/chars.rs`,
//! `xml/runs.rs`): two slice views of the slots below `len`, which `push`
//! alone writes.
//!
//! [`Limits`]: super::Limits

use core::mem::MaybeUninit;

/// Up to `N` values of `T`, the first `len` of them written.
#[derive(Clone, Copy)]
pub(crate) struct Stack<T: Copy, const N: usize> {
    /// Invariant: `len <= N`, and `items[..len]` are initialised.
    len: usize,
    items: [MaybeUninit<T>; N],
}

impl<T: Copy, const N: usize> Stack<T, N> {
    /// An empty stack; writes nothing but its length.
    #[inline(always)]
    pub(crate) fn new() -> Self {
        // A constant length would let LLVM build the reader's stacks as one
        // constant, zeros with undefined gaps, which it writes with one
        // `memset` over the gaps too (measured: 2,328 bytes, the first two
        // stacks' slots). A length it cannot see leaves it nothing to merge.
        Stack {
            len: core::hint::black_box(0),
            items: [MaybeUninit::uninit(); N],
        }
    }

    #[inline(always)]
    pub(crate) const fn len(&self) -> usize {
        self.len
    }

    /// Adds `v` on top. The caller checks the configured limit first, which
    /// is never above `N`; past `N` this panics (an index out of bounds),
    /// as the plain arrays did, rather than write outside the storage.
    #[inline(always)]
    pub(crate) fn push(&mut self, v: T) {
        self.items[self.len] = MaybeUninit::new(v);
        self.len += 1;
    }

    /// Keeps the first `len` values (all of them when there are fewer).
    #[inline(always)]
    pub(crate) fn truncate(&mut self, len: usize) {
        if len < self.len {
            self.len = len;
        }
    }

    /// The top value, taken off.
    #[inline(always)]
    pub(crate) fn pop(&mut self) -> Option<T> {
        let top = self.last()?;
        self.len -= 1;
        Some(top)
    }

    #[inline(always)]
    pub(crate) fn last(&self) -> Option<T> {
        self.as_slice().last().copied()
    }

    /// The values pushed and not taken off, the oldest first.
    #[allow(unsafe_code)]
    #[inline(always)]
    pub(crate) fn as_slice(&self) -> &[T] {
        // SAFETY: `len <= N` and `items[..len]` are initialised (the
        // invariant: only `push` raises `len`, by one, after writing the
        // slot). `MaybeUninit<T>` has the size, alignment and layout of
        // `T`, so the first `len` slots read as a `[T]`; the borrow of
        // `self` keeps them alive and unchanged for its lifetime.
        unsafe { core::slice::from_raw_parts(self.items.as_ptr().cast::<T>(), self.len) }
    }

    /// As [`Stack::as_slice`], to change values in place.
    #[allow(unsafe_code)]
    #[inline(always)]
    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as in `as_slice`; the exclusive borrow of `self` makes the
        // returned slice the only access to those slots while it lives, and
        // writing a `T` through it keeps them initialised.
        unsafe { core::slice::from_raw_parts_mut(self.items.as_mut_ptr().cast::<T>(), self.len) }
    }
}

#[cfg(test)]
mod tests {
    use super::Stack;

    #[test]
    fn pushes_pops_and_truncates_in_order() {
        let mut s: Stack<u32, 4> = Stack::new();
        assert_eq!((s.len(), s.as_slice(), s.last()), (0, &[][..], None));
        assert_eq!(s.pop(), None);
        for v in [7, 8, 9] {
            s.push(v);
        }
        assert_eq!(s.as_slice(), &[7, 8, 9]);
        s.as_mut_slice()[1] = 80;
        assert_eq!((s.pop(), s.last()), (Some(9), Some(80)));
        s.truncate(5);
        assert_eq!(s.as_slice(), &[7, 80]);
        s.push(10);
        s.push(11);
        assert_eq!((s.len(), s.as_slice()), (4, &[7, 80, 10, 11][..]));
        s.truncate(1);
        assert_eq!(s.as_slice(), &[7]);
        s.truncate(0);
        assert_eq!((s.len(), s.pop()), (0, None));
    }

    #[test]
    fn a_copy_is_independent() {
        let mut a: Stack<u8, 3> = Stack::new();
        a.push(1);
        let mut b = a;
        b.push(2);
        a.as_mut_slice()[0] = 5;
        assert_eq!((a.as_slice(), b.as_slice()), (&[5][..], &[1, 2][..]));
    }

    #[test]
    fn pushing_past_the_capacity_panics_without_writing() {
        extern crate std;
        let mut s: Stack<u16, 2> = Stack::new();
        s.push(1);
        s.push(2);
        let r = std::panic::catch_unwind(move || {
            let mut s = s;
            s.push(3);
            s
        });
        assert!(r.is_err());
        assert_eq!(s.as_slice(), &[1, 2]);
    }
}
