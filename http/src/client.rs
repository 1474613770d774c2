//! The client: one keep-alive HTTP/1.1 connection (hyper's client
//! connection on tokio), requests encoded with umcodec into a reused
//! buffer, replies decoded with umcodec (faults included), and the whole
//! call lifecycle on top: place, poll until `Connected`, disconnect, poll
//! until `Disconnected`.

use std::fmt;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::header::{HeaderValue, CONTENT_TYPE, HOST};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use umcodec::{
    DisconnectPhoneCallRequest, DisconnectRequest, Encode, ExchangeVersion, GetCallInfoRequest,
    GetPhoneCallInformationRequest, Message, PlayOnPhoneRequest, ResponseClass, ResponseCode, SoapAction, Text,
    UmPlayOnPhoneRequest,
};

use crate::calls::Service;

/// What went wrong with a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientError {
    /// The URL is not `http://HOST:PORT[/]`.
    Url(String),
    /// Connecting or talking HTTP failed.
    Transport(String),
    /// The server answered with a SOAP fault.
    Fault {
        /// The HTTP status.
        status: u16,
        /// `faultcode`, as written (`a:InvalidCallIdException`).
        code: String,
        /// `faultstring`.
        string: String,
    },
    /// An EWS response with `ResponseClass` other than `Success`.
    Ews {
        /// The operation.
        op: &'static str,
        /// `ResponseClass`.
        class: String,
        /// `ResponseCode`.
        code: String,
        /// `MessageText`.
        text: String,
    },
    /// The reply is not what the operation answers (or not HTTP 200).
    Unexpected(String),
    /// The call did not reach the state in time.
    Timeout(&'static str),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Url(u) => write!(f, "bad URL `{u}`: expected http://HOST:PORT"),
            ClientError::Transport(e) => write!(f, "HTTP error: {e}"),
            ClientError::Fault { status, code, string } => write!(f, "fault {code}: {string} (HTTP {status})"),
            ClientError::Ews { op, class, code, text } => {
                write!(f, "{op}: ResponseClass={class} ResponseCode={code}: {text}")
            }
            ClientError::Unexpected(e) => write!(f, "unexpected reply: {e}"),
            ClientError::Timeout(state) => write!(f, "timed out waiting for the call to be {state}"),
        }
    }
}

impl std::error::Error for ClientError {}

/// A call's state as the server reported it (`CallState` or
/// `PhoneCallState`, by name).
pub type State = &'static str;

/// A client of one server: one connection, reopened when the server
/// closes it.
pub struct Client {
    host: String,
    sender: Option<SendRequest<Full<Bytes>>>,
    buf: Vec<u8>,
    /// How long each request took, when recording (microseconds).
    latencies: Option<Vec<u32>>,
    /// Requests sent.
    pub requests: u64,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("host", &self.host)
            .finish_non_exhaustive()
    }
}

/// Parses `http://HOST:PORT[/]` into `HOST:PORT`.
///
/// # Errors
/// Anything else.
pub fn parse_url(url: &str) -> Result<String, ClientError> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| ClientError::Url(url.to_owned()))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || !host.contains(':') {
        return Err(ClientError::Url(url.to_owned()));
    }
    Ok(host.to_owned())
}

const ITEM_ID: &str = "AAMkADk5YjQ1NjFhLTBkZWItNDc4Ny05ZjUzLWE2NzI5NjQwMGI0NgBGAAAAAAA=";

impl Client {
    /// A client of the server at `url` (`http://HOST:PORT`); connects on
    /// the first request.
    ///
    /// # Errors
    /// [`ClientError::Url`].
    pub fn new(url: &str) -> Result<Self, ClientError> {
        Ok(Client {
            host: parse_url(url)?,
            sender: None,
            buf: Vec::with_capacity(2048),
            latencies: None,
            requests: 0,
        })
    }

