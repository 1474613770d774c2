//! SOAP 1.1 framing shared by every message: `Envelope`, the optional
//! `Header` with its blocks, exactly one `Body` child, and the `Fault`.
//! Knows nothing of any one operation.

mod fault;

pub(crate) use fault::FAULT;
pub use fault::{Fault, FaultCode};

use crate::cursor::{Cursor, QName, Space};
use crate::error::{Error, ErrorKind, Result, ShortStr};
use crate::xml::{Ns, Sink, Start};

pub(crate) const ENVELOPE: QName = QName::new(Space::Soap, "Envelope");
pub(crate) const HEADER: QName = QName::new(Space::Soap, "Header");
pub(crate) const BODY: QName = QName::new(Space::Soap, "Body");
/// What an empty Body is missing.
const BODY_CHILD: QName = QName::new(Space::None, "(one element in soap:Body)");

/// A header block, positioned just after its start tag.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HeaderBlock<'a> {
    pub start: Start<'a>,
    /// `soap:mustUnderstand` is `1` or `true`.
    pub must_understand: bool,
}

impl HeaderBlock<'_> {
    /// The error for a block that must be understood but is not processed.
    pub(crate) fn not_understood(&self) -> Error {
        Error::new(
            ErrorKind::MustUnderstand {
                block: crate::cursor::found(&self.start.name),
            },
            self.start.offset,
        )
    }
}

/// Reads the envelope up to the Body's single child and returns that
/// child's start tag. `header` is called once per header block; it must
/// consume the block (decode it, or [`skip_block`] it).
pub(crate) fn open<'a>(
    cur: &mut Cursor<'a>,
    mut header: impl FnMut(&mut Cursor<'a>, HeaderBlock<'a>) -> Result<()>,
) -> Result<Start<'a>> {
    let root = match cur.reader.next_event()? {
        crate::xml::Event::Start(s) => s,
        // The reader admits nothing else before the root element.
        _ => return Err(Error::new(ErrorKind::Incomplete, cur.reader.input().len())),
    };
    if !cur.is(&root, ENVELOPE)? {
        return Err(Error::new(
            ErrorKind::UnexpectedElement {
                expected: ENVELOPE.expected(),
                found: crate::cursor::found(&root.name),
            },
            root.offset,
        ));
    }
    cur.no_attributes(ENVELOPE)?;
    let first = cur.expect_any_of(HEADER, BODY)?;
    if cur.is(&first, HEADER)? {
        cur.no_attributes(HEADER)?;
        while let Some(block) = cur.next_child()? {
            let must_understand = must_understand(cur)?;
            header(
                cur,
                HeaderBlock {
                    start: block,
                    must_understand,
                },
            )?;
        }
        cur.expect(BODY)?;
    }
    cur.no_attributes(BODY)?;
    match cur.next_child()? {
        Some(child) => Ok(child),
        None => Err(cur.missing(BODY_CHILD)),
    }
}

/// After the Body's child: `</Body>`, `</Envelope>`, end of input.
pub(crate) fn close(cur: &mut Cursor<'_>) -> Result<()> {
    cur.expect_end(BODY)?;
    cur.expect_end(ENVELOPE)?;
    match cur.reader.next_event()? {
        crate::xml::Event::Eof => Ok(()),
        // The reader reports anything after the root as an error itself.
        _ => Err(Error::new(ErrorKind::Incomplete, cur.reader.input().len())),
    }
}

/// Skips a header block this message does not process.
pub(crate) fn skip_block(cur: &mut Cursor<'_>, block: HeaderBlock<'_>) -> Result<()> {
    if block.must_understand {
        return Err(block.not_understood());
    }
    cur.reader.skip_element().map(|_| ())
}

/// Reads `soap:mustUnderstand` on the current element (an `xs:boolean`
/// restricted to what SOAP 1.1 senders write).
fn must_understand(cur: &Cursor<'_>) -> Result<bool> {
    for a in cur.reader.attributes() {
        if a.name.local == "mustUnderstand" && matches!(a.name.ns, Ns::Known(crate::namespaces::K_SOAP)) {
            return crate::values::with_trimmed(&a.value, |v| match v {
                Some("1" | "true") => Ok(true),
                Some("0" | "false") => Ok(false),
                _ => Err(Error::new(
                    ErrorKind::InvalidValue {
                        field: "soap:mustUnderstand",
                        found: ShortStr::new(v.unwrap_or(a.value.raw())),
                    },
                    a.value.offset(),
                )),
            });
        }
    }
    Ok(false)
}

impl<'a> Cursor<'a> {
    /// The next child, which must be `a` or `b`.
    fn expect_any_of(&mut self, a: QName, b: QName) -> Result<Start<'a>> {
        match self.next_child()? {
            Some(s) if self.is(&s, a)? || self.is(&s, b)? => Ok(s),
            Some(s) => Err(Error::new(
                ErrorKind::UnexpectedElement {
                    expected: b.expected(),
                    found: crate::cursor::found(&s.name),
                },
                s.offset,
            )),
            None => Err(self.missing(b)),
        }
    }
}

/// How an envelope is laid out when written: the forms real clients and
/// servers use.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Layout {
    /// Prefix of the SOAP namespace.
    pub prefix: &'static str,
    /// The whole `Envelope` start tag.
    pub envelope: &'static str,
    /// The whole `Body` start tag.
    pub body: &'static str,
    /// Two-space indentation with line breaks (clients) or none (servers).
    pub indent: bool,
}

/// Writes line breaks and indentation when the layout asks for them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Indent(pub bool);

impl Indent {
    /// A line break and `level` levels of indentation.
    pub(crate) fn line<S: Sink + ?Sized>(self, out: &mut S, level: usize) -> Result<()> {
        // One write per line: every write is a dynamic call and a copy.
        const LINE: &str = "\n                ";
        if self.0 {
            out.write_str(&LINE[..(1 + 2 * level).min(LINE.len())])?;
        }
        Ok(())
    }
}

/// A part of an envelope an operation writes (its header blocks or body).
pub(crate) type Part<'f> = &'f dyn Fn(&mut dyn Sink, Indent) -> Result<()>;

/// Writes an envelope: declaration, `Envelope`, optional `Header` (when
/// `header` is given), `Body` holding what `body` writes.
pub(crate) fn write(out: &mut dyn Sink, layout: &Layout, header: Option<Part<'_>>, body: Part<'_>) -> Result<()> {
    let ind = Indent(layout.indent);
    out.write_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>")?;
    if layout.indent {
        out.write_str("\n")?;
    }
    out.write_str(layout.envelope)?;
    if let Some(h) = header {
        ind.line(out, 1)?;
        close_tag(out, "<", layout.prefix, ":Header>")?;
        h(out, ind)?;
        ind.line(out, 1)?;
        close_tag(out, "</", layout.prefix, ":Header>")?;
    }
    ind.line(out, 1)?;
    out.write_str(layout.body)?;
    body(out, ind)?;
    ind.line(out, 1)?;
    close_tag(out, "</", layout.prefix, ":Body>")?;
    ind.line(out, 0)?;
    close_tag(out, "</", layout.prefix, ":Envelope>")
}

fn close_tag<S: Sink + ?Sized>(out: &mut S, open: &str, prefix: &str, rest: &str) -> Result<()> {
    out.write_str(open)?;
    out.write_str(prefix)?;
    out.write_str(rest)
}
