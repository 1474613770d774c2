//! The decode peers: each written as a user who knows that library would
//! write it to pull the case's fields out of a message, and the two
//! tokenizer floors.
//!
//! Every peer is one function, timed by `benches/decode.rs` and checked by
//! [`check_decode`](crate::check_decode) (the same code both times). Each
//! reads to the end of the document (no early exit once the fields are
//! found), so that it checks all of the message as far as the library
//! checks anything, as umcodec does. Each comment says what the peer
//! checks and what it does not; umcodec, for comparison, checks
//! well-formedness (XML 1.0 characters, names, end tags, one root,
//! duplicate attributes), namespaces, references, the declaration, the
//! SOAP 1.1 structure of the message, enumeration values and integers.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::serde_types as de;
use crate::{Case, Field, Found};

// ------------------------------------------------------- quick-xml NsReader

/// quick-xml's namespace-resolving `NsReader` on the borrowed input
/// (`from_str`: no buffer, events borrow the input), calling
/// `found(field index, value)` for each field of `fields`.
///
/// Per element: the namespace is resolved by the reader, the element is
/// matched against the fields by local name and namespace URI, and only if
/// it carries a wanted attribute are its attributes read, in one pass,
/// each wanted value unescaped once (`Cow::Borrowed` unless it holds a
/// reference). A text field's value is the element's text (EOLs normalised,
/// `xml10_content`), with the `GeneralRef` events inside it resolved;
/// borrowed when it is one text event.
///
/// Checks (quick-xml's defaults, not changed): that tags are closed, that
/// end tags match their start tags, the `xmlns` bindings (`xml`/`xmlns`
/// misuse); on elements with a wanted attribute, duplicate attributes;
/// references in the wanted values (unknown entity, bad character
/// reference).
///
/// Does not check: elements left open at the end, one root element, text
/// outside it, characters and names (`<1a>`, U+0001 pass), attribute
/// syntax beyond quoting (`3x="2"`, `a="<"` pass), duplicate attributes
/// of other elements, undeclared prefixes (the element resolves to
/// `Unknown` and matches no field), references outside the wanted values,
/// the declaration, DOCTYPEs (passed through as events), where in the
/// message an element sits (only its name is matched), enumeration
/// values, integers; no attribute-value normalisation (`\t`, `\n` kept).
///
/// `NsReader` reads every start tag's attributes once itself, to find the
/// `xmlns` declarations, before returning the event; an element with
/// wanted attributes is scanned a second time here (the reader keeps no
/// parsed attributes to reuse).
pub fn quick_xml_ns<'i>(
    input: &'i str,
    fields: &[Field],
    mut found: impl FnMut(usize, Cow<'_, str>),
) -> quick_xml::Result<()> {
    assert!(fields.len() <= 32, "one bit per field");
    let mut reader = NsReader::from_str(input);
    // The text field whose element is open, and its text so far.
    let mut text: Option<(usize, Cow<'i, str>)> = None;
    loop {
        let (ns, event) = reader.read_resolved_event()?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                text = None;
                let ResolveResult::Bound(ns) = ns else {
                    continue; // every field's element is in a namespace
                };
                // The fields of this element, one bit each.
                let (ns, local) = (ns.into_inner(), e.local_name().into_inner());
                let mut mine = 0u32;
                for (i, f) in fields.iter().enumerate() {
                    if f.local.as_bytes() == local && f.ns.as_bytes() == ns {
                        mine |= 1 << i;
                    }
                }
                if mine == 0 {
                    continue;
                }
                let mut wants_attributes = false;
                for (i, f) in fields.iter().enumerate().filter(|(i, _)| mine & 1 << i != 0) {
                    match f.attr {
                        Some(_) => wants_attributes = true,
                        None if matches!(event, Event::Empty(_)) => found(i, Cow::Borrowed("")),
                        None => text = Some((i, Cow::Borrowed(""))),
                    }
                }
                if wants_attributes {
                    ns_attributes(e, fields, mine, &mut found)?;
                }
            }
            Event::Text(t) => {
                if let Some((_, value)) = &mut text {
                    append(value, t.xml10_content()?);
                }
            }
            Event::CData(c) => {
                if let Some((_, value)) = &mut text {
                    append(value, c.xml10_content()?);
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, value)) = &mut text {
                    let mut utf8 = [0u8; 4];
                    let resolved: &str = match r.resolve_char_ref()? {
                        Some(c) => c.encode_utf8(&mut utf8),
                        None => {
                            let name = r.decode()?;
                            quick_xml::escape::resolve_predefined_entity(&name).ok_or_else(|| {
                                quick_xml::escape::EscapeError::UnrecognizedEntity(0..0, name.into_owned())
                            })?
                        }
                    };
                    value.to_mut().push_str(resolved);
                }
            }
            Event::End(_) => {
                if let Some((i, value)) = text.take() {
                    found(i, value);
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The wanted attributes (fields in `mine` with an attribute) of `e`, in
/// one pass over its attributes.
fn ns_attributes(
    e: &BytesStart<'_>,
    fields: &[Field],
    mine: u32,
    found: &mut impl FnMut(usize, Cow<'_, str>),
) -> quick_xml::Result<()> {
    for a in e.attributes() {
        let a = a?;
        let key = a.key.as_ref(); // unprefixed: in no namespace, as wanted
        for (i, f) in fields.iter().enumerate().filter(|(i, _)| mine & 1 << i != 0) {
            if f.attr.is_some_and(|name| name.as_bytes() == key) {
                found(i, a.unescape_value()?);
            }
        }
    }
    Ok(())
}

/// Appends `more` to `value`, borrowing while there is one piece.
fn append<'i>(value: &mut Cow<'i, str>, more: Cow<'i, str>) {
    if value.is_empty() {
        *value = more;
    } else {
        value.to_mut().push_str(&more);
    }
}

// -------------------------------------------------------- quick-xml serde

/// A message as the structs of [`serde_types`](crate::serde_types) hold it.
pub enum SerdeMessage<'a> {
    GetCallInfoRequest(de::Envelope<de::NoHeader, de::GetCallInfoRequestBody<'a>>),
    GetCallInfoResponse(de::Envelope<de::NoHeader, de::GetCallInfoResponseBody<'a>>),
    DisconnectPhoneCallRequest(de::Envelope<de::RequestHeader<'a>, de::DisconnectPhoneCallRequestBody<'a>>),
    DisconnectPhoneCallResponse(de::Envelope<de::ResponseHeader<'a>, de::DisconnectPhoneCallResponseBody<'a>>),
    PlayOnPhoneRequest(de::Envelope<de::RequestHeader<'a>, de::PlayOnPhoneRequestBody<'a>>),
    GetPhoneCallInformationResponse(de::Envelope<de::ResponseHeader<'a>, de::GetPhoneCallInformationResponseBody<'a>>),
}

/// A serde decoder of one message kind.
pub type SerdeDecode = for<'a> fn(&'a str) -> Result<SerdeMessage<'a>, quick_xml::DeError>;

/// quick-xml's serde deserializer (`quick_xml::de::from_str`, borrowing)
/// into the structs of [`serde_types`](crate::serde_types) for `case`'s
/// message kind, as a serde user declares them: strings borrowed
/// (`Cow<'a, str>` with `#[serde(borrow)]`), integers parsed to `i32`,
/// optional elements `Option`.
///
/// Checks: what the underlying `Reader` checks (tags closed, end tags
/// matching start tags), elements left open at the end, that each
/// struct's required elements and attributes are present and not
/// repeated, duplicate attributes on the elements it reads attributes of,
/// integers (`i32`), references in the values it keeps.
///
/// Does not check: namespaces at all (names are matched by local name,
/// prefixes and `xmlns` ignored: an envelope in any namespace passes),
/// elements and attributes the structs do not name (skipped), their
/// order, characters and names, the declaration, enumeration values
/// (kept as strings); no attribute-value normalisation.
pub fn quick_xml_serde(case: &Case) -> SerdeDecode {
    use quick_xml::de::from_str;
    match case.name {
        "get_call_info_request" => |s| from_str(s).map(SerdeMessage::GetCallInfoRequest),
        "get_call_info_response" => |s| from_str(s).map(SerdeMessage::GetCallInfoResponse),
        "disconnect_phone_call_request" => |s| from_str(s).map(SerdeMessage::DisconnectPhoneCallRequest),
        "disconnect_phone_call_response" => |s| from_str(s).map(SerdeMessage::DisconnectPhoneCallResponse),
        "play_on_phone_request" => |s| from_str(s).map(SerdeMessage::PlayOnPhoneRequest),
        "get_phone_call_information_response" => |s| from_str(s).map(SerdeMessage::GetPhoneCallInformationResponse),
        other => unreachable!("no serde types for {other}"),
    }
}

impl SerdeMessage<'_> {
    /// The values of the case's fields, in the case's order (integers
    /// printed back, absent values as `-`, as [`umcodec_fields`](crate::umcodec_fields)).
    pub fn fields(&self) -> Found {
        let int = |i: Option<i32>| i.map_or("-".into(), |i| i.to_string());
        let values: Vec<String> = match self {
            Self::GetCallInfoRequest(v) => vec![v.body.op.call_id.to_string()],
            Self::GetCallInfoResponse(v) => {
                let r = &v.body.outer.inner;
                vec![r.call_state.to_string(), r.event_cause.to_string()]
            }
            Self::DisconnectPhoneCallRequest(v) => {
                let version = v.header.as_ref().and_then(|h| h.request_server_version.as_ref());
                vec![
                    version.map_or("-".into(), |r| r.version.to_string()),
                    v.body.op.phone_call_id.id.to_string(),
                ]
            }
            Self::DisconnectPhoneCallResponse(v) => {
                let s = v.header.as_ref().and_then(|h| h.server_version_info.as_ref());
                let s = s.expect("ServerVersionInfo");
                let r = &v.body.response;
                vec![
                    int(s.major_version),
                    int(s.minor_version),
                    int(s.major_build_number),
                    int(s.minor_build_number),
                    s.version.as_deref().unwrap_or("-").to_owned(),
                    r.response_class.to_string(),
                    r.response_code.as_deref().unwrap_or("-").to_owned(),
                ]
            }
            Self::PlayOnPhoneRequest(v) => {
                let version = v.header.as_ref().and_then(|h| h.request_server_version.as_ref());
                let op = &v.body.op;
                vec![
                    version.map_or("-".into(), |r| r.version.to_string()),
                    op.item_id.id.to_string(),
                    op.item_id.change_key.as_deref().unwrap_or("-").to_owned(),
                    op.dial_string.to_string(),
                ]
            }
            Self::GetPhoneCallInformationResponse(v) => {
                let s = v.header.as_ref().and_then(|h| h.server_version_info.as_ref());
                let s = s.expect("ServerVersionInfo");
                let r = &v.body.response;
                let info = r.phone_call_information.as_ref().expect("PhoneCallInformation");
                vec![
                    int(s.major_version),
                    int(s.minor_version),
                    int(s.major_build_number),
                    int(s.minor_build_number),
                    s.version.as_deref().unwrap_or("-").to_owned(),
                    r.response_class.to_string(),
                    r.response_code.as_deref().unwrap_or("-").to_owned(),
                    info.phone_call_state.to_string(),
                    info.connection_failure_cause.to_string(),
                ]
            }
        };
        values.into_iter().enumerate().collect()
    }

    /// The string values the structs hold (for the check that they borrow).
    pub fn strings(&self) -> Vec<&Cow<'_, str>> {
        match self {
            Self::GetCallInfoRequest(v) => vec![&v.body.op.call_id],
            Self::GetCallInfoResponse(v) => {
                let r = &v.body.outer.inner;
                vec![&r.call_state, &r.event_cause]
            }
            Self::DisconnectPhoneCallRequest(v) => {
                let version = v.header.as_ref().and_then(|h| h.request_server_version.as_ref());
                version
                    .map(|r| &r.version)
                    .into_iter()
                    .chain([&v.body.op.phone_call_id.id])
                    .collect()
            }
            Self::DisconnectPhoneCallResponse(v) => {
                let s = v.header.as_ref().and_then(|h| h.server_version_info.as_ref());
                let r = &v.body.response;
                s.and_then(|s| s.version.as_ref())
                    .into_iter()
                    .chain([&r.response_class])
                    .chain(r.response_code.as_ref())
                    .collect()
            }
            Self::PlayOnPhoneRequest(v) => {
                let version = v.header.as_ref().and_then(|h| h.request_server_version.as_ref());
                let op = &v.body.op;
                version
                    .map(|r| &r.version)
                    .into_iter()
                    .chain([&op.item_id.id])
                    .chain(op.item_id.change_key.as_ref())
                    .chain([&op.dial_string])
                    .collect()
            }
            Self::GetPhoneCallInformationResponse(v) => {
                let s = v.header.as_ref().and_then(|h| h.server_version_info.as_ref());
                let r = &v.body.response;
                let info = r.phone_call_information.as_ref();
                s.and_then(|s| s.version.as_ref())
                    .into_iter()
                    .chain([&r.response_class])
                    .chain(r.response_code.as_ref())
                    .chain(info.map(|i| &i.phone_call_state))
                    .chain(info.map(|i| &i.connection_failure_cause))
                    .collect()
            }
        }
    }
}

// -------------------------------------------------------------- roxmltree

/// roxmltree: `Document::parse` (default options), then one walk over the
/// elements, each matched against the fields by local name and namespace
/// URI; attribute values looked up by name (`Node::attribute`, parsed
/// once by `parse`), text by `Node::text`. Values are borrowed from the
/// document (from the input unless unescaping or normalising changed
/// them).
///
/// Checks: well-formedness (characters, names, end tags, one root,
/// duplicate attributes, also through namespace aliases), namespaces
/// (undeclared prefixes, reserved bindings), references (resolved; loops
/// and unknown entities rejected), the declaration's place (not its
/// version), DTDs (rejected by default); normalises EOLs and attribute
/// values.
///
/// Does not check: where in the message an element sits (only its name
/// is matched), enumeration values, integers. Builds the whole tree
/// (every node and attribute of the message), which is the price of the
/// DOM it offers.
pub fn roxmltree(input: &str, fields: &[Field], mut found: impl FnMut(usize, &str)) -> Result<(), roxmltree::Error> {
    let doc = roxmltree::Document::parse(input)?;
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name();
        for (i, f) in fields.iter().enumerate() {
            if name.name() == f.local && name.namespace() == Some(f.ns) {
                match f.attr {
                    Some(a) => {
                        if let Some(v) = node.attribute(a) {
                            found(i, v);
                        }
                    }
                    None => found(i, node.text().unwrap_or("")),
                }
            }
        }
    }
    Ok(())
}