    /// Records the duration of every request from now on.
    pub fn record_latencies(&mut self, capacity: usize) {
        self.latencies = Some(Vec::with_capacity(capacity));
    }

    /// The durations recorded (microseconds), emptied.
    pub fn take_latencies(&mut self) -> Vec<u32> {
        self.latencies.as_mut().map(std::mem::take).unwrap_or_default()
    }

    async fn connect(&mut self) -> Result<&mut SendRequest<Full<Bytes>>, ClientError> {
        let ready = match &mut self.sender {
            Some(s) => s.ready().await.is_ok(),
            None => false,
        };
        if !ready {
            let stream = TcpStream::connect(&self.host)
                .await
                .map_err(|e| ClientError::Transport(format!("connect to {}: {e}", self.host)))?;
            let _ = stream.set_nodelay(true);
            let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .map_err(|e| ClientError::Transport(e.to_string()))?;
            tokio::spawn(async move {
                let _ = conn.await;
            });
            self.sender = Some(sender);
        }
        self.sender
            .as_mut()
            .ok_or_else(|| ClientError::Transport("no connection".to_owned()))
    }

    /// Sends one raw request and returns the status and the body.
    ///
    /// # Errors
    /// [`ClientError::Transport`].
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Bytes,
    ) -> Result<(StatusCode, hyper::HeaderMap, Bytes), ClientError> {
        let started = Instant::now();
        let host = HeaderValue::from_str(&self.host).map_err(|e| ClientError::Transport(e.to_string()))?;
        let mut req = Request::builder().method(method).uri(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut req = req
            .body(Full::new(body))
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        req.headers_mut().insert(HOST, host);
        let sender = self.connect().await?;
        let resp = sender
            .send_request(req)
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        let (parts, body) = resp.into_parts();
        let body = body
            .collect()
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))?
            .to_bytes();
        self.requests += 1;
        if let Some(l) = &mut self.latencies {
            l.push(u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX));
        }
        Ok((parts.status, parts.headers, body))
    }

    /// POSTs the envelope `m` to `service`'s endpoint with its SOAPAction;
    /// returns the status and the reply.
    async fn post(
        &mut self,
        service: Service,
        m: &(dyn Encode + Sync),
        action: SoapAction,
    ) -> Result<(u16, Bytes), ClientError> {
        self.buf.clear();
        let len = m.encoded_len().map_err(|e| ClientError::Unexpected(e.to_string()))?;
        self.buf.resize(len, 0);
        let n = m
            .encode(&mut self.buf)
            .map_err(|e| ClientError::Unexpected(e.to_string()))?;
        let body = Bytes::copy_from_slice(&self.buf[..n]);
        let quoted = format!("\"{}\"", action.uri());
        let (status, _, reply) = self
            .send(
                Method::POST,
                service.path(),
                &[
                    (CONTENT_TYPE.as_str(), "text/xml; charset=utf-8"),
                    ("SOAPAction", &quoted),
                ],
                body,
            )
            .await?;
        Ok((status.as_u16(), reply))
    }

    /// Places a call to `dial` (PlayOnPhone of `service`, playing `item_id`
    /// or a made-up item); returns the call id.
    ///
    /// # Errors
    /// A fault, an EWS error response or a transport error.
    pub async fn play_on_phone(
        &mut self,
        service: Service,
        dial: &str,
        item_id: Option<&str>,
    ) -> Result<String, ClientError> {
        let item = item_id.unwrap_or(ITEM_ID);
        let (status, reply) = match service {
            Service::Ews => {
                let req = PlayOnPhoneRequest {
                    request_server_version: Some(ExchangeVersion::Exchange2010),
                    mailbox_culture: None,
                    impersonation: None,
                    item_id: Text::new(item),
                    change_key: None,
                    dial_string: Text::new(dial),
                };
                self.post(service, &req, SoapAction::PlayOnPhone).await?
            }
            Service::Um => {
                let req = UmPlayOnPhoneRequest {
                    entry_id: Text::new(item),
                    dial_string: Text::new(dial),
                };
                self.post(service, &req, SoapAction::PlayOnPhone).await?
            }
        };
        match decode(status, &reply)? {
            Message::UmPlayOnPhoneResponse(r) if service == Service::Um => Ok(r.call_id.to_string().trim().to_owned()),
            Message::PlayOnPhoneResponse(r) if service == Service::Ews => {
                ews_ok("PlayOnPhone", r.response_class, r.response_code, r.message_text)?;
                r.phone_call_id
                    .map(|id| id.to_string())
                    .ok_or_else(|| ClientError::Unexpected("PlayOnPhoneResponse without PhoneCallId".to_owned()))
            }
            other => Err(unexpected("PlayOnPhoneResponse", &other)),
        }
    }

    /// Asks for the state of call `id` (GetCallInfo or
    /// GetPhoneCallInformation).
    ///
    /// # Errors
    /// A fault, an EWS error response or a transport error.
    pub async fn state(&mut self, service: Service, id: &str) -> Result<State, ClientError> {
        let (status, reply) = match service {
            Service::Ews => {
                let req = GetPhoneCallInformationRequest {
                    request_server_version: Some(ExchangeVersion::Exchange2010),
                    mailbox_culture: None,
                    impersonation: None,
                    phone_call_id: Text::new(id),
                };
                self.post(service, &req, SoapAction::GetPhoneCallInformation).await?
            }
            Service::Um => {
                let req = GetCallInfoRequest { call_id: Text::new(id) };
                self.post(service, &req, SoapAction::GetCallInfo).await?
            }
        };
        match decode(status, &reply)? {
            Message::GetCallInfoResponse(r) if service == Service::Um => Ok(r.call_state.as_str()),
            Message::GetPhoneCallInformationResponse(r) if service == Service::Ews => {
                ews_ok(
                    "GetPhoneCallInformation",
                    r.response_class,
                    r.response_code,
                    r.message_text,
                )?;
                r.phone_call_information
                    .map(|i| i.phone_call_state.as_str())
                    .ok_or_else(|| ClientError::Unexpected("no PhoneCallInformation".to_owned()))
            }
            other => Err(unexpected("the call's state", &other)),
        }
    }

    /// Ends call `id` (Disconnect or DisconnectPhoneCall).
    ///
    /// # Errors
    /// A fault, an EWS error response or a transport error.
    pub async fn disconnect(&mut self, service: Service, id: &str) -> Result<(), ClientError> {
        let (status, reply) = match service {
            Service::Ews => {
                let req = DisconnectPhoneCallRequest {
                    request_server_version: Some(ExchangeVersion::Exchange2010),
                    mailbox_culture: None,
                    impersonation: None,
                    phone_call_id: Text::new(id),
                };
                self.post(service, &req, SoapAction::DisconnectPhoneCall).await?
            }
            Service::Um => {
                let req = DisconnectRequest { call_id: Text::new(id) };
                self.post(service, &req, SoapAction::Disconnect).await?
            }
        };
        match decode(status, &reply)? {
            Message::DisconnectResponse(_) if service == Service::Um => Ok(()),
            Message::DisconnectPhoneCallResponse(r) if service == Service::Ews => {
                ews_ok("DisconnectPhoneCall", r.response_class, r.response_code, r.message_text)
            }
            other => Err(unexpected("DisconnectResponse", &other)),
        }
    }

    /// Polls the state of `id` every `every` until it is `want` (at most
    /// `timeout`); returns the number of polls.
    ///
    /// # Errors
    /// As [`Client::state`]; [`ClientError::Timeout`].
    pub async fn wait_for(
        &mut self,
        service: Service,
        id: &str,
        want: State,
        every: Duration,
        timeout: Duration,
        mut on_change: impl FnMut(State),
    ) -> Result<u32, ClientError> {
        let deadline = Instant::now() + timeout;
        let mut polls = 0;
        let mut last = "";
        loop {
            let s = self.state(service, id).await?;
            polls += 1;
            if s != last {
                on_change(s);
                last = s;
            }
            if s == want {
                return Ok(polls);
            }
            if Instant::now() >= deadline {
                return Err(ClientError::Timeout(want));
            }
            if !every.is_zero() {
                tokio::time::sleep(every).await;
            }
        }
    }

    /// One whole call: place it, wait until `Connected`, disconnect, wait
    /// until `Disconnected`. Each step is reported to `step` as a line.
    ///
    /// # Errors
    /// The first failure.
    pub async fn lifecycle(
        &mut self,
        service: Service,
        dial: &str,
        item_id: Option<&str>,
        every: Duration,
        timeout: Duration,
        mut step: impl FnMut(String),
    ) -> Result<String, ClientError> {
        let (place, get, hang_up) = match service {
            Service::Ews => ("PlayOnPhone", "GetPhoneCallInformation", "DisconnectPhoneCall"),
            Service::Um => ("PlayOnPhone", "GetCallInfo", "Disconnect"),
        };
        let id = self.play_on_phone(service, dial, item_id).await?;
        step(format!("{place}: dialing {dial}, call id {id}"));
        let polls = self
            .wait_for(service, &id, "Connected", every, timeout, |s| {
                if s != "Connected" {
                    step(format!("{get}: {s}"));
                }
            })
            .await?;
        step(format!("{get}: Connected after {polls} poll(s)"));
        self.disconnect(service, &id).await?;
        step(format!("{hang_up}: done"));
        self.wait_for(service, &id, "Disconnected", every, timeout, |s| {
            step(format!("{get}: {s}"));
        })
        .await?;
        Ok(id)
    }

    /// `GET /stats` of the server, parsed into `(key, value)` pairs.
    ///
    /// # Errors
    /// Transport errors, or a status other than 200.
    pub async fn stats(&mut self) -> Result<Vec<(String, String)>, ClientError> {
        let (status, _, body) = self.send(Method::GET, "/stats", &[], Bytes::new()).await?;
        if status != StatusCode::OK {
            return Err(ClientError::Unexpected(format!("GET /stats: HTTP {status}")));
        }
        Ok(String::from_utf8_lossy(&body)
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect())
    }
}

