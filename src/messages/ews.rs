//! Types shared by the EWS operations: the version headers and the
//! response-message fields, plus the header bookkeeping for one envelope.

use crate::cursor::{Cursor, QName, Space};
use crate::error::{Error, ErrorKind, ExpectedName, Result};
use crate::soap::{self, HeaderBlock};
use crate::values::{parse_enum, parse_int, string_enum};
use crate::xml::{escape_text, Ascii, Context, Event, ExpectedAttributes, Sink, Text};

pub(crate) const REQUEST_SERVER_VERSION: &QName = &QName::new(Space::Types, "RequestServerVersion");
pub(crate) const MAILBOX_CULTURE: &QName = &QName::new(Space::Types, "MailboxCulture");
pub(crate) const EXCHANGE_IMPERSONATION: &QName = &QName::new(Space::Types, "ExchangeImpersonation");
const CONNECTING_SID: &QName = &QName::new(Space::Types, "ConnectingSID");
/// The choices of `t:ConnectingSIDType`, in schema order.
const SID_CHOICES: [&QName; 4] = [
    &QName::new(Space::Types, "PrincipalName"),
    &QName::new(Space::Types, "SID"),
    &QName::new(Space::Types, "PrimarySmtpAddress"),
    &QName::new(Space::Types, "SmtpAddress"),
];
pub(crate) const SERVER_VERSION_INFO: &QName = &QName::new(Space::Types, "ServerVersionInfo");

string_enum! {
    /// `t:ExchangeVersionType`, the value of the `RequestServerVersion`
    /// header's `Version` attribute: the schema version a client asks the
    /// server to use.
    pub enum ExchangeVersion {
        Exchange2007 = "Exchange2007",
        Exchange2007Sp1 = "Exchange2007_SP1",
        Exchange2009 = "Exchange2009",
        Exchange2010 = "Exchange2010",
        Exchange2010Sp1 = "Exchange2010_SP1",
        Exchange2010Sp2 = "Exchange2010_SP2",
        Exchange2012 = "Exchange2012",
        Exchange2013 = "Exchange2013",
        Exchange2013Sp1 = "Exchange2013_SP1",
        Exchange2015 = "Exchange2015",
        Exchange2016 = "Exchange2016",
        V2015_10_05 = "V2015_10_05",
        V2016_01_06 = "V2016_01_06",
        V2016_04_13 = "V2016_04_13",
        V2016_07_13 = "V2016_07_13",
        V2016_10_10 = "V2016_10_10",
        V2017_01_07 = "V2017_01_07",
        V2017_04_14 = "V2017_04_14",
        V2017_07_11 = "V2017_07_11",
        V2017_10_09 = "V2017_10_09",
        V2018_01_08 = "V2018_01_08",
    }
}

string_enum! {
    /// `t:ResponseClassType`, the value of a response's `ResponseClass`
    /// attribute: how the operation went.
    pub enum ResponseClass {
        /// The operation succeeded.
        Success = "Success",
        /// The operation was done, but the server has something to report
        /// (`MessageText`, `ResponseCode`).
        Warning = "Warning",
        /// The operation failed; `ResponseCode` says why.
        Error = "Error",
    }
}

pub use super::response_code::KnownResponseCode;

/// `m:ResponseCode`: a code the schema lists, or any other code a newer
/// server sends, kept as text (compared without surrounding whitespace).
///
/// ```
/// use umcodec::{KnownResponseCode, ResponseCode, Text};
///
/// let code = ResponseCode::Known(KnownResponseCode::ErrorInvalidPhoneCallId);
/// assert!(!code.is_success());
/// assert!(ResponseCode::Known(KnownResponseCode::NoError).is_success());
///
/// // A code newer than the published schema is kept as text.
/// let newer = ResponseCode::Other(Text::new("ErrorSomethingNew"));
/// assert_eq!(newer, ResponseCode::Other(Text::new(" ErrorSomethingNew\n")));
/// ```
#[derive(Clone, Copy, Debug, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum ResponseCode<'a> {
    /// A code listed by the published schema.
    Known(KnownResponseCode),
    /// Any other code, as written (surrounding whitespace removed when it
    /// needs no unescaping).
    Other(Text<'a>),
}

