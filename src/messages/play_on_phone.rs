//! PlayOnPhone, Exchange Web Services: the request asks the server to call
//! `m:DialString` and play the item `m:ItemId` (with the EWS request
//! header blocks); the response is a flat `ResponseMessageType` with an
//! optional `m:PhoneCallId` (and an optional `ServerVersionInfo` header).
//!
//! The UM web service has an operation with the same body element
//! ([`crate::UmPlayOnPhoneRequest`]): the first child tells them apart
//! (`ItemId` here, `entryId` there), and the responses by `ResponseClass`
//! (here only). The generic decoder's choice is made in `um_play_on_phone`.

use super::action::SoapAction;
use super::ews::{
    ConnectingSid, ExchangeVersion, HeaderUse, Headers, RequestHeaders, ResponseClass, ResponseCode, ServerVersionInfo,
};
use super::response::{
    decode_phone_call_id, decode_response, encode_response, response_tags, BaseResponse, PHONE_CALL_ID, REQUEST_LAYOUT,
    RESPONSE_LAYOUT,
};
use super::um_play_on_phone::{first_child, DIAL_STRING, REQUEST, RESPONSE};
use crate::cursor::{Cursor, QName, Space};
use crate::error::{Error, ErrorKind, ExpectedName, Result};
use crate::message::{not_a_fault, typed_decode, Encode, Operation};
use crate::soap::{fixed, Indent, Part};
use crate::xml::{escape_text, Context, RawXml, Sink, Tag, Text};

pub(crate) const ITEM_ID: &QName = &QName::new(Space::Messages, "ItemId");

/// EWS PlayOnPhone request (body element `m:PlayOnPhone`, children
/// `m:ItemId` and `m:DialString`): call a number and play an item (a
/// voice mail) to whoever answers.
///
/// ```
/// use umcodec::{Encode, ExchangeVersion, Message, PlayOnPhoneRequest, Text};
///
/// let req = PlayOnPhoneRequest {
///     request_server_version: Some(ExchangeVersion::Exchange2010),
///     mailbox_culture: None,
///     impersonation: None,
///     item_id: Text::new("AAMkADk5Yj"),
///     change_key: Some(Text::new("CQAAABYA")),
///     dial_string: Text::new("4255550123"),
/// };
/// let mut buf = [0u8; 1024];
/// let n = req.encode(&mut buf)?;
/// assert!(core::str::from_utf8(&buf[..n]).unwrap().contains(r#"<m:ItemId Id="AAMkADk5Yj" ChangeKey="CQAAABYA" />"#));
/// assert_eq!(Message::decode(&buf[..n])?, Message::PlayOnPhoneRequest(req));
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PlayOnPhoneRequest<'a> {
    /// The `Version` attribute of the `t:RequestServerVersion` SOAP header;
    /// `None`: no such header.
    pub request_server_version: Option<ExchangeVersion>,
    /// The `t:MailboxCulture` SOAP header (an `xs:language` tag); `None`:
    /// no such header.
    pub mailbox_culture: Option<Text<'a>>,
    /// The `t:ExchangeImpersonation` SOAP header; `None`: no such header.
    pub impersonation: Option<ConnectingSid<'a>>,
    /// The `Id` attribute of `m:ItemId`: the item to play (reported
    /// exactly as written).
    pub item_id: Text<'a>,
    /// The optional `ChangeKey` attribute of `m:ItemId`: the item's
    /// version.
    pub change_key: Option<Text<'a>>,
    /// The `m:DialString` element: the number to call (reported exactly as
    /// written).
    pub dial_string: Text<'a>,
}

/// EWS PlayOnPhone response (body element `m:PlayOnPhoneResponse` with a
/// `ResponseClass`): the id of the call placed, or why none was.
///
/// ```
/// use umcodec::{PlayOnPhoneResponse, ResponseClass};
///
/// let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
///   <PlayOnPhoneResponse ResponseClass="Success" xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
///     <ResponseCode>NoError</ResponseCode>
///     <PhoneCallId Id="ZWMtWYtMY29t"/>
///   </PlayOnPhoneResponse></s:Body></s:Envelope>"#;
/// let resp = PlayOnPhoneResponse::decode(xml)?;
/// assert_eq!(resp.response_class, ResponseClass::Success);
/// assert_eq!(resp.phone_call_id.unwrap(), "ZWMtWYtMY29t");
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PlayOnPhoneResponse<'a> {
    /// The `t:ServerVersionInfo` SOAP header; `None`: no such header.
    pub server_version: Option<ServerVersionInfo<'a>>,
    /// The required `ResponseClass` attribute.
    pub response_class: ResponseClass,
    /// The `m:MessageText` element (not trimmed).
    pub message_text: Option<Text<'a>>,
    /// The `m:ResponseCode` element.
    pub response_code: Option<ResponseCode<'a>>,
    /// The `m:DescriptiveLinkKey` element (servers send `0`).
    pub descriptive_link_key: Option<i32>,
    /// The content of the `m:MessageXml` element, as written.
    pub message_xml: Option<RawXml<'a>>,
    /// The `Id` attribute of `m:PhoneCallId`: the call placed, for
    /// GetPhoneCallInformation and DisconnectPhoneCall (absent on an
    /// error).
    pub phone_call_id: Option<Text<'a>>,
}

