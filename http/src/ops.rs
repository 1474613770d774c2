//! What the server does, independent of how the XML is read and written:
//! the operations a request can ask for ([`Op`]), the replies
//! ([`Reply`]), the logic between them ([`answer`]) and the interface of
//! the two codecs ([`Codec`]: umcodec, or quick-xml's serde support).

use std::fmt;
use std::time::Instant;

use bytes::BytesMut;
use umcodec::SoapAction;

use crate::calls::{CallKey, CallStatus, CallTable, Service, TableFull};

/// An operation decoded from a request body. Ids are decoded already
/// (`None`: not an id this server hands out); dial strings are only
/// checked for being non-blank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// UM PlayOnPhone (`entryId`, `DialString`).
    UmPlayOnPhone {
        /// `DialString` has a non-blank value.
        dial_ok: bool,
    },
    /// UM PlayOnPhoneGreeting.
    PlayOnPhoneGreeting {
        /// `DialString` has a non-blank value.
        dial_ok: bool,
    },
    /// UM GetCallInfo.
    GetCallInfo(Option<CallKey>),
    /// UM Disconnect.
    Disconnect(Option<CallKey>),
    /// EWS PlayOnPhone (`m:ItemId`, `m:DialString`).
    PlayOnPhone {
        /// `DialString` has a non-blank value.
        dial_ok: bool,
    },
    /// EWS GetPhoneCallInformation.
    GetPhoneCallInformation(Option<CallKey>),
    /// EWS DisconnectPhoneCall.
    DisconnectPhoneCall(Option<CallKey>),
    /// A valid envelope that is not a request (a response or a fault):
    /// the kind's name.
    NotARequest(&'static str),
}

impl Op {
    /// The service the operation belongs to (`None`: not a request).
    #[must_use]
    pub const fn service(&self) -> Option<Service> {
        match self {
            Op::UmPlayOnPhone { .. } | Op::PlayOnPhoneGreeting { .. } | Op::GetCallInfo(_) | Op::Disconnect(_) => {
                Some(Service::Um)
            }
            Op::PlayOnPhone { .. } | Op::GetPhoneCallInformation(_) | Op::DisconnectPhoneCall(_) => Some(Service::Ews),
            Op::NotARequest(_) => None,
        }
    }

    /// The SOAPAction of the operation.
    #[must_use]
    pub const fn action(&self) -> Option<SoapAction> {
        Some(match self {
            Op::UmPlayOnPhone { .. } | Op::PlayOnPhone { .. } => SoapAction::PlayOnPhone,
            Op::PlayOnPhoneGreeting { .. } => SoapAction::PlayOnPhoneGreeting,
            Op::GetCallInfo(_) => SoapAction::GetCallInfo,
            Op::Disconnect(_) => SoapAction::Disconnect,
            Op::GetPhoneCallInformation(_) => SoapAction::GetPhoneCallInformation,
            Op::DisconnectPhoneCall(_) => SoapAction::DisconnectPhoneCall,
            Op::NotARequest(_) => return None,
        })
    }

    /// The operation's name, for messages and logs.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Op::UmPlayOnPhone { .. } | Op::PlayOnPhone { .. } => "PlayOnPhone",
            Op::PlayOnPhoneGreeting { .. } => "PlayOnPhoneGreeting",
            Op::GetCallInfo(_) => "GetCallInfo",
            Op::Disconnect(_) => "Disconnect",
            Op::GetPhoneCallInformation(_) => "GetPhoneCallInformation",
            Op::DisconnectPhoneCall(_) => "DisconnectPhoneCall",
            Op::NotARequest(kind) => kind,
        }
    }
}

/// Why an EWS operation failed (`ResponseClass="Error"`, HTTP 200).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EwsError {
    /// `ErrorInvalidPhoneCallId`: the id is unknown.
    InvalidPhoneCallId,
    /// `ErrorInvalidPhoneNumber`: the dial string is blank.
    InvalidPhoneNumber,
    /// `ErrorServerBusy`: the call table is full of live calls.
    ServerBusy,
}

