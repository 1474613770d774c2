//! Zero-copy, allocation-free, validating codec for the SOAP envelopes of
//! Exchange's outbound phone-call operations, the whole call in both
//! services: **PlayOnPhone**, **PlayOnPhoneGreeting**, **GetCallInfo** and
//! **Disconnect** (Exchange 2007 Unified Messaging web service),
//! **PlayOnPhone**, **GetPhoneCallInformation** and **DisconnectPhoneCall**
//! (Exchange Web Services, with the `RequestServerVersion`,
//! `MailboxCulture` and `ExchangeImpersonation` headers), plus the SOAP
//! faults both services send back. [`Message`] holds any of them; each
//! has its own type too. [`SoapAction`] maps the HTTP `SOAPAction` header
//! to the operation.
//!
//! ```
//! use umcodec::{DisconnectPhoneCallRequest, Encode, ExchangeVersion, Message};
//!
//! // A server reads a request...
//! let body = br#"<?xml version="1.0" encoding="utf-8"?>
//! <soap:Envelope xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"
//!                xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"
//!                xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
//!   <soap:Header><t:RequestServerVersion Version="Exchange2010" /></soap:Header>
//!   <soap:Body>
//!     <m:DisconnectPhoneCall><m:PhoneCallId Id="OWVl4NWb3N29t"/></m:DisconnectPhoneCall>
//!   </soap:Body>
//! </soap:Envelope>"#;
//! let Message::DisconnectPhoneCallRequest(req) = Message::decode(body)? else {
//!     panic!("not a DisconnectPhoneCall request");
//! };
//! assert_eq!(req.phone_call_id, "OWVl4NWb3N29t"); // borrowed from `body`
//! assert_eq!(req.request_server_version, Some(ExchangeVersion::Exchange2010));
//!
//! // ...and a client writes one into its own buffer, without allocating.
//! let mut buf = [0u8; 1024];
//! let n = req.encode(&mut buf)?;
//! assert_eq!(DisconnectPhoneCallRequest::decode(&buf[..n])?, req);
//! # Ok::<_, umcodec::Error>(())
//! ```
//!
//! # Guarantees
//!
//! - **Zero-copy**: every string a decoded message exposes is a [`Text`] or
//!   [`RawXml`] borrowing the input; text that holds references or CDATA is
//!   unescaped on demand ([`Text::chars`], [`Text::unescape_into`], `==`).
//! - **No allocation, `no_std`**: the crate uses neither `std` nor `alloc`
//!   (the default `std` feature adds only `std::error::Error` and an
//!   `io::Write` sink). The reader keeps its stacks in fixed arrays.
//! - **Total**: no input makes it panic or loop; every resource has a limit
//!   ([`Limits`]) and going past it is an [`Error`]. Three uses of
//!   `unsafe`, each measured against the safe way:
//!   `core::str::from_utf8_unchecked` on input just checked to be all ASCII
//!   (the safe conversion, `core::str::from_utf8`, takes about twice as
//!   long), the reader's stacks, whose slots are read only once written
//!   (zeroing them all cost every decode a 3 KB `memset`), and the SSE2
//!   instructions the scanner steps over runs of bytes with on x86-64
//!   (safe code does not get the compiler to find the first byte of
//!   interest in sixteen with them); everything else is safe code
//!   (`#![deny(unsafe_code)]`).
//! - **Validating**: namespaces are resolved (element identity is namespace
//!   URI plus local name, never the prefix); element order, cardinality,
//!   required attributes and enumeration values are checked. Every rejection
//!   is an [`Error`] with an [`ErrorKind`] and a byte offset.
//! - **Symmetric**: what the encoder writes, the decoder reads back to an
//!   equal value.
//!
//! # Namespace policy
//!
//! Messages must use the SOAP 1.1 envelope namespace and the Exchange
//! `http://schemas.microsoft.com/exchange/services/2006/{messages,types}`
//! namespaces. Some published documentation spells the Exchange ones
//! `https://`; Exchange servers reject that spelling. The decoder accepts it
//! unless [`Options::strict`] is set (then it is
//! [`ErrorKind::HttpsNamespace`], on the elements it decodes and on the start
//! tag of every header block, skipped ones included); the encoder always
//! writes `http://`.
//!
//! # Incomplete input
//!
//! A body read in chunks can be decoded as it grows: an input cut short is
//! [`ErrorKind::Incomplete`] ([`Error::is_incomplete`]), distinct from every
//! other rejection. Each retry decodes from the start, so cap the body size
//! and the number of retries.