impl PartialEq for ResponseCode<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (ResponseCode::Known(a), ResponseCode::Known(b)) => a == b,
            (ResponseCode::Other(a), ResponseCode::Other(b)) => crate::values::trimmed_eq(a, b),
            _ => false,
        }
    }
}

impl From<KnownResponseCode> for ResponseCode<'_> {
    /// ```
    /// use umcodec::{KnownResponseCode, ResponseCode};
    ///
    /// let code: ResponseCode = KnownResponseCode::ErrorInvalidPhoneCallId.into();
    /// assert_eq!(code, ResponseCode::Known(KnownResponseCode::ErrorInvalidPhoneCallId));
    /// ```
    fn from(code: KnownResponseCode) -> Self {
        ResponseCode::Known(code)
    }
}

impl ResponseCode<'_> {
    /// `true` for `NoError`.
    ///
    /// ```
    /// use umcodec::{KnownResponseCode, ResponseCode};
    ///
    /// assert!(ResponseCode::Known(KnownResponseCode::NoError).is_success());
    /// ```
    #[must_use]
    pub fn is_success(&self) -> bool {
        matches!(self, ResponseCode::Known(KnownResponseCode::NoError))
    }
}

/// `t:ConnectingSID`, the account an `t:ExchangeImpersonation` SOAP header
/// acts as: one of four kinds of name, each a non-empty string.
///
/// ```
/// use umcodec::{ConnectingSid, Text};
///
/// let sid = ConnectingSid::PrimarySmtpAddress(Text::new("alice@contoso.com"));
/// assert_eq!(sid.kind(), "PrimarySmtpAddress");
/// assert_eq!(sid.value(), "alice@contoso.com");
/// assert_eq!(ConnectingSid::from_kind("SID", Text::new("S-1-5-21")), Some(ConnectingSid::Sid(Text::new("S-1-5-21"))));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum ConnectingSid<'a> {
    /// `t:PrincipalName`: a user principal name (`alice@contoso.com`).
    PrincipalName(Text<'a>),
    /// `t:SID`: a security identifier in its string form (`S-1-5-21-…`).
    Sid(Text<'a>),
    /// `t:PrimarySmtpAddress`: the mailbox's primary SMTP address.
    PrimarySmtpAddress(Text<'a>),
    /// `t:SmtpAddress`: any SMTP address of the mailbox.
    SmtpAddress(Text<'a>),
}

impl<'a> ConnectingSid<'a> {
    /// The local name of the element on the wire (`PrincipalName`, `SID`,
    /// `PrimarySmtpAddress` or `SmtpAddress`).
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        SID_CHOICES[self.index()].local
    }

    /// The name, as written.
    #[must_use]
    pub const fn value(&self) -> Text<'a> {
        match *self {
            ConnectingSid::PrincipalName(t)
            | ConnectingSid::Sid(t)
            | ConnectingSid::PrimarySmtpAddress(t)
            | ConnectingSid::SmtpAddress(t) => t,
        }
    }

    /// The variant whose [`ConnectingSid::kind`] is `kind`, holding
    /// `value`; `None` for any other name.
    #[must_use]
    pub fn from_kind(kind: &str, value: Text<'a>) -> Option<Self> {
        let i = SID_CHOICES.iter().position(|q| q.local == kind)?;
        Some(Self::from_index(i, value))
    }

    const fn index(&self) -> usize {
        match self {
            ConnectingSid::PrincipalName(_) => 0,
            ConnectingSid::Sid(_) => 1,
            ConnectingSid::PrimarySmtpAddress(_) => 2,
            ConnectingSid::SmtpAddress(_) => 3,
        }
    }

    fn from_index(i: usize, value: Text<'a>) -> Self {
        match i {
            0 => ConnectingSid::PrincipalName(value),
            1 => ConnectingSid::Sid(value),
            2 => ConnectingSid::PrimarySmtpAddress(value),
            _ => ConnectingSid::SmtpAddress(value),
        }
    }
}

/// `t:ServerVersionInfo`, the SOAP header servers put on EWS responses:
/// which server build answered. Every attribute is optional; `None` means
/// the attribute is absent.
///
/// ```
/// use umcodec::{DisconnectPhoneCallResponse, ServerVersionInfo};
///
/// let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
///   <s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="20" MajorBuildNumber="7452" MinorBuildNumber="28"
///     Version="V2017_08_18" xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types"/></s:Header>
///   <s:Body><DisconnectPhoneCallResponse ResponseClass="Success" xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
///     <ResponseCode>NoError</ResponseCode>
///   </DisconnectPhoneCallResponse></s:Body></s:Envelope>"#;
/// let sv: ServerVersionInfo = DisconnectPhoneCallResponse::decode(xml)?.server_version.unwrap();
/// assert_eq!((sv.major_version, sv.minor_version), (Some(15), Some(20)));
/// assert_eq!(sv.version.unwrap(), "V2017_08_18");
/// # Ok::<_, umcodec::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ServerVersionInfo<'a> {
    /// The `MajorVersion` attribute: the product's major version (`14` for
    /// Exchange 2010, `15` for 2013 and later).
    pub major_version: Option<i32>,
    /// The `MinorVersion` attribute: the product's minor version (with
    /// major version `15`: `0`, `1`, `2` for Exchange 2013, 2016, 2019;
    /// `20` for Exchange Online).
    pub minor_version: Option<i32>,
    /// The `MajorBuildNumber` attribute: the server's build number
    /// (`7452` for build 15.20.7452.28).
    pub major_build_number: Option<i32>,
    /// The `MinorBuildNumber` attribute: the revision of that build (`28`
    /// for build 15.20.7452.28).
    pub minor_build_number: Option<i32>,
    /// The `Version` attribute: the schema version the server answered
    /// with, free text (`Exchange2010`, `V2017_08_18`, `V2_17`).
    pub version: Option<Text<'a>>,
}

