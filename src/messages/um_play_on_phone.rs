//! PlayOnPhone, Exchange 2007 Unified Messaging web service: the request
//! asks the server to call `DialString` and play the message `entryId`;
//! the response holds the new call's `CallId` (an outer
//! `PlayOnPhoneResponse` around an inner one). Shapes from [MS-OXWUMS]
//! §3.1.4.8 and the published examples (no SOAP headers).
//!
//! EWS has an operation with the same body element, `m:PlayOnPhone`
//! ([`crate::PlayOnPhoneRequest`]): the two are told apart by the first
//! child (`entryId` here, `ItemId` there), and their responses by the
//! `ResponseClass` attribute (EWS only).

use super::action::SoapAction;
use super::ews::{HeaderUse, Headers};
use super::get_call_info::{GetCallInfoRequest, GetCallInfoResponse};
use super::play_on_phone::{PlayOnPhoneRequest, PlayOnPhoneResponse, ITEM_ID};
use crate::cursor::{Cursor, QName, Space};
use crate::error::{Error, ErrorKind, ExpectedName, Result};
use crate::message::{not_a_fault, typed_decode, Encode, Message, Operation};
use crate::soap::{fixed, Indent};
use crate::xml::{escape_text, Context, Sink, Tag, Text};

pub(crate) const REQUEST: &QName = &QName::new(Space::Messages, "PlayOnPhone");
pub(crate) const ENTRY_ID: &QName = &QName::new(Space::Messages, "entryId");
pub(crate) const DIAL_STRING: &QName = &QName::new(Space::Messages, "DialString");
pub(crate) const RESPONSE: &QName = &QName::new(Space::Messages, "PlayOnPhoneResponse");

/// UM PlayOnPhone request (body element `PlayOnPhone` in the messages
/// namespace, children `entryId` and `DialString`): call a number and
/// play a message to whoever answers.
///
/// ```
/// use umcodec::{Encode, Message, Text, UmPlayOnPhoneRequest};
///
/// let req = UmPlayOnPhoneRequest { entry_id: Text::new("AAAAAEd3aXg="), dial_string: Text::new("tel:+14255550123") };
/// let mut buf = [0u8; 512];
/// let n = req.encode(&mut buf)?;
/// assert!(core::str::from_utf8(&buf[..n]).unwrap().contains("<entryId>AAAAAEd3aXg=</entryId>"));
/// assert_eq!(Message::decode(&buf[..n])?, Message::UmPlayOnPhoneRequest(req));
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct UmPlayOnPhoneRequest<'a> {
    /// The `entryId` element (lower-case `e`): the message to play, as a
    /// base64 EntryID (reported exactly as written).
    pub entry_id: Text<'a>,
    /// The `DialString` element: the number to call (RFC 3966 or a dial
    /// plan's format, reported exactly as written).
    pub dial_string: Text<'a>,
}

/// UM PlayOnPhone response (body element `PlayOnPhoneResponse`, holding a
/// second `PlayOnPhoneResponse` with the value): the handle of the call
/// placed, for GetCallInfo and Disconnect.
///
/// ```
/// use umcodec::{Message, UmPlayOnPhoneResponse};
///
/// let xml = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
///   <PlayOnPhoneResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
///     <PlayOnPhoneResponse>NDEzNDkyYjc=</PlayOnPhoneResponse>
///   </PlayOnPhoneResponse>
/// </soap:Body></soap:Envelope>"#;
/// let Message::UmPlayOnPhoneResponse(r) = Message::decode(xml)? else { panic!() };
/// assert_eq!(r.call_id, "NDEzNDkyYjc=");
/// assert_eq!(UmPlayOnPhoneResponse::decode(xml)?, r);
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct UmPlayOnPhoneResponse<'a> {
    /// The inner `PlayOnPhoneResponse` element: the CallId of the call
    /// placed (base64 in practice; reported exactly as written).
    pub call_id: Text<'a>,
}

impl<'a> UmPlayOnPhoneRequest<'a> {
    /// The rest of `PlayOnPhone` after its first child, `entryId` (just
    /// opened).
    fn decode_rest(cur: &mut Cursor<'_, 'a>) -> Result<Self> {
        cur.no_attributes(ENTRY_ID)?;
        let entry_id = cur.text(ENTRY_ID)?;
        cur.expect(DIAL_STRING)?;
        cur.no_attributes(DIAL_STRING)?;
        let dial_string = cur.text(DIAL_STRING)?;
        cur.expect_end(REQUEST)?;
        Ok(UmPlayOnPhoneRequest { entry_id, dial_string })
    }
}

/// The first child of `PlayOnPhone` (the element's own attributes
/// checked first), which says whose request it is.
pub(crate) fn first_child<'a>(cur: &mut Cursor<'_, 'a>, expected: &'static ExpectedName) -> Result<Tag> {
    cur.no_attributes(REQUEST)?;
    match cur.next_child()? {
        Some(s) => Ok(s),
        None => Err(Error::new(ErrorKind::MissingElement { expected }, cur.last_end())),
    }
}

/// What may open `PlayOnPhone` when either service's request is accepted.
const EITHER_FIRST: &ExpectedName = &ExpectedName {
    ns: Some(crate::namespaces::MESSAGES),
    local: "entryId (UM web service) or ItemId (EWS)",
};