impl<'a> PlayOnPhoneRequest<'a> {
    /// The rest of `PlayOnPhone` after its first child, `ItemId` (just
    /// opened, `item`).
    pub(crate) fn decode_rest(cur: &mut Cursor<'_, 'a>, item: &Tag, headers: &Headers<'a>) -> Result<Self> {
        let (mut id, mut change_key) = (None, None);
        cur.attributes(ITEM_ID, &["Id", "ChangeKey"], |i, a| {
            if i == 0 {
                id = Some(a);
            } else {
                change_key = Some(a);
            }
            Ok(())
        })?;
        let item_id = id.ok_or(Error::new(
            ErrorKind::MissingAttribute {
                element: ITEM_ID.expected(),
                attribute: &ExpectedName { ns: None, local: "Id" },
            },
            item.offset(),
        ))?;
        super::ews::empty_content(cur, ITEM_ID)?;
        cur.expect(DIAL_STRING)?;
        cur.no_attributes(DIAL_STRING)?;
        let dial_string = cur.text(DIAL_STRING)?;
        cur.expect_end(REQUEST)?;
        Ok(PlayOnPhoneRequest {
            request_server_version: headers.request_server_version.map(|(v, _)| v),
            mailbox_culture: headers.mailbox_culture.map(|(c, _)| c),
            impersonation: headers.impersonation.map(|(i, _)| i),
            item_id,
            change_key,
            dial_string,
        })
    }

    fn headers(&self) -> RequestHeaders<'_, 'a> {
        RequestHeaders {
            version: self.request_server_version,
            culture: self.mailbox_culture.as_ref(),
            impersonation: self.impersonation.as_ref(),
        }
    }
}

impl PlayOnPhoneRequest<'_> {
    /// The operation's SOAPAction ([`SoapAction::uri`] gives the URI to
    /// send in the HTTP `SOAPAction` header).
    pub const SOAP_ACTION: SoapAction = SoapAction::PlayOnPhone;
}

impl<'a> Operation<'a> for PlayOnPhoneRequest<'a> {
    const ACTION: Option<SoapAction> = Some(Self::SOAP_ACTION);
    const ELEMENT: &'static QName = REQUEST;
    const HEADERS: HeaderUse = HeaderUse::EwsRequest;
    const GENERIC: bool = false;

    fn decode_body(cur: &mut Cursor<'_, 'a>, _: &Tag, headers: &Headers<'a>) -> Result<Self> {
        let first = first_child(cur, ITEM_ID.expected())?;
        if !cur.is(&first, ITEM_ID)? {
            return Err(cur.unexpected_element(ITEM_ID.expected(), &first));
        }
        Self::decode_rest(cur, &first, headers)
    }
}

impl<'a> Operation<'a> for PlayOnPhoneResponse<'a> {
    const ELEMENT: &'static QName = RESPONSE;
    const HEADERS: HeaderUse = HeaderUse::EwsResponse;
    const GENERIC: bool = false;

    fn decode_body(cur: &mut Cursor<'_, 'a>, start: &Tag, headers: &Headers<'a>) -> Result<Self> {
        let mut id = None;
        let base = decode_response(cur, start, RESPONSE, Some(PHONE_CALL_ID), |cur, s| {
            id = Some(decode_phone_call_id(cur, s)?);
            Ok(())
        })?;
        Ok(PlayOnPhoneResponse {
            server_version: headers.server_version.map(|(v, _)| v),
            response_class: base.response_class,
            message_text: base.message_text,
            response_code: base.response_code,
            descriptive_link_key: base.descriptive_link_key,
            message_xml: base.message_xml,
            phone_call_id: id,
        })
    }
}