/// The unprefixed attributes of an EWS request as its clients write them:
/// `RequestServerVersion`'s, then those of the item or call the request is
/// about (`t:ItemId`, `m:PhoneCallId`); and the declarations of the EWS
/// Managed API's envelope.
pub(crate) static REQUEST_ATTRIBUTES: ExpectedAttributes = ExpectedAttributes::new(&["Version", "Id", "ChangeKey"])
    .with_declarations(
        &crate::namespaces::KNOWN,
        &[
            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
            "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"",
            "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
            "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"",
            "xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"",
        ],
    );

/// The unprefixed attributes of an EWS response as Exchange writes them:
/// `ServerVersionInfo`'s, the response message's class, then the
/// `m:PhoneCallId` a PlayOnPhone response holds; and the declarations
/// Exchange writes, in order (those of a GetPhoneCallInformation
/// response's `m:PhoneCallInformation` and its children last).
pub(crate) static RESPONSE_ATTRIBUTES: ExpectedAttributes = ExpectedAttributes::new(&[
    "MajorVersion",
    "MinorVersion",
    "MajorBuildNumber",
    "MinorBuildNumber",
    "Version",
    "ResponseClass",
    "Id",
])
.with_declarations(
    &crate::namespaces::KNOWN,
    &[
        // The envelope, ServerVersionInfo, the Body, the response message,
        // GetPhoneCallInformation's m:PhoneCallInformation and its children.
        "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"",
        "xmlns:h=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
        "xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
        "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
        "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"",
        "xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\"",
        "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"",
        "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
        "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
    ],
);

static SVI_ATTRS: [&str; 5] = [
    "MajorVersion",
    "MinorVersion",
    "MajorBuildNumber",
    "MinorBuildNumber",
    "Version",
];

impl<'a> ServerVersionInfo<'a> {
    fn decode(cur: &mut Cursor<'_, 'a>) -> Result<Self> {
        let mut v = ServerVersionInfo::default();
        cur.attributes(SERVER_VERSION_INFO, &SVI_ATTRS, |i, a| {
            let field = &SVI_ATTRS[i];
            match i {
                0 => v.major_version = Some(parse_int(field, &a)?),
                1 => v.minor_version = Some(parse_int(field, &a)?),
                2 => v.major_build_number = Some(parse_int(field, &a)?),
                3 => v.minor_build_number = Some(parse_int(field, &a)?),
                _ => v.version = Some(a),
            }
            Ok(())
        })?;
        empty_content(cur, SERVER_VERSION_INFO)?;
        Ok(v)
    }