// ------------------------------------------------------------ floors

/// The floor of umcodec's own substrate: xmlparser's `Tokenizer` over the
/// whole input, every token handed to `each`, returning the token count.
/// Timed with an `each` that does nothing.
///
/// Checks: the syntax of each token (names, quoting, comments, `]]>` in
/// text, the declaration's form and version), XML characters in text,
/// one root element and no text outside it.
///
/// Does not check: end tags against start tags, elements left open at the
/// end, duplicate attributes, namespaces (prefixes are reported, not
/// resolved), references (neither resolved nor known: `&nope;` passes),
/// DOCTYPEs (tokenized); reads no value, matches no field. It is a floor,
/// not a peer doing the job.
pub fn xmlparser<'a>(input: &'a str, mut each: impl FnMut(xmlparser::Token<'a>)) -> Result<usize, xmlparser::Error> {
    let mut n = 0;
    for token in xmlparser::Tokenizer::from(input) {
        each(token?);
        n += 1;
    }
    Ok(n)
}

/// quick-xml's plain `Reader` on the borrowed input: events to EOF, each
/// handed to `each`, returning the event count. Timed with an `each` that
/// does nothing.
///
/// Checks (defaults): that tags are closed, end tags against start tags.
///
/// Does not check: elements left open at the end, attributes at all
/// (quick-xml parses them only when asked, so it does less than
/// xmlparser, which tokenizes every attribute), characters and names,
/// namespaces, references (reported as events, not resolved), one root,
/// text outside it, the declaration, DOCTYPEs; reads no value. A floor,
/// not a peer doing the job.
pub fn quick_xml<'i>(input: &'i str, mut each: impl FnMut(&Event<'i>)) -> quick_xml::Result<usize> {
    let mut reader = quick_xml::Reader::from_str(input);
    let mut n = 0;
    loop {
        match reader.read_event()? {
            Event::Eof => return Ok(n),
            event => {
                each(&event);
                n += 1;
            }
        }
    }
}

