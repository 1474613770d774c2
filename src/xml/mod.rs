//! The XML layer: the only part of the crate that knows XML syntax, and
//! nothing of SOAP.
//!
//! What it offers users:
//!
//! - [`Text`] and [`RawXml`]: the borrowed character data and content that
//!   decoded messages hold (and that encoders take);
//! - [`Limits`]: the reader's resource limits, set through
//!   [`Options::limits`](crate::Options::limits);
//! - [`Sink`] and its implementations ([`SliceSink`], [`FmtSink`],
//!   `IoSink`, [`CountSink`]): where encoders write;
//! - [`XML_NS`] and [`XMLNS_NS`], the namespaces XML itself reserves.
//!
//! # Reader internals (not covered by semver)
//!
//! The one-pass pull reader the decoders run on (`Reader`, its `Event`s,
//! resolved names `Name`/`Ns`, `Attribute`, `Start`, the `Step`s and
//! `Tag`s the schema code reads elements by, the `Chunk`s of a
//! text, and the feature-gated `oracle` reader) is public only so that the
//! fuzz targets, benchmarks and tests can drive it directly. It is hidden
//! from this documentation and is **not part of the stable API**: it may
//! change or go away in any release, including a patch release. Decode
//! through [`Message`](crate::Message) and the typed `decode` functions
//! instead.

mod chars;
mod declaration;
mod event;
mod expected;
#[cfg(feature = "oracle")]
#[doc(hidden)]
pub mod oracle;
mod raw;
mod runs;
mod scanner;
mod stack;
mod text;
#[cfg(feature = "oracle")]
mod tokenizer_error;
mod writer;

pub use event::{Limits, XMLNS_NS, XML_NS};
pub use raw::RawXml;
pub use text::{Chars, Text};

// Reader internals: public for the fuzz targets, benchmarks and tests,
// hidden and outside semver (see the module documentation).
#[doc(hidden)]
pub use event::{Attribute, Event, Name, Ns, Start};
#[doc(hidden)]
pub use expected::ExpectedAttributes;
pub(crate) use scanner::TagNs;
#[doc(hidden)]
pub use scanner::{Reader, Step, Tag};
#[doc(hidden)]
pub use text::{Chunk, Chunks};
#[cfg(feature = "std")]
pub use writer::IoSink;
pub use writer::{CountSink, FmtSink, Sink, SliceSink};

pub(crate) use chars::swar::same;
pub(crate) use chars::{is_ncname, is_xml_space, trim_xml_space};
#[cfg(test)]
pub(crate) use writer::tests::Recorder;
pub(crate) use writer::{escape, escape_text, escape_text_trimmed, write_xmlns, Ascii, Context};