    /// Writes the header block the way Exchange does.
    pub(crate) fn encode<S: Sink + ?Sized>(&self, out: &mut S) -> Result<()> {
        /// The declarations that close the start tag.
        macro_rules! declarations {
            () => {
                concat!(
                    " xmlns:h=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
                    " xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
                    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
                    " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"/>"
                )
            };
        }
        /// ` name="n"`, if there is an `n`. Inlined with each name's own
        /// length, so its copy is a few moves and not a `memcpy` call.
        #[inline(always)]
        fn int<S: Sink + ?Sized, const N: usize, const K: usize>(
            tag: &mut Ascii<N>,
            out: &mut S,
            start: &[u8; K],
            value: Option<i32>,
        ) -> Result<()> {
            match value {
                Some(n) => {
                    tag.push(out, start)?;
                    tag.push_int(out, n)?;
                    tag.push(out, b"\"")
                }
                None => Ok(()),
            }
        }
        // Everything up to the free-text `Version` value is formatted here
        // and written once: the name (20 bytes), four starts (15, 15, 19,
        // 19) each with up to 11 digits and a quote, and ` Version="` (10).
        let mut tag = Ascii::<146>::new();
        tag.push(out, b"<h:ServerVersionInfo")?;
        int(&mut tag, out, b" MajorVersion=\"", self.major_version)?;
        int(&mut tag, out, b" MinorVersion=\"", self.minor_version)?;
        int(&mut tag, out, b" MajorBuildNumber=\"", self.major_build_number)?;
        int(&mut tag, out, b" MinorBuildNumber=\"", self.minor_build_number)?;
        match &self.version {
            Some(version) => {
                tag.push(out, b" Version=\"")?;
                tag.flush(out)?;
                escape_text(out, version, Context::Attribute)?;
                out.write_str(concat!("\"", declarations!()))
            }
            None => {
                tag.flush(out)?;
                out.write_str(declarations!())
            }
        }
    }
}

/// Writes an `i32` in decimal followed by `suffix` (ASCII, an end tag): one
/// write for a suffix of up to 28 bytes.
pub(crate) fn write_int<S: Sink + ?Sized>(out: &mut S, n: i32, suffix: &[u8]) -> Result<()> {
    let mut s = Ascii::<{ 11 + 28 }>::new();
    s.push_int(out, n)?;
    s.push(out, suffix)?;
    s.flush(out)
}

/// Reads `RequestServerVersion` (required `Version`, empty content).
fn decode_request_server_version(cur: &mut Cursor<'_, '_>, block: &HeaderBlock) -> Result<ExchangeVersion> {
    let mut version = None;
    cur.attributes(REQUEST_SERVER_VERSION, &["Version"], |_, a| {
        version = Some(parse_enum(&"Version", &a, ExchangeVersion::from_str)?);
        Ok(())
    })?;
    let version = version.ok_or_else(|| {
        Error::new(
            ErrorKind::MissingAttribute {
                element: REQUEST_SERVER_VERSION.expected(),
                attribute: &ExpectedName {
                    ns: None,
                    local: "Version",
                },
            },
            block.start.offset(),
        )
    })?;
    empty_content(cur, REQUEST_SERVER_VERSION)?;
    Ok(version)
}

/// Reads `MailboxCulture` (an `xs:language`, no attributes of its own).
fn decode_mailbox_culture<'a>(cur: &mut Cursor<'_, 'a>) -> Result<Text<'a>> {
    cur.no_attributes(MAILBOX_CULTURE)?;
    let t = cur.text(MAILBOX_CULTURE)?;
    check_language(&t)?;
    Ok(t)
}

/// Fails unless `t` is an `xs:language` (`[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`,
/// surrounding whitespace allowed: the type collapses it).
pub(crate) fn check_language(t: &Text<'_>) -> Result<()> {
    let ok = crate::values::with_trimmed(t, |v| v.is_some_and(is_language));
    if ok {
        Ok(())
    } else {
        Err(crate::values::invalid(&"MailboxCulture", t))
    }
}

