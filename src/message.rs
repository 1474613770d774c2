//! The entry points: [`Message`] (any envelope the codec knows), typed
//! decoding per message, and the [`Encode`] trait.
//!
//! # Adding an operation
//!
//! An operation lives in its own file under `messages/`: its types, their
//! `Operation` impl (body element, header blocks used, body decoder),
//! their `Encode` impl and a `typed_decode!` line each. The one table
//! here, `messages!`, lists every message kind once: it makes the
//! [`Message`] variant, the `From` impl, [`Message::kind`], the generic
//! decoder's dispatch and the encoder's.

use core::fmt;

use crate::cursor::{Cursor, QName};
use crate::error::{Error, ErrorKind, ExpectedName, Result};
use crate::messages::action::SoapAction;
use crate::messages::disconnect::{DisconnectRequest, DisconnectResponse};
use crate::messages::disconnect_phone_call::{DisconnectPhoneCallRequest, DisconnectPhoneCallResponse};
use crate::messages::ews::{HeaderUse, Headers};
use crate::messages::get_call_info::{GetCallInfoRequest, GetCallInfoResponse};
use crate::messages::get_phone_call_information::{GetPhoneCallInformationRequest, GetPhoneCallInformationResponse};
use crate::messages::play_on_phone::{PlayOnPhoneRequest, PlayOnPhoneResponse};
use crate::messages::play_on_phone_greeting::{PlayOnPhoneGreetingRequest, PlayOnPhoneGreetingResponse};
use crate::messages::um_play_on_phone::{UmPlayOnPhoneRequest, UmPlayOnPhoneResponse};
use crate::soap::Fault;
use crate::xml::{CountSink, ExpectedAttributes, FmtSink, Sink, SliceSink, Tag};
use crate::Options;

