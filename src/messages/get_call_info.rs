//! GetCallInfo, Exchange 2007 Unified Messaging web service: the request
//! names a call by `CallId`; the response gives its `CallState` and
//! `EventCause`. The service has no published schema; the shapes follow
//! [MS-OXWUMS] and the published examples (no SOAP headers).

use super::action::SoapAction;
use super::ews::{HeaderUse, Headers};
use crate::cursor::{Cursor, QName, Space};
use crate::error::{Error, ErrorKind, Result};
use crate::message::{not_a_fault, typed_decode, Encode, Operation};
use crate::soap::{fixed, Indent, Layout};
use crate::values::{parse_enum, string_enum};
use crate::xml::{escape_text, Context, Sink, Tag, Text};

pub(crate) const REQUEST: &QName = &QName::new(Space::Messages, "GetCallInfo");
const CALL_ID: &QName = &QName::new(Space::Messages, "CallId");
pub(crate) const RESPONSE: &QName = &QName::new(Space::Messages, "GetCallInfoResponse");
const CALL_STATE: &QName = &QName::new(Space::Messages, "CallState");
const EVENT_CAUSE: &QName = &QName::new(Space::Messages, "EventCause");

string_enum! {
    /// `UMCallState`, the value of `CallState`: where the outbound call
    /// placed by PlayOnPhone is. Unified Messaging reports `Connecting`,
    /// `Connected` and `Disconnected`; the schema's other values are
    /// accepted too.
    pub enum CallState {
        /// The initial state: no call yet.
        Idle = "Idle",
        /// The number is being dialled, or the server waits for an answer.
        Connecting = "Connecting",
        /// The called phone is ringing.
        Alerted = "Alerted",
        /// The call was answered and is in progress.
        Connected = "Connected",
        /// The call has ended (see the [`EventCause`] for why).
        Disconnected = "Disconnected",
        /// An inbound call.
        Incoming = "Incoming",
        /// The call is being transferred.
        Transferring = "Transferring",
        /// The call is being forwarded.
        Forwarding = "Forwarding",
    }
}

string_enum! {
    /// `UMEventCause`, the value of `EventCause`: why the call is in its
    /// state, meaningful once it is `Disconnected`.
    pub enum EventCause {
        /// No particular cause: the call is not disconnected, or ended
        /// normally.
        None = "None",
        /// The called party was busy.
        UserBusy = "UserBusy",
        /// The called party did not answer.
        NoAnswer = "NoAnswer",
        /// The called number could not be reached.
        Unavailable = "Unavailable",
        /// Any other cause.
        Other = "Other",
    }
}

/// GetCallInfo request (body element `GetCallInfo` in the messages
/// namespace): which call to report on.
///
/// ```
/// use umcodec::{Encode, GetCallInfoRequest, Text};
///
/// let req = GetCallInfoRequest { call_id: Text::new("MDlkZjllZGM=") };
/// let mut buf = [0u8; 512];
/// let n = req.encode(&mut buf)?;
/// assert_eq!(GetCallInfoRequest::decode(&buf[..n])?, req);
///
/// let mut id = [0u8; 64];
/// assert_eq!(req.decode_call_id(&mut id)?, b"09df9edc");
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct GetCallInfoRequest<'a> {
    /// The `CallId` element: the handle PlayOnPhone returned for the call
    /// (base64 in practice, see [`GetCallInfoRequest::decode_call_id`]; the
    /// schema type is a string, reported exactly as written).
    pub call_id: Text<'a>,
}

