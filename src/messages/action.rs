//! The SOAPAction of each request: the URI a client sends in the HTTP
//! `SOAPAction` header, and the mapping a server makes from that header to
//! the operation it should expect in the body.

use crate::values::string_enum;
use crate::Message;

/// The start of every SOAPAction URI of these operations: the messages
/// namespace and a slash.
const PREFIX: &str = "http://schemas.microsoft.com/exchange/services/2006/messages/";

string_enum! {
    /// An operation as its SOAPAction names it (the WSDL's `soapAction`:
    /// the messages namespace, a slash and the operation's name, see
    /// [`SoapAction::uri`]). Both services' PlayOnPhone share one action,
    /// as they share the body element.
    ///
    /// A client sends [`SoapAction::uri`] in the HTTP `SOAPAction` header
    /// (EWS does not require it: Exchange goes by the body element); a
    /// server maps the header to the operation with
    /// [`SoapAction::from_header`] and checks the decoded request against
    /// it with [`SoapAction::matches`].
    ///
    /// ```
    /// use umcodec::{Message, SoapAction};
    ///
    /// let body = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
    ///   <Disconnect xmlns="http://schemas.microsoft.com/exchange/services/2006/messages"><CallId>MDlk</CallId></Disconnect>
    /// </soap:Body></soap:Envelope>"#;
    /// let header = r#""http://schemas.microsoft.com/exchange/services/2006/messages/Disconnect""#;
    /// let action = SoapAction::from_header(header).expect("a known action");
    /// assert_eq!(action, SoapAction::Disconnect);
    /// let request = Message::decode(body)?;
    /// assert!(action.matches(&request));
    /// assert_eq!(request.soap_action(), Some(action));
    /// # Ok::<_, umcodec::Error>(())
    /// ```
    pub enum SoapAction {
        /// GetCallInfo (UM web service).
        GetCallInfo = "GetCallInfo",
        /// PlayOnPhone, of either service.
        PlayOnPhone = "PlayOnPhone",
        /// PlayOnPhoneGreeting (UM web service).
        PlayOnPhoneGreeting = "PlayOnPhoneGreeting",
        /// Disconnect (UM web service).
        Disconnect = "Disconnect",
        /// GetPhoneCallInformation (EWS).
        GetPhoneCallInformation = "GetPhoneCallInformation",
        /// DisconnectPhoneCall (EWS).
        DisconnectPhoneCall = "DisconnectPhoneCall",
    }
}

impl SoapAction {
    /// The SOAPAction URI, e.g.
    /// `http://schemas.microsoft.com/exchange/services/2006/messages/GetCallInfo`
    /// (the HTTP header carries it in double quotes).
    ///
    /// ```
    /// use umcodec::SoapAction;
    ///
    /// assert_eq!(
    ///     SoapAction::DisconnectPhoneCall.uri(),
    ///     "http://schemas.microsoft.com/exchange/services/2006/messages/DisconnectPhoneCall"
    /// );
    /// ```
    #[must_use]
    pub const fn uri(self) -> &'static str {
        match self {
            SoapAction::GetCallInfo => "http://schemas.microsoft.com/exchange/services/2006/messages/GetCallInfo",
            SoapAction::PlayOnPhone => "http://schemas.microsoft.com/exchange/services/2006/messages/PlayOnPhone",
            SoapAction::PlayOnPhoneGreeting => {
                "http://schemas.microsoft.com/exchange/services/2006/messages/PlayOnPhoneGreeting"
            }
            SoapAction::Disconnect => "http://schemas.microsoft.com/exchange/services/2006/messages/Disconnect",
            SoapAction::GetPhoneCallInformation => {
                "http://schemas.microsoft.com/exchange/services/2006/messages/GetPhoneCallInformation"
            }
            SoapAction::DisconnectPhoneCall => {
                "http://schemas.microsoft.com/exchange/services/2006/messages/DisconnectPhoneCall"
            }
        }
    }

    /// The action an HTTP `SOAPAction` header value names: the URI, in
    /// double quotes or not, with surrounding spaces and tabs allowed.
    /// `None` for anything else (an empty value, another operation, the
    /// `https://` spelling).
    ///
    /// ```
    /// use umcodec::SoapAction;
    ///
    /// let uri = "http://schemas.microsoft.com/exchange/services/2006/messages/PlayOnPhone";
    /// assert_eq!(SoapAction::from_header(uri), Some(SoapAction::PlayOnPhone));
    /// assert_eq!(SoapAction::from_header(&format!(" \"{uri}\" ")), Some(SoapAction::PlayOnPhone));
    /// assert_eq!(SoapAction::from_header("\"\""), None);
    /// ```
    #[must_use]
    pub fn from_header(value: &str) -> Option<Self> {
        let v = value.trim_matches([' ', '\t']);
        let v = match v.strip_prefix('"') {
            Some(inner) => inner.strip_suffix('"')?,
            None => v,
        };
        SoapAction::from_str(v.strip_prefix(PREFIX)?)
    }

    /// `true` when `message` is a request of this operation (of either
    /// service, for [`SoapAction::PlayOnPhone`]).
    ///
    /// ```
    /// use umcodec::{GetCallInfoRequest, Message, SoapAction, Text};
    ///
    /// let m = Message::from(GetCallInfoRequest { call_id: Text::new("MDlk") });
    /// assert!(SoapAction::GetCallInfo.matches(&m));
    /// assert!(!SoapAction::Disconnect.matches(&m));
    /// ```
    #[must_use]
    pub fn matches(self, message: &Message<'_>) -> bool {
        message.soap_action() == Some(self)
    }
}
