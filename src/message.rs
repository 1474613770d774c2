//! The entry points: [`Message`] (any envelope the codec knows), typed
//! decoding per message, and the [`Encode`] trait.

use core::fmt;

use crate::cursor::{found, Cursor, QName};
use crate::error::{Error, ErrorKind, ExpectedName, Result};
use crate::messages::disconnect_phone_call::{self as dpc, DisconnectPhoneCallRequest, DisconnectPhoneCallResponse};
use crate::messages::ews::Headers;
use crate::messages::get_call_info::{self as gci, GetCallInfoRequest, GetCallInfoResponse};
use crate::soap::{self, Fault, Indent, Layout, Part};
use crate::xml::{CountSink, FmtSink, Sink, SliceSink, Start};
use crate::Options;

/// Any envelope the codec reads and writes.
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
pub enum Message<'a> {
    /// GetCallInfo request (UM web service).
    GetCallInfoRequest(GetCallInfoRequest<'a>),
    /// GetCallInfo response (UM web service).
    GetCallInfoResponse(GetCallInfoResponse),
    /// DisconnectPhoneCall request (EWS).
    DisconnectPhoneCallRequest(DisconnectPhoneCallRequest<'a>),
    /// DisconnectPhoneCall response (EWS).
    DisconnectPhoneCallResponse(DisconnectPhoneCallResponse<'a>),
    /// A SOAP fault (either service).
    Fault(Fault<'a>),
}

/// `impl From<$ty> for Message` for each variant, so that a typed value
/// goes wherever a `Message` is taken.
macro_rules! message_from {
    ($($variant:ident($ty:ty)),* $(,)?) => {$(
        impl<'a> From<$ty> for Message<'a> {
            fn from(m: $ty) -> Self {
                Message::$variant(m)
            }
        }
    )*};
}

message_from!(
    GetCallInfoRequest(GetCallInfoRequest<'a>),
    GetCallInfoResponse(GetCallInfoResponse),
    DisconnectPhoneCallRequest(DisconnectPhoneCallRequest<'a>),
    DisconnectPhoneCallResponse(DisconnectPhoneCallResponse<'a>),
    Fault(Fault<'a>),
);

/// What the generic decoder accepts in the Body, for its error message.
const ANY_BODY: ExpectedName = ExpectedName {
    ns: None,
    local: "GetCallInfo, GetCallInfoResponse, DisconnectPhoneCall, DisconnectPhoneCallResponse or soap:Fault",
};

/// Reads an envelope: header blocks (known ones decoded), the Body child
/// handed to `body`, then the closing framing. An error is explained from
/// the input where it shows the mistake ([`Error::explained`]).
fn decode_envelope<'a, T>(
    input: &'a [u8],
    options: &Options,
    body: impl FnOnce(&mut Cursor<'a>, Start<'a>, &Headers<'a>) -> Result<T>,
) -> Result<T> {
    read_envelope(input, options, body).map_err(|e| e.explained(input))
}

/// [`decode_envelope`] without the explanation.
#[inline(always)]
fn read_envelope<'a, T>(
    input: &'a [u8],
    options: &Options,
    body: impl FnOnce(&mut Cursor<'a>, Start<'a>, &Headers<'a>) -> Result<T>,
) -> Result<T> {
    let text = crate::xml::Reader::check_input(input, options.limits)?;
    let mut cur = Cursor::new(text, options);
    let mut headers = Headers::default();
    let child = soap::open(&mut cur, |c, block| headers.read(c, block))?;
    let value = body(&mut cur, child, &headers)?;
    soap::close(&mut cur)?;
    Ok(value)
}

/// Requires the Body child to be `q`.
fn expect_body(cur: &Cursor<'_>, child: &Start<'_>, q: QName) -> Result<()> {
    if cur.is(child, q)? {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::UnexpectedElement {
                expected: q.expected(),
                found: found(&child.name),
            },
            child.offset,
        ))
    }
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
        decode_envelope(input, options, |cur, child, headers| {
            if cur.is(&child, gci::REQUEST)? {
                headers.check_unused(false, false)?;
                GetCallInfoRequest::decode_body(cur).map(Message::GetCallInfoRequest)
            } else if cur.is(&child, gci::RESPONSE)? {
                headers.check_unused(false, false)?;
                GetCallInfoResponse::decode_body(cur).map(Message::GetCallInfoResponse)
            } else if cur.is(&child, dpc::REQUEST)? {
                headers.check_unused(true, false)?;
                let version = headers.request_server_version.map(|(v, _)| v);
                DisconnectPhoneCallRequest::decode_body(cur, version).map(Message::DisconnectPhoneCallRequest)
            } else if cur.is(&child, dpc::RESPONSE)? {
                headers.check_unused(false, true)?;
                let sv = headers.server_version.map(|(v, _)| v);
                DisconnectPhoneCallResponse::decode_body(cur, &child, sv).map(Message::DisconnectPhoneCallResponse)
            } else if cur.is(&child, soap::FAULT)? {
                headers.check_unused(false, false)?;
                Fault::decode_body(cur).map(Message::Fault)
            } else {
                Err(Error::new(
                    ErrorKind::UnexpectedElement {
                        expected: ANY_BODY,
                        found: found(&child.name),
                    },
                    child.offset,
                ))
            }
        })
    }

    /// The name of the message's kind: its variant's name
    /// (`GetCallInfoRequest`, …, `Fault`), as the command-line program's
    /// `"message"` key prints it.
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
            Message::GetCallInfoRequest(_) => "GetCallInfoRequest",
            Message::GetCallInfoResponse(_) => "GetCallInfoResponse",
            Message::DisconnectPhoneCallRequest(_) => "DisconnectPhoneCallRequest",
            Message::DisconnectPhoneCallResponse(_) => "DisconnectPhoneCallResponse",
            Message::Fault(_) => "Fault",
        }
    }
}

macro_rules! typed_decode {
    (
        $ty:ty, $name:literal, $doc:literal, $errors:expr, $uses:literal, $sample:literal,
        |$cur:ident, $child:ident, $headers:ident| $body:expr
    ) => {
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
            pub fn decode(input: &'a [u8]) -> Result<Self> {
                Self::decode_with(input, &Options::default())
            }

            #[doc = concat!("Decodes an envelope that must hold ", $doc, ", with explicit [`Options`].")]
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
            pub fn decode_with(input: &'a [u8], options: &Options) -> Result<Self> {
                decode_envelope(input, options, |$cur, $child, $headers| $body)
            }
        }
    };
}

/// The errors of a typed decoder for anything but a fault.
macro_rules! not_a_fault {
    () => {
        "Anything that is not a valid envelope holding this message, with the \
         byte offset where it was detected. A fault is an error here \
         ([`ErrorKind::UnexpectedElement`] at `soap:Fault`): use \
         [`Message::decode`] to accept faults too."
    };
}

typed_decode!(
    GetCallInfoRequest<'a>,
    "GetCallInfoRequest",
    "a GetCallInfo request",
    not_a_fault!(),
    "GetCallInfoRequest, Text",
    "GetCallInfoRequest { call_id: Text::new(\"MDlkZjllZGM=\") }",
    |cur, child, headers| {
        expect_body(cur, &child, gci::REQUEST)?;
        headers.check_unused(false, false)?;
        GetCallInfoRequest::decode_body(cur)
    }
);

typed_decode!(
    GetCallInfoResponse,
    "GetCallInfoResponse",
    "a GetCallInfo response",
    not_a_fault!(),
    "CallState, EventCause, GetCallInfoResponse",
    "GetCallInfoResponse { call_state: CallState::Connected, event_cause: EventCause::None }",
    |cur, child, headers| {
        expect_body(cur, &child, gci::RESPONSE)?;
        headers.check_unused(false, false)?;
        GetCallInfoResponse::decode_body(cur)
    }
);

typed_decode!(
    DisconnectPhoneCallRequest<'a>,
    "DisconnectPhoneCallRequest",
    "a DisconnectPhoneCall request",
    not_a_fault!(),
    "DisconnectPhoneCallRequest, Text",
    "DisconnectPhoneCallRequest { request_server_version: None, phone_call_id: Text::new(\"OWVl4NWb3N29t\") }",
    |cur, child, headers| {
        expect_body(cur, &child, dpc::REQUEST)?;
        headers.check_unused(true, false)?;
        DisconnectPhoneCallRequest::decode_body(cur, headers.request_server_version.map(|(v, _)| v))
    }
);

typed_decode!(
    DisconnectPhoneCallResponse<'a>,
    "DisconnectPhoneCallResponse",
    "a DisconnectPhoneCall response",
    not_a_fault!(),
    "DisconnectPhoneCallResponse, KnownResponseCode, ResponseClass, ResponseCode",
    "DisconnectPhoneCallResponse {
    server_version: None,
    response_class: ResponseClass::Success,
    message_text: None,
    response_code: Some(ResponseCode::Known(KnownResponseCode::NoError)),
    descriptive_link_key: None,
    message_xml: None,
}",
    |cur, child, headers| {
        expect_body(cur, &child, dpc::RESPONSE)?;
        headers.check_unused(false, true)?;
        DisconnectPhoneCallResponse::decode_body(cur, &child, headers.server_version.map(|(v, _)| v))
    }
);