/// What every message type is to the decoders: the element the SOAP Body
/// holds, the header blocks it reads, and how its body is read.
pub(crate) trait Operation<'a>: Sized + Into<Message<'a>> {
    /// The Body's child.
    const ELEMENT: &'static QName;
    /// The header blocks the message reads (any other known block marked
    /// `mustUnderstand` is an error).
    const HEADERS: HeaderUse;
    /// `false` when another message with the same [`Operation::ELEMENT`]
    /// decides, in its [`Operation::decode_message`], which of the two an
    /// envelope holds.
    const GENERIC: bool = true;
    /// The SOAPAction of a request; `None` for responses and faults.
    const ACTION: Option<SoapAction> = None;
    /// The unprefixed attributes its envelopes have, in the order
    /// Exchange and its clients write them: the reader's fast path
    /// ([`ExpectedAttributes`]), never a rule.
    const ATTRIBUTES: &'static ExpectedAttributes = match Self::HEADERS {
        HeaderUse::EwsRequest => &crate::messages::ews::REQUEST_ATTRIBUTES,
        HeaderUse::EwsResponse => &crate::messages::ews::RESPONSE_ATTRIBUTES,
        HeaderUse::None => &ExpectedAttributes::NONE,
    };

    /// Decodes the content of the Body's child (its start tag just read).
    fn decode_body(cur: &mut Cursor<'_, 'a>, child: &Tag, headers: &Headers<'a>) -> Result<Self>;

    /// Checks the header blocks, then decodes the body.
    fn decode_checked(cur: &mut Cursor<'_, 'a>, child: &Tag, headers: &Headers<'a>) -> Result<Self> {
        headers.check_unused(Self::HEADERS)?;
        Self::decode_body(cur, child, headers)
    }

    /// What [`Message::decode`] makes of the Body's child.
    fn decode_message(cur: &mut Cursor<'_, 'a>, child: &Tag, headers: &Headers<'a>) -> Result<Message<'a>> {
        Self::decode_checked(cur, child, headers).map(Into::into)
    }
}

/// The message kinds: the Body children the generic decoder accepts (for
/// its error), then `Variant(Type)` in the order of the documentation.
macro_rules! messages {
    (
        bodies: $bodies:literal;
        $(
            $(#[$doc:meta])*
            $variant:ident($ty:ty),
        )*
    ) => {
        /// Any envelope the codec reads and writes.
        ///
        /// New kinds are added as the codec learns operations, so a
        /// `match` needs a wildcard arm.
        ///
        /// ```
        /// use umcodec::{CallState, Message};
        ///
        /// let xml = br#"<?xml version="1.0" encoding="utf-8"?>
        /// <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
        ///   <soap:Body>
        ///     <GetCallInfoResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
        ///       <GetCallInfoResponse>
        ///         <CallState>Connected</CallState>
        ///         <EventCause>None</EventCause>
        ///       </GetCallInfoResponse>
        ///     </GetCallInfoResponse>
        ///   </soap:Body>
        /// </soap:Envelope>"#;
        /// match Message::decode(xml)? {
        ///     Message::GetCallInfoResponse(r) => assert_eq!(r.call_state, CallState::Connected),
        ///     other => panic!("unexpected {other:?}"),
        /// }
        /// # Ok::<_, umcodec::Error>(())
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        #[non_exhaustive]
        pub enum Message<'a> {
            $( $(#[$doc])* $variant($ty), )*
        }

        $(
            impl<'a> From<$ty> for Message<'a> {
                fn from(m: $ty) -> Self {
                    Message::$variant(m)
                }
            }
        )*

        /// What the generic decoder accepts in the Body, for its error message.
        const ANY_BODY: &ExpectedName = &ExpectedName { ns: None, local: $bodies };

        impl<'a> Message<'a> {
            /// The name of the message's kind: its variant's name
            /// (`GetCallInfoRequest`, …, `Fault`), as the command-line
            /// program's `"message"` key prints it.
            ///
            /// ```
            /// use umcodec::{GetCallInfoResponse, CallState, EventCause, Message};
            ///
            /// let m = Message::from(GetCallInfoResponse { call_state: CallState::Idle, event_cause: EventCause::None });
            /// assert_eq!(m.kind(), "GetCallInfoResponse");
            /// ```
            #[must_use]
            pub const fn kind(&self) -> &'static str {
                match self {
                    $( Message::$variant(_) => stringify!($variant), )*
                }
            }

            /// The SOAPAction of a request (what a client sends in the HTTP
            /// `SOAPAction` header); `None` for a response or a fault.
            ///
            /// ```
            /// use umcodec::{DisconnectRequest, Message, SoapAction, Text};
            ///
            /// let m = Message::from(DisconnectRequest { call_id: Text::new("MDlk") });
            /// assert_eq!(m.soap_action(), Some(SoapAction::Disconnect));
            /// assert_eq!(m.soap_action().unwrap().uri(), "http://schemas.microsoft.com/exchange/services/2006/messages/Disconnect");
            /// ```
            #[must_use]
            pub const fn soap_action(&self) -> Option<SoapAction> {
                match self {
                    $( Message::$variant(_) => <$ty as Operation<'a>>::ACTION, )*
                }
            }

            /// The generic decoder's dispatch on the Body's child.
            #[inline(always)]
            fn decode_any(cur: &mut Cursor<'_, 'a>, child: Tag, headers: &Headers<'a>) -> Result<Self> {
                $(
                    if <$ty as Operation<'a>>::GENERIC && cur.is(&child, <$ty as Operation<'a>>::ELEMENT)? {
                        return <$ty as Operation<'a>>::decode_message(cur, &child, headers);
                    }
                )*
                Err(Error::new(ErrorKind::UnexpectedElement { expected: ANY_BODY }, child.offset()))
            }
        }

        impl Encode for Message<'_> {
            fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
                match self {
                    $( Message::$variant(m) => m.write_to(out), )*
                }
            }
        }
    };
}

