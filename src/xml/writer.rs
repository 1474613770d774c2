//! Output: the [`Sink`] trait with its three destinations (a caller slice,
//! `core::fmt::Write`, `std::io::Write`) plus a byte counter, and the
//! escaping rules that make every value survive a round trip.

use core::fmt;

use super::chars::swar;
use super::text::{Chunk, Text};
use crate::error::{Error, ErrorKind, Result};

/// Where encoded bytes go: what [`Encode::write_to`] writes into.
/// Encoders write only whole UTF-8 strings, in order; an error from the
/// sink stops the encoding and is returned as is.
///
/// The crate provides [`SliceSink`] (a caller buffer), [`FmtSink`]
/// (`core::fmt::Write`), `IoSink` (`std::io::Write`, with the `std`
/// feature) and [`CountSink`] (bytes only); [`Encode`]'s methods wrap
/// them. Implement it to write somewhere else without an intermediate
/// buffer:
///
/// ```
/// use umcodec::xml::Sink;
/// use umcodec::{Encode, GetCallInfoRequest, Text};
///
/// /// Hashes the envelope as it is written (FNV-1a).
/// struct Fnv(u64);
///
/// impl Sink for Fnv {
///     fn write_str(&mut self, s: &str) -> umcodec::Result<()> {
///         for b in s.bytes() {
///             self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
///         }
///         Ok(())
///     }
/// }
///
/// let req = GetCallInfoRequest { call_id: Text::new("MDlkZjllZGM=") };
/// let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
/// req.write_to(&mut hash)?;
/// assert_ne!(hash.0, 0xcbf2_9ce4_8422_2325);
/// # Ok::<_, umcodec::Error>(())
/// ```
///
/// [`Encode::write_to`]: crate::Encode::write_to
/// [`Encode`]: crate::Encode
pub trait Sink {
    /// Appends `s`.
    ///
    /// # Errors
    /// The destination failed.
    fn write_str(&mut self, s: &str) -> Result<()>;

    /// Appends ASCII text the encoder formatted itself (the digits of a
    /// number and what follows them). Sinks that store bytes take them as
    /// they are; the default goes through [`Sink::write_str`].
    ///
    /// # Errors
    /// The destination failed.
    #[doc(hidden)]
    fn write_ascii(&mut self, ascii: &[u8]) -> Result<()> {
        // Only ASCII reaches here, so this never drops anything.
        debug_assert!(ascii.is_ascii(), "Sink::write_ascii takes ASCII only");
        self.write_str(core::str::from_utf8(ascii).unwrap_or(""))
    }
}

impl<T: Sink + ?Sized> Sink for &mut T {
    #[inline]
    fn write_str(&mut self, s: &str) -> Result<()> {
        (**self).write_str(s)
    }

    #[inline]
    fn write_ascii(&mut self, ascii: &[u8]) -> Result<()> {
        (**self).write_ascii(ascii)
    }
}

/// Writes into a caller buffer (what [`Encode::encode`] uses). Running out
/// of room is not reported at once: the sink keeps counting so that
/// [`SliceSink::finish`] can say how many bytes the whole encoding needs.
///
/// ```
/// use umcodec::xml::SliceSink;
/// use umcodec::{Encode, ErrorKind, Fault, FaultCode, Text};
///
/// let fault = Fault { code: FaultCode::SERVER, string: Text::new("Busy."), lang: None, actor: None, detail: None };
/// let mut buf = [0u8; 512];
/// let mut sink = SliceSink::new(&mut buf);
/// fault.write_to(&mut sink)?;
/// let n = sink.finish()?;
/// assert!(buf[..n].ends_with(b"</s:Envelope>"));
///
/// // Too small: nothing usable is written, and the error says how much is needed.
/// let mut small = [0u8; 8];
/// let mut sink = SliceSink::new(&mut small);
/// fault.write_to(&mut sink)?;
/// assert_eq!(sink.finish().unwrap_err().kind(), &ErrorKind::BufferTooSmall { needed: n });
/// # Ok::<_, umcodec::Error>(())
/// ```
///
/// [`Encode::encode`]: crate::Encode::encode
#[derive(Debug)]
pub struct SliceSink<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> SliceSink<'b> {
    /// A sink writing from the start of `buf`.
    pub fn new(buf: &'b mut [u8]) -> Self {
        SliceSink { buf, len: 0 }
    }

    /// Bytes written, or [`ErrorKind::BufferTooSmall`] with the size needed
    /// (its offset is the buffer's length).
    ///
    /// # Errors
    /// The buffer was too small.
    pub fn finish(self) -> Result<usize> {
        if self.len > self.buf.len() {
            Err(Error::new(
                ErrorKind::BufferTooSmall { needed: self.len },
                self.buf.len(),
            ))
        } else {
            Ok(self.len)
        }
    }
}

