//! `decode`: arbitrary bytes through every decode entry point.
//!
//! - no entry point panics;
//! - every error has an offset within the input, a working `Display`, and
//!   an `incomplete` error sits at the end of the input;
//! - the entry points agree: the typed decoder of a message accepts exactly
//!   when `Message::decode` finds that message, with an equal value; what
//!   the strict mode accepts the lenient one accepts, equally;
//! - whatever decodes re-encodes (`encoded_len` = bytes written, every sink
//!   alike) and the re-encoded bytes decode, strictly, to an equal value;
//! - every proper prefix of an input that decodes is `incomplete` or
//!   decodes to the same value (a body read in chunks).

use umcodec::{
    DisconnectPhoneCallRequest, DisconnectPhoneCallResponse, DisconnectRequest, DisconnectResponse, Encode, Fault,
    GetCallInfoRequest, GetCallInfoResponse, Message, Options,
};
use umcodec::{GetPhoneCallInformationRequest, GetPhoneCallInformationResponse};
use umcodec::{PlayOnPhoneGreetingRequest, PlayOnPhoneGreetingResponse};
use umcodec::{PlayOnPhoneRequest, PlayOnPhoneResponse};
use umcodec::{UmPlayOnPhoneRequest, UmPlayOnPhoneResponse};

use super::text::check_text;
use super::{check_error, reencode, texts};

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Longest input whose every prefix is decoded (the check is quadratic);
/// of a longer one, about this many prefixes are, spread evenly and
/// shifted by the input's length so that every cut point gets its turn.
const ALL_PREFIXES: usize = 512;

/// Checks one typed decoder against `Message::decode_with` (its result is
/// `whole`) under the same options.
macro_rules! typed {
    ($data:expr, $opts:expr, $whole:expr, $ty:ident, $label:literal) => {{
        let data: &[u8] = $data;
        let r = $ty::decode_with(data, $opts);
        if let Err(e) = &r {
            check_error(data.len(), e, concat!($label, "::decode_with"));
        }
        match (&r, $whole) {
            (Ok(v), Ok(Message::$ty(m))) => {
                assert_eq!(v, m, concat!($label, ": typed and generic decoders disagree"));
                // The typed value encodes exactly as the generic one.
                let mut a = vec![0u8; v.encoded_len().unwrap_or(0)];
                let na = v.encode(&mut a);
                let mut b = vec![0u8; Message::$ty(*v).encoded_len().unwrap_or(0)];
                let nb = Message::$ty(*v).encode(&mut b);
                assert_eq!(na, nb);
                assert_eq!(a, b, concat!($label, ": typed and generic encoders disagree"));
            }
            (Ok(v), other) => panic!(
                "{}: typed decoder accepted {:?}, Message::decode_with gave {:?}",
                $label, v, other
            ),
            (Err(e), Ok(Message::$ty(m))) => panic!(
                "{}: Message::decode_with accepted {:?}, typed decoder rejected it: {:?}",
                $label, m, e
            ),
            (Err(e), Err(g)) => {
                // Both read the same envelope up to the Body's child; from
                // there the typed one can only stop at once, at the child,
                // or (a body element two operations share: PlayOnPhone)
                // where the generic one stops, naming one alternative
                // instead of both.
                assert!(
                    e == g
                        || matches!(e.kind(), umcodec::ErrorKind::UnexpectedElement { .. })
                        || (e.offset() == g.offset() && e.kind().code() == g.kind().code())
                        // The other service's PlayOnPhone: the typed one
                        // stops at what tells them apart, before the
                        // generic one (which reads on as the other) does.
                        || (matches!(
                            $label,
                            "UmPlayOnPhoneRequest" | "UmPlayOnPhoneResponse" | "PlayOnPhoneRequest" | "PlayOnPhoneResponse"
                        ) && e.offset() <= g.offset()),
                    "{}: typed decoder fails with {:?}, Message::decode_with with {:?}",
                    $label,
                    e,
                    g
                );
            }
            (Err(_), Ok(_)) => {}
        }
    }};
}

