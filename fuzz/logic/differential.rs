//! `differential`: the codec's XML reader against `roxmltree`, an
//! independent namespace-aware XML parser, on arbitrary bytes.
//!
//! - If `umcodec::xml::Reader` reads the input to `Event::Eof` without an
//!   error, roxmltree (default options: DTDs rejected) parses it, and the
//!   element trees are equal: per element its namespace URI and local
//!   name, its attributes as (namespace, local name, value) without the
//!   namespace declarations, and its character data (direct text children
//!   concatenated in document order, after unescaping and normalisation),
//!   and its children in order.
//! - If roxmltree finds the input not well-formed, the reader rejects it.
//! - Whatever `Message::decode` accepts, roxmltree parses.
//!
//! Where the two legitimately differ, the exception is listed below with
//! its reason; roxmltree's own limits are in `roxmltree_own_limit`.
//!
//! Differences in what each *accepts* only matter in one direction: the
//! codec is deliberately stricter than XML 1.0 + Namespaces (no DTD, no
//! processing instruction, version 1.0 and UTF-8 only, resource limits), so
//! roxmltree accepting a document the reader rejects is no finding. These
//! are the documents roxmltree accepts and the codec rejects, by design:
//!
//! 1. A DOCTYPE: roxmltree with default options reports `DtdDetected`, the
//!    codec `doctype` — both reject, but an *empty* internal subset
//!    (`<!DOCTYPE a>`) is accepted by roxmltree even with DTDs disallowed
//!    ("Empty DTD block is not an error"); SOAP forbids any DTD.
//! 2. Processing instructions (SOAP 1.1 forbids them).
//! 3. The XML declaration: roxmltree checks its syntax only; the codec
//!    also requires `version="1.0"` and an `encoding`, when present, of
//!    `utf-8`, compared ASCII-case-insensitively (encoding names are
//!    case-insensitive: XML 1.0 §4.3.3), so `UTF-8` is accepted too.
//!    roxmltree accepts `encoding="latin1"`; the input is UTF-8 either way.
//! 4. The codec's limits (depth 128, 64 namespace declarations in scope,
//!    32 attributes per element: the reader's capacities, used here).
//! 5. Input that is not UTF-8 cannot reach roxmltree (it takes `&str`);
//!    the reader rejects it (`invalid_utf8`/`incomplete`), checked here.
//! 6. `xmlns:p=""`: Namespaces in XML 1.0 forbids undeclaring a prefix
//!    (XML 1.1 allows it); the codec rejects it, roxmltree accepts it.
//! 7. `xmlns:xmlns="…"`: Namespaces in XML 1.0 says the `xmlns` prefix
//!    "MUST NOT be declared"; the codec rejects it, roxmltree does not
//!    check it.
//!
//! 8. A prefixed attribute whose local name is `xmlns` (`p:xmlns="…"`,
//!    `xml:xmlns="…"`): roxmltree 0.21 takes any attribute named `xmlns`
//!    locally as a default-namespace declaration, whatever its prefix; by
//!    Namespaces in XML 1.0 [1]–[3] only `xmlns` and `xmlns:NCName`
//!    declare, so the codec reports an ordinary attribute in the prefix's
//!    namespace. The trees of such documents are not compared.
//! 9. An element whose prefix is `xml` (`<xml:a/>`): Namespaces in XML 1.0
//!    §3 binds `xml` "by definition", with or without a declaration, so the
//!    codec reads `{http://www.w3.org/XML/1998/namespace}a`; roxmltree 0.21
//!    resolves the built-in `xml` prefix on attributes only and reports
//!    `UnknownNamespace("xml")` for an element. That verdict says nothing of
//!    the document, so nothing is compared (`roxmltree_own_limit`).
//!
//! One difference in *values*: roxmltree keeps a literal CR that directly
//! precedes a reference in text as CR, where XML 1.0 §2.11 makes it LF (as
//! the codec does); roxmltree is given the normalised text
//! (`for_roxmltree`), which changes no value and no verdict.

use roxmltree::{Document, Node, ParsingOptions};
use umcodec::xml::{Event, Limits, Ns, Reader, XML_NS};
use umcodec::Message;

use super::KNOWN;

/// One element as both parsers must see it.
#[derive(Debug, PartialEq, Eq)]
struct Elem {
    ns: String,
    local: String,
    /// (namespace, local name, value), sorted.
    attrs: Vec<(String, String, String)>,
    text: String,
    children: Vec<Elem>,
}

/// The reader's limits at their capacities.
const WIDE: Limits = Limits::new()
    .with_max_depth(usize::MAX)
    .with_max_namespaces(usize::MAX)
    .with_max_attributes(usize::MAX)
    .with_max_input_len(usize::MAX);

fn ns_uri(ns: &Ns<'_>) -> String {
    match ns {
        Ns::None => String::new(),
        Ns::Xml => XML_NS.to_owned(),
        Ns::Known(i) => KNOWN[*i].to_owned(),
        Ns::Other(t) => t.chars().collect(),
    }
}