/// GetCallInfo response (body element `GetCallInfoResponse`, holding a
/// second `GetCallInfoResponse` with the values): the call's state.
///
/// ```
/// use umcodec::{CallState, Encode, EventCause, GetCallInfoResponse};
///
/// let xml = br#"<?xml version="1.0" encoding="utf-8"?>
/// <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
///   <GetCallInfoResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
///     <GetCallInfoResponse><CallState>Disconnected</CallState><EventCause>NoAnswer</EventCause></GetCallInfoResponse>
///   </GetCallInfoResponse>
/// </soap:Body></soap:Envelope>"#;
/// let resp = GetCallInfoResponse::decode(xml)?;
/// assert_eq!(resp.call_state, CallState::Disconnected);
/// assert_eq!(resp.event_cause, EventCause::NoAnswer);
///
/// // A server answers with the same layout Exchange writes.
/// let mut buf = [0u8; 512];
/// let n = resp.encode(&mut buf)?;
/// assert_eq!(GetCallInfoResponse::decode(&buf[..n])?, resp);
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct GetCallInfoResponse {
    /// The `CallState` element: where the call is now.
    pub call_state: CallState,
    /// The `EventCause` element: why it is there (why it ended, once
    /// `Disconnected`).
    pub event_cause: EventCause,
}

impl<'a> GetCallInfoRequest<'a> {
    /// Decodes the base64 `CallId` into `buf` (standard alphabet, padded,
    /// no whitespace) and returns the bytes.
    ///
    /// ```
    /// use umcodec::{ErrorKind, GetCallInfoRequest, Text};
    ///
    /// let mut buf = [0u8; 64];
    /// let req = GetCallInfoRequest { call_id: Text::new("aGVsbG8=") };
    /// assert_eq!(req.decode_call_id(&mut buf)?, b"hello");
    ///
    /// let bad = GetCallInfoRequest { call_id: Text::new("not base64!") };
    /// assert_eq!(bad.decode_call_id(&mut buf).unwrap_err().kind(), &ErrorKind::InvalidBase64);
    /// # Ok::<_, umcodec::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidBase64`] at the id's offset, or
    /// [`ErrorKind::BufferTooSmall`] when `buf` cannot hold the unescaped id.
    pub fn decode_call_id<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8]> {
        let at = self.call_id.offset();
        let invalid = || Error::new(ErrorKind::InvalidBase64, at);
        match self.call_id.as_str() {
            Some(s) => {
                let needed = base64_simd::STANDARD
                    .decoded_length(s.as_bytes())
                    .map_err(|_| invalid())?;
                let out = buf
                    .get_mut(..needed)
                    .ok_or(Error::new(ErrorKind::BufferTooSmall { needed }, at))?;
                let decoded = base64_simd::STANDARD
                    .decode(s.as_bytes(), base64_simd::Out::from_slice(out))
                    .map_err(|_| invalid())?;
                Ok(&*decoded)
            }
            None => {
                // Unescape first (decoded base64 is never longer than its text),
                // then decode in place.
                let len = self
                    .call_id
                    .unescape_into(buf)
                    .map_err(|needed| Error::new(ErrorKind::BufferTooSmall { needed }, at))?
                    .len();
                let decoded = base64_simd::STANDARD
                    .decode_inplace(&mut buf[..len])
                    .map_err(|_| invalid())?;
                Ok(&*decoded)
            }
        }
    }

    pub(crate) fn encode_body<S: Sink + ?Sized>(&self, out: &mut S, ind: Indent) -> Result<()> {
        fixed!(out, ind;
            2 "<GetCallInfo xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\">",
            3 "<CallId>")?;
        escape_text(out, &self.call_id, Context::Content)?;
        fixed!(out, ind; _ "</CallId>", 2 "</GetCallInfo>")
    }

    /// The layout of the published request example.
    pub(crate) const LAYOUT: Layout = crate::soap::layout!(
        prefix: "soap",
        envelope: "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">",
        body: "<soap:Body>",
        indent: true,
    );
}

impl GetCallInfoResponse {
    pub(crate) fn encode_body<S: Sink + ?Sized>(&self, out: &mut S, _: Indent) -> Result<()> {
        out.write_str(
            "<GetCallInfoResponse xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\"><GetCallInfoResponse><CallState>",
        )?;
        out.write_str(self.call_state.as_str())?;
        out.write_str("</CallState><EventCause>")?;
        out.write_str(self.event_cause.as_str())?;
        out.write_str("</EventCause></GetCallInfoResponse></GetCallInfoResponse>")
    }