impl Sink for SliceSink<'_> {
    #[inline]
    fn write_str(&mut self, s: &str) -> Result<()> {
        self.write_ascii(s.as_bytes())
    }

    #[inline]
    fn write_ascii(&mut self, bytes: &[u8]) -> Result<()> {
        let end = self.len + bytes.len();
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
        }
        self.len = end;
        Ok(())
    }
}

/// Counts bytes without writing them (what [`Encode::encoded_len`] uses):
/// the field is the count so far.
///
/// ```
/// use umcodec::xml::CountSink;
/// use umcodec::{CallState, Encode, EventCause, GetCallInfoResponse};
///
/// let resp = GetCallInfoResponse { call_state: CallState::Connected, event_cause: EventCause::None };
/// let mut count = CountSink::default();
/// resp.write_to(&mut count)?;
/// assert_eq!(count.0, resp.encoded_len()?);
/// # Ok::<_, umcodec::Error>(())
/// ```
///
/// [`Encode::encoded_len`]: crate::Encode::encoded_len
#[derive(Debug, Default)]
pub struct CountSink(pub usize);

impl Sink for CountSink {
    #[inline]
    fn write_str(&mut self, s: &str) -> Result<()> {
        self.0 += s.len();
        Ok(())
    }

    #[inline]
    fn write_ascii(&mut self, ascii: &[u8]) -> Result<()> {
        self.0 += ascii.len();
        Ok(())
    }
}

/// Adapts a [`core::fmt::Write`] (what [`Encode::encode_fmt`] uses); a
/// failure of the writer is [`ErrorKind::Fmt`].
///
/// ```
/// use umcodec::xml::FmtSink;
/// use umcodec::{Encode, Fault, FaultCode, Text};
///
/// let fault = Fault { code: FaultCode::CLIENT, string: Text::new("No such call."), lang: None, actor: None, detail: None };
/// let mut sink = FmtSink(String::new());
/// fault.write_to(&mut sink)?;
/// assert!(sink.0.contains("<faultstring>No such call.</faultstring>"));
/// # Ok::<_, umcodec::Error>(())
/// ```
///
/// [`Encode::encode_fmt`]: crate::Encode::encode_fmt
#[derive(Debug)]
pub struct FmtSink<W>(pub W);

impl<W: fmt::Write> Sink for FmtSink<W> {
    fn write_str(&mut self, s: &str) -> Result<()> {
        self.0.write_str(s).map_err(|_| Error::new(ErrorKind::Fmt, 0))
    }
}

/// Adapts a [`std::io::Write`] (what [`Encode::encode_io`] uses; `std`
/// feature). Each piece is written with `write_all`, so wrap an unbuffered
/// writer (a socket, a file) in a [`std::io::BufWriter`]. A failure of the
/// writer is [`ErrorKind::Io`], at the count of bytes written before it.
///
/// ```
/// use std::io::BufWriter;
/// use umcodec::xml::IoSink;
/// use umcodec::{Encode, GetCallInfoRequest, Text};
///
/// let req = GetCallInfoRequest { call_id: Text::new("MDlkZjllZGM=") };
/// let mut out = BufWriter::new(Vec::new()); // a TcpStream, a File, ...
/// req.write_to(&mut IoSink::new(&mut out))?;
/// let body = out.into_inner().unwrap();
/// assert_eq!(GetCallInfoRequest::decode(&body)?, req);
/// # Ok::<_, umcodec::Error>(())
/// ```
///
/// [`Encode::encode_io`]: crate::Encode::encode_io
#[cfg(feature = "std")]
#[derive(Debug)]
pub struct IoSink<W> {
    inner: W,
    written: usize,
}

#[cfg(feature = "std")]
impl<W: std::io::Write> IoSink<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        IoSink { inner, written: 0 }
    }
}