typed_decode!(
    Fault<'a>,
    "Fault",
    "a SOAP fault",
    "Anything that is not a valid envelope holding a fault (a response, for \
     instance), with the byte offset where it was detected. The fault itself \
     is the value returned, not an error.",
    "Fault, FaultCode, Text",
    "Fault { code: FaultCode::SERVER, string: Text::new(\"Try again later.\"), actor: None, detail: None }",
    |cur, child, headers| {
        expect_body(cur, &child, soap::FAULT)?;
        headers.check_unused(false, false)?;
        Fault::decode_body(cur)
    }
);

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
    /// let fault = Fault { code: FaultCode::CLIENT, string: Text::new("No such call."), actor: None, detail: None };
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

/// The layout of Exchange's fault responses.
const FAULT_LAYOUT: Layout = crate::soap::layout!(
    prefix: "s",
    envelope: "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">",
    body: "<s:Body>",
    indent: false,
);

impl Encode for GetCallInfoRequest<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        soap::write(out, &Self::LAYOUT, None, &|o, ind| self.encode_body(o, ind))
    }
}

impl Encode for GetCallInfoResponse {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        soap::write(out, &Self::LAYOUT, None, &|o, ind| self.encode_body(o, ind))
    }
}

impl Encode for DisconnectPhoneCallRequest<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        let header = |o: &mut dyn Sink, ind: Indent| self.encode_header(o, ind);
        let header: Option<Part<'_>> = self.request_server_version.is_some().then_some(&header);
        soap::write(out, &Self::LAYOUT, header, &|o, ind| self.encode_body(o, ind))
    }
}

impl Encode for DisconnectPhoneCallResponse<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        let header = |o: &mut dyn Sink, ind: Indent| self.encode_header(o, ind);
        let header: Option<Part<'_>> = self.server_version.is_some().then_some(&header);
        soap::write(out, &Self::LAYOUT, header, &|o, ind| self.encode_body(o, ind))
    }
}

impl Encode for Fault<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        soap::write(out, &FAULT_LAYOUT, None, &|o, _| self.encode(o, FAULT_LAYOUT.prefix))
    }
}

impl Encode for Message<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        match self {
            Message::GetCallInfoRequest(m) => m.write_to(out),
            Message::GetCallInfoResponse(m) => m.write_to(out),
            Message::DisconnectPhoneCallRequest(m) => m.write_to(out),
            Message::DisconnectPhoneCallResponse(m) => m.write_to(out),
            Message::Fault(m) => m.write_to(out),
        }
    }
}
