//! Types shared by the EWS operations: the version headers and the
//! response-message fields, plus the header bookkeeping for one envelope.

use crate::cursor::{Cursor, QName, Space};
use crate::error::{Error, ErrorKind, Result};
use crate::soap::{self, HeaderBlock};
use crate::values::{parse_enum, parse_int, string_enum};
use crate::xml::{escape_text, Context, Event, Sink, Text};

pub(crate) const REQUEST_SERVER_VERSION: QName = QName::new(Space::Types, "RequestServerVersion");
pub(crate) const SERVER_VERSION_INFO: QName = QName::new(Space::Types, "ServerVersionInfo");

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

const SVI_ATTRS: [&str; 5] = [
    "MajorVersion",
    "MinorVersion",
    "MajorBuildNumber",
    "MinorBuildNumber",
    "Version",
];

impl<'a> ServerVersionInfo<'a> {
    fn decode(cur: &mut Cursor<'a>) -> Result<Self> {
        let mut v = ServerVersionInfo::default();
        cur.attributes(SERVER_VERSION_INFO, &SVI_ATTRS, |i, a| {
            let field = SVI_ATTRS[i];
            match i {
                0 => v.major_version = Some(parse_int(field, &a.value)?),
                1 => v.minor_version = Some(parse_int(field, &a.value)?),
                2 => v.major_build_number = Some(parse_int(field, &a.value)?),
                3 => v.minor_build_number = Some(parse_int(field, &a.value)?),
                _ => v.version = Some(a.value),
            }
            Ok(())
        })?;
        empty_content(cur, SERVER_VERSION_INFO)?;
        Ok(v)
    }

    /// Writes the header block the way Exchange does.
    pub(crate) fn encode<S: Sink + ?Sized>(&self, out: &mut S) -> Result<()> {
        // Each attribute's start, with the quote that ends the one before.
        const STARTS: [&str; 5] = [
            " MajorVersion=\"",
            " MinorVersion=\"",
            " MajorBuildNumber=\"",
            " MinorBuildNumber=\"",
            " Version=\"",
        ];
        out.write_str("<h:ServerVersionInfo")?;
        let ints = [
            self.major_version,
            self.minor_version,
            self.major_build_number,
            self.minor_build_number,
        ];
        for (start, value) in STARTS.iter().zip(ints) {
            if let Some(n) = value {
                out.write_str(start)?;
                write_int(out, n, b"\"")?;
            }
        }
        if let Some(version) = &self.version {
            out.write_str(STARTS[4])?;
            escape_text(out, version, Context::Attribute)?;
            out.write_str("\"")?;
        }
        out.write_str(concat!(
            " xmlns:h=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
            " xmlns=\"http://schemas.microsoft.com/exchange/services/2006/types\"",
            " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
            " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"/>"
        ))
    }
}

/// Writes an `i32` in decimal followed by `suffix` (ASCII, at most 28
/// bytes: an end tag), as one write.
pub(crate) fn write_int<S: Sink + ?Sized>(out: &mut S, n: i32, suffix: &[u8]) -> Result<()> {
    let mut buf = [0u8; 11 + 28];
    let tail = suffix.len().min(28);
    let mut i = buf.len() - tail;
    buf[i..].copy_from_slice(&suffix[..tail]);
    let mut v = n.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if n < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    out.write_ascii(&buf[i..])
}

/// Reads `RequestServerVersion` (required `Version`, empty content).
fn decode_request_server_version(cur: &mut Cursor<'_>, block: &HeaderBlock<'_>) -> Result<ExchangeVersion> {
    let mut version = None;
    cur.attributes(REQUEST_SERVER_VERSION, &["Version"], |_, a| {
        version = Some(parse_enum("Version", &a.value, ExchangeVersion::from_str)?);
        Ok(())
    })?;
    let version = version.ok_or_else(|| {
        Error::new(
            ErrorKind::MissingAttribute {
                element: REQUEST_SERVER_VERSION.expected(),
                attribute: "Version",
            },
            block.start.offset,
        )
    })?;
    empty_content(cur, REQUEST_SERVER_VERSION)?;
    Ok(version)
}

/// The content of an element whose type has attributes only: nothing at
/// all (comments aside), as XML Schema's empty content type requires.
pub(crate) fn empty_content(cur: &mut Cursor<'_>, q: QName) -> Result<()> {
    loop {
        match cur.reader.next_event()? {
            Event::End(_) => return Ok(()),
            Event::Start(s) => return Err(cur.unexpected_child(q, &s)),
            Event::Text(t) if t.is_empty() => {}
            Event::Text(t) => return Err(Error::new(ErrorKind::UnexpectedText, t.offset())),
            Event::Eof => return Err(Error::new(ErrorKind::Incomplete, cur.reader.input().len())),
        }
    }
}

/// The header blocks of one envelope that the codec knows.
#[derive(Default)]
pub(crate) struct Headers<'a> {
    pub request_server_version: Option<(ExchangeVersion, HeaderBlock<'a>)>,
    pub server_version: Option<(ServerVersionInfo<'a>, HeaderBlock<'a>)>,
}

impl<'a> Headers<'a> {
    /// Handles one header block: decodes the known ones (at most one of
    /// each), skips the others.
    pub(crate) fn read(&mut self, cur: &mut Cursor<'a>, block: HeaderBlock<'a>) -> Result<()> {
        if cur.is(&block.start, REQUEST_SERVER_VERSION)? {
            if self.request_server_version.is_some() {
                return Err(cur.unexpected_child(soap::HEADER, &block.start));
            }
            self.request_server_version = Some((decode_request_server_version(cur, &block)?, block));
        } else if cur.is(&block.start, SERVER_VERSION_INFO)? {
            if self.server_version.is_some() {
                return Err(cur.unexpected_child(soap::HEADER, &block.start));
            }
            self.server_version = Some((ServerVersionInfo::decode(cur)?, block));
        } else {
            soap::skip_block(cur, block)?;
        }
        Ok(())
    }

    /// Fails for a known block that the message does not use but that is
    /// marked `mustUnderstand`.
    pub(crate) fn check_unused(&self, uses_request_version: bool, uses_server_version: bool) -> Result<()> {
        if let Some((_, b)) = &self.request_server_version {
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
