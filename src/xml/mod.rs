//! The XML layer: the only part of the crate that knows XML syntax, and
//! nothing of SOAP.
//!
//! - [`Reader`]: a pull reader over `xmlparser` that adds what a tokenizer
//!   leaves to its caller (well-formedness, namespaces, limits);
//! - [`Text`] and [`RawXml`]: borrowed character data and content;
//! - [`Sink`] and its implementations: where encoders write.

mod chars;
mod declaration;
mod raw;
mod reader;
mod text;
mod tokenizer_error;
mod writer;

pub use raw::RawXml;
pub use reader::{Attribute, Event, Limits, Name, Ns, Reader, Start, XMLNS_NS, XML_NS};
pub use text::{Chars, Chunk, Chunks, Text};
#[cfg(feature = "std")]
pub use writer::IoSink;
pub use writer::{CountSink, FmtSink, Sink, SliceSink};

pub(crate) use chars::{is_xml_space, trim_xml_space};
pub(crate) use writer::{escape, escape_text, escape_text_trimmed, write_xmlns, Context};
