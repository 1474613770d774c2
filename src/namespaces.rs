//! The namespace URIs the codec knows, and the table the XML reader
//! classifies declarations against.

/// SOAP 1.1 envelope.
pub const SOAP_ENVELOPE: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// Exchange messages (`m:`), canonical spelling.
pub const MESSAGES: &str = "http://schemas.microsoft.com/exchange/services/2006/messages";
/// Exchange types (`t:`), canonical spelling.
pub const TYPES: &str = "http://schemas.microsoft.com/exchange/services/2006/types";
/// Exchange errors (`e:`), used in fault codes and details.
pub const ERRORS: &str = "http://schemas.microsoft.com/exchange/services/2006/errors";
/// The `https://` spelling of [`MESSAGES`] found in published documentation;
/// accepted unless strict, never written.
pub const MESSAGES_HTTPS: &str = "https://schemas.microsoft.com/exchange/services/2006/messages";
/// The `https://` spelling of [`TYPES`]; accepted unless strict, never
/// written.
pub const TYPES_HTTPS: &str = "https://schemas.microsoft.com/exchange/services/2006/types";
/// SOAP 1.2 envelope. Not read: the codec reads SOAP 1.1 (both Exchange
/// services use it); an envelope in this namespace is rejected with an
/// error that names it.
pub const SOAP12_ENVELOPE: &str = "http://www.w3.org/2003/05/soap-envelope";
/// XML Schema instance (`xsi:`).
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// XML Schema (`xsd:`).
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// Table handed to the reader: index = `Ns::Known` value. XML Schema's
/// two namespaces are not in any schema this codec reads, but Exchange
/// declares them on most replies: a declaration of a known URI is
/// matched whole instead of scanned. The declarations most documents make
/// come first: the reader tries the entries in order.
pub(crate) static KNOWN: [&str; 8] = [
    SOAP_ENVELOPE,
    MESSAGES,
    TYPES,
    XSI,
    XSD,
    MESSAGES_HTTPS,
    TYPES_HTTPS,
    ERRORS,
];
pub(crate) const K_SOAP: usize = 0;
pub(crate) const K_MESSAGES: usize = 1;
pub(crate) const K_TYPES: usize = 2;
pub(crate) const K_MESSAGES_HTTPS: usize = 5;
pub(crate) const K_TYPES_HTTPS: usize = 6;
pub(crate) const K_ERRORS: usize = 7;
