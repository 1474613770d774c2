//! Schema-checking reads over the XML reader: "the next element must be
//! this one", "only whitespace here", "text only here", attribute checks,
//! and the namespace spelling policy. Shared by the SOAP framing and by
//! every operation; knows neither.

use crate::error::{Error, ErrorKind, ExpectedName, Result, Span};
use crate::namespaces::{K_MESSAGES, K_MESSAGES_HTTPS, K_SOAP, K_TYPES, K_TYPES_HTTPS};
use crate::xml::{Event, Ns, Reader, Step, Tag, TagNs, Text};
use crate::Options;

/// A namespace a schema names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Space {
    /// Unqualified.
    None,
    Soap,
    Messages,
    Types,
}

/// An element name a schema expects. The schemas' names are constants
/// (`&'static QName`), so that errors can point at their
/// [`ExpectedName`] instead of copying it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct QName {
    pub space: Space,
    pub local: &'static str,
    /// The name as errors show it.
    expected: ExpectedName,
}

impl QName {
    pub(crate) const fn new(space: Space, local: &'static str) -> Self {
        use crate::namespaces::{MESSAGES, SOAP_ENVELOPE, TYPES};
        let ns = match space {
            Space::None => None,
            Space::Soap => Some(SOAP_ENVELOPE),
            Space::Messages => Some(MESSAGES),
            Space::Types => Some(TYPES),
        };
        QName {
            space,
            local,
            expected: ExpectedName { ns, local },
        }
    }