impl EwsError {
    /// The `ResponseCode`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            EwsError::InvalidPhoneCallId => "ErrorInvalidPhoneCallId",
            EwsError::InvalidPhoneNumber => "ErrorInvalidPhoneNumber",
            EwsError::ServerBusy => "ErrorServerBusy",
        }
    }

    /// The `MessageText`.
    #[must_use]
    pub const fn text(self) -> &'static str {
        match self {
            // Exactly what [MS-OXWUMS] says Exchange writes.
            EwsError::InvalidPhoneCallId => "The phone call ID isn't valid",
            EwsError::InvalidPhoneNumber => "The phone number isn't valid: the dial string is empty.",
            EwsError::ServerBusy => "The server can't place another call now: its call table is full.",
        }
    }
}

/// A request body the codec rejected.
#[derive(Debug)]
pub enum Rejected {
    /// A SOAP 1.2 envelope: answered with a `VersionMismatch` fault.
    Soap12,
    /// umcodec's error: what is wrong and the byte offset (no allocation).
    Umcodec(umcodec::Error),
    /// Another codec's error.
    Other {
        /// The byte offset where the problem was found, when the codec
        /// tells it.
        offset: Option<usize>,
        /// What is wrong, in one line.
        message: String,
    },
}

impl Rejected {
    /// The byte offset of the problem, when known.
    #[must_use]
    pub fn offset(&self) -> Option<usize> {
        match self {
            Rejected::Soap12 => Some(0),
            Rejected::Umcodec(e) => Some(e.offset()),
            Rejected::Other { offset, .. } => *offset,
        }
    }
}

/// Why a reply is a SOAP fault (HTTP 500).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// UM: `a:InvalidCallIdException` (errors namespace).
    InvalidCallId,
    /// UM: `a:DialingRulesException`: the dial string is blank.
    DialingRules,
    /// UM: `soap:Server`: the call table is full of live calls.
    TableFull,
    /// `soap:VersionMismatch`: a SOAP 1.2 envelope.
    VersionMismatch,
    /// `soap:Client`: the SOAPAction header names another operation than
    /// the body (`header`: the operation it names, if any).
    ActionMismatch {
        /// The operation the header names (`None`: none of ours).
        header: Option<SoapAction>,
        /// The operation in the body.
        body: &'static str,
    },
    /// `soap:Client`: the operation belongs to the other endpoint.
    WrongEndpoint {
        /// The operation in the body.
        op: &'static str,
        /// The service it belongs to.
        belongs_to: Service,
    },
    /// `soap:Client`: the body holds a response or a fault.
    NotARequest(&'static str),
}

/// What the server answers.
#[derive(Debug)]
pub enum Reply {
    /// UM PlayOnPhone: the new call's id.
    UmPlayOnPhone(CallKey),
    /// UM PlayOnPhoneGreeting: the new call's id.
    PlayOnPhoneGreeting(CallKey),
    /// UM GetCallInfo: the state (the cause is always `None`).
    GetCallInfo(CallStatus),
    /// UM Disconnect: the empty response.
    Disconnect,
    /// EWS PlayOnPhone.
    PlayOnPhone(Result<CallKey, EwsError>),
    /// EWS GetPhoneCallInformation (the cause is always `None`).
    GetPhoneCallInformation(Result<CallStatus, EwsError>),
    /// EWS DisconnectPhoneCall.
    DisconnectPhoneCall(Result<(), EwsError>),
    /// A fault of either service.
    Fault(FaultKind),
    /// The body could not be read: a fault of `service` naming the offset
    /// (EWS: `a:ErrorSchemaValidation`; UM: `a:ErrorInvalidRequest`).
    Invalid {
        /// The endpoint that was asked.
        service: Service,
        /// What the codec said.
        rejected: Rejected,
        /// The body's line and column at the offset (1-based), when known.
        line_col: Option<(usize, usize)>,
    },
}