/// [`quick_xml()`] with the attributes read too: every attribute of every
/// start tag, through quick-xml's `attributes()` iterator with its default
/// checks (`name="value"` syntax, duplicate names within a tag), values
/// left raw; returns the attribute count (namespace declarations
/// included).
///
/// The raw floor parses no attribute, and reading them is most of what a
/// validating decoder does on attribute-heavy messages: this is the raw
/// reader doing that part of the job, for comparison, not a target.
/// Checks nothing else beyond [`quick_xml()`]: no characters, names,
/// namespaces, references or values.
pub fn quick_xml_attributes(input: &str) -> quick_xml::Result<usize> {
    let mut reader = quick_xml::Reader::from_str(input);
    let mut n = 0;
    loop {
        match reader.read_event()? {
            Event::Eof => return Ok(n),
            Event::Start(e) | Event::Empty(e) => {
                for a in e.attributes() {
                    a?;
                    n += 1;
                }
            }
            _ => {}
        }
    }
}

/// Untimed, for the check: the fields' values among the tokens
/// [`xmlparser()`] produces, matched by local name only (the floor resolves
/// no namespace) and raw (it unescapes nothing).
pub fn xmlparser_fields(input: &str, fields: &[Field]) -> Result<Found, xmlparser::Error> {
    use xmlparser::{ElementEnd, Token};
    let mut found = Vec::new();
    let mut element = "";
    let mut text_of = None;
    xmlparser(input, |token| match token {
        Token::ElementStart { local, .. } => {
            element = local.as_str();
            text_of = None;
        }
        Token::Attribute {
            prefix, local, value, ..
        } if prefix.is_empty() => {
            for (i, f) in fields.iter().enumerate() {
                if f.local == element && f.attr == Some(local.as_str()) {
                    found.push((i, value.as_str().to_owned()));
                }
            }
        }
        Token::ElementEnd {
            end: ElementEnd::Open, ..
        } => {
            text_of = fields.iter().position(|f| f.local == element && f.attr.is_none());
        }
        Token::ElementEnd { .. } => text_of = None,
        Token::Text { text } => {
            if let Some(i) = text_of.take() {
                found.push((i, text.as_str().to_owned()));
            }
        }
        _ => {}
    })?;
    Ok(found)
}