/// Reads `data` with the codec's reader into a tree; `Err` with the
/// error's description when it rejects the input.
fn umcodec_tree(data: &[u8]) -> Result<Elem, umcodec::Error> {
    let mut r = Reader::new(data, &KNOWN, WIDE)?;
    let mut stack: Vec<Elem> = Vec::new();
    let mut root = None;
    // Each event consumes at least one byte of input, but for the end of
    // an empty element and the final `Eof`: a bound that catches a loop.
    let mut budget = 2 * data.len() + 8;
    loop {
        budget = budget
            .checked_sub(1)
            .expect("the reader reports more events than the input can hold");
        match r.next_event()? {
            Event::Start(s) => {
                let mut attrs: Vec<_> = r
                    .attributes()
                    .map(|a| (ns_uri(&a.name.ns), a.name.local.to_owned(), a.value.chars().collect()))
                    .collect();
                attrs.sort();
                stack.push(Elem {
                    ns: ns_uri(&s.name.ns),
                    local: s.name.local.to_owned(),
                    attrs,
                    text: String::new(),
                    children: Vec::new(),
                });
            }
            Event::End(_) => {
                let done = stack.pop().expect("an end event without an open element");
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => {
                        assert!(root.is_none(), "the reader reported two root elements");
                        root = Some(done);
                    }
                }
            }
            Event::Text(t) => match stack.last_mut() {
                Some(e) => e.text.extend(t.chars()),
                // Outside the root only whitespace and comments may appear.
                None => assert!(t.is_whitespace(), "the reader reported text outside the root: {t:?}"),
            },
            Event::Eof => break,
        }
    }
    assert!(stack.is_empty(), "Eof with {} elements open", stack.len());
    Ok(root.expect("Eof without a root element"))
}

fn roxml_tree(n: Node<'_, '_>) -> Elem {
    let mut attrs: Vec<_> = n
        .attributes()
        .map(|a| {
            (
                a.namespace().unwrap_or("").to_owned(),
                a.name().to_owned(),
                a.value().to_owned(),
            )
        })
        .collect();
    attrs.sort();
    let mut text = String::new();
    let mut children = Vec::new();
    for c in n.children() {
        if c.is_text() {
            text.push_str(c.text().unwrap_or(""));
        } else if c.is_element() {
            children.push(roxml_tree(c));
        }
    }
    Elem {
        ns: n.tag_name().namespace().unwrap_or("").to_owned(),
        local: n.tag_name().name().to_owned(),
        attrs,
        text,
        children,
    }
}

/// roxmltree's verdict: `Ok(tree)`, `Err(Some(e))` for a document that is
/// not well-formed, `Err(None)` for a rejection that says nothing about
/// well-formedness (its own limits).
fn roxmltree(text: &str) -> Result<Elem, Option<roxmltree::Error>> {
    let opts = ParsingOptions::default(); // allow_dtd: false
    let text = super::for_roxmltree(text);
    match Document::parse_with_options(&text, opts) {
        Ok(doc) => Ok(roxml_tree(doc.root_element())),
        Err(e) if roxmltree_own_limit(&e) => Err(None),
        Err(e) => Err(Some(e)),
    }
}

/// roxmltree's own limits and its one namespace gap (9. above): reaching
/// one says nothing of the document.
fn roxmltree_own_limit(e: &roxmltree::Error) -> bool {
    use roxmltree::Error as E;
    match e {
        E::NodesLimitReached | E::AttributesLimitReached | E::NamespacesLimitReached => true,
        E::UnknownNamespace(prefix, _) => prefix == "xml",
        _ => false,
    }
}

/// `true` when an element of `e` has an attribute in a namespace whose
/// local name is `xmlns` (8. above).
fn has_prefixed_xmlns(e: &Elem) -> bool {
    e.attrs.iter().any(|(ns, local, _)| !ns.is_empty() && local == "xmlns") || e.children.iter().any(has_prefixed_xmlns)
}

/// The target.
pub fn run(data: &[u8]) {
    let ours = umcodec_tree(data);
    if let Err(e) = &ours {
        super::check_error(data.len(), e, "xml::Reader");
    }
    let Ok(text) = std::str::from_utf8(data) else {
        // Not UTF-8: roxmltree cannot be asked; the reader must reject it
        // (5. above).
        assert!(ours.is_err(), "the reader accepted input that is not UTF-8");
        return;
    };
    let theirs = roxmltree(text);
    match (&ours, &theirs) {
        // 8. above.
        (Ok(a), Ok(_)) if has_prefixed_xmlns(a) => {}
        (Ok(a), Ok(b)) => assert!(a == b, "the trees differ:\numcodec:  {a:?}\nroxmltree: {b:?}"),
        (Ok(a), Err(Some(e))) => panic!("the reader accepted a document roxmltree rejects ({e}):\n{a:?}"),
        // roxmltree's own limits: nothing to compare.
        (Ok(_), Err(None)) => {}
        (Err(_), _) => {}
    }
    if let Ok(m) = Message::decode(data) {
        if let Err(Some(e)) = &theirs {
            panic!("Message::decode accepted a document roxmltree rejects ({e}): {m:?}");
        }
    }
}