impl Encode for PlayOnPhoneRequest<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        let headers = self.headers();
        let header = |o: &mut dyn Sink, ind: Indent| headers.encode(o, ind);
        let header: Option<Part<'_>> = headers.any().then_some(&header);
        crate::soap::write(out, &REQUEST_LAYOUT, header, &|o, ind| {
            fixed!(o, ind; 2 "<m:PlayOnPhone>", 3 "<m:ItemId Id=\"")?;
            escape_text(o, &self.item_id, Context::Attribute)?;
            if let Some(k) = &self.change_key {
                o.write_str("\" ChangeKey=\"")?;
                escape_text(o, k, Context::Attribute)?;
            }
            fixed!(o, ind; _ "\" />", 3 "<m:DialString>")?;
            escape_text(o, &self.dial_string, Context::Content)?;
            fixed!(o, ind; _ "</m:DialString>", 2 "</m:PlayOnPhone>")
        })
    }
}

impl<'a> PlayOnPhoneResponse<'a> {
    /// The call was placed: `Success`, `NoError`, its id.
    ///
    /// ```
    /// use umcodec::PlayOnPhoneResponse;
    ///
    /// let r = PlayOnPhoneResponse::success("ZWMtWYtMY29t");
    /// assert_eq!(r.phone_call_id.unwrap(), "ZWMtWYtMY29t");
    /// ```
    #[must_use]
    pub const fn success(phone_call_id: &'a str) -> Self {
        Self::from_base(BaseResponse::success(), Some(Text::new(phone_call_id)))
    }

    /// No call was placed: `Error` with `code` and `text` (and
    /// `DescriptiveLinkKey` 0, as Exchange writes it).
    ///
    /// ```
    /// use umcodec::{KnownResponseCode, PlayOnPhoneResponse};
    ///
    /// let r = PlayOnPhoneResponse::error(KnownResponseCode::ErrorInvalidPhoneNumber, "The phone number isn't valid.");
    /// assert_eq!(r.phone_call_id, None);
    /// ```
    #[must_use]
    pub fn error(code: impl Into<ResponseCode<'a>>, text: &'a str) -> Self {
        Self::from_base(BaseResponse::error(code.into(), text), None)
    }

    const fn from_base(base: BaseResponse<'a>, extra: Option<Text<'a>>) -> Self {
        PlayOnPhoneResponse {
            server_version: None,
            response_class: base.response_class,
            message_text: base.message_text,
            response_code: base.response_code,
            descriptive_link_key: base.descriptive_link_key,
            message_xml: base.message_xml,
            phone_call_id: extra,
        }
    }

    fn base(&self) -> BaseResponse<'a> {
        BaseResponse {
            response_class: self.response_class,
            message_text: self.message_text,
            response_code: self.response_code,
            descriptive_link_key: self.descriptive_link_key,
            message_xml: self.message_xml,
        }
    }
}

impl Encode for PlayOnPhoneResponse<'_> {
    fn write_to(&self, out: &mut dyn Sink) -> Result<()> {
        let header = |o: &mut dyn Sink, _: Indent| match &self.server_version {
            Some(v) => v.encode(o),
            None => Ok(()),
        };
        let header: Option<Part<'_>> = self.server_version.is_some().then_some(&header);
        crate::soap::write(out, &RESPONSE_LAYOUT, header, &|o, _| {
            encode_response(
                o,
                &response_tags!("PlayOnPhoneResponse"),
                &self.base(),
                |o| match &self.phone_call_id {
                    Some(id) => {
                        o.write_str("<PhoneCallId Id=\"")?;
                        escape_text(o, id, Context::Attribute)?;
                        o.write_str("\" />")
                    }
                    None => Ok(()),
                },
            )
        })
    }
}

typed_decode!(
    PlayOnPhoneRequest<'a>,
    "PlayOnPhoneRequest",
    "an EWS PlayOnPhone request (first child `m:ItemId`)",
    not_a_fault!(),
    "PlayOnPhoneRequest, Text",
    "PlayOnPhoneRequest {
    request_server_version: None,
    mailbox_culture: None,
    impersonation: None,
    item_id: Text::new(\"AAMkADk5Yj\"),
    change_key: None,
    dial_string: Text::new(\"4255550123\"),
}",
);

typed_decode!(
    PlayOnPhoneResponse<'a>,
    "PlayOnPhoneResponse",
    "an EWS PlayOnPhone response (with `ResponseClass`)",
    not_a_fault!(),
    "KnownResponseCode, PlayOnPhoneResponse, ResponseClass, ResponseCode, Text",
    "PlayOnPhoneResponse {
    server_version: None,
    response_class: ResponseClass::Success,
    message_text: None,
    response_code: Some(ResponseCode::Known(KnownResponseCode::NoError)),
    descriptive_link_key: None,
    message_xml: None,
    phone_call_id: Some(Text::new(\"ZWMtWYtMY29t\")),
}",
);