    /// The layout of an ASP.NET web service response.
    pub(crate) const LAYOUT: Layout = crate::soap::layout!(
        prefix: "soap",
        envelope: concat!(
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"",
            " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
            " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
        ),
        body: "<soap:Body>",
        indent: false,
    );
}

impl GetCallInfoRequest<'_> {
    /// The operation's SOAPAction ([`SoapAction::uri`] gives the URI to
    /// send in the HTTP `SOAPAction` header).
    pub const SOAP_ACTION: SoapAction = SoapAction::GetCallInfo;
}

impl<'a> Operation<'a> for GetCallInfoRequest<'a> {
    const ACTION: Option<SoapAction> = Some(Self::SOAP_ACTION);
    const ELEMENT: &'static QName = REQUEST;
    const HEADERS: HeaderUse = HeaderUse::None;

    fn decode_body(cur: &mut Cursor<'_, 'a>, _: &Tag, _: &Headers<'a>) -> Result<Self> {
        Ok(GetCallInfoRequest {
            call_id: text_only_body(cur, REQUEST, CALL_ID)?,
        })
    }
}

impl<'a> Operation<'a> for GetCallInfoResponse {
    const ELEMENT: &'static QName = RESPONSE;
    const HEADERS: HeaderUse = HeaderUse::None;

    fn decode_body(cur: &mut Cursor<'_, 'a>, _: &Tag, _: &Headers<'a>) -> Result<Self> {
        cur.no_attributes(RESPONSE)?;
        cur.expect(RESPONSE)?;
        cur.no_attributes(RESPONSE)?;
        let call_state = parse_enum(&"CallState", &enum_element(cur, CALL_STATE)?, CallState::from_str)?;
        let event_cause = parse_enum(&"EventCause", &enum_element(cur, EVENT_CAUSE)?, EventCause::from_str)?;
        cur.expect_end(RESPONSE)?;
        cur.expect_end(RESPONSE)?;
        Ok(GetCallInfoResponse {
            call_state,
            event_cause,
        })
    }
}

impl Encode for GetCallInfoRequest<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        crate::soap::write(out, &Self::LAYOUT, None, &|o, ind| self.encode_body(o, ind))
    }
}

impl Encode for GetCallInfoResponse {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        crate::soap::write(out, &Self::LAYOUT, None, &|o, ind| self.encode_body(o, ind))
    }
}

typed_decode!(
    GetCallInfoRequest<'a>,
    "GetCallInfoRequest",
    "a GetCallInfo request",
    not_a_fault!(),
    "GetCallInfoRequest, Text",
    "GetCallInfoRequest { call_id: Text::new(\"MDlkZjllZGM=\") }",
);

typed_decode!(
    GetCallInfoResponse,
    "GetCallInfoResponse",
    "a GetCallInfo response",
    not_a_fault!(),
    "CallState, EventCause, GetCallInfoResponse",
    "GetCallInfoResponse { call_state: CallState::Connected, event_cause: EventCause::None }",
);

/// The content of a UM request element `outer` (just opened) whose only
/// child is the text element `inner`, through `outer`'s end tag.
pub(crate) fn text_only_body<'a>(
    cur: &mut Cursor<'_, 'a>,
    outer: &'static QName,
    inner: &'static QName,
) -> Result<Text<'a>> {
    cur.no_attributes(outer)?;
    cur.expect(inner)?;
    cur.no_attributes(inner)?;
    let text = cur.text(inner)?;
    cur.expect_end(outer)?;
    Ok(text)
}

/// Reads a required text element through its end tag (values are checked
/// only once complete, so that a cut input is `Incomplete`).
pub(crate) fn enum_element<'a>(cur: &mut Cursor<'_, 'a>, q: &'static QName) -> Result<Text<'a>> {
    let _: Tag = cur.expect(q)?;
    cur.no_attributes(q)?;
    cur.text(q)
}
