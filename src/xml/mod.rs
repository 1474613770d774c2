//! The XML layer: the only part of the crate that knows XML syntax, and
//! nothing of SOAP.
//!
//! - [`Reader`]: a one-pass pull reader that checks well-formedness,
//!   namespaces and limits as it scans (`oracle::Reader`, feature
//!   `oracle`, states the same rules over the `xmlparser` tokenizer);
//! - [`Text`] and [`RawXml`]: borrowed character data and content;
//! - [`Sink`] and its implementations: where encoders write.

mod chars;
mod declaration;
mod event;
#[cfg(feature = "oracle")]
pub mod oracle;
mod raw;
mod scanner;
mod text;
#[cfg(feature = "oracle")]
mod tokenizer_error;
mod writer;

pub use event::{Attribute, Event, Limits, Name, Ns, Start, XMLNS_NS, XML_NS};
pub use raw::RawXml;
pub use scanner::Reader;
pub use text::{Chars, Chunk, Chunks, Text};
#[cfg(feature = "std")]
pub use writer::IoSink;
pub use writer::{CountSink, FmtSink, Sink, SliceSink};

pub(crate) use chars::{is_ncname, is_xml_space, trim_xml_space};
pub(crate) use writer::{escape, escape_text, escape_text_trimmed, write_xmlns, Context};