messages! {
    bodies: "GetCallInfo, GetCallInfoResponse, PlayOnPhone, PlayOnPhoneResponse, \
             PlayOnPhoneGreeting, PlayOnPhoneGreetingResponse, Disconnect, DisconnectResponse, \
             GetPhoneCallInformation, GetPhoneCallInformationResponse, \
             DisconnectPhoneCall, DisconnectPhoneCallResponse or soap:Fault";
    /// GetCallInfo request (UM web service).
    GetCallInfoRequest(GetCallInfoRequest<'a>),
    /// GetCallInfo response (UM web service).
    GetCallInfoResponse(GetCallInfoResponse),
    /// PlayOnPhone request of the UM web service (first child `entryId`).
    UmPlayOnPhoneRequest(UmPlayOnPhoneRequest<'a>),
    /// PlayOnPhone response of the UM web service (the CallId).
    UmPlayOnPhoneResponse(UmPlayOnPhoneResponse<'a>),
    /// PlayOnPhoneGreeting request (UM web service).
    PlayOnPhoneGreetingRequest(PlayOnPhoneGreetingRequest<'a>),
    /// PlayOnPhoneGreeting response (UM web service: the CallId).
    PlayOnPhoneGreetingResponse(PlayOnPhoneGreetingResponse<'a>),
    /// Disconnect request (UM web service).
    DisconnectRequest(DisconnectRequest<'a>),
    /// Disconnect response (UM web service).
    DisconnectResponse(DisconnectResponse),
    /// PlayOnPhone request of EWS (first child `m:ItemId`).
    PlayOnPhoneRequest(PlayOnPhoneRequest<'a>),
    /// PlayOnPhone response of EWS (with `ResponseClass`).
    PlayOnPhoneResponse(PlayOnPhoneResponse<'a>),
    /// GetPhoneCallInformation request (EWS).
    GetPhoneCallInformationRequest(GetPhoneCallInformationRequest<'a>),
    /// GetPhoneCallInformation response (EWS).
    GetPhoneCallInformationResponse(GetPhoneCallInformationResponse<'a>),
    /// DisconnectPhoneCall request (EWS).
    DisconnectPhoneCallRequest(DisconnectPhoneCallRequest<'a>),
    /// DisconnectPhoneCall response (EWS).
    DisconnectPhoneCallResponse(DisconnectPhoneCallResponse<'a>),
    /// A SOAP fault (either service).
    Fault(Fault<'a>),
}

/// Reads an envelope: header blocks (known ones decoded), the Body child
/// handed to `body`, then the closing framing. An error is explained from
/// the input where it shows the mistake ([`Error::explained`]).
pub(crate) fn decode_envelope<'a, T>(
    input: &'a [u8],
    options: &Options,
    expected: &'static ExpectedAttributes,
    body: impl FnOnce(&mut Cursor<'_, 'a>, Tag, &Headers<'a>) -> Result<T>,
) -> Result<T> {
    read_envelope(input, options, expected, body).map_err(|e| e.explained(input))
}

/// [`decode_envelope`] without the explanation.
#[inline(always)]
fn read_envelope<'a, T>(
    input: &'a [u8],
    options: &Options,
    expected: &'static ExpectedAttributes,
    body: impl FnOnce(&mut Cursor<'_, 'a>, Tag, &Headers<'a>) -> Result<T>,
) -> Result<T> {
    let text = crate::xml::Reader::check_input(input, options.limits)?;
    let mut reader = crate::xml::Reader::checked(text, &crate::namespaces::KNOWN, options.limits);
    reader.expect_attributes(expected);
    let mut cur = Cursor::new(&mut reader, options);
    let mut headers = Headers::default();
    let child = crate::soap::open(&mut cur, |c, block| headers.read(c, block))?;
    // Built where it is returned: a value held across `close` is copied
    // twice (a memcpy each: the messages are up to 224 bytes).
    let value = body(&mut cur, child, &headers);
    if value.is_ok() {
        crate::soap::close(&mut cur)?;
    }
    value
}

/// Requires the Body child to be `q`.
pub(crate) fn expect_body(cur: &Cursor<'_, '_>, child: &Tag, q: &'static QName) -> Result<()> {
    if cur.is(child, q)? {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::UnexpectedElement { expected: q.expected() },
            child.offset(),
        ))
    }
}

/// Decodes an envelope that must hold a `T` (the typed decoders).
pub(crate) fn decode_typed<'a, T: Operation<'a>>(input: &'a [u8], options: &Options) -> Result<T> {
    decode_envelope(input, options, T::ATTRIBUTES, |cur, child, headers| {
        expect_body(cur, &child, T::ELEMENT)?;
        T::decode_checked(cur, &child, headers)
    })
}

impl<'a> Message<'a> {
    /// Decodes any envelope the codec knows, leniently (the `https://`
    /// spelling of the Exchange namespaces is accepted) and with the
    /// default [`crate::Limits`]. A SOAP fault is a message like the others
    /// ([`Message::Fault`]), not an error.
    ///
    /// ```
    /// use umcodec::Message;
    ///
    /// let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
    ///   <faultcode>s:Server</faultcode><faultstring>Try again later.</faultstring>
    /// </s:Fault></s:Body></s:Envelope>"#;
    /// let Message::Fault(fault) = Message::decode(xml)? else { panic!() };
    /// assert_eq!(fault.string, "Try again later.");
    ///
    /// // A body read in chunks: the first half is incomplete, not invalid.
    /// let e = Message::decode(&xml[..xml.len() / 2]).unwrap_err();
    /// assert!(e.is_incomplete());
    /// assert_eq!(e.offset(), xml.len() / 2);
    /// # Ok::<_, umcodec::Error>(())
    /// ```
    ///
    /// # Errors
    /// Anything that is not a valid envelope, with the byte offset where it
    /// was detected; [`ErrorKind::Incomplete`] when the input ends early.
    pub fn decode(input: &'a [u8]) -> Result<Self> {
        Self::decode_with(input, &Options::default())
    }

    /// Decodes with explicit [`Options`]: the namespace policy and the
    /// resource limits.
    ///
    /// ```
    /// use umcodec::{ErrorKind, Message, Options};
    ///
    /// // Published documentation spells the Exchange namespaces https://.
    /// let xml = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
    ///   <GetCallInfo xmlns="https://schemas.microsoft.com/exchange/services/2006/messages">
    ///     <CallId>MDlkZjllZGM=</CallId>
    ///   </GetCallInfo></soap:Body></soap:Envelope>"#;
    /// assert!(Message::decode(xml).is_ok());
    /// let e = Message::decode_with(xml, &Options::strict()).unwrap_err();
    /// assert_eq!(e.kind(), &ErrorKind::HttpsNamespace);
    /// ```
    ///
    /// # Errors
    /// As [`Message::decode`].
    pub fn decode_with(input: &'a [u8], options: &Options) -> Result<Self> {
        decode_envelope(input, options, &ExpectedAttributes::NONE, Message::decode_any)
    }
}

/// `decode` and `decode_with` for a message type, with doc examples:
/// `typed_decode!(Type, "Name", "a … request", errors doc, "uses", "sample")`.
macro_rules! typed_decode {
    ($ty:ty, $name:literal, $doc:literal, $errors:expr, $uses:literal, $sample:literal $(,)?) => {
        impl<'a> $ty {
            #[doc = concat!("Decodes an envelope that must hold ", $doc, ", leniently and with the default limits.")]
            ///
            /// ```
            #[doc = concat!("use umcodec::{Encode, Options, ", $uses, "};")]
            ///
            #[doc = concat!("let value = ", $sample, ";")]
            /// let mut buf = [0u8; 1024];
            /// let n = value.encode(&mut buf)?;
            #[doc = concat!("assert_eq!(", $name, "::decode(&buf[..n])?, value);")]
            /// # Ok::<_, umcodec::Error>(())
            /// ```
            ///
            /// # Errors
            #[doc = $errors]
            pub fn decode(input: &'a [u8]) -> $crate::Result<Self> {
                Self::decode_with(input, &$crate::Options::default())
            }

            #[doc = concat!("Decodes an envelope that must hold ", $doc, ", with explicit [`Options`](crate::Options).")]
            ///
            /// ```
            #[doc = concat!("use umcodec::{Encode, Options, ", $uses, "};")]
            ///
            #[doc = concat!("let value = ", $sample, ";")]
            /// let mut buf = [0u8; 1024];
            /// let n = value.encode(&mut buf)?;
            #[doc = concat!("assert_eq!(", $name, "::decode_with(&buf[..n], &Options::strict())?, value);")]
            /// # Ok::<_, umcodec::Error>(())
            /// ```
            ///
            /// # Errors
            /// As `decode`.
            pub fn decode_with(input: &'a [u8], options: &$crate::Options) -> $crate::Result<Self> {
                $crate::message::decode_typed(input, options)
            }
        }
    };
}
pub(crate) use typed_decode;

/// The errors of a typed decoder for anything but a fault.
macro_rules! not_a_fault {
    () => {
        "Anything that is not a valid envelope holding this message, with the \
         byte offset where it was detected. A fault is an error here \
         ([`ErrorKind::UnexpectedElement`](crate::ErrorKind::UnexpectedElement) at `soap:Fault`): use \
         [`Message::decode`](crate::Message::decode) to accept faults too."
    };
}
pub(crate) use not_a_fault;

/// Writing a message as a complete envelope: UTF-8, XML declaration first,
/// `http://` namespace URIs, in the layout real clients and servers use.
///
/// Implemented by [`Message`] and by each message type. Every method fails,
/// without writing anything unreadable, when a value holds a character XML
/// 1.0 cannot carry (or, for a [`FaultCode`](crate::FaultCode) or raw
/// content, a prefix without its namespace).
///
/// ```
/// use umcodec::{CallState, Encode, EventCause, GetCallInfoResponse, Message};
///
/// let resp = GetCallInfoResponse { call_state: CallState::Connected, event_cause: EventCause::None };
///
/// // Into a caller buffer, without allocating...
/// let mut buf = [0u8; 512];
/// let n = resp.encode(&mut buf)?;
/// assert_eq!(n, resp.encoded_len()?);
/// assert!(buf[..n].starts_with(br#"<?xml version="1.0" encoding="utf-8"?>"#));
///
/// // ...or into any fmt::Write (or io::Write, with the `std` feature).
/// let mut text = String::new();
/// Message::from(resp).encode_fmt(&mut text)?;
/// assert_eq!(text.as_bytes(), &buf[..n]);
/// # Ok::<_, umcodec::Error>(())
/// ```
pub trait Encode {
    /// Writes the envelope into `out`, the sink the other methods wrap
    /// (see [`Sink`] to write somewhere else).
    ///
    /// ```
    /// use umcodec::xml::FmtSink;
    /// use umcodec::{CallState, Encode, EventCause, GetCallInfoResponse};
    ///
    /// let resp = GetCallInfoResponse { call_state: CallState::Alerted, event_cause: EventCause::None };
    /// let mut sink = FmtSink(String::new());
    /// resp.write_to(&mut sink)?;
    /// assert!(sink.0.contains("<CallState>Alerted</CallState>"));
    /// # Ok::<_, umcodec::Error>(())
    /// ```
    ///
    /// # Errors
    /// A value XML cannot carry, or the sink failed.
    fn write_to(&self, out: &mut dyn Sink) -> Result<()>;

    /// Writes the envelope into `buf` and returns the bytes written.
    ///
    /// ```
    /// use umcodec::{Encode, ErrorKind, GetCallInfoRequest, Text};
    ///
    /// let req = GetCallInfoRequest { call_id: Text::new("MDlkZjllZGM=") };
    /// let mut small = [0u8; 16];
    /// let e = req.encode(&mut small).unwrap_err();
    /// assert_eq!(e.kind(), &ErrorKind::BufferTooSmall { needed: req.encoded_len()? });
    /// # Ok::<_, umcodec::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::BufferTooSmall`] with the size needed, or as
    /// [`Encode::write_to`].
    fn encode(&self, buf: &mut [u8]) -> Result<usize> {
        let mut sink = SliceSink::new(buf);
        self.write_to(&mut sink)?;
        sink.finish()
    }

    /// The exact number of bytes [`Encode::encode`] writes.
    ///
    /// ```
    /// use umcodec::{Encode, GetCallInfoRequest, Text};
    ///
    /// let req = GetCallInfoRequest { call_id: Text::new("MDlkZjllZGM=") };
    /// let mut buf = vec![0u8; req.encoded_len()?];
    /// assert_eq!(req.encode(&mut buf)?, buf.len());
    /// # Ok::<_, umcodec::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Encode::write_to`].
    fn encoded_len(&self) -> Result<usize> {
        let mut sink = CountSink::default();
        self.write_to(&mut sink)?;
        Ok(sink.0)
    }

    /// Writes the envelope into a [`core::fmt::Write`].
    ///
    /// ```
    /// use umcodec::{Encode, Fault, FaultCode, Text};
    ///
    /// let fault = Fault { code: FaultCode::CLIENT, string: Text::new("No such call."), lang: None, actor: None, detail: None };
    /// let mut xml = String::new();
    /// fault.encode_fmt(&mut xml)?;
    /// assert!(xml.contains("<faultstring>No such call.</faultstring>"));
    /// # Ok::<_, umcodec::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Encode::write_to`]; [`ErrorKind::Fmt`] when the writer fails.
    fn encode_fmt<W: fmt::Write>(&self, w: W) -> Result<()>
    where
        Self: Sized,
    {
        self.write_to(&mut FmtSink(w))
    }

    /// Writes the envelope into a [`std::io::Write`] (with the `std`
    /// feature).
    ///
    /// ```
    /// use umcodec::{DisconnectPhoneCallRequest, Encode, ExchangeVersion, Text};
    ///
    /// let req = DisconnectPhoneCallRequest {
    ///     request_server_version: Some(ExchangeVersion::Exchange2010),
    ///     mailbox_culture: None,
    ///     impersonation: None,
    ///     phone_call_id: Text::new("OWVl4NWb3N29t"),
    /// };
    /// let mut body = Vec::new(); // or a socket, a file, a BufWriter
    /// req.encode_io(&mut body)?;
    /// assert_eq!(DisconnectPhoneCallRequest::decode(&body)?, req);
    /// # Ok::<_, umcodec::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Encode::write_to`]; [`ErrorKind::Io`] when the writer fails.
    #[cfg(feature = "std")]
    fn encode_io<W: std::io::Write>(&self, w: W) -> Result<()>
    where
        Self: Sized,
    {
        self.write_to(&mut crate::xml::IoSink::new(w))
    }
}
