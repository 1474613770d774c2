//! SOAP 1.1 framing shared by every message: `Envelope`, the optional
//! `Header` with its blocks, exactly one `Body` child, and the `Fault`.
//! Knows nothing of any one operation.

mod fault;

pub use fault::{Fault, FaultCode, FaultDetail};

use crate::cursor::{Cursor, QName, Space};
use crate::error::{Error, ErrorKind, Result};
use crate::xml::{Ns, Sink, Tag};

pub(crate) const ENVELOPE: &QName = &QName::new(Space::Soap, "Envelope");
pub(crate) const HEADER: &QName = &QName::new(Space::Soap, "Header");
pub(crate) const BODY: &QName = &QName::new(Space::Soap, "Body");
/// What an empty Body is missing.
const BODY_CHILD: &QName = &QName::new(Space::None, "(one element in soap:Body)");

/// A header block, positioned just after its start tag.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HeaderBlock {
    pub start: Tag,
    /// `soap:mustUnderstand` is `1` or `true`.
    pub must_understand: bool,
}

impl HeaderBlock {
    /// The error for a block that must be understood but is not processed.
    pub(crate) fn not_understood(&self) -> Error {
        Error::new(ErrorKind::MustUnderstand, self.start.offset())
    }
}

/// Reads the envelope up to the Body's single child and returns that
/// child's start tag. `header` is called once per header block; it must
/// consume the block (decode it, or [`skip_block`] it).
pub(crate) fn open<'a>(
    cur: &mut Cursor<'_, 'a>,
    mut header: impl FnMut(&mut Cursor<'_, 'a>, HeaderBlock) -> Result<()>,
) -> Result<Tag> {
    let root = cur.reader.root_tag()?;
    if !cur.is(&root, ENVELOPE)? {
        let root = cur.reader.start(&root);
        if root.name.local == "Envelope"
            && matches!(root.name.ns, Ns::Other(uri) if uri == crate::namespaces::SOAP12_ENVELOPE)
        {
            return Err(Error::new(ErrorKind::Soap12Envelope, root.offset));
        }
        return Err(Error::new(
            ErrorKind::UnexpectedElement {
                expected: ENVELOPE.expected(),
            },
            root.offset,
        ));
    }
    cur.no_attributes(ENVELOPE)?;
    let first = cur.expect_any_of(HEADER, BODY)?;
    if cur.is(&first, HEADER)? {
        cur.no_attributes(HEADER)?;
        while let Some(block) = cur.next_child()? {
            // SOAP 1.1 §4.2: a header entry is namespace-qualified, and the
            // envelope schema's `##other` wildcard leaves out the SOAP
            // namespace too. Checked before anything else of the block, even
            // for another node's: such a block is no entry at all. The
            // namespace is also where a strict reader refuses an `https://`
            // spelling on a block that would otherwise be skipped unread.
            if matches!(
                cur.tag_space(block.ns(), block.offset())?,
                Some(Space::None | Space::Soap)
            ) {
                return Err(cur.unexpected_child(HEADER, block.offset()));
            }
            let must_understand = must_understand(cur)?;
            if !for_us(cur) {
                // Addressed to another node (`soap:actor`): neither
                // processed nor ours to understand.
                cur.reader.skip_element()?;
                continue;
            }
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
pub(crate) fn close(cur: &mut Cursor<'_, '_>) -> Result<()> {
    cur.expect_end(BODY)?;
    cur.expect_end(ENVELOPE)?;
    cur.reader.finish()
}

/// Skips a header block this message does not process.
pub(crate) fn skip_block(cur: &mut Cursor<'_, '_>, block: HeaderBlock) -> Result<()> {
    if block.must_understand {
        return Err(block.not_understood());
    }
    cur.reader.skip_element().map(|_| ())
}

/// The actor that means "the first SOAP node that receives the message".
pub const ACTOR_NEXT: &str = "http://schemas.xmlsoap.org/soap/actor/next";

/// `false` when the current header block has a `soap:actor` other than
/// [`ACTOR_NEXT`]: it is addressed to another node (SOAP 1.1 §4.2.2), so
/// this codec neither processes it nor has to understand it.
fn for_us(cur: &Cursor<'_, '_>) -> bool {
    // `soap:actor` is prefixed, as every attribute in a namespace is.
    if !cur.reader.has_qualified_attributes() {
        return true;
    }
    for a in cur.reader.attributes() {
        if a.name.local == "actor" && matches!(a.name.ns, Ns::Known(crate::namespaces::K_SOAP)) {
            // An `xs:anyURI`: compared without surrounding whitespace.
            return crate::values::with_trimmed(&a.value, |v| v == Some(ACTOR_NEXT));
        }
    }
    true
}

/// Reads `soap:mustUnderstand` on the current element (an `xs:boolean`
/// restricted to what SOAP 1.1 senders write).
fn must_understand(cur: &Cursor<'_, '_>) -> Result<bool> {
    if !cur.reader.has_qualified_attributes() {
        return Ok(false);
    }
    for a in cur.reader.attributes() {
        if a.name.local == "mustUnderstand" && matches!(a.name.ns, Ns::Known(crate::namespaces::K_SOAP)) {
            return crate::values::with_trimmed(&a.value, |v| match v {
                Some("1" | "true") => Ok(true),
                Some("0" | "false") => Ok(false),
                _ => Err(crate::values::invalid(&"soap:mustUnderstand", &a.value)),
            });
        }
    }
    Ok(false)
}

impl<'a> Cursor<'_, 'a> {
    /// The next child, which must be `a` or `b`.
    fn expect_any_of(&mut self, a: &'static QName, b: &'static QName) -> Result<Tag> {
        match self.next_child()? {
            Some(s) if self.is(&s, a)? || self.is(&s, b)? => Ok(s),
            Some(s) => Err(Error::new(
                ErrorKind::UnexpectedElement { expected: b.expected() },
                s.offset(),
            )),
            None => Err(self.missing(b)),
        }
    }
}

/// How an envelope is laid out when written (the forms real clients and
/// servers use), as the fixed texts around the parts an operation writes.
/// Built by [`layout!`], so that each text is one literal and one write.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Layout {
    /// Prefix of the SOAP namespace.
    pub prefix: &'static str,
    /// Two-space indentation with line breaks (clients) or none (servers).
    pub indent: bool,
    /// Declaration, `Envelope` and `Body` start tags, for no header.
    pub open: &'static str,
    /// Declaration, `Envelope` and `Header` start tags.
    pub open_header: &'static str,
    /// `Header` end tag and `Body` start tag.
    pub header_to_body: &'static str,
    /// `Body` and `Envelope` end tags.
    pub close: &'static str,
}

/// A [`Layout`] from the SOAP prefix, the whole `Envelope` and `Body` start
/// tags (literals) and whether lines are indented.
macro_rules! layout {
    (prefix: $p:literal, envelope: $env:expr, body: $body:expr, indent: true $(,)?) => {
        $crate::soap::Layout {
            prefix: $p,
            indent: true,
            open: concat!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", $env, "\n  ", $body),
            open_header: concat!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
                $env,
                "\n  <",
                $p,
                ":Header>"
            ),
            header_to_body: concat!("\n  </", $p, ":Header>\n  ", $body),
            close: concat!("\n  </", $p, ":Body>\n</", $p, ":Envelope>"),
        }
    };
    (prefix: $p:literal, envelope: $env:expr, body: $body:expr, indent: false $(,)?) => {
        $crate::soap::Layout {
            prefix: $p,
            indent: false,
            open: concat!("<?xml version=\"1.0\" encoding=\"utf-8\"?>", $env, $body),
            open_header: concat!("<?xml version=\"1.0\" encoding=\"utf-8\"?>", $env, "<", $p, ":Header>"),
            header_to_body: concat!("</", $p, ":Header>", $body),
            close: concat!("</", $p, ":Body></", $p, ":Envelope>"),
        }
    };
}
pub(crate) use layout;

