//! The HTTP server: hyper's HTTP/1.1 connection driver on tokio, one task
//! per connection, the [`ops`](crate::ops) logic behind it.
//!
//! Per request, in order: the path (`/EWS/Exchange.asmx`,
//! `/EWS/UM2007Legacy.asmx`; `GET /stats`; else 404), the method (else
//! 405), the `Content-Type` (`text/xml`; `application/soap+xml` only for a
//! SOAP 1.2 envelope, answered with `VersionMismatch`; else 415), the declared length
//! (over `max_body`: 413 at once, the body unread, the connection closed),
//! the body (read up to `max_body`, else 413), then decode, answer,
//! encode.
//!
//! Each connection owns two buffers reused for all its requests: the
//! output buffer the reply is encoded into (a `BytesMut` whose memory comes
//! back once hyper has written the previous reply) and a buffer for a body
//! that arrives in several pieces. A body that arrives in one piece (the
//! usual case for an envelope) is decoded where hyper read it.

use std::convert::Infallible;
use std::fmt::Write as _;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ALLOW, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::calls::{CallTable, Service};
use crate::codec_serde::SerdeCodec;
use crate::codec_umcodec::UmcodecCodec;
use crate::ops::{answer, line_col, ActionHeader, Codec, Rejected, Reply};
use crate::{EWS_PATH, UM_PATH};

/// Which codec the server reads and writes envelopes with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodecChoice {
    /// umcodec (the default).
    Umcodec,
    /// quick-xml's serde deserializer and serializer (the comparison).
    Serde,
}

/// The server's settings (the command-line options of `umcodec-server`).
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to listen on (port 0: any free port).
    pub listen: SocketAddr,
    /// A placed call reads as `Connected` after this long.
    pub connect_after: Duration,
    /// The most calls the table holds, live and ended.
    pub max_calls: usize,
    /// An ended call stays readable this long, then is evicted.
    pub keep_ended: Duration,
    /// The largest request body accepted (bytes).
    pub max_body: usize,
    /// Log one line per request on standard error.
    pub verbose: bool,
    /// The codec.
    pub codec: CodecChoice,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            connect_after: Duration::from_millis(300),
            max_calls: 100_000,
            keep_ended: Duration::from_secs(60),
            max_body: 1 << 20,
            verbose: false,
            codec: CodecChoice::Umcodec,
        }
    }
}

/// What every connection shares.
struct Shared {
    codec: Box<dyn Codec>,
    table: Mutex<CallTable>,
    max_body: usize,
    verbose: bool,
    requests: AtomicU64,
}

/// The buffers a connection reuses for all its requests.
#[derive(Default)]
struct ConnBuffers {
    out: BytesMut,
    body: Vec<u8>,
}

/// Room reserved for a reply before encoding (replies are under 2 KiB).
const REPLY_ROOM: usize = 4096;

type Resp = Response<Full<Bytes>>;

fn plain(status: StatusCode, text: &'static str) -> Resp {
    let mut r = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    r
}

fn too_large() -> Resp {
    let mut r = plain(StatusCode::PAYLOAD_TOO_LARGE, "request body too large\n");
    // The rest of the body is never read: the connection cannot be reused.
    r.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
    r
}

/// The request's media type, parameters (`; charset=utf-8`) aside.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Media {
    /// `text/xml`: SOAP 1.1.
    TextXml,
    /// `application/soap+xml`: SOAP 1.2. Read only to answer a SOAP 1.2
    /// envelope with the `VersionMismatch` fault a SOAP 1.1 node owes it
    /// (SOAP 1.2 part 2, appendix A); anything else sent so is a 415.
    Soap12,
    /// Anything else, or no `Content-Type`.
    Other,
}

fn media(value: Option<&HeaderValue>) -> Media {
    let Some(v) = value else { return Media::Other };
    let media = v.as_bytes().split(|&b| b == b';').next().unwrap_or(b"").trim_ascii();
    if media.eq_ignore_ascii_case(b"text/xml") {
        Media::TextXml
    } else if media.eq_ignore_ascii_case(b"application/soap+xml") {
        Media::Soap12
    } else {
        Media::Other
    }
}

fn unsupported_media() -> Resp {
    plain(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported media type: send Content-Type: text/xml; charset=utf-8 (SOAP 1.1)\n",
    )
}

/// Reads the body into one slice: the single piece hyper read, or the
/// pieces copied into the connection's body buffer. `Err`: a response to
/// send instead (413, or 400 when the body could not be read).
async fn read_body(body: Incoming, max: usize, conn: &Mutex<ConnBuffers>) -> Result<BodyBytes, Resp> {
    let mut body = body;
    let mut first: Option<Bytes> = None;
    let mut joined: Option<Vec<u8>> = None;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(plain(StatusCode::BAD_REQUEST, "the request body could not be read\n"));
        };
        let Ok(data) = frame.into_data() else { continue };
        let so_far = joined.as_ref().map_or(0, Vec::len) + first.as_ref().map_or(0, Bytes::len);
        if so_far + data.len() > max {
            if let Some(buf) = joined {
                give_back(conn, buf);
            }
            return Err(too_large());
        }
        match (&mut joined, first.take()) {
            (Some(buf), _) => buf.extend_from_slice(&data),
            (None, None) => first = Some(data),
            (None, Some(f)) => {
                let mut buf = std::mem::take(&mut lock(conn).body);
                buf.clear();
                buf.extend_from_slice(&f);
                buf.extend_from_slice(&data);
                joined = Some(buf);
            }
        }
    }
    Ok(match joined {
        Some(buf) => BodyBytes::Joined(buf),
        None => BodyBytes::One(first.unwrap_or_default()),
    })
}

