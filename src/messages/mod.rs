//! The operations, one module each: their request and response types,
//! enumerations, and body decode/encode. Adding an operation means adding
//! one file here and one line to the table of message kinds (in
//! `message.rs`, which makes the [`crate::Message`] variant).

pub mod action;
pub mod disconnect;
pub mod disconnect_phone_call;
pub mod ews;
pub mod get_call_info;
pub mod get_phone_call_information;
pub mod play_on_phone;
pub mod play_on_phone_greeting;
mod response;
mod response_code;
pub mod um_play_on_phone;

pub use action::SoapAction;
pub use disconnect::{DisconnectRequest, DisconnectResponse};
pub use disconnect_phone_call::{DisconnectPhoneCallRequest, DisconnectPhoneCallResponse};
pub use ews::{ConnectingSid, ExchangeVersion, KnownResponseCode, ResponseClass, ResponseCode, ServerVersionInfo};
pub use get_call_info::{CallState, EventCause, GetCallInfoRequest, GetCallInfoResponse};
pub use get_phone_call_information::{
    ConnectionFailureCause, GetPhoneCallInformationRequest, GetPhoneCallInformationResponse, PhoneCallInformation,
    PhoneCallState,
};
pub use play_on_phone::{PlayOnPhoneRequest, PlayOnPhoneResponse};
pub use play_on_phone_greeting::{GreetingType, PlayOnPhoneGreetingRequest, PlayOnPhoneGreetingResponse};
pub use um_play_on_phone::{UmPlayOnPhoneRequest, UmPlayOnPhoneResponse};