impl Reply {
    /// The HTTP status: 500 for a fault, 200 otherwise.
    #[must_use]
    pub fn status(&self) -> u16 {
        match self {
            Reply::Fault(_) | Reply::Invalid { .. } => 500,
            _ => 200,
        }
    }

    /// A short name for the request log.
    #[must_use]
    pub fn summary(&self) -> &'static str {
        match self {
            Reply::UmPlayOnPhone(_) | Reply::PlayOnPhoneGreeting(_) => "placed",
            Reply::GetCallInfo(s) | Reply::GetPhoneCallInformation(Ok(s)) => s.as_str(),
            Reply::Disconnect | Reply::DisconnectPhoneCall(Ok(())) => "disconnected",
            Reply::PlayOnPhone(Ok(_)) => "placed",
            Reply::PlayOnPhone(Err(e))
            | Reply::GetPhoneCallInformation(Err(e))
            | Reply::DisconnectPhoneCall(Err(e)) => e.code(),
            Reply::Fault(FaultKind::InvalidCallId) => "fault InvalidCallIdException",
            Reply::Fault(FaultKind::DialingRules) => "fault DialingRulesException",
            Reply::Fault(FaultKind::TableFull) => "fault soap:Server (table full)",
            Reply::Fault(FaultKind::VersionMismatch) => "fault soap:VersionMismatch",
            Reply::Fault(FaultKind::ActionMismatch { .. }) => "fault soap:Client (SOAPAction)",
            Reply::Fault(FaultKind::WrongEndpoint { .. }) => "fault soap:Client (endpoint)",
            Reply::Fault(FaultKind::NotARequest(_)) => "fault soap:Client (not a request)",
            Reply::Invalid { .. } => "fault (invalid body)",
        }
    }
}

/// How a server reads requests and writes replies.
pub trait Codec: Send + Sync + 'static {
    /// The codec's name (`umcodec`, `serde`).
    fn name(&self) -> &'static str;

    /// Reads a request body.
    ///
    /// # Errors
    /// The body is not a request envelope the codec can read.
    fn decode(&self, body: &[u8]) -> Result<Op, Rejected>;

    /// Writes `reply` to the request `body` as a complete envelope at the
    /// end of `out` (a reply to a rejected body names what it found
    /// there).
    ///
    /// # Errors
    /// The reply could not be written (a bug: every reply is writable).
    fn encode(&self, reply: &Reply, body: &[u8], out: &mut BytesMut) -> Result<(), String>;
}

/// The 1-based line and column of byte `offset` in `body` (columns count
/// characters).
#[must_use]
pub fn line_col(body: &[u8], offset: usize) -> (usize, usize) {
    let before = &body[..offset.min(body.len())];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before[line_start..].iter().filter(|&&b| (b & 0xC0) != 0x80).count() + 1;
    (line, col)
}

/// The SOAPAction header of a request, as far as it matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionHeader {
    /// No header, or an empty one (`""`: "the request URI says it").
    Absent,
    /// One of the operations' actions.
    Known(SoapAction),
    /// Anything else.
    Other,
}

impl ActionHeader {
    /// Reads the header's value (`None`: no header).
    #[must_use]
    pub fn from_value(value: Option<&[u8]>) -> Self {
        let Some(v) = value else {
            return ActionHeader::Absent;
        };
        let Ok(s) = std::str::from_utf8(v) else {
            return ActionHeader::Other;
        };
        let t = s.trim_matches([' ', '\t']);
        if t.is_empty() || t == "\"\"" {
            return ActionHeader::Absent;
        }
        SoapAction::from_header(t).map_or(ActionHeader::Other, ActionHeader::Known)
    }
}

