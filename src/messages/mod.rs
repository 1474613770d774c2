//! The operations, one module each: their request and response types,
//! enumerations, and body decode/encode. Adding an operation means adding
//! one file here and one arm to [`crate::Message`].

pub mod disconnect_phone_call;
pub mod ews;
pub mod get_call_info;
mod response_code;

pub use disconnect_phone_call::{DisconnectPhoneCallRequest, DisconnectPhoneCallResponse};
pub use ews::{ExchangeVersion, KnownResponseCode, ResponseClass, ResponseCode, ServerVersionInfo};
pub use get_call_info::{CallState, EventCause, GetCallInfoRequest, GetCallInfoResponse};