/// Untimed, for the check: the fields' values among the events
/// [`quick_xml()`] produces, matched by local name only and unescaped.
pub fn quick_xml_fields(input: &str, fields: &[Field]) -> quick_xml::Result<Found> {
    let mut found = Vec::new();
    let mut text_of = None;
    let mut error = None;
    quick_xml(input, |event| match event {
        Event::Start(e) | Event::Empty(e) => {
            let local = e.local_name();
            text_of = None;
            for (i, f) in fields.iter().enumerate() {
                if f.local.as_bytes() != local.as_ref() {
                    continue;
                }
                match f.attr {
                    None => text_of = Some(i),
                    Some(name) => match e.try_get_attribute(name).map(|a| a.map(|a| a.unescape_value())) {
                        Ok(Some(Ok(v))) => found.push((i, v.into_owned())),
                        Ok(None) => {}
                        Ok(Some(Err(e))) => error = Some(e),
                        Err(e) => error = Some(e.into()),
                    },
                }
            }
        }
        Event::Text(t) => {
            if let Some(i) = text_of.take() {
                found.push((i, t.xml10_content().unwrap_or_default().into_owned()));
            }
        }
        Event::End(_) => text_of = None,
        _ => {}
    })?;
    error.map_or(Ok(found), Err)
}