/// The server's logic: what `endpoint` answers to `op` (with the request's
/// SOAPAction header), updating `table`.
pub fn answer(
    op: Op,
    endpoint: Service,
    action: ActionHeader,
    table: &std::sync::Mutex<CallTable>,
    now: Instant,
) -> Reply {
    let body_action = match op {
        Op::NotARequest(kind) => return Reply::Fault(FaultKind::NotARequest(kind)),
        _ => op.action(),
    };
    match action {
        ActionHeader::Absent => {}
        ActionHeader::Known(a) if Some(a) == body_action => {}
        ActionHeader::Known(a) => {
            return Reply::Fault(FaultKind::ActionMismatch {
                header: Some(a),
                body: op.name(),
            })
        }
        ActionHeader::Other => {
            return Reply::Fault(FaultKind::ActionMismatch {
                header: None,
                body: op.name(),
            })
        }
    }
    if let Some(service) = op.service() {
        if service != endpoint {
            return Reply::Fault(FaultKind::WrongEndpoint {
                op: op.name(),
                belongs_to: service,
            });
        }
    }
    // A poisoned lock means a thread panicked while holding it; the table
    // is still consistent (every update is a few plain assignments).
    let mut t = table.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    match op {
        Op::UmPlayOnPhone { dial_ok } | Op::PlayOnPhoneGreeting { dial_ok } => {
            if !dial_ok {
                return Reply::Fault(FaultKind::DialingRules);
            }
            match t.place(Service::Um, now) {
                Ok(key) if matches!(op, Op::UmPlayOnPhone { .. }) => Reply::UmPlayOnPhone(key),
                Ok(key) => Reply::PlayOnPhoneGreeting(key),
                Err(TableFull) => Reply::Fault(FaultKind::TableFull),
            }
        }
        Op::GetCallInfo(key) => match key.and_then(|k| t.status(k, Service::Um, now)) {
            Some(s) => Reply::GetCallInfo(s),
            None => Reply::Fault(FaultKind::InvalidCallId),
        },
        Op::Disconnect(key) => {
            if key.is_some_and(|k| t.disconnect(k, Service::Um, now)) {
                Reply::Disconnect
            } else {
                Reply::Fault(FaultKind::InvalidCallId)
            }
        }
        Op::PlayOnPhone { dial_ok } => {
            if !dial_ok {
                return Reply::PlayOnPhone(Err(EwsError::InvalidPhoneNumber));
            }
            Reply::PlayOnPhone(t.place(Service::Ews, now).map_err(|TableFull| EwsError::ServerBusy))
        }
        Op::GetPhoneCallInformation(key) => Reply::GetPhoneCallInformation(
            key.and_then(|k| t.status(k, Service::Ews, now))
                .ok_or(EwsError::InvalidPhoneCallId),
        ),
        Op::DisconnectPhoneCall(key) => {
            Reply::DisconnectPhoneCall(if key.is_some_and(|k| t.disconnect(k, Service::Ews, now)) {
                Ok(())
            } else {
                Err(EwsError::InvalidPhoneCallId)
            })
        }
        Op::NotARequest(kind) => Reply::Fault(FaultKind::NotARequest(kind)),
    }
}

/// The `faultstring` of a fault of [`FaultKind`], written into `w`.
///
/// # Errors
/// As `w`.
pub fn fault_string(kind: FaultKind, w: &mut dyn fmt::Write) -> fmt::Result {
    match kind {
        FaultKind::InvalidCallId => w.write_str("The call identifier isn't valid."),
        FaultKind::DialingRules => w.write_str("The dial string isn't valid: it is empty."),
        FaultKind::TableFull => w.write_str("The server can't place another call now: its call table is full."),
        FaultKind::VersionMismatch => w.write_str(
            "The envelope is SOAP 1.2 (http://www.w3.org/2003/05/soap-envelope); this service speaks SOAP 1.1 \
             (http://schemas.xmlsoap.org/soap/envelope/).",
        ),
        FaultKind::ActionMismatch { header, body } => match header {
            Some(a) => write!(
                w,
                "The SOAPAction header names {}, but the body holds a {body} request.",
                a.as_str()
            ),
            None => write!(
                w,
                "The SOAPAction header names no operation of this service, but the body holds a {body} request."
            ),
        },
        FaultKind::WrongEndpoint { op, belongs_to } => write!(
            w,
            "{op} is an operation of {} ({}), not of this endpoint.",
            belongs_to.name(),
            belongs_to.path()
        ),
        FaultKind::NotARequest(kind) => write!(w, "The body holds a {kind}, not a request."),
    }
}

