//! The runs of bytes the scanner steps over: XML whitespace, ASCII name
//! characters, attribute values and character data that need no check
//! beyond UTF-8. Each skip returns the first byte at or after `i` that
//! ends the run, or `b.len()`.
//!
//! Two implementations of each, chosen at compile time:
//!
//! - `lanes`, sixteen bytes per step with SSE2, on x86-64 (where every
//!   processor has it): a compare or an unsigned range test per class of
//!   candidate bytes, `movemask` to a bit per byte. Each lane is tested
//!   apart (no carry or borrow crosses lanes, as in SWAR), but the
//!   candidates are a superset of the stop bytes, cheaper to test (all
//!   bytes below `.` in an attribute value, say); a candidate that does
//!   not stop is stepped over.
//! - `words`, eight bytes per step in a general-purpose register (SWAR;
//!   names two words per bounds check, text 64 bytes per step once a run
//!   is long), everywhere else. The tests run both on x86-64, against
//!   byte loops.
//!
//! Callers pass `i <= b.len()` (the scanner's positions never pass the
//! end): the `words` versions add 8 or 64 to `i`.
//!
//! `lanes` holds the crate's third use of `unsafe` (the others:
//! `xml/chars.rs`, `xml/stack.rs`): seven one-line wrappers of SSE2
//! intrinsics, which are `unsafe` to call from code not compiled with
//! `#[target_feature]` although SSE2 is part of the x86-64 baseline (and
//! the load takes a pointer). Safe code does not reach it for these
//! scans, which want the position of the first candidate: LLVM turns a
//! branch-free test of a whole chunk into vector compares (the `words`
//! path's 64-byte step relies on that), but not a mask with a bit per
//! byte (it builds one from shuffles, about 45 instructions a
//! sixteen-byte chunk, no `pmovmskb`), and a `u128` compare of sixteen
//! spaces is two 64-bit ones (13 instructions a chunk against 14 for two
//! SWAR words). Measured on the six canonical messages with
//! `scripts/callgrind.sh` (docs/performance.md, "Sixteen bytes at a
//! time"): 4–9 % fewer instructions a decode.

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
pub(crate) use lanes::{skip_attr_plain, skip_name_chars, skip_plain, skip_space};
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
pub(crate) use words::{skip_attr_plain, skip_name_chars, skip_plain, skip_space};

