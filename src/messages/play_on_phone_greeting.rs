//! PlayOnPhoneGreeting, Exchange 2007 Unified Messaging web service: the
//! request asks the server to call `DialString` and play (and record) the
//! mailbox's voice-mail greeting `GreetingType`; the response holds the
//! new call's `CallId` (an outer `PlayOnPhoneGreetingResponse` around an
//! inner one). Shapes from [MS-OXWUMS] §3.1.4.9 and the published examples
//! (no SOAP headers).

use super::action::SoapAction;
use super::ews::{HeaderUse, Headers};
use super::get_call_info::{enum_element, GetCallInfoRequest, GetCallInfoResponse};
use super::um_play_on_phone::outer_inner_text;
use crate::cursor::{Cursor, QName, Space};
use crate::error::Result;
use crate::message::{not_a_fault, typed_decode, Encode, Operation};
use crate::soap::{fixed, Indent};
use crate::values::{parse_enum, string_enum};
use crate::xml::{escape_text, Context, Sink, Tag, Text};

pub(crate) const REQUEST: &QName = &QName::new(Space::Messages, "PlayOnPhoneGreeting");
const GREETING_TYPE: &QName = &QName::new(Space::Messages, "GreetingType");
const DIAL_STRING: &QName = &QName::new(Space::Messages, "DialString");
pub(crate) const RESPONSE: &QName = &QName::new(Space::Messages, "PlayOnPhoneGreetingResponse");

string_enum! {
    /// The value of `GreetingType`: which of the mailbox's voice-mail
    /// greetings PlayOnPhoneGreeting plays.
    pub enum GreetingType {
        /// The greeting callers hear normally.
        NormalCustom = "NormalCustom",
        /// The out-of-office greeting.
        OofCustom = "OofCustom",
    }
}

/// PlayOnPhoneGreeting request (body element `PlayOnPhoneGreeting` in the
/// messages namespace): call a number and play a voice-mail greeting.
///
/// ```
/// use umcodec::{Encode, GreetingType, PlayOnPhoneGreetingRequest, Text};
///
/// let req = PlayOnPhoneGreetingRequest { greeting_type: GreetingType::OofCustom, dial_string: Text::new("12345") };
/// let mut buf = [0u8; 512];
/// let n = req.encode(&mut buf)?;
/// assert!(core::str::from_utf8(&buf[..n]).unwrap().contains("<GreetingType>OofCustom</GreetingType>"));
/// assert_eq!(PlayOnPhoneGreetingRequest::decode(&buf[..n])?, req);
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PlayOnPhoneGreetingRequest<'a> {
    /// The `GreetingType` element: which greeting to play.
    pub greeting_type: GreetingType,
    /// The `DialString` element: the number to call (reported exactly as
    /// written).
    pub dial_string: Text<'a>,
}

/// PlayOnPhoneGreeting response (body element `PlayOnPhoneGreetingResponse`,
/// holding a second one with the value): the handle of the call placed,
/// for GetCallInfo and Disconnect.
///
/// ```
/// use umcodec::PlayOnPhoneGreetingResponse;
///
/// let xml = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
///   <PlayOnPhoneGreetingResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
///     <PlayOnPhoneGreetingResponse>MjA4NmE1ZjM=</PlayOnPhoneGreetingResponse>
///   </PlayOnPhoneGreetingResponse>
/// </soap:Body></soap:Envelope>"#;
/// assert_eq!(PlayOnPhoneGreetingResponse::decode(xml)?.call_id, "MjA4NmE1ZjM=");
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PlayOnPhoneGreetingResponse<'a> {
    /// The inner `PlayOnPhoneGreetingResponse` element: the CallId of the
    /// call placed (base64 in practice; reported exactly as written).
    pub call_id: Text<'a>,
}

impl PlayOnPhoneGreetingRequest<'_> {
    /// The operation's SOAPAction ([`SoapAction::uri`] gives the URI to
    /// send in the HTTP `SOAPAction` header).
    pub const SOAP_ACTION: SoapAction = SoapAction::PlayOnPhoneGreeting;
}

impl<'a> Operation<'a> for PlayOnPhoneGreetingRequest<'a> {
    const ACTION: Option<SoapAction> = Some(Self::SOAP_ACTION);
    const ELEMENT: &'static QName = REQUEST;
    const HEADERS: HeaderUse = HeaderUse::None;

    fn decode_body(cur: &mut Cursor<'_, 'a>, _: &Tag, _: &Headers<'a>) -> Result<Self> {
        cur.no_attributes(REQUEST)?;
        let greeting = enum_element(cur, GREETING_TYPE)?;
        cur.expect(DIAL_STRING)?;
        cur.no_attributes(DIAL_STRING)?;
        let dial_string = cur.text(DIAL_STRING)?;
        cur.expect_end(REQUEST)?;
        // Checked once the element is complete, so that a cut input is
        // `Incomplete`.
        let greeting_type = parse_enum(&"GreetingType", &greeting, GreetingType::from_str)?;
        Ok(PlayOnPhoneGreetingRequest {
            greeting_type,
            dial_string,
        })
    }
}

impl<'a> Operation<'a> for PlayOnPhoneGreetingResponse<'a> {
    const ELEMENT: &'static QName = RESPONSE;
    const HEADERS: HeaderUse = HeaderUse::None;

    fn decode_body(cur: &mut Cursor<'_, 'a>, _: &Tag, _: &Headers<'a>) -> Result<Self> {
        Ok(PlayOnPhoneGreetingResponse {
            call_id: outer_inner_text(cur, RESPONSE)?,
        })
    }
}

impl Encode for PlayOnPhoneGreetingRequest<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        // The layout of the published UM request examples.
        crate::soap::write(out, &GetCallInfoRequest::LAYOUT, None, &|o, ind: Indent| {
            fixed!(o, ind;
                2 "<PlayOnPhoneGreeting xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\">",
                3 "<GreetingType>")?;
            o.write_str(self.greeting_type.as_str())?;
            fixed!(o, ind; _ "</GreetingType>", 3 "<DialString>")?;
            escape_text(o, &self.dial_string, Context::Content)?;
            fixed!(o, ind; _ "</DialString>", 2 "</PlayOnPhoneGreeting>")
        })
    }
}

impl Encode for PlayOnPhoneGreetingResponse<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        crate::soap::write(out, &GetCallInfoResponse::LAYOUT, None, &|o, _| {
            o.write_str(concat!(
                "<PlayOnPhoneGreetingResponse xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\">",
                "<PlayOnPhoneGreetingResponse>"
            ))?;
            escape_text(o, &self.call_id, Context::Content)?;
            o.write_str("</PlayOnPhoneGreetingResponse></PlayOnPhoneGreetingResponse>")
        })
    }
}

typed_decode!(
    PlayOnPhoneGreetingRequest<'a>,
    "PlayOnPhoneGreetingRequest",
    "a PlayOnPhoneGreeting request (UM web service)",
    not_a_fault!(),
    "GreetingType, PlayOnPhoneGreetingRequest, Text",
    "PlayOnPhoneGreetingRequest { greeting_type: GreetingType::NormalCustom, dial_string: Text::new(\"12345\") }",
);

typed_decode!(
    PlayOnPhoneGreetingResponse<'a>,
    "PlayOnPhoneGreetingResponse",
    "a PlayOnPhoneGreeting response (UM web service)",
    not_a_fault!(),
    "PlayOnPhoneGreetingResponse, Text",
    "PlayOnPhoneGreetingResponse { call_id: Text::new(\"MjA4NmE1ZjM=\") }",
);