/// All decode entry points on `data` with `opts`; returns the generic
/// decoder's result.
fn entry_points<'a>(data: &'a [u8], opts: &Options, label: &str) -> umcodec::Result<Message<'a>> {
    let whole = Message::decode_with(data, opts);
    if let Err(e) = &whole {
        check_error(data.len(), e, label);
    }
    let w = &whole;
    typed!(data, opts, w, GetCallInfoRequest, "GetCallInfoRequest");
    typed!(data, opts, w, GetCallInfoResponse, "GetCallInfoResponse");
    typed!(data, opts, w, UmPlayOnPhoneRequest, "UmPlayOnPhoneRequest");
    typed!(data, opts, w, UmPlayOnPhoneResponse, "UmPlayOnPhoneResponse");
    typed!(data, opts, w, PlayOnPhoneGreetingRequest, "PlayOnPhoneGreetingRequest");
    typed!(
        data,
        opts,
        w,
        PlayOnPhoneGreetingResponse,
        "PlayOnPhoneGreetingResponse"
    );
    typed!(data, opts, w, DisconnectRequest, "DisconnectRequest");
    typed!(data, opts, w, PlayOnPhoneRequest, "PlayOnPhoneRequest");
    typed!(data, opts, w, PlayOnPhoneResponse, "PlayOnPhoneResponse");
    typed!(
        data,
        opts,
        w,
        GetPhoneCallInformationRequest,
        "GetPhoneCallInformationRequest"
    );
    typed!(
        data,
        opts,
        w,
        GetPhoneCallInformationResponse,
        "GetPhoneCallInformationResponse"
    );
    typed!(data, opts, w, DisconnectResponse, "DisconnectResponse");
    typed!(data, opts, w, DisconnectPhoneCallRequest, "DisconnectPhoneCallRequest");
    typed!(
        data,
        opts,
        w,
        DisconnectPhoneCallResponse,
        "DisconnectPhoneCallResponse"
    );
    // `Fault` is the variant name and the type name alike.
    typed!(data, opts, w, Fault, "Fault");
    whole
}

/// The target.
pub fn run(data: &[u8]) {
    // The convenience entry points are the default options.
    let plain = Message::decode(data);
    let lenient = entry_points(data, &Options::default(), "Message::decode_with(default)");
    assert_eq!(plain, lenient, "Message::decode differs from decode_with(default)");
    macro_rules! same_as_default {
        ($($ty:ident),*) => {$(
            assert_eq!(
                $ty::decode(data).ok(),
                $ty::decode_with(data, &Options::default()).ok(),
                concat!(stringify!($ty), "::decode differs from decode_with(default)")
            );
        )*};
    }
    same_as_default!(
        GetCallInfoRequest,
        GetCallInfoResponse,
        UmPlayOnPhoneRequest,
        UmPlayOnPhoneResponse,
        PlayOnPhoneGreetingRequest,
        PlayOnPhoneGreetingResponse,
        DisconnectRequest,
        DisconnectResponse,
        PlayOnPhoneRequest,
        PlayOnPhoneResponse,
        GetPhoneCallInformationRequest,
        GetPhoneCallInformationResponse,
        DisconnectPhoneCallRequest,
        DisconnectPhoneCallResponse,
        Fault
    );

    let strict = entry_points(data, &Options::strict(), "Message::decode_with(strict)");
    if let Ok(s) = &strict {
        assert_eq!(
            lenient.as_ref().ok(),
            Some(s),
            "strict accepted what lenient did not, or differently"
        );
    }
    if !contains(data, b"https") && !data.contains(&b'&') {
        // Without an `https` spelling (even escaped) the modes are one.
        assert_eq!(lenient, strict, "strict and lenient differ without an https namespace");
    }
    if let (Err(l), Err(s)) = (&lenient, &strict) {
        // The modes differ only by the namespace spelling rule.
        if l.is_incomplete() {
            assert!(s.is_incomplete() || s.kind() == &umcodec::ErrorKind::HttpsNamespace);
        }
    }

    if let Ok(m) = &lenient {
        for (field, t) in texts(m) {
            check_text(&t, data, field);
        }
        reencode(m, "decode");
        prefixes(data, m);
    }
}

/// Every proper prefix of `data` (which decodes to `m`) is `incomplete`
/// or the same message.
fn prefixes(data: &[u8], m: &Message<'_>) {
    let step = data.len().div_ceil(ALL_PREFIXES).max(1);
    for n in (data.len() % step..data.len()).step_by(step) {
        match Message::decode(&data[..n]) {
            Ok(p) => assert_eq!(&p, m, "the prefix of {n} bytes decodes to another value"),
            Err(e) => assert!(
                e.is_incomplete(),
                "the prefix of {n} bytes is not incomplete but {e} ({e:?})"
            ),
        }
    }
}