/// Sixteen bytes per step with SSE2.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod lanes {
    use core::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };

    use crate::xml::chars::{is_xml_space, ATTR_STOP, NAME, NAME_CHAR, TEXT_STOP};

    // Every `unsafe` block below calls an SSE2 intrinsic. The module is
    // compiled only where SSE2 is enabled (its `cfg`), so the instruction
    // exists; the one load reads the sixteen bytes of the array it
    // borrows, and `loadu` needs no alignment.

    /// Sixteen bytes, one per lane.
    #[derive(Clone, Copy)]
    struct V(__m128i);

    #[inline(always)]
    #[allow(unsafe_code)]
    fn load(c: &[u8; 16]) -> V {
        // SAFETY: SSE2 is enabled; the sixteen bytes read are `c`'s.
        V(unsafe { _mm_loadu_si128(c.as_ptr().cast()) })
    }

    /// Lanes equal to `c`, all ones.
    #[inline(always)]
    #[allow(unsafe_code)]
    fn eq(v: V, c: u8) -> V {
        // SAFETY: SSE2 is enabled (the module's `cfg`).
        V(unsafe { _mm_cmpeq_epi8(v.0, _mm_set1_epi8(c as i8)) })
    }

    /// Lanes below `n` (unsigned, `n` at least 1): those `min(_, n - 1)`
    /// leaves as they are.
    #[inline(always)]
    #[allow(unsafe_code)]
    fn below(v: V, n: u8) -> V {
        // SAFETY: SSE2 is enabled (the module's `cfg`).
        V(unsafe { _mm_cmpeq_epi8(_mm_min_epu8(v.0, _mm_set1_epi8((n - 1) as i8)), v.0) })
    }

    /// Lanes above `n` (unsigned, `n` below 255).
    #[inline(always)]
    #[allow(unsafe_code)]
    fn above(v: V, n: u8) -> V {
        // SAFETY: SSE2 is enabled (the module's `cfg`).
        V(unsafe { _mm_cmpeq_epi8(_mm_max_epu8(v.0, _mm_set1_epi8((n + 1) as i8)), v.0) })
    }

    #[inline(always)]
    #[allow(unsafe_code)]
    fn or(a: V, b: V) -> V {
        // SAFETY: SSE2 is enabled (the module's `cfg`).
        V(unsafe { _mm_or_si128(a.0, b.0) })
    }

    /// Every lane or-ed with `c`.
    #[inline(always)]
    #[allow(unsafe_code)]
    fn or_byte(v: V, c: u8) -> V {
        // SAFETY: SSE2 is enabled (the module's `cfg`).
        V(unsafe { _mm_or_si128(v.0, _mm_set1_epi8(c as i8)) })
    }

    /// Bit `k` set when lane `k`'s high bit is (a compare's lanes are all
    /// ones or all zeros).
    #[inline(always)]
    #[allow(unsafe_code)]
    fn mask(v: V) -> u32 {
        // SAFETY: SSE2 is enabled (the module's `cfg`).
        (unsafe { _mm_movemask_epi8(v.0) }) as u32
    }

    /// The first byte at or after `i` for which `stop` holds, or
    /// `b.len()`. `candidates` flags a superset of the stop bytes of a
    /// chunk: a chunk with none is skipped whole, a flagged byte that is
    /// not a stop is stepped over. The last bytes, fewer than sixteen,
    /// go one at a time.
    #[inline(always)]
    fn skip(b: &[u8], mut i: usize, candidates: impl Fn(V) -> u32, stop: impl Fn(u8) -> bool) -> usize {
        while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<16>) {
            let m = candidates(load(chunk));
            if m == 0 {
                i += 16;
                continue;
            }
            i += m.trailing_zeros() as usize;
            if b.get(i).is_none_or(|&c| stop(c)) {
                return i;
            }
            i += 1;
        }
        while let Some(&c) = b.get(i) {
            if stop(c) {
                return i;
            }
            i += 1;
        }
        i
    }

    /// XML whitespace. Most calls find none; a run is mostly spaces
    /// (indentation), so only bytes other than a space are candidates,
    /// and a line end or tab among them is stepped over.
    #[inline(always)]
    pub(crate) fn skip_space(b: &[u8], i: usize) -> usize {
        match b.get(i) {
            Some(&c) if is_xml_space(c) => skip(b, i + 1, |v| !mask(eq(v, b' ')) & 0xFFFF, |c| !is_xml_space(c)),
            _ => i,
        }
    }

    /// ASCII name characters ([`NAME_CHAR`]): once folded to lower case
    /// (`| 0x20`), a byte outside `a`..=`z` is a candidate (digits, `-`,
    /// `.`, `_` are stepped over).
    #[inline(always)]
    pub(crate) fn skip_name_chars(b: &[u8], i: usize) -> usize {
        skip(
            b,
            i,
            |v| {
                let folded = or_byte(v, 0x20);
                mask(or(below(folded, b'a'), above(folded, b'z')))
            },
            |c| NAME[usize::from(c)] & NAME_CHAR == 0,
        )
    }

    /// An attribute value up to a byte of class [`ATTR_STOP`]: bytes below
    /// `.` (controls, quotes, `&` and a few harmless ones), `<` and 0xEF
    /// are candidates.
    #[inline(always)]
    pub(crate) fn skip_attr_plain(b: &[u8], i: usize) -> usize {
        skip(
            b,
            i,
            |v| mask(or(below(v, 0x2E), or(eq(v, b'<'), eq(v, 0xEF)))),
            |c| NAME[usize::from(c)] & ATTR_STOP != 0,
        )
    }

    /// Character data up to a byte of class [`TEXT_STOP`]: bytes below
    /// 0x20 (TAB and LF are stepped over), `<`, `&`, `]` and 0xEF are
    /// candidates.
    #[inline(always)]
    pub(crate) fn skip_plain(b: &[u8], i: usize) -> usize {
        skip(
            b,
            i,
            |v| {
                let markup = or(eq(v, b'<'), or(eq(v, b'&'), eq(v, b']')));
                mask(or(or(below(v, 0x20), eq(v, 0xEF)), markup))
            },
            |c| NAME[usize::from(c)] & TEXT_STOP != 0,
        )
    }
}