/// `xs:language`: `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`.
fn is_language(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    let len_ok = |p: &str| (1..=8).contains(&p.len());
    len_ok(first)
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| len_ok(p) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Reads `ExchangeImpersonation`: one `ConnectingSID` holding one of its
/// four choices, a non-empty string.
fn decode_impersonation<'a>(cur: &mut Cursor<'_, 'a>) -> Result<ConnectingSid<'a>> {
    cur.no_attributes(EXCHANGE_IMPERSONATION)?;
    cur.expect(CONNECTING_SID)?;
    cur.no_attributes(CONNECTING_SID)?;
    let Some(choice) = cur.next_child()? else {
        const ANY_SID: &QName = &QName::new(Space::Types, "PrincipalName, SID, PrimarySmtpAddress or SmtpAddress");
        return Err(cur.missing(ANY_SID));
    };
    let mut index = None;
    for (i, q) in SID_CHOICES.iter().enumerate() {
        if cur.is(&choice, q)? {
            index = Some(i);
            break;
        }
    }
    let Some(i) = index else {
        return Err(cur.unexpected_child(CONNECTING_SID, choice.offset()));
    };
    cur.no_attributes(SID_CHOICES[i])?;
    let value = cur.text(SID_CHOICES[i])?;
    cur.expect_end(CONNECTING_SID)?;
    cur.expect_end(EXCHANGE_IMPERSONATION)?;
    check_non_empty(&SID_CHOICES[i].local, &value)?;
    Ok(ConnectingSid::from_index(i, value))
}

/// `t:NonEmptyStringType`: at least one character.
fn check_non_empty(field: &'static &'static str, t: &Text<'_>) -> Result<()> {
    if t.chars().next().is_some() {
        Ok(())
    } else {
        Err(crate::values::invalid(field, t))
    }
}

/// The header blocks of an EWS request, as its type holds them.
#[derive(Clone, Copy)]
pub(crate) struct RequestHeaders<'r, 'a> {
    pub version: Option<ExchangeVersion>,
    pub culture: Option<&'r Text<'a>>,
    pub impersonation: Option<&'r ConnectingSid<'a>>,
}

impl RequestHeaders<'_, '_> {
    /// `true` when there is a block to write (else no `Header` is).
    pub(crate) fn any(&self) -> bool {
        self.version.is_some() || self.culture.is_some() || self.impersonation.is_some()
    }

    /// Writes the blocks in the order the EWS Managed API writes them:
    /// `RequestServerVersion`, `MailboxCulture`, `ExchangeImpersonation`
    /// (the client Exchange sees most, so the bytes servers are most used
    /// to; the schema does not order header blocks).
    pub(crate) fn encode<S: Sink + ?Sized>(&self, out: &mut S, ind: crate::soap::Indent) -> Result<()> {
        use crate::soap::fixed;
        if let Some(v) = self.version {
            fixed!(out, ind; 2 "<t:RequestServerVersion Version=\"")?;
            out.write_str(v.as_str())?;
            out.write_str("\" />")?;
        }
        if let Some(c) = self.culture {
            check_language(c)?;
            fixed!(out, ind; 2 "<t:MailboxCulture>")?;
            escape_text(out, c, Context::Content)?;
            out.write_str("</t:MailboxCulture>")?;
        }
        if let Some(sid) = self.impersonation {
            let value = sid.value();
            check_non_empty(&SID_CHOICES[sid.index()].local, &value)?;
            fixed!(out, ind; 2 "<t:ExchangeImpersonation>", 3 "<t:ConnectingSID>")?;
            const OPEN: [&str; 4] = [
                "<t:PrincipalName>",
                "<t:SID>",
                "<t:PrimarySmtpAddress>",
                "<t:SmtpAddress>",
            ];
            const CLOSE: [&str; 4] = [
                "</t:PrincipalName>",
                "</t:SID>",
                "</t:PrimarySmtpAddress>",
                "</t:SmtpAddress>",
            ];
            if ind.0 {
                out.write_str("\n        ")?;
            }
            out.write_str(OPEN[sid.index()])?;
            escape_text(out, &value, Context::Content)?;
            out.write_str(CLOSE[sid.index()])?;
            fixed!(out, ind; 3 "</t:ConnectingSID>", 2 "</t:ExchangeImpersonation>")?;
        }
        Ok(())
    }
}

/// The content of an element whose type has attributes only: nothing at
/// all (comments aside), as XML Schema's empty content type requires.
pub(crate) fn empty_content(cur: &mut Cursor<'_, '_>, q: &'static QName) -> Result<()> {
    if cur.reader.end_of_empty() {
        return Ok(());
    }
    loop {
        match cur.reader.next_event()? {
            Event::End(_) => return Ok(()),
            Event::Start(s) => return Err(cur.unexpected_child(q, s.offset)),
            Event::Text(t) if t.is_empty() => {}
            Event::Text(t) => return Err(Error::new(ErrorKind::UnexpectedText, t.offset())),
            Event::Eof => return Err(Error::new(ErrorKind::Incomplete, cur.reader.input().len())),
        }
    }
}

/// Which of the known header blocks a message reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeaderUse {
    /// None (the UM web service and faults).
    None,
    /// The blocks of an EWS request.
    EwsRequest,
    /// The `ServerVersionInfo` of an EWS response.
    EwsResponse,
}