#[cfg(feature = "std")]
impl<W: std::io::Write> Sink for IoSink<W> {
    fn write_str(&mut self, s: &str) -> Result<()> {
        self.inner
            .write_all(s.as_bytes())
            .map_err(|e| Error::new(ErrorKind::Io(e.kind()), self.written))?;
        self.written += s.len();
        Ok(())
    }

    fn write_ascii(&mut self, ascii: &[u8]) -> Result<()> {
        self.inner
            .write_all(ascii)
            .map_err(|e| Error::new(ErrorKind::Io(e.kind()), self.written))?;
        self.written += ascii.len();
        Ok(())
    }
}

/// Where a value goes: element content or a (double-quoted) attribute.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Context {
    Content,
    Attribute,
}

/// What a byte needs when escaping: 0 copy, 1 escape in content and
/// attributes, 2 escape in attributes only, 3 invalid control character,
/// 4 lead byte of a sequence that may be U+FFFE/U+FFFF.
const fn class_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = 3;
        b += 1;
    }
    t[b'\t' as usize] = 2;
    t[b'\n' as usize] = 2;
    t[b'\r' as usize] = 1;
    t[b'&' as usize] = 1;
    t[b'<' as usize] = 1;
    t[b'>' as usize] = 1;
    t[b'"' as usize] = 2;
    t[0xEF] = 4;
    t
}
static CLASS: [u8; 256] = class_table();

/// ASCII the encoder formats itself (fixed markup, the digits of
/// numbers), gathered on the stack so that a run of short pieces costs
/// the sink one write instead of one each: through `dyn Sink` every write
/// is an indirect call, a bounds check and a copy. A piece that does not
/// fit flushes what is gathered first, so the capacity changes how many
/// writes it takes, never the bytes written.
///
/// Only ASCII may be pushed: [`Sink::write_ascii`] is what takes it.
pub(crate) struct Ascii<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Ascii<N> {
    /// Room for the longest `i32`, so that [`Ascii::push_int`] never
    /// needs two writes.
    const ROOM: () = assert!(N >= 11, "an Ascii buffer holds at least one i32");

    pub(crate) const fn new() -> Self {
        let () = Self::ROOM;
        Ascii { buf: [0; N], len: 0 }
    }

    /// Appends `piece` (ASCII).
    #[inline]
    pub(crate) fn push<S: Sink + ?Sized>(&mut self, out: &mut S, piece: &[u8]) -> Result<()> {
        // Every caller passes fixed markup; the tests' encodes catch a
        // change that breaks that, before a sink could drop the bytes.
        debug_assert!(piece.is_ascii(), "Ascii::push takes ASCII only");
        if let Some(slot) = self
            .buf
            .get_mut(self.len..)
            .and_then(|free| free.get_mut(..piece.len()))
        {
            slot.copy_from_slice(piece);
            self.len += piece.len();
            return Ok(());
        }
        self.flush(out)?;
        match self.buf.get_mut(..piece.len()) {
            Some(slot) => {
                slot.copy_from_slice(piece);
                self.len = piece.len();
                Ok(())
            }
            None => out.write_ascii(piece),
        }
    }

    /// Appends `n` in decimal.
    #[inline]
    pub(crate) fn push_int<S: Sink + ?Sized>(&mut self, out: &mut S, n: i32) -> Result<()> {
        let mut v = n.unsigned_abs();
        let mut digits = 1;
        let mut rest = v / 10;
        while rest != 0 {
            digits += 1;
            rest /= 10;
        }
        let len = digits + usize::from(n < 0);
        if N - self.len < len {
            self.flush(out)?;
        }
        // In range: `len` is at most 11, and `N` at least that (`ROOM`).
        if let Some(slot) = self.buf.get_mut(self.len..self.len + len) {
            let (sign, figures) = slot.split_at_mut(len - digits);
            for d in figures.iter_mut().rev() {
                *d = b'0' + (v % 10) as u8;
                v /= 10;
            }
            if let Some(s) = sign.first_mut() {
                *s = b'-';
            }
            self.len += len;
        }
        Ok(())
    }

    /// Writes what is gathered.
    #[inline]
    pub(crate) fn flush<S: Sink + ?Sized>(&mut self, out: &mut S) -> Result<()> {
        if self.len != 0 {
            out.write_ascii(self.buf.get(..self.len).unwrap_or_default())?;
            self.len = 0;
        }
        Ok(())
    }
}