/// Eight bytes per step in a general-purpose register (SWAR).
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
mod words {
    use crate::xml::chars::swar::{has_below, has_byte, word, HIGHS, ONES};
    use crate::xml::chars::{is_xml_space, ATTR_STOP, NAME, NAME_CHAR, TEXT_STOP};

    /// The index (0 to 7) of the lowest byte of `mask` (not zero) with a
    /// bit set. For the results of [`has_byte`], [`has_below`] and
    /// [`has_above`] (or several, or-ed), which may flag bytes above a true
    /// hit (a borrow runs upwards) but never below it, that is the first
    /// true hit; for a word XOR a repeated byte, the first byte that
    /// differs.
    #[inline(always)]
    pub(super) const fn first(mask: u64) -> usize {
        (mask.trailing_zeros() / 8) as usize
    }

    /// Non-zero when some byte of `w` is above `n` (`n` below 0x80);
    /// exact per byte.
    #[inline(always)]
    pub(super) const fn has_above(w: u64, n: u8) -> u64 {
        // The high bits are cleared before the add, so no carry crosses
        // a byte; bytes of 0x80 and up are flagged by `| w`.
        (((w & !HIGHS).wrapping_add(ONES * (0x7F - n) as u64)) | w) & HIGHS
    }

    /// The first byte at or after `i` for which `stop` holds, or
    /// `b.len()`, as `lanes::skip` finds it, a word at a time:
    /// `candidates` flags (high bit of each byte) a superset of the stop
    /// bytes of a word, as [`has_byte`], [`has_below`] and [`has_above`]
    /// do. Sixteen bytes per bounds check: the two words come from one
    /// checked slice of known length.
    #[inline(always)]
    fn skip(b: &[u8], mut i: usize, candidates: impl Fn(u64) -> u64, stop: impl Fn(u8) -> bool) -> usize {
        while let Some(pair) = b.get(i..).and_then(<[u8]>::first_chunk::<16>) {
            let (lo, hi) = pair.split_at(8);
            let lo = u64::from_le_bytes(<[u8; 8]>::try_from(lo).unwrap_or([0; 8]));
            let hi = u64::from_le_bytes(<[u8; 8]>::try_from(hi).unwrap_or([0; 8]));
            let at = match (candidates(lo), candidates(hi)) {
                (0, 0) => {
                    i += 16;
                    continue;
                }
                (0, m) => i + 8 + first(m),
                (m, _) => i + first(m),
            };
            if stop(b.get(at).copied().unwrap_or(0)) {
                return at;
            }
            i = at + 1;
        }
        while let Some(w) = word(b, i) {
            let m = candidates(w);
            if m == 0 {
                i += 8;
                continue;
            }
            i += first(m);
            if stop(b.get(i).copied().unwrap_or(0)) {
                return i;
            }
            i += 1;
        }
        while let Some(&c) = b.get(i) {
            if stop(c) {
                return i;
            }
            i += 1;
        }
        i
    }

    /// XML whitespace: most calls find none; runs (indentation) go eight
    /// bytes at a time, jumping to the first byte that is not a plain
    /// space and stepping over it when it is another space character (the
    /// line end that starts an indentation).
    #[inline]
    pub(crate) fn skip_space(b: &[u8], mut i: usize) -> usize {
        const SPACES: u64 = u64::from_le_bytes(*b"        ");
        match b.get(i) {
            Some(b' ') => {}
            // A line end (or tab) ahead of an indentation: stepped over
            // here, so that the words below start with the spaces.
            Some(&c) if is_xml_space(c) => i += 1,
            _ => return i,
        }
        while let Some(w) = word(b, i) {
            let other = w ^ SPACES;
            if other == 0 {
                i += 8;
                continue;
            }
            i += first(other);
            if !b.get(i).copied().is_some_and(is_xml_space) {
                return i;
            }
            i += 1;
        }
        while b.get(i).copied().is_some_and(is_xml_space) {
            i += 1;
        }
        i
    }