/// The header blocks of one envelope that the codec knows.
#[derive(Default)]
pub(crate) struct Headers<'a> {
    pub request_server_version: Option<(ExchangeVersion, HeaderBlock)>,
    pub mailbox_culture: Option<(Text<'a>, HeaderBlock)>,
    pub impersonation: Option<(ConnectingSid<'a>, HeaderBlock)>,
    pub server_version: Option<(ServerVersionInfo<'a>, HeaderBlock)>,
}

impl<'a> Headers<'a> {
    /// Handles one header block: decodes the known ones (at most one of
    /// each), skips the others.
    pub(crate) fn read(&mut self, cur: &mut Cursor<'_, 'a>, block: HeaderBlock) -> Result<()> {
        if cur.is(&block.start, REQUEST_SERVER_VERSION)? {
            if self.request_server_version.is_some() {
                return Err(cur.unexpected_child(soap::HEADER, block.start.offset()));
            }
            self.request_server_version = Some((decode_request_server_version(cur, &block)?, block));
        } else if cur.is(&block.start, MAILBOX_CULTURE)? {
            if self.mailbox_culture.is_some() {
                return Err(cur.unexpected_child(soap::HEADER, block.start.offset()));
            }
            self.mailbox_culture = Some((decode_mailbox_culture(cur)?, block));
        } else if cur.is(&block.start, EXCHANGE_IMPERSONATION)? {
            if self.impersonation.is_some() {
                return Err(cur.unexpected_child(soap::HEADER, block.start.offset()));
            }
            self.impersonation = Some((decode_impersonation(cur)?, block));
        } else if cur.is(&block.start, SERVER_VERSION_INFO)? {
            if self.server_version.is_some() {
                return Err(cur.unexpected_child(soap::HEADER, block.start.offset()));
            }
            self.server_version = Some((ServerVersionInfo::decode(cur)?, block));
        } else {
            soap::skip_block(cur, block)?;
        }
        Ok(())
    }

    /// Fails for a known block that the message does not use but that is
    /// marked `mustUnderstand`.
    pub(crate) fn check_unused(&self, uses: HeaderUse) -> Result<()> {
        let uses_request_version = uses == HeaderUse::EwsRequest;
        let uses_server_version = uses == HeaderUse::EwsResponse;
        if let Some((_, b)) = &self.request_server_version {
            if !uses_request_version && b.must_understand {
                return Err(b.not_understood());
            }
        }
        if let Some((_, b)) = &self.mailbox_culture {
            if !uses_request_version && b.must_understand {
                return Err(b.not_understood());
            }
        }
        if let Some((_, b)) = &self.impersonation {
            if !uses_request_version && b.must_understand {
                return Err(b.not_understood());
            }
        }
        if let Some((_, b)) = &self.server_version {
            if !uses_server_version && b.must_understand {
                return Err(b.not_understood());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::Recorder;

    /// The longest start tag (every number at its widest) still takes one
    /// write before `Version`: the buffer is as large as it needs to be.
    #[test]
    fn server_version_start_tag_is_one_write_at_its_longest() {
        let v = ServerVersionInfo {
            major_version: Some(i32::MIN),
            minor_version: Some(i32::MIN),
            major_build_number: Some(i32::MIN),
            minor_build_number: Some(i32::MIN),
            version: Some(Text::new("V2017_08_18")),
        };
        let mut out = Recorder::new();
        v.encode(&mut out).unwrap();
        // The start tag, `Version`'s value, the quote and declarations.
        assert_eq!(out.writes, 3);
        assert!(out.text().starts_with(
            "<h:ServerVersionInfo MajorVersion=\"-2147483648\" MinorVersion=\"-2147483648\" \
             MajorBuildNumber=\"-2147483648\" MinorBuildNumber=\"-2147483648\" Version=\"V2017_08_18\" xmlns:h="
        ));
    }
}