enum BodyBytes {
    One(Bytes),
    Joined(Vec<u8>),
}

impl BodyBytes {
    fn as_slice(&self) -> &[u8] {
        match self {
            BodyBytes::One(b) => b,
            BodyBytes::Joined(v) => v,
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn give_back(conn: &Mutex<ConnBuffers>, buf: Vec<u8>) {
    lock(conn).body = buf;
}

/// Answers one request.
async fn handle(req: Request<Incoming>, shared: Arc<Shared>, conn: Arc<Mutex<ConnBuffers>>, peer: SocketAddr) -> Resp {
    let started = Instant::now();
    let service = match req.uri().path() {
        EWS_PATH => Service::Ews,
        UM_PATH => Service::Um,
        "/stats" if req.method() == Method::GET => return stats(&shared),
        _ => {
            return plain(
                StatusCode::NOT_FOUND,
                "not found: POST to /EWS/Exchange.asmx or /EWS/UM2007Legacy.asmx\n",
            )
        }
    };
    if req.method() != Method::POST {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed: use POST\n");
        r.headers_mut().insert(ALLOW, HeaderValue::from_static("POST"));
        return r;
    }
    let media = media(req.headers().get(CONTENT_TYPE));
    if media == Media::Other {
        return unsupported_media();
    }
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > shared.max_body as u64) {
        return too_large();
    }
    let action = ActionHeader::from_value(req.headers().get("soapaction").map(HeaderValue::as_bytes));
    let body = match read_body(req.into_body(), shared.max_body, &conn).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    shared.requests.fetch_add(1, Ordering::Relaxed);

    let bytes = body.as_slice();
    let (reply, op_name) = match shared.codec.decode(bytes) {
        Err(Rejected::Soap12) => (Reply::Fault(crate::ops::FaultKind::VersionMismatch), "-"),
        _ if media == Media::Soap12 => return unsupported_media(),
        Ok(op) => (answer(op, service, action, &shared.table, Instant::now()), op.name()),
        Err(rejected) => {
            let line_col = rejected.offset().map(|o| line_col(bytes, o));
            (
                Reply::Invalid {
                    service,
                    rejected,
                    line_col,
                },
                "-",
            )
        }
    };
    let status = reply.status();

    let mut bufs = lock(&conn);
    let out = &mut bufs.out;
    out.clear();
    out.reserve(REPLY_ROOM);
    // The body is still at hand: a reply to a rejected body names what
    // the codec found in it.
    if let Err(e) = shared.codec.encode(&reply, bytes, out) {
        out.clear();
        drop(bufs);
        eprintln!("umcodec-server: cannot encode a reply ({e}): {reply:?}");
        return plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error: the reply could not be encoded\n",
        );
    }
    let payload = out.split().freeze();
    // Keep a joined body's buffer for the connection's next request.
    if let BodyBytes::Joined(v) = body {
        bufs.body = v;
    }
    drop(bufs);

    if shared.verbose {
        eprintln!(
            "{peer} POST {} {op_name} -> {status} {} ({} us)",
            service.path(),
            reply.summary(),
            started.elapsed().as_micros()
        );
    }
    let mut r = Response::new(Full::new(payload));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/xml; charset=utf-8"));
    r
}

/// `GET /stats`: counters, one `key=value` per line.
fn stats(shared: &Shared) -> Resp {
    let a = crate::alloc::snapshot();
    let (calls, live) = {
        let t = lock(&shared.table);
        (t.len(), t.live())
    };
    let mut text = String::new();
    let _ = write!(
        text,
        "codec={}\nrequests={}\nallocations={}\nallocated_bytes={}\ncounting_allocator={}\ncalls={calls}\nlive_calls={live}\n",
        shared.codec.name(),
        shared.requests.load(Ordering::Relaxed),
        a.allocations,
        a.bytes,
        crate::alloc::installed(),
    );
    let mut r = Response::new(Full::new(Bytes::from(text)));
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    r
}

/// Serves `listener` until `shutdown` completes, then lets open requests
/// finish (at most 5 s) and returns.
///
/// # Errors
/// Accepting connections failed for good.
pub async fn serve(listener: TcpListener, config: &Config, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
    let codec: Box<dyn Codec> = match config.codec {
        CodecChoice::Umcodec => Box::new(UmcodecCodec::new(config.max_body)),
        CodecChoice::Serde => Box::new(SerdeCodec),
    };
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() ^ (d.as_secs() as u32));
    let shared = Arc::new(Shared {
        codec,
        table: Mutex::new(CallTable::new(
            config.max_calls,
            config.connect_after,
            config.keep_ended,
            run,
        )),
        max_body: config.max_body,
        verbose: config.verbose,
        requests: AtomicU64::new(0),
    });
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: wait, go on.
                        eprintln!("umcodec-server: accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let shared = shared.clone();
                let bufs = Arc::new(Mutex::new(ConnBuffers::default()));
                let service = hyper::service::service_fn(move |req| {
                    let shared = shared.clone();
                    let bufs = bufs.clone();
                    async move { Ok::<_, Infallible>(handle(req, shared, bufs, peer).await) }
                });
                let conn = hyper::server::conn::http1::Builder::new()
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(stream), service);
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    // A client that goes away mid-request is not an error.
                    let _ = conn.await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(Duration::from_secs(5)) => {}
    }
    Ok(())
}

/// Completes on SIGINT or SIGTERM.
pub async fn signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match (signal(SignalKind::interrupt()), signal(SignalKind::terminate())) {
            (Ok(mut int), Ok(mut term)) => {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