/// Writes `s` escaped for `ctx`. `base` is added to error offsets.
///
/// Content escapes `&`, `<`, `>` and writes CR as `&#13;` (a literal CR
/// would be read back as LF); attributes also escape `"` and write TAB, LF
/// and CR as references (literal ones would be read back as spaces).
pub(crate) fn escape<S: Sink + ?Sized>(out: &mut S, s: &str, ctx: Context, base: usize) -> Result<()> {
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        i = skip_clean(bytes, i, ctx == Context::Attribute);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        let class = CLASS[usize::from(b)];
        let rep = match class {
            0 => None,
            2 if ctx == Context::Content => None,
            4 => {
                // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
                if bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) {
                    let ch = if bytes[i + 2] == 0xBE { '\u{FFFE}' } else { '\u{FFFF}' };
                    return Err(Error::new(ErrorKind::InvalidChar { ch }, base + i));
                }
                None
            }
            3 => return Err(Error::new(ErrorKind::InvalidChar { ch: char::from(b) }, base + i)),
            _ => Some(match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\t' => "&#9;",
                b'\n' => "&#10;",
                _ => "&#13;",
            }),
        };
        if let Some(rep) = rep {
            out.write_str(&s[run..i])?;
            out.write_str(rep)?;
            run = i + 1;
        }
        i += 1;
    }
    out.write_str(&s[run..])
}

/// Skips bytes that are written as they are, 32 and then eight bytes at a
/// time: a chunk or word with no control byte, `&`, `<`, `>`, 0xEF (and in
/// attributes no `"`) needs no look at each byte. Returns where the first
/// word that may need one starts, or the end when none does.
#[inline]
fn skip_clean(bytes: &[u8], mut i: usize, attribute: bool) -> usize {
    let quote = if attribute { b'"' } else { b'&' };
    if bytes.len() - i >= 32 {
        i = skip_clean_chunks(bytes, i, quote);
    }
    let dirty = |w: u64| {
        swar::has_below(w, 0x20)
            | swar::has_byte(w, b'&')
            | swar::has_byte(w, b'<')
            | swar::has_byte(w, b'>')
            | swar::has_byte(w, 0xEF)
            | swar::has_byte(w, quote)
            != 0
    };
    while let Some(w) = swar::word(bytes, i) {
        if dirty(w) {
            return i;
        }
        i += 8;
    }
    // Fewer than eight bytes left: the word that ends the value covers
    // them (and some already checked), so a clean tail costs one test
    // instead of a class lookup per byte.
    match bytes.len().checked_sub(8).and_then(|last| swar::word(bytes, last)) {
        Some(w) if i < bytes.len() && !dirty(w) => bytes.len(),
        _ => i,
    }
}

/// Long values (ids, base64) 32 bytes at a time: a branch-free fold over
/// each chunk, which compiles to vector compares. Apart, and not inlined,
/// so that the short values most fields hold do not pay for it.
#[inline(never)]
fn skip_clean_chunks(bytes: &[u8], mut i: usize, quote: u8) -> usize {
    let dirty = |c: u8| (c < 0x20) | (c == b'&') | (c == b'<') | (c == b'>') | (c == 0xEF) | (c == quote);
    while let Some(chunk) = bytes.get(i..i + 32) {
        let mut any = false;
        for &c in chunk {
            any |= dirty(c);
        }
        if any {
            break;
        }
        i += 32;
    }
    i
}

/// Writes a namespace declaration: ` xmlns:prefix="uri"`, or
/// ` xmlns="uri"` for the empty prefix.
pub(crate) fn write_xmlns<S: Sink + ?Sized>(out: &mut S, prefix: &str, uri: &Text<'_>) -> Result<()> {
    out.write_str(" xmlns")?;
    if !prefix.is_empty() {
        out.write_str(":")?;
        out.write_str(prefix)?;
    }
    out.write_str("=\"")?;
    escape_text(out, uri, Context::Attribute)?;
    out.write_str("\"")
}