impl UmPlayOnPhoneRequest<'_> {
    /// The operation's SOAPAction ([`SoapAction::uri`] gives the URI to
    /// send in the HTTP `SOAPAction` header).
    pub const SOAP_ACTION: SoapAction = SoapAction::PlayOnPhone;
}

impl<'a> Operation<'a> for UmPlayOnPhoneRequest<'a> {
    const ACTION: Option<SoapAction> = Some(Self::SOAP_ACTION);
    const ELEMENT: &'static QName = REQUEST;
    const HEADERS: HeaderUse = HeaderUse::None;

    fn decode_body(cur: &mut Cursor<'_, 'a>, _: &Tag, _: &Headers<'a>) -> Result<Self> {
        let first = first_child(cur, ENTRY_ID.expected())?;
        if !cur.is(&first, ENTRY_ID)? {
            return Err(cur.unexpected_element(ENTRY_ID.expected(), &first));
        }
        Self::decode_rest(cur)
    }

    /// Either service's request: the first child decides.
    fn decode_message(cur: &mut Cursor<'_, 'a>, _: &Tag, headers: &Headers<'a>) -> Result<Message<'a>> {
        let first = first_child(cur, EITHER_FIRST)?;
        if cur.is(&first, ENTRY_ID)? {
            headers.check_unused(Self::HEADERS)?;
            return Self::decode_rest(cur).map(Message::UmPlayOnPhoneRequest);
        }
        if cur.is(&first, ITEM_ID)? {
            headers.check_unused(PlayOnPhoneRequest::HEADERS)?;
            return PlayOnPhoneRequest::decode_rest(cur, &first, headers).map(Message::PlayOnPhoneRequest);
        }
        Err(cur.unexpected_element(EITHER_FIRST, &first))
    }
}

impl<'a> Operation<'a> for UmPlayOnPhoneResponse<'a> {
    const ELEMENT: &'static QName = RESPONSE;
    const HEADERS: HeaderUse = HeaderUse::None;

    fn decode_body(cur: &mut Cursor<'_, 'a>, _: &Tag, _: &Headers<'a>) -> Result<Self> {
        Ok(UmPlayOnPhoneResponse {
            call_id: outer_inner_text(cur, RESPONSE)?,
        })
    }

    /// Either service's response: EWS's has a `ResponseClass`.
    fn decode_message(cur: &mut Cursor<'_, 'a>, child: &Tag, headers: &Headers<'a>) -> Result<Message<'a>> {
        if has_response_class(cur) {
            PlayOnPhoneResponse::decode_checked(cur, child, headers).map(Message::PlayOnPhoneResponse)
        } else {
            Self::decode_checked(cur, child, headers).map(Message::UmPlayOnPhoneResponse)
        }
    }
}

/// `true` when the element just opened has an unqualified `ResponseClass`
/// attribute: an EWS response, where the UM web service's has none.
fn has_response_class(cur: &Cursor<'_, '_>) -> bool {
    cur.reader
        .unqualified_attributes()
        .any(|(local, _, _)| local == b"ResponseClass")
}

/// The content of a UM response element `q` (just opened) that holds one
/// element of the same name with the value, through the outer end tag.
pub(crate) fn outer_inner_text<'a>(cur: &mut Cursor<'_, 'a>, q: &'static QName) -> Result<Text<'a>> {
    cur.no_attributes(q)?;
    cur.expect(q)?;
    cur.no_attributes(q)?;
    let text = cur.text(q)?;
    cur.expect_end(q)?;
    Ok(text)
}

impl Encode for UmPlayOnPhoneRequest<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        // The layout of the published UM request examples.
        crate::soap::write(out, &GetCallInfoRequest::LAYOUT, None, &|o, ind: Indent| {
            fixed!(o, ind;
                2 "<PlayOnPhone xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\">",
                3 "<entryId>")?;
            escape_text(o, &self.entry_id, Context::Content)?;
            fixed!(o, ind; _ "</entryId>", 3 "<DialString>")?;
            escape_text(o, &self.dial_string, Context::Content)?;
            fixed!(o, ind; _ "</DialString>", 2 "</PlayOnPhone>")
        })
    }
}

impl Encode for UmPlayOnPhoneResponse<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        crate::soap::write(out, &GetCallInfoResponse::LAYOUT, None, &|o, _| {
            o.write_str(concat!(
                "<PlayOnPhoneResponse xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\">",
                "<PlayOnPhoneResponse>"
            ))?;
            escape_text(o, &self.call_id, Context::Content)?;
            o.write_str("</PlayOnPhoneResponse></PlayOnPhoneResponse>")
        })
    }
}

typed_decode!(
    UmPlayOnPhoneRequest<'a>,
    "UmPlayOnPhoneRequest",
    "a PlayOnPhone request of the UM web service (first child `entryId`)",
    not_a_fault!(),
    "Text, UmPlayOnPhoneRequest",
    "UmPlayOnPhoneRequest { entry_id: Text::new(\"AAAAAEd3aXg=\"), dial_string: Text::new(\"4255550123\") }",
);

typed_decode!(
    UmPlayOnPhoneResponse<'a>,
    "UmPlayOnPhoneResponse",
    "a PlayOnPhone response of the UM web service (no `ResponseClass`)",
    not_a_fault!(),
    "Text, UmPlayOnPhoneResponse",
    "UmPlayOnPhoneResponse { call_id: Text::new(\"NDEzNDkyYjc=\") }",
);