#![no_std]
#![deny(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![deny(missing_docs)]

#[cfg(feature = "std")]
extern crate std;

#[cfg(feature = "arbitrary")]
mod arbitrary_impls;
mod cursor;
pub mod error;
mod message;
pub mod messages;
pub mod namespaces;
pub mod soap;
mod values;
pub mod xml;

pub use error::{Error, ErrorKind, Result};
pub use message::{Encode, Message};
pub use messages::{
    CallState, DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, DisconnectRequest, DisconnectResponse,
    EventCause, ExchangeVersion, GetCallInfoRequest, GetCallInfoResponse, KnownResponseCode, ResponseClass,
    ResponseCode, ServerVersionInfo, UmPlayOnPhoneRequest, UmPlayOnPhoneResponse,
};
pub use messages::{ConnectingSid, GreetingType, PlayOnPhoneGreetingRequest, PlayOnPhoneGreetingResponse};
pub use messages::{
    ConnectionFailureCause, GetPhoneCallInformationRequest, GetPhoneCallInformationResponse, PhoneCallInformation,
    PhoneCallState,
};
pub use messages::{PlayOnPhoneRequest, PlayOnPhoneResponse, SoapAction};
pub use soap::{Fault, FaultCode, FaultDetail};
pub use xml::{Limits, RawXml, Text};

// The README's examples are compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// How to decode: the namespace policy and the resource limits, for
/// [`Message::decode_with`] and the typed `decode_with` functions. The
/// default (what `decode` uses) is lenient with default [`Limits`].
///
/// ```
/// use umcodec::{Limits, Message, Options};
///
/// // A server facing the Internet: strict namespaces, small envelopes only.
/// let options = Options::strict().with_limits(Limits::default().with_max_input_len(64 * 1024));
/// let e = Message::decode_with(&[b' '; 100_000], &options).unwrap_err();
/// assert_eq!(e.kind().code(), "limit_exceeded");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// `true`: accept only the canonical `http://` spelling of the Exchange
    /// namespaces, as Exchange servers do, and reject the `https://`
    /// spelling with [`ErrorKind::HttpsNamespace`]. `false` (the default):
    /// accept both. See the [namespace policy](crate#namespace-policy).
    pub strict: bool,
    /// Resource limits (nesting depth, namespace declarations, attributes,
    /// input length); going past one is [`ErrorKind::LimitExceeded`].
    pub limits: Limits,
}

impl Options {
    /// Strict namespaces, default limits: the `https://` spelling of the
    /// Exchange namespaces is rejected (see the
    /// [namespace policy](crate#namespace-policy)).
    ///
    /// ```
    /// use umcodec::Options;
    ///
    /// assert!(Options::strict().strict);
    /// assert_eq!(Options::strict().limits, Options::default().limits);
    /// ```
    #[must_use]
    pub fn strict() -> Self {
        Options {
            strict: true,
            ..Options::default()
        }
    }

    /// These options with the namespace policy `strict` (builder style,
    /// which keeps working when options are added).
    ///
    /// ```
    /// use umcodec::{Limits, Options};
    ///
    /// let o = Options::default().with_strict(true).with_limits(Limits::default().with_max_depth(16));
    /// assert!(o.strict);
    /// assert_eq!(o.limits.max_depth, 16);
    /// ```
    #[must_use]
    pub const fn with_strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// These options with the resource limits `limits`.
    #[must_use]
    pub const fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}
