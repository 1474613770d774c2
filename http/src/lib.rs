//! umcodec inside a real HTTP service, on hyper and tokio: a stand-in for
//! an Exchange server's phone-call endpoints (EWS and the Exchange 2007
//! UM web service), a client of it, and a load generator.
//!
//! - [`server`]: `POST /EWS/Exchange.asmx` (EWS PlayOnPhone,
//!   GetPhoneCallInformation, DisconnectPhoneCall) and
//!   `POST /EWS/UM2007Legacy.asmx` (UM PlayOnPhone, PlayOnPhoneGreeting,
//!   GetCallInfo, Disconnect), answering as Exchange does; the binary is
//!   `umcodec-server`.
//! - [`calls`]: the bounded call table behind it.
//! - [`ops`]: the server's logic, independent of the XML codec;
//!   [`codec_umcodec`] (the default) and [`codec_serde`] (quick-xml's serde
//!   support, for comparison) read and write the envelopes.
//! - [`client`]: the client (`umcodec-client`), [`load`]: the load
//!   generator (`umcodec-load`), [`alloc`]: the counting allocator the
//!   server binary installs.
//!
//! See `http/README.md` for the commands.

#![deny(unsafe_code)]
#![warn(missing_docs)]

#[allow(unsafe_code)]
pub mod alloc;
pub mod args;
pub mod calls;
pub mod client;
pub mod codec_serde;
pub mod codec_umcodec;
pub mod load;
pub mod ops;
pub mod server;

/// The EWS endpoint.
pub const EWS_PATH: &str = "/EWS/Exchange.asmx";
/// The UM web service endpoint.
pub const UM_PATH: &str = "/EWS/UM2007Legacy.asmx";
