//! The XML reader's own contract, beyond what the typed messages exercise:
//! regressions of the one-pass scanner that replaced the xmlparser-based
//! reader.

use umcodec::xml::{Event, Limits, Reader};
use umcodec::{DisconnectPhoneCallResponse, Encode, ErrorKind, RawXml, ResponseClass};

static KNOWN: [&str; 0] = [];

/// `skip_element` with no element open used to loop forever on `Eof`.
#[test]
fn skip_element_after_the_document_ends() {
    let mut r = Reader::new(b"<a><b/></a>", &KNOWN, Limits::default()).unwrap();
    assert!(matches!(r.next_event().unwrap(), Event::Start(_)));
    assert_eq!(r.skip_element().unwrap(), 7);
    assert!(matches!(r.next_event().unwrap(), Event::Eof));
    assert_eq!(r.skip_element().unwrap(), 11);
    assert_eq!(r.skip_element().unwrap(), 11);
}

/// Raw content that holds an XML declaration spelt `<?xml` + TAB is a
/// processing instruction inside content: the encoder must refuse it, as
/// the decoder refuses the envelope it would make.
#[test]
fn raw_xml_with_a_declaration_inside_is_refused() {
    for raw in [
        "<?xml\tversion=\"1.0\"?><a/>",
        "<?xml version=\"1.0\"?><a/>",
        "<a/><?xml\n?>",
    ] {
        let resp = DisconnectPhoneCallResponse {
            server_version: None,
            response_class: ResponseClass::Error,
            message_text: None,
            response_code: None,
            descriptive_link_key: None,
            message_xml: Some(RawXml::new(raw)),
        };
        assert_eq!(
            resp.encoded_len().unwrap_err().kind(),
            &ErrorKind::ProcessingInstruction,
            "{raw:?}"
        );
    }
}

/// Comments whose body starts with `>` or `->` are well-formed; their `>`
/// does not end them.
#[test]
fn comments_opening_like_their_end() {
    let mut r = Reader::new(b"<a>x<!-->y-->z<!--->w-->v</a>", &KNOWN, Limits::default()).unwrap();
    assert!(matches!(r.next_event().unwrap(), Event::Start(_)));
    let Event::Text(t) = r.next_event().unwrap() else {
        panic!("text expected")
    };
    assert_eq!(t, "xzv");
    assert!(matches!(r.next_event().unwrap(), Event::End(25)));
}