/// Decodes a reply; a fault becomes [`ClientError::Fault`].
fn decode(status: u16, reply: &[u8]) -> Result<Message<'_>, ClientError> {
    let m = Message::decode(reply).map_err(|e| {
        ClientError::Unexpected(format!(
            "HTTP {status}, body not a SOAP envelope ({e}): {}",
            String::from_utf8_lossy(&reply[..reply.len().min(200)])
        ))
    })?;
    if let Message::Fault(f) = m {
        return Err(ClientError::Fault {
            status,
            code: f.code.qname.to_string().trim().to_owned(),
            string: f.string.to_string(),
        });
    }
    if status != 200 {
        return Err(ClientError::Unexpected(format!("HTTP {status} with a {}", m.kind())));
    }
    Ok(m)
}

fn ews_ok(
    op: &'static str,
    class: ResponseClass,
    code: Option<ResponseCode<'_>>,
    text: Option<Text<'_>>,
) -> Result<(), ClientError> {
    if class == ResponseClass::Success {
        return Ok(());
    }
    let code = match code {
        Some(ResponseCode::Known(k)) => k.to_string(),
        Some(ResponseCode::Other(t)) => t.to_string(),
        None => String::new(),
    };
    Err(ClientError::Ews {
        op,
        class: class.to_string(),
        code,
        text: text.map(|t| t.to_string()).unwrap_or_default(),
    })
}

fn unexpected(wanted: &str, got: &Message<'_>) -> ClientError {
    ClientError::Unexpected(format!("expected {wanted}, got {}", got.kind()))
}