/// Fixed text of a part, with or without the layout's indentation, as one
/// write: `fixed!(out, ind; 2 "<a>", _ "x", 3 "<b>")` starts each literal
/// on a new line at that level (`_`: on the same line) when indenting, and
/// writes `<a>x<b>` otherwise.
macro_rules! fixed {
    ($out:expr, $ind:expr; $($level:tt $text:expr),+ $(,)?) => {
        if $ind.0 {
            $out.write_str(concat!($($crate::soap::line!($level), $text),+))
        } else {
            $out.write_str(concat!($($text),+))
        }
    };
}
pub(crate) use fixed;

/// A line break and the indentation of a level (`_`: none), as a literal.
macro_rules! line {
    (_) => {
        ""
    };
    (0) => {
        "\n"
    };
    (1) => {
        "\n  "
    };
    (2) => {
        "\n    "
    };
    (3) => {
        "\n      "
    };
    (4) => {
        "\n        "
    };
    (5) => {
        "\n          "
    };
}
pub(crate) use line;

/// Writes line breaks and indentation when the layout asks for them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Indent(pub bool);

/// A part of an envelope an operation writes (its header blocks or body).
pub(crate) type Part<'f> = &'f dyn Fn(&mut dyn Sink, Indent) -> Result<()>;

/// Writes an envelope: declaration, `Envelope`, optional `Header` (when
/// `header` is given), `Body` holding what `body` writes.
pub(crate) fn write(out: &mut dyn Sink, layout: &Layout, header: Option<Part<'_>>, body: Part<'_>) -> Result<()> {
    let ind = Indent(layout.indent);
    match header {
        Some(h) => {
            out.write_str(layout.open_header)?;
            h(out, ind)?;
            out.write_str(layout.header_to_body)?;
        }
        None => out.write_str(layout.open)?,
    }
    body(out, ind)?;
    out.write_str(layout.close)
}