    /// ASCII name characters: once letters are folded to lower case
    /// (`| 0x20`), a byte outside `a`..=`z` is a candidate; the scan jumps
    /// to the first one and steps over it when it is a digit, `-`, `.` or
    /// `_`.
    #[inline]
    pub(crate) fn skip_name_chars(b: &[u8], i: usize) -> usize {
        const FOLD: u64 = 0x2020_2020_2020_2020;
        skip(
            b,
            i,
            |w| {
                let folded = w | FOLD;
                has_below(folded, b'a') | has_above(folded, b'z')
            },
            |c| NAME[usize::from(c)] & NAME_CHAR == 0,
        )
    }

    /// An attribute value: a word with no byte below `.` (0x2E: controls,
    /// quotes, `&` and a few harmless punctuation bytes), no `<` and no
    /// 0xEF holds no stop byte. Otherwise the scan jumps to the first
    /// candidate and steps over it when it is one of the harmless bytes.
    #[inline]
    pub(crate) fn skip_attr_plain(b: &[u8], mut i: usize) -> usize {
        while let Some(w) = word(b, i) {
            let candidates = has_below(w, 0x2E) | has_byte(w, b'<') | has_byte(w, 0xEF);
            if candidates == 0 {
                i += 8;
                continue;
            }
            i += first(candidates);
            if b.get(i).is_none_or(|&c| NAME[usize::from(c)] & ATTR_STOP != 0) {
                return i;
            }
            i += 1;
        }
        while b.get(i).is_some_and(|&c| NAME[usize::from(c)] & ATTR_STOP == 0) {
            i += 1;
        }
        i
    }

    /// Character data: a word with no byte below 0x20, no `<`, `&`, `]`
    /// and no 0xEF holds no stop byte; TAB and LF are candidates that are
    /// stepped over. After four plain words in a row the run is a long
    /// value (base64, a message body), which goes on 64 bytes at a time.
    #[inline]
    pub(crate) fn skip_plain(b: &[u8], mut i: usize) -> usize {
        let mut plain_words = 0;
        while let Some(w) = word(b, i) {
            let candidates =
                has_below(w, 0x20) | has_byte(w, b'<') | has_byte(w, b'&') | has_byte(w, b']') | has_byte(w, 0xEF);
            if candidates == 0 {
                i += 8;
                plain_words += 1;
                if plain_words == 4 {
                    i = skip_plain_chunks(b, i);
                }
                continue;
            }
            i += first(candidates);
            if b.get(i).is_none_or(|&c| NAME[usize::from(c)] & TEXT_STOP != 0) {
                return i;
            }
            i += 1;
        }
        while b.get(i).is_some_and(|&c| NAME[usize::from(c)] & TEXT_STOP == 0) {
            i += 1;
        }
        i
    }