/// Writes a [`Text`] value escaped for `ctx`.
pub(crate) fn escape_text<S: Sink + ?Sized>(out: &mut S, t: &Text<'_>, ctx: Context) -> Result<()> {
    if let Some(s) = t.as_str() {
        return escape(out, s, ctx, t.offset());
    }
    let mut pos = t.offset();
    for chunk in t.chunks() {
        let mut tmp = [0u8; 4];
        let s = match chunk {
            Chunk::Str(s) => s,
            Chunk::Char(c) => c.encode_utf8(&mut tmp),
        };
        escape(out, s, ctx, pos)?;
        pos += s.len();
    }
    Ok(())
}

/// Writes the value of `t` without its leading and trailing XML
/// whitespace, escaped for `ctx`: how a whitespace-collapsing value (an
/// enumeration, a QName) is written, so that what is read back writes the
/// same bytes again.
pub(crate) fn escape_text_trimmed<S: Sink + ?Sized>(out: &mut S, t: &Text<'_>, ctx: Context) -> Result<()> {
    if let Some((s, trimmed)) = t.trimmed_literal() {
        return escape(out, s, ctx, trimmed.offset());
    }
    // The window of the value to write, in bytes of the value: XML
    // whitespace is ASCII, so both ends fall on character boundaries.
    let (mut len, mut lead, mut last) = (0usize, None, 0usize);
    for c in t.chars() {
        len += c.len_utf8();
        if !(c.is_ascii() && super::is_xml_space(c as u8)) {
            lead.get_or_insert(len - c.len_utf8());
            last = len;
        }
    }
    let Some(lead) = lead else { return Ok(()) };
    let (mut at, mut pos) = (0usize, t.offset());
    for chunk in t.chunks() {
        let mut tmp = [0u8; 4];
        let s = match chunk {
            Chunk::Str(s) => s,
            Chunk::Char(c) => c.encode_utf8(&mut tmp),
        };
        let (from, to) = (lead.clamp(at, at + s.len()), last.clamp(at, at + s.len()));
        if from < to {
            escape(out, &s[from - at..to - at], ctx, pos)?;
        }
        at += s.len();
        pos += s.len();
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn esc(s: &str, ctx: Context) -> Result<([u8; 128], usize)> {
        let mut buf = [0u8; 128];
        let mut sink = SliceSink::new(&mut buf);
        escape(&mut sink, s, ctx, 0)?;
        let n = sink.finish()?;
        Ok((buf, n))
    }

    fn trimmed_is(t: &Text<'_>, want: &str) {
        let mut buf = [0u8; 128];
        let mut sink = SliceSink::new(&mut buf);
        escape_text_trimmed(&mut sink, t, Context::Content).unwrap();
        let n = sink.finish().unwrap();
        assert_eq!(core::str::from_utf8(&buf[..n]), Ok(want));
    }

    /// The clean-byte skip never passes a byte that needs a look, and stops
    /// at most one word short of it: every byte value at every position of
    /// a value long enough for two 32-byte chunks, in both contexts.
    #[test]
    fn clean_skip_stops_at_the_word_of_the_first_dirty_byte() {
        for attribute in [false, true] {
            let dirty = |c: u8| c < 0x20 || b"&<>\xEF".contains(&c) || (attribute && c == b'"');
            for c in 0..=255u8 {
                for at in 0..72 {
                    let mut b = [b'a'; 72];
                    b[at] = c;
                    let first = b.iter().position(|&x| dirty(x)).unwrap_or(b.len());
                    let r = skip_clean(&b, 0, attribute);
                    assert!(r <= first, "{c:#x} at {at}: skipped to {r}, past {first}");
                    assert!(
                        r + 7 >= first.min(b.len() - b.len() % 8),
                        "{c:#x} at {at}: stopped at {r}"
                    );
                }
            }
        }
    }

    /// The escaping of one character, as the rules say it.
    fn reference(c: char, ctx: Context) -> Option<&'static str> {
        let attribute = ctx == Context::Attribute;
        match c {
            '&' => Some("&amp;"),
            '<' => Some("&lt;"),
            '>' => Some("&gt;"),
            '\r' => Some("&#13;"),
            '"' if attribute => Some("&quot;"),
            '\t' if attribute => Some("&#9;"),
            '\n' if attribute => Some("&#10;"),
            _ => None,
        }
    }

    /// Values of every length up to 40 with one character that may need a
    /// look (or none) at every position: the skip never passes it, skips
    /// every clean value whole (the tail shorter than a word included), and
    /// the output is the per-character escaping.
    #[test]
    fn escaping_matches_the_per_character_rules_at_every_length() {
        for ctx in [Context::Content, Context::Attribute] {
            let attribute = ctx == Context::Attribute;
            for c in ['&', '<', '>', '"', '\t', '\n', '\r', '\u{EFFF}', 'a'] {
                for len in 0..=40usize {
                    for at in 0..len.max(1) {
                        let mut value = [0u8; 48];
                        let mut n = 0;
                        let mut want = [0u8; 256];
                        let mut m = 0;
                        for i in 0..len {
                            let ch = if i == at { c } else { 'x' };
                            n += ch.encode_utf8(&mut value[n..]).len();
                            match reference(ch, ctx) {
                                Some(r) => {
                                    want[m..m + r.len()].copy_from_slice(r.as_bytes());
                                    m += r.len();
                                }
                                None => m += ch.encode_utf8(&mut want[m..]).len(),
                            }
                        }
                        let s = core::str::from_utf8(&value[..n]).unwrap();
                        let first = value[..n]
                            .iter()
                            .position(|&b| b < 0x20 || b"&<>\xEF".contains(&b) || (attribute && b == b'"'))
                            .unwrap_or(n);
                        let r = skip_clean(&value[..n], 0, attribute);
                        assert!(r <= first, "{c:?} at {at} of {len}: skipped to {r}, past {first}");
                        if first == n && n >= 8 {
                            assert_eq!(r, n, "{c:?} at {at} of {len}: a clean value is skipped whole");
                        }
                        let (b, k) = esc(s, ctx).unwrap();
                        assert_eq!(&b[..k], &want[..m], "{c:?} at {at} of {len}");
                    }
                }
            }
        }
    }

    /// U+FFFE and U+FFFF (EF BF BE, EF BF BF) are refused at their offset,
    /// and U+FFFD (EF BF BD) written as it is, wherever they fall in values
    /// of every length up to 40: the skip must not pass a 0xEF lead byte
    /// in the part of a value that only the word ending it covers.
    #[test]
    fn non_characters_are_refused_at_every_position() {
        for ctx in [Context::Content, Context::Attribute] {
            for (c, refused) in [('\u{FFFD}', false), ('\u{FFFE}', true), ('\u{FFFF}', true)] {
                for len in 1..=40usize {
                    for at in 0..len {
                        let mut value = [b'y'; 48];
                        c.encode_utf8(&mut value[at..]);
                        let n = len + 2;
                        let s = core::str::from_utf8(&value[..n]).unwrap();
                        match esc(s, ctx) {
                            Ok((b, k)) => {
                                assert!(!refused, "{c:?} at {at} of {n} bytes written");
                                assert_eq!(&b[..k], s.as_bytes());
                            }
                            Err(e) => {
                                assert!(refused, "{c:?} at {at} of {n} bytes refused");
                                assert_eq!(e.kind(), &ErrorKind::InvalidChar { ch: c });
                                assert_eq!(e.offset(), at);
                            }
                        }
                    }
                }
            }
        }
    }

    /// A sink that keeps the bytes and counts the writes.
    pub(crate) struct Recorder {
        pub bytes: [u8; 512],
        pub len: usize,
        pub writes: usize,
    }

    impl Recorder {
        pub(crate) fn new() -> Self {
            Recorder {
                bytes: [0; 512],
                len: 0,
                writes: 0,
            }
        }

        pub(crate) fn text(&self) -> &str {
            core::str::from_utf8(&self.bytes[..self.len]).unwrap()
        }
    }

    impl Sink for Recorder {
        fn write_str(&mut self, s: &str) -> Result<()> {
            self.bytes[self.len..self.len + s.len()].copy_from_slice(s.as_bytes());
            self.len += s.len();
            self.writes += 1;
            Ok(())
        }
    }

    /// A non-ASCII piece is a bug in the encoder: the default
    /// `Sink::write_ascii` would drop it. Debug builds (the tests) stop on it.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "Ascii::push takes ASCII only")]
    fn gathering_refuses_what_is_not_ascii() {
        let mut out = Recorder::new();
        let _ = Ascii::<16>::new().push(&mut out, "é".as_bytes());
    }

    /// Gathered pieces come out as the same bytes whatever the capacity:
    /// one write when they fit, more (never a lost byte) when they do not.
    #[test]
    fn gathered_ascii_is_the_pieces_in_order_at_any_capacity() {
        fn gather<const N: usize>(ints: &[i32]) -> Recorder {
            let mut out = Recorder::new();
            let mut a = Ascii::<N>::new();
            for &n in ints {
                a.push(&mut out, b" v=\"").unwrap();
                a.push_int(&mut out, n).unwrap();
                a.push(&mut out, b"\"").unwrap();
            }
            a.push(&mut out, b" and a piece longer than the smaller buffers/>")
                .unwrap();
            a.flush(&mut out).unwrap();
            // A second flush writes nothing.
            let writes = out.writes;
            a.flush(&mut out).unwrap();
            assert_eq!(out.writes, writes);
            out
        }
        let ints = [
            0,
            7,
            -7,
            10,
            99,
            100,
            -1000,
            639,
            20,
            123_456_789,
            i32::MAX,
            i32::MIN,
            -1,
        ];
        let mut want = [0u8; 512];
        let mut w = 0;
        for n in ints {
            let mut text = [0u8; 16];
            let digits = {
                use core::fmt::Write as _;
                struct Buf<'b>(&'b mut [u8], usize);
                impl core::fmt::Write for Buf<'_> {
                    fn write_str(&mut self, s: &str) -> core::fmt::Result {
                        self.0[self.1..self.1 + s.len()].copy_from_slice(s.as_bytes());
                        self.1 += s.len();
                        Ok(())
                    }
                }
                let mut b = Buf(&mut text, 0);
                write!(b, " v=\"{n}\"").unwrap();
                b.1
            };
            want[w..w + digits].copy_from_slice(&text[..digits]);
            w += digits;
        }
        let tail = b" and a piece longer than the smaller buffers/>";
        want[w..w + tail.len()].copy_from_slice(tail);
        w += tail.len();
        let big = gather::<256>(&ints);
        assert_eq!(&big.bytes[..big.len], &want[..w]);
        assert_eq!(big.writes, 1);
        for out in [
            gather::<11>(&ints),
            gather::<12>(&ints),
            gather::<20>(&ints),
            gather::<64>(&ints),
        ] {
            assert_eq!(
                core::str::from_utf8(&out.bytes[..out.len]),
                core::str::from_utf8(&want[..w])
            );
            assert!(out.writes > 1);
        }
    }

    #[test]
    fn trimmed_values_drop_only_surrounding_xml_space() {
        // A value that is one slice, and values that need unescaping
        // (references, CR line ends, comments) around and inside.
        trimmed_is(&Text::new(" \t a b\n"), "a b");
        let t = Text::content("\r\n  a&amp;<!-- c -->\r\nb &#32;\n ", 0, false);
        trimmed_is(&t, "a&amp;\nb");
        trimmed_is(&Text::content(" &#10;<!--x--> ", 0, false), "");
        // U+00A0 is not XML whitespace: kept.
        trimmed_is(&Text::content("\u{a0}x&#xA0;", 0, false), "\u{a0}x\u{a0}");
    }

    #[test]
    fn escapes() {
        let (b, n) = esc("a<&>\"\t\n\r'é", Context::Content).unwrap();
        assert_eq!(&b[..n], "a&lt;&amp;&gt;\"\t\n&#13;'é".as_bytes());
        let (b, n) = esc("a<&>\"\t\n\r'é", Context::Attribute).unwrap();
        assert_eq!(&b[..n], "a&lt;&amp;&gt;&quot;&#9;&#10;&#13;'é".as_bytes());
    }

    #[test]
    fn rejects_what_xml_cannot_carry() {
        let e = esc("ab\u{1}", Context::Content).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidChar { ch: '\u{1}' });
        assert_eq!(e.offset(), 2);
        let e = esc("x\u{FFFF}", Context::Attribute).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidChar { ch: '\u{FFFF}' });
        assert!(esc("\u{FFFD}\u{EFFF}", Context::Content).is_ok());
    }

    #[test]
    fn slice_sink_reports_needed_size() {
        let mut buf = [0u8; 3];
        let mut sink = SliceSink::new(&mut buf);
        sink.write_str("hello").unwrap();
        assert_eq!(
            sink.finish().unwrap_err().kind(),
            &ErrorKind::BufferTooSmall { needed: 5 }
        );
    }
}