    pub(crate) fn expected(&'static self) -> &'static ExpectedName {
        &self.expected
    }
}

pub(crate) struct Cursor<'r, 'a> {
    pub reader: &'r mut Reader<'a>,
    strict: bool,
    /// Offset of the last end tag read by `next_child`.
    last_end: usize,
}

impl<'a> Cursor<'_, 'a> {
    /// A cursor over `reader`, built by the caller where it stays: the
    /// reader's fixed stacks make it large to move.
    #[inline(always)]
    pub(crate) fn new<'r>(reader: &'r mut Reader<'a>, options: &Options) -> Cursor<'r, 'a> {
        Cursor {
            reader,
            strict: options.strict,
            last_end: 0,
        }
    }

    /// Which schema namespace `ns` is, applying the spelling policy: the
    /// `https://` spellings count as the canonical ones unless strict.
    #[inline(always)]
    pub(crate) fn space(&self, ns: &Ns<'_>, offset: usize) -> Result<Option<Space>> {
        Ok(match *ns {
            Ns::None => Some(Space::None),
            Ns::Known(K_SOAP) => Some(Space::Soap),
            Ns::Known(K_MESSAGES) => Some(Space::Messages),
            Ns::Known(K_TYPES) => Some(Space::Types),
            Ns::Known(K_MESSAGES_HTTPS | K_TYPES_HTTPS) if self.strict => {
                return Err(Error::new(ErrorKind::HttpsNamespace, offset))
            }
            Ns::Known(K_MESSAGES_HTTPS) => Some(Space::Messages),
            Ns::Known(K_TYPES_HTTPS) => Some(Space::Types),
            _ => None,
        })
    }

    /// `true` when `tag` is the element `q`.
    #[inline(always)]
    pub(crate) fn is(&self, tag: &Tag, q: &'static QName) -> Result<bool> {
        Ok(crate::xml::same(self.reader.local_bytes(tag), q.local.as_bytes())
            && self.tag_space(tag.ns(), tag.offset())? == Some(q.space))
    }

    /// [`Cursor::space`] for the namespace of a [`Tag`].
    #[inline(always)]
    pub(crate) fn tag_space(&self, ns: TagNs, offset: usize) -> Result<Option<Space>> {
        match ns {
            TagNs::None => Ok(Some(Space::None)),
            TagNs::Known(k) => self.space(&Ns::Known(k), offset),
            TagNs::Other => Ok(None),
        }
    }

    /// The next child element, or `None` at the parent's end tag. Text
    /// between elements must be whitespace (comments are dropped).
    #[inline(always)]
    pub(crate) fn next_child(&mut self) -> Result<Option<Tag>> {
        match self.reader.next_step()? {
            Step::Start(t) => Ok(Some(t)),
            Step::End(offset) => {
                self.last_end = offset;
                Ok(None)
            }
            Step::Other => self.next_child_after_text(),
        }
    }

    /// [`Cursor::next_child`] past what is not a tag: text, which must be
    /// whitespace, and comments.
    #[inline(never)]
    fn next_child_after_text(&mut self) -> Result<Option<Tag>> {
        loop {
            match self.reader.next_event_after_space()? {
                // Only outside the root element: `next_step` reads the
                // tags of element content itself.
                Event::Start(s) => return Ok(Some(self.reader.tag(&s))),
                Event::End(offset) => {
                    self.last_end = offset;
                    return Ok(None);
                }
                Event::Text(t) => {
                    if !t.is_whitespace() {
                        return Err(Error::new(ErrorKind::UnexpectedText, first_non_space(&t)));
                    }
                }
                // Unreachable inside an element: the reader reports
                // `Incomplete` for an input that ends there.
                Event::Eof => return Err(Error::new(ErrorKind::Incomplete, self.reader.input().len())),
            }
            match self.reader.next_step()? {
                Step::Start(t) => return Ok(Some(t)),
                Step::End(offset) => {
                    self.last_end = offset;
                    return Ok(None);
                }
                Step::Other => {}
            }
        }
    }

    /// The next child, which must be `q`.
    #[inline(always)]
    pub(crate) fn expect(&mut self, q: &'static QName) -> Result<Tag> {
        match self.next_child()? {
            Some(t) if self.is(&t, q)? => Ok(t),
            Some(t) => Err(Error::new(
                ErrorKind::UnexpectedElement { expected: q.expected() },
                t.offset(),
            )),
            None => Err(self.missing(q)),
        }
    }

    /// Offset of the last end tag read by [`Cursor::next_child`].
    pub(crate) fn last_end(&self) -> usize {
        self.last_end
    }

    /// The error for `t` where the schema wants `expected`.
    pub(crate) fn unexpected_element(&self, expected: &'static ExpectedName, t: &Tag) -> Error {
        Error::new(ErrorKind::UnexpectedElement { expected }, t.offset())
    }

    /// The error for a required `q` missing at the last end tag.
    pub(crate) fn missing(&self, q: &'static QName) -> Error {
        Error::new(ErrorKind::MissingElement { expected: q.expected() }, self.last_end)
    }

    /// The end of `parent`: no further child may follow.
    #[inline(always)]
    pub(crate) fn expect_end(&mut self, parent: &'static QName) -> Result<()> {
        match self.next_child()? {
            None => Ok(()),
            Some(t) => Err(self.unexpected_child(parent, t.offset())),
        }
    }

    /// The error for a child at `offset` that `parent` does not allow.
    pub(crate) fn unexpected_child(&self, parent: &'static QName, offset: usize) -> Error {
        Error::new(
            ErrorKind::UnexpectedChild {
                parent: parent.expected(),
            },
            offset,
        )
    }

    /// The text content of the element `q` just opened, through its end
    /// tag. Child elements are errors.
    #[inline(always)]
    pub(crate) fn text(&mut self, q: &'static QName) -> Result<Text<'a>> {
        if let Some(t) = self.reader.element_text()? {
            return Ok(t);
        }
        let mut text = Text::content("", self.reader.position(), true);
        loop {
            match self.reader.next_event()? {
                Event::Text(t) => text = t,
                Event::End(_) => return Ok(text),
                Event::Start(s) => return Err(self.unexpected_child(q, s.offset)),
                Event::Eof => return Err(Error::new(ErrorKind::Incomplete, self.reader.input().len())),
            }
        }
    }

    /// Checks the attributes of the element `q` just opened: unqualified
    /// ones must be in `allowed` (each one's index there and value are
    /// passed to `take`); qualified ones are not looked at here (a caller
    /// that reads one, as `xsi:type` or `soap:mustUnderstand`, asks the
    /// reader).
    pub(crate) fn attributes(
        &self,
        q: &'static QName,
        allowed: &[&'static str],
        mut take: impl FnMut(usize, Text<'a>) -> Result<()>,
    ) -> Result<()> {
        for (local, value, offset) in self.reader.unqualified_attributes() {
            match allowed.iter().position(|n| n.as_bytes() == local) {
                Some(i) => take(i, value)?,
                None => {
                    return Err(Error::new(
                        ErrorKind::UnexpectedAttribute {
                            element: q.expected(),
                            attribute: Span::new(offset, local.len()),
                        },
                        offset,
                    ))
                }
            }
        }
        Ok(())
    }

    /// An element without attributes of its own (qualified ones are
    /// ignored).
    #[inline(always)]
    pub(crate) fn no_attributes(&self, q: &'static QName) -> Result<()> {
        if self.reader.attribute_count() == 0 {
            return Ok(());
        }
        self.attributes(q, &[], |_, _| Ok(()))
    }
}

/// Offset of the first character of `t` that is not whitespace (a CDATA
/// section counts from its `<`).
fn first_non_space(t: &Text<'_>) -> usize {
    let raw = t.raw().as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if crate::xml::is_xml_space(raw[i]) {
            i += 1;
        } else if raw[i..].starts_with(b"<!--") {
            // From after `<!--`: in `<!-->` the `>` belongs to the comment.
            i = memchr::memmem::find(&raw[i + 4..], b"-->").map_or(raw.len(), |e| i + 4 + e + 3);
        } else if raw[i..].starts_with(b"<![CDATA[") {
            let body = i + 9;
            let end = memchr::memmem::find(&raw[body..], b"]]>").map_or(raw.len(), |e| body + e);
            if raw[body..end].iter().all(|&b| crate::xml::is_xml_space(b)) {
                i = end + 3;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    t.offset() + i
}