    /// Long runs of character data 64 bytes at a time, with a branch-free
    /// test that compiles to vector compares; returns the start of the
    /// first chunk that may hold a stop byte. Apart, and not inlined, so
    /// that short values do not pay for it.
    #[inline(never)]
    fn skip_plain_chunks(b: &[u8], mut i: usize) -> usize {
        const fn stop(c: u8) -> bool {
            (c < 0x20) & (c != b'\t') & (c != b'\n') | (c == b'<') | (c == b'&') | (c == b']') | (c == 0xEF)
        }
        while let Some(chunk) = b.get(i..i + 64) {
            let mut any = 0u8;
            for &c in chunk {
                any |= u8::from(stop(c));
            }
            if any != 0 {
                break;
            }
            i += 64;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::chars::{is_xml_space, ATTR_STOP, NAME, NAME_CHAR, TEXT_STOP};

    type Skip = fn(&[u8], usize) -> usize;
    /// A skip's name, itself, and the bytes that end its run.
    type Case = (&'static str, Skip, fn(u8) -> bool);

    /// The byte loop a skip must agree with: the first byte at or after
    /// `i` for which `ends` holds.
    fn slow(b: &[u8], mut i: usize, ends: impl Fn(u8) -> bool) -> usize {
        while i < b.len() && !ends(b[i]) {
            i += 1;
        }
        i
    }

    /// Every implementation of each skip (the build's own first), with the
    /// bytes that end its run.
    fn cases() -> [Case; 8] {
        let space: fn(u8) -> bool = |c| !is_xml_space(c);
        let name: fn(u8) -> bool = |c| NAME[usize::from(c)] & NAME_CHAR == 0;
        let attr: fn(u8) -> bool = |c| NAME[usize::from(c)] & ATTR_STOP != 0;
        let text: fn(u8) -> bool = |c| NAME[usize::from(c)] & TEXT_STOP != 0;
        [
            ("skip_space", skip_space, space),
            ("skip_name_chars", skip_name_chars, name),
            ("skip_attr_plain", skip_attr_plain, attr),
            ("skip_plain", skip_plain, text),
            ("words::skip_space", words::skip_space, space),
            ("words::skip_name_chars", words::skip_name_chars, name),
            ("words::skip_attr_plain", words::skip_attr_plain, attr),
            ("words::skip_plain", words::skip_plain, text),
        ]
    }

    /// Each skip stops exactly where a byte loop does: every byte value,
    /// at every position of a first and second sixteen-byte chunk, of a
    /// word and of the tail, after runs of the bytes each skip steps over
    /// (spaces and line ends, name characters with digits, `-`, `.` and
    /// `_`, punctuation below `.`, TAB and LF in text), from several
    /// starts, and at the end of the input.
    #[test]
    fn skips_stop_where_a_byte_loop_does() {
        let bases: [&[u8; 40]; 5] = [
            b"\n   \t       \r\n                          ",
            b"abcdefghij_KLM-N.9pqrstuvwx0yz.AB_CD-EFG",
            b"urn:a-b.c(d)e,f+g*h$i%j!http://x/y?z=1#w",
            b"plain text\twith a tab\nand a line end, ok",
            b"                                        ",
        ];
        for (what, skip, ends) in cases() {
            for base in bases {
                for c in 0..=255u8 {
                    for at in 0..base.len() {
                        let mut b = *base;
                        b[at] = c;
                        for start in 0..4 {
                            assert_eq!(
                                skip(&b, start),
                                slow(&b, start, ends),
                                "{what}: {c:#x} at {at} from {start}"
                            );
                        }
                        // Cut inputs: the run may reach the end.
                        for len in [at + 1, base.len() - 1] {
                            assert_eq!(
                                skip(&b[..len], 0),
                                slow(&b[..len], 0, ends),
                                "{what}: {c:#x} at {at}, {len} bytes"
                            );
                        }
                    }
                }
                assert_eq!(skip(base, base.len()), base.len(), "{what}: at the end");
                assert_eq!(skip(base, base.len() + 1), base.len() + 1, "{what}: past the end");
            }
            assert_eq!(skip(b"", 0), 0, "{what}: empty");
        }
    }

    /// Character data in long runs: the 64-byte chunks `words::skip_plain`
    /// switches to after four plain words and the tail after them, many
    /// chunks of `lanes`, with TAB and LF (candidates that do not stop)
    /// among the plain bytes; every byte value at every position.
    #[test]
    fn text_runs_stop_where_a_byte_loop_does() {
        let text: fn(u8) -> bool = |c| NAME[usize::from(c)] & TEXT_STOP != 0;
        let mut base = [0u8; 160];
        for (k, b) in (0u8..).zip(base.iter_mut()) {
            *b = match k % 23 {
                5 => b'\n',
                17 => b'\t',
                _ => b'A' + k % 26,
            };
        }
        for skip in [skip_plain as Skip, words::skip_plain] {
            for c in 0..=255u8 {
                for at in 0..base.len() {
                    let mut t = base;
                    t[at] = c;
                    for start in [0, 1, 7] {
                        for len in [t.len(), 100, 61] {
                            let t = &t[..len];
                            assert_eq!(skip(t, start), slow(t, start, text), "{c:#x} at {at}, length {len}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn swar_above_is_exact() {
        for n in [b'z', 0x20, 0] {
            for c in 0..=255u8 {
                let w = u64::from_le_bytes([b'a', c, 0x7F, c, b'z', 0x80, c, 0]);
                let flags = words::has_above(w, n);
                for (k, byte) in w.to_le_bytes().into_iter().enumerate() {
                    assert_eq!(flags >> (8 * k + 7) & 1 == 1, byte > n, "byte {byte:#x} above {n:#x}");
                }
            }
        }
    }

    #[test]
    fn name_chars_end_at_a_colon() {
        assert_eq!(skip_name_chars(b"ab:c", 0), 2);
        assert_eq!(words::skip_name_chars(b"ab:c", 0), 2);
    }
}