/// The `faultstring` of a rejected body.
///
/// # Errors
/// As `w`.
pub fn invalid_string(
    service: Service,
    rejected: &Rejected,
    line_col: Option<(usize, usize)>,
    body: &[u8],
    w: &mut dyn fmt::Write,
) -> fmt::Result {
    match service {
        Service::Ews => w.write_str("The request failed schema validation: ")?,
        Service::Um => w.write_str("The request is invalid: ")?,
    }
    match rejected {
        Rejected::Soap12 => fault_string(FaultKind::VersionMismatch, w)?,
        Rejected::Umcodec(e) => write!(w, "{} [{}]", e.with_input(body).message(), e.kind().code())?,
        Rejected::Other { message, .. } => w.write_str(message)?,
    }
    if let Some(o) = rejected.offset() {
        write!(w, " (at byte {o}")?;
        if let Some((line, col)) = line_col {
            write!(w, ", line {line}, position {col}")?;
        }
        w.write_str(")")?;
    }
    Ok(())
}

/// A `fmt::Write` into a fixed stack buffer that drops what does not fit
/// (at a character boundary): fault texts are built without allocating.
#[derive(Debug)]
pub struct StackText<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Default for StackText<N> {
    fn default() -> Self {
        StackText { buf: [0; N], len: 0 }
    }
}

impl<const N: usize> StackText<N> {
    /// The text written so far.
    #[must_use]
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// A character XML 1.0 cannot carry (written as U+FFFD instead, so that a
/// fault quoting the input is always writable).
fn not_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

impl<const N: usize> fmt::Write for StackText<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.chars().any(not_xml) {
            for c in s.chars() {
                let c = if not_xml(c) { '\u{fffd}' } else { c };
                self.push(c.encode_utf8(&mut [0; 4]));
            }
            return Ok(());
        }
        self.push(s);
        Ok(())
    }
}

impl<const N: usize> StackText<N> {
    fn push(&mut self, s: &str) {
        let room = N - self.len;
        let mut take = s.len().min(room);
        while !s.is_char_boundary(take) {
            take -= 1;
        }
        self.buf[self.len..self.len + take].copy_from_slice(&s.as_bytes()[..take]);
        self.len += take;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    #[test]
    fn line_and_column() {
        assert_eq!(line_col(b"abc", 0), (1, 1));
        assert_eq!(line_col(b"a\nbc", 3), (2, 2));
        assert_eq!(line_col("a\né<".as_bytes(), 4), (2, 2));
        assert_eq!(line_col(b"ab", 99), (1, 3));
    }

    #[test]
    fn stack_text_truncates_at_a_char_boundary() {
        let mut t = StackText::<4>::default();
        write!(t, "abé!").unwrap();
        assert_eq!(t.as_str(), "abé");
        let mut t = StackText::<3>::default();
        write!(t, "abé").unwrap();
        assert_eq!(t.as_str(), "ab");
        let mut t = StackText::<16>::default();
        write!(t, "a\u{1}b").unwrap();
        assert_eq!(t.as_str(), "a\u{fffd}b");
    }

    #[test]
    fn action_header() {
        assert_eq!(ActionHeader::from_value(None), ActionHeader::Absent);
        assert_eq!(ActionHeader::from_value(Some(b"\"\"")), ActionHeader::Absent);
        assert_eq!(ActionHeader::from_value(Some(b"urn:x")), ActionHeader::Other);
        assert_eq!(
            ActionHeader::from_value(Some(
                b"\"http://schemas.microsoft.com/exchange/services/2006/messages/GetCallInfo\""
            )),
            ActionHeader::Known(SoapAction::GetCallInfo)
        );
    }
}
