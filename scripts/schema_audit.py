#!/usr/bin/env python3
"""Schema-differential audit of the umcodec decoder.

Usage: python3 scripts/schema_audit.py [--schemas DIR] [--cli PATH] [--keep DIR] [-v]

Purpose
-------
The decoder accepts what the published EWS schemas and the SOAP 1.1 schema
(scripts/schemas/) accept, except for the deliberate differences that
README.md lists in its section "Where decoding differs from the schema".
This script checks that claim, so that a change to the codec that moves
the line anywhere else is noticed. It takes every corpus/valid/*.xml that
scripts/schema_check.py accepts (the seeds), derives about 40,000 mutants
from them with exactly one change each, decodes every mutant with the
command-line example (`umcodec decode --strict`, in batches of 2000 files)
and validates it with schema_check.check_envelope. Each disagreement must
be explained by a rule (RULES below); where both accept, the printed JSON
values must equal the schema's reading of the envelope, or differ as a rule
says. Anything else is "unexplained".

Output: the totals (both accept, both refuse, each direction of
disagreement, value differences), a table of rule -> count, then every
unexplained group (direction, kind of mutation, element) with up to three
example mutants and both tools' messages.

Options
-------
--schemas DIR  directory with the EWS messages.xsd and types.xsd; default
               as for schema_check.py: $UMCODEC_SCHEMAS, else
               <repo>/../shared/schemas/ews.
--cli PATH     the umcodec example binary; default
               ${CARGO_TARGET_DIR:-target}/release/examples/umcodec, relative
               to the repository root. Not built by this script: run
               `cargo build --release --example umcodec` first.
--keep DIR     write the mutants and index.tsv (one line per mutant: the
               change, both outcomes, the rule) to DIR, which must be empty
               or absent; by default a temporary directory is used and removed.
-v             also print the time of each phase (stderr) and one example
               per rule.

Exit status: 0 if nothing is unexplained, 1 otherwise, 2 on setup errors
(binary or schemas missing, README section or bullets unmatched by rules,
a validator-bug probe envelope that is itself invalid, umcodec misbehaving).
A run takes 40-60 s on two cores (about 40 s generating and validating;
umcodec runs alongside in a second thread). Nothing is random: the same
code and corpus give the same mutants and the same output.

Mutations (see mutants())
-------------------------
For each element of a seed: drop it, duplicate it, swap it with the next
sibling, move it up a level or into the previous sibling, rename it (lower
and upper case, first letter's case, a typo), move it to another namespace
(messages, types, none, a foreign one, SOAP, the https:// spelling). Leaves
get boundary text values (GENERIC: blank, xs:int limits and near-misses,
U+00A0, an Arabic-Indic digit, booleans, language tags, values of other
enumerations; ENUMS: each enumeration value with case and whitespace
variants); elements with children get text between them. Attributes are
dropped, given the same boundary values, moved into a namespace; unknown
attributes are added (unqualified, foreign, EWS namespaces, soap:*,
xml:lang, xsi:type, xsi:nil), and unknown children (EWS, foreign and no
namespace, first and last). Identical mutants are written once.

Rules
-----
A rule is a predicate on the mutant's record (Mutant: the change, the
element and attribute it touched, the value, facts about the resulting
envelope such as its header blocks) and on the two outcomes. Rules are
tried in order and the first one that matches names the disagreement; each
rule has one direction (schema refuses / schema accepts / values differ).
There are two kinds:
- README rules: `cites` is the bold lead text of one bullet of the README
  section, exactly (backticks included). Every bullet needs a rule (else
  exit 2). A rule whose bullet is not in the README is inactive: it
  explains nothing, and the mutants it would explain are reported as
  unexplained with a hint naming it. PROPOSED holds such rules' bullet
  texts for differences this audit found that the README does not list.
- Validator bugs of xmlschema: each carries a probe, a small envelope on
  which the bug shows; the probes are run first, and a rule whose probe no
  longer shows the bug (a fixed xmlschema) is inactive.

Adding a rule when the codec changes deliberately
-------------------------------------------------
1. Describe the difference in the README section: a bullet whose bold lead
   text names it.
2. Add a Rule to RULES citing that text. Make it as narrow as the bullet:
   which element or attribute, which values, and for refusals which umcodec
   error code; a broad rule would hide the next regression. Place it before
   the more general rules it overlaps with.
3. Run the script: the new rule's count should be what the change moved,
   and nothing should be unexplained.

Needs Python 3.11+ and the `xmlschema` package (scripts/requirements.txt).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET
import xml.parsers.expat
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info < (3, 11):
    print("error: Python 3.11 or newer is required", file=sys.stderr)
    sys.exit(2)  # status 1 would read as a finding
SCRIPT_DIR = Path(__file__).resolve().parent
REPO = SCRIPT_DIR.parent
sys.path.insert(0, str(SCRIPT_DIR))
sys.dont_write_bytecode = True  # leave no __pycache__ in the checkout
import schema_check as sc  # noqa: E402  (exits with status 2 when xmlschema is missing)

SOAP = sc.SOAP_NS
M = sc.EWS_MESSAGES_NS
T = sc.EWS_TYPES_NS
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSD = "http://www.w3.org/2001/XMLSchema"
XML_NS = sc.XML_NS
FOREIGN = "urn:example:foreign"
ACTOR_NEXT = "http://schemas.xmlsoap.org/soap/actor/next"

README_SECTION = "## Where decoding differs from the schema"
BATCH = 2000  # files per umcodec run: well below the kernel's argument-length limit

SCHEMA_REFUSES = "schema refuses, umcodec accepts"
SCHEMA_ACCEPTS = "schema accepts, umcodec refuses"
VALUE_DIFFERS = "both accept, values differ"


class SetupError(Exception):
    """Exit status 2."""


# --------------------------------------------------------------------------
# A small XML tree that keeps what a mutation must keep
# --------------------------------------------------------------------------
# ElementTree forgets where namespaces were declared and with which prefix;
# the seeds rely on both (QName values such as faultcode="soap:Client" and
# xsi:type, prefixes rebound in the body, default namespaces). So we parse
# with expat into a tree that remembers each element's own declarations and
# prefixes, and serialise it back declaring only what a mutation made
# necessary.

class CData(str):
    """Character data written as a CDATA section."""


class Comment(str):
    pass


class PI(str):
    """A processing instruction, `target data` as one string."""


class Elem:
    __slots__ = ("ns", "local", "prefix", "decls", "attrs", "children")

    def __init__(self, ns: str, local: str, prefix: str | None = None,
                 decls: dict | None = None, attrs: list | None = None,
                 children: list | None = None):
        self.ns = ns            # "" for no namespace
        self.local = local
        self.prefix = prefix    # as written in the seed; only a preference
        self.decls = decls if decls is not None else {}   # prefix ("" = default) -> URI
        self.attrs = attrs if attrs is not None else []   # [(ns, local, prefix, value)]
        self.children = children if children is not None else []  # Elem | str

    @property
    def tag(self) -> tuple[str, str]:
        return (self.ns, self.local)

    def clone(self) -> Elem:
        # Hand-written: copy.deepcopy is several times slower, and we clone
        # the seed once per mutant.
        return Elem(self.ns, self.local, self.prefix, dict(self.decls), list(self.attrs),
                    [c.clone() if isinstance(c, Elem) else c for c in self.children])

    def elements(self) -> list[Elem]:
        return [c for c in self.children if isinstance(c, Elem)]

    def iter(self) -> Iterator[Elem]:
        yield self
        for c in self.children:
            if isinstance(c, Elem):
                yield from c.iter()

    def get(self, ns: str, local: str) -> str | None:
        for a in self.attrs:
            if a[0] == ns and a[1] == local:
                return a[3]
        return None


def parse(data: bytes) -> Elem:
    """Parse an envelope; comments, PIs and CDATA sections are kept."""
    p = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    p.namespace_prefixes = True
    p.ordered_attributes = True
    p.buffer_text = True
    stack: list[Elem] = []
    root: list[Elem] = []
    pending: dict[str, str] = {}
    in_cdata = False

    def split(name: str) -> tuple[str, str, str | None]:
        parts = name.split(" ")
        if len(parts) == 1:
            return "", parts[0], None
        return parts[0], parts[1], parts[2] if len(parts) == 3 else ""

    def start_ns(prefix, uri):
        pending[prefix or ""] = uri or ""

    def start(name, attrs):
        nonlocal pending
        ns, local, prefix = split(name)
        el = Elem(ns, local, prefix, pending,
                  [(*split(attrs[i]), attrs[i + 1]) for i in range(0, len(attrs), 2)])
        pending = {}
        (stack[-1].children if stack else root).append(el)
        stack.append(el)

    def end(_name):
        stack.pop()

    def text(data):
        if not stack:
            return
        kids = stack[-1].children
        kind = CData if in_cdata else str
        if kids and type(kids[-1]) is kind:
            kids[-1] = kind(kids[-1] + data)
        else:
            kids.append(kind(data))

    def cdata(flag):
        def handler():
            nonlocal in_cdata
            in_cdata = flag
        return handler

    def comment(data):
        if stack:
            stack[-1].children.append(Comment(data))

    def pi(target, data):
        if stack:
            stack[-1].children.append(PI(f"{target} {data}" if data else target))

    p.StartNamespaceDeclHandler = start_ns
    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = text
    p.StartCdataSectionHandler = cdata(True)
    p.EndCdataSectionHandler = cdata(False)
    p.CommentHandler = comment
    p.ProcessingInstructionHandler = pi
    p.Parse(data, True)
    return root[0]


_TEXT_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
# Tabs and line ends in attribute values are escaped: written raw, attribute
# value normalisation would turn a mutant's "\t5\n" into " 5 ".
_ATTR_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", '"': "&quot;",
                           "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})


def serialize(root: Elem) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(root, {"xml": XML_NS}, out)
    return "".join(out).encode("utf-8")


def _write(el: Elem, scope: dict[str, str], out: list[str]) -> None:
    decls = dict(el.decls)
    scope = {**scope, **decls}
    name = _qualify(el.ns, el.local, el.prefix, scope, decls, attr=False)
    attrs = [f'{_qualify(ns, local, prefix, scope, decls, attr=True)}="{value.translate(_ATTR_ESC)}"'
             for ns, local, prefix, value in el.attrs]
    head = [name] + [f'xmlns:{p}="{u.translate(_ATTR_ESC)}"' if p else f'xmlns="{u.translate(_ATTR_ESC)}"'
                     for p, u in decls.items()] + attrs
    if not el.children:
        out.append(f"<{' '.join(head)}/>")
        return
    out.append(f"<{' '.join(head)}>")
    for c in el.children:
        if isinstance(c, Elem):
            _write(c, scope, out)
        elif isinstance(c, CData):
            out.append("<![CDATA[" + c.replace("]]>", "]]]]><![CDATA[>") + "]]>")
        elif isinstance(c, Comment):
            out.append(f"<!--{c}-->")
        elif isinstance(c, PI):
            out.append(f"<?{c}?>")
        else:
            out.append(c.translate(_TEXT_ESC))
    out.append(f"</{name}>")


def _qualify(ns: str, local: str, prefix: str | None, scope: dict[str, str],
             decls: dict[str, str], attr: bool) -> str:
    """The name to write for (ns, local), declaring a prefix on this element if needed."""
    if not ns:
        if not attr and scope.get(""):
            decls[""] = scope[""] = ""  # undeclare the inherited default namespace
        return local
    if ns == XML_NS:
        return f"xml:{local}"
    # Attributes cannot use the default namespace.
    candidates = ([prefix] if prefix is not None else []) + list(scope)
    for p in candidates:
        if scope.get(p) == ns and (p or not attr):
            return f"{p}:{local}" if p else local
    # A fresh prefix rather than the original one: rebinding a prefix here
    # would change QName values (xsi:type, faultcode) written below.
    i = 0
    while f"ns{i}" in scope:
        i += 1
    p = f"ns{i}"
    decls[p] = scope[p] = ns
    return f"{p}:{local}"


# --------------------------------------------------------------------------
# Mutations
# --------------------------------------------------------------------------

# Enumerations, by element (text) or attribute (local names): all values
# plus variants in case, whitespace and spelling for each.
ENUMS = {
    "PhoneCallState": ["Idle", "Connecting", "Alerted", "Connected", "Disconnected", "Incoming",
                       "Transferring", "Forwarding"],
    "ConnectionFailureCause": ["None", "UserBusy", "NoAnswer", "Unavailable", "Other"],
    "ResponseClass": ["Success", "Warning", "Error"],
    "RequestServerVersion@Version": [
        "Exchange2007", "Exchange2007_SP1", "Exchange2009", "Exchange2010", "Exchange2012",
        "Exchange2015", "Exchange2016", "V2016_10_10", "V2017_01_07", "V2017_07_11",
        "V2018_01_08", "V2019_01_01"],
    "ResponseCode": ["NoError", "ErrorInvalidPhoneCallId", "ErrorInternalServerError",
                     "ErrorSchemaValidation", "ErrorInvalidPhoneNumber", "ErrorSomethingNew2030"],
}
# Boundary values for any text or attribute: empty and blank, xs:int limits
# and near-misses, integer spellings Python accepts and XML Schema does not
# (U+00A0, Arabic-Indic digit), booleans, language tags; plus the first
# value of each enumeration (a value of the wrong field).
GENERIC = ["", " ", "x", "  x  ", "99999999999999999999", "-1", "+1", "01", "1.0", "2147483647",
           "2147483648", "-2147483648", "-2147483649", " 5 ", "\t5\n", "5 6", "true", "1",
           "false", "0", "0x10", "1e3", "\u00a05", "en-US", " en-US ",
           "en_US", "a-toolongsubtag", "-", "+", "+-1", "\u0661"]
GENERIC += [values[0] for values in ENUMS.values()]
# An element the seed gives no character data (PhoneCallId, RequestServerVersion,
# ...) has attributes only in practice: what matters is whether any text is
# allowed, which a few values show as well as the full list.
NO_TEXT_VALUES = ["", " ", "\t\r\n", "x", "0", "\u00a0"]
INT_ATTRS = ("MajorVersion", "MinorVersion", "MajorBuildNumber", "MinorBuildNumber")
INT_ATTR_VALUES = ["-5", "00015", " 15 ", "15\t", "+15", "4294967296", "-0", "1_000"]
MUST_UNDERSTAND_VALUES = ["true", "false", "TRUE", " 1 ", "1 ", "01"]

ADDED_ATTRS = [  # (kind, (ns, local), value)
    ("attr_add_unqualified", ("", "Foo"), "bar"),
    ("attr_add_foreign", (FOREIGN, "foo"), "bar"),
    ("attr_add_types_ns", (T, "Foo"), "bar"),
    ("attr_add_messages_ns", (M, "Foo"), "bar"),
    ("attr_add_soap_mu0", (SOAP, "mustUnderstand"), "0"),
    ("attr_add_soap_actor", (SOAP, "actor"), "http://example.com/x"),
    ("attr_add_soap_encstyle", (SOAP, "encodingStyle"), "http://example.com/enc"),
    ("attr_add_xml_lang", (XML_NS, "lang"), "en"),
    ("attr_add_xsi_nil_true", (XSI, "nil"), "true"),
    ("attr_add_xsi_nil_false", (XSI, "nil"), "false"),
    ("attr_add_xsi_type_string", (XSI, "type"), "xsd:string"),
    ("attr_add_xsi_type_other", (XSI, "type"), "t:ItemIdType"),
    ("attr_add_xsi_type_junk", (XSI, "type"), "xsd:nosuchtype"),
    ("attr_add_Id", ("", "Id"), "abc"),
    ("attr_add_ChangeKey", ("", "ChangeKey"), "abc"),
    ("attr_add_ResponseClass", ("", "ResponseClass"), "Success"),
    ("attr_add_Version", ("", "Version"), "Exchange2010"),
]
ADDED_CHILDREN = [("child_add_messages", M), ("child_add_types", T),
                  ("child_add_foreign", FOREIGN), ("child_add_nons", "")]


def enum_variants(key: str) -> list[str]:
    out = []
    for v in ENUMS.get(key, []):
        out += [v, v.lower(), " " + v, v + " ", "\t\n" + v + "\r\n",
                v[:1] + " " + v[1:], v + "x"]
    return out


def unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


@dataclass(slots=True)
class Change:
    """What one mutation did, before the mutant is looked at as a whole."""
    kind: str
    elem: tuple[str, str]                  # the element changed, as in the seed
    path: str                              # its local names from the root
    attr: tuple[str, str] | None = None    # the attribute changed or added
    value: str | None = None               # the new text or attribute value
    new_tag: tuple[str, str] | None = None  # renames and namespace moves


def _remove(parent: Elem, el: Elem) -> None:
    for i, c in enumerate(parent.children):
        if c is el:
            del parent.children[i]
            return


def _insert_after(parent: Elem, ref: Elem, new: Elem) -> None:
    for i, c in enumerate(parent.children):
        if c is ref:
            parent.children.insert(i + 1, new)
            return


def _sibling(parent: Elem, el: Elem, step: int) -> Elem | None:
    kids = parent.elements()
    i = next(i for i, c in enumerate(kids) if c is el) + step
    return kids[i] if 0 <= i < len(kids) else None


def mutants(seed: Elem) -> Iterator[tuple[Change, Elem, list[Elem]]]:
    """Yield (change, mutated root, chain) for every mutation of one seed.

    The chain runs from the mutant's root to the element the change is
    about: the moved copy for moves, the removed element for drops (its
    ancestors are still in the mutant), the root for the identity mutant,
    which comes first so that it is never dropped as a duplicate.
    """
    root = seed.clone()
    yield Change("identity", seed.tag, seed.local), root, [root]
    originals = list(seed.iter())
    parents = {id(c): p for p in originals for c in p.elements()}
    for index, original in enumerate(originals):
        ns, local = original.tag
        is_root = id(original) not in parents
        path = _path(original, parents)

        def fresh():
            root = seed.clone()
            elems = list(root.iter())
            par = {id(c): p for p in elems for c in p.elements()}
            el = elems[index]
            return root, el, par.get(id(el)), par

        def change(kind, **kw):
            return Change(kind, original.tag, path, **kw)

        if not is_root:
            r, e, p, par = fresh(); _remove(p, e)
            yield change("drop"), r, _chain(e, par)
            r, e, p, par = fresh(); _insert_after(p, e, e.clone())
            yield change("dup"), r, _chain(e, par)
            r, e, p, par = fresh(); nxt = _sibling(p, e, 1)
            if nxt is not None:
                c = e.clone(); _insert_after(p, nxt, c); _remove(p, e)
                yield change("swap_next"), r, _chain(p, par) + [c]
            r, e, p, par = fresh(); gp = par.get(id(p))
            if gp is not None:
                c = e.clone(); _insert_after(gp, p, c); _remove(p, e)
                yield change("move_up"), r, _chain(gp, par) + [c]
            r, e, p, par = fresh(); prev = _sibling(p, e, -1)
            if prev is not None:
                c = e.clone(); prev.children.append(c); _remove(p, e)
                yield change("move_into_prev"), r, _chain(prev, par) + [c]
            for kind, new_local in (("rename_lower", local.lower()), ("rename_upper", local.upper()),
                                    ("rename_typo", local + "x"),
                                    ("rename_swapcase1", local[:1].swapcase() + local[1:])):
                if new_local != local:
                    r, e, _, par = fresh(); e.local = new_local
                    yield change(kind, new_tag=(ns, new_local)), r, _chain(e, par)
            https = ns.replace("http://", "https://", 1) if ns in (M, T) else None
            for kind, new_ns in (("ns_messages", M), ("ns_types", T), ("ns_none", ""),
                                 ("ns_foreign", FOREIGN), ("ns_soap", SOAP), ("ns_https", https)):
                if new_ns is None or new_ns == ns:
                    continue
                r, e, _, par = fresh(); e.ns = new_ns
                yield change(kind, new_tag=(new_ns, local)), r, _chain(e, par)

            if not original.elements() and ns != SOAP:
                has_text = any(type(c) in (str, CData) and c.strip() for c in original.children)
                values = GENERIC + enum_variants(local) if has_text else NO_TEXT_VALUES
                for v in unique(values):
                    r, e, _, par = fresh(); e.children = [v] if v else []
                    yield change("text", value=v), r, _chain(e, par)
                text = "".join(c for c in original.children if type(c) in (str, CData))
                if text.strip():
                    r, e, _, par = fresh(); e.children = [CData(text)]
                    yield change("text_cdata", value=text), r, _chain(e, par)
            elif original.elements():
                r, e, _, par = fresh(); e.children.insert(0, "junk")
                yield change("text_in_complex", value="junk"), r, _chain(e, par)

        for a_ns, a_local, _, _ in original.attrs:
            attr = (a_ns, a_local)
            r, e, _, par = fresh(); e.attrs = [a for a in e.attrs if a[:2] != attr]
            yield change("attr_drop", attr=attr), r, _chain(e, par)
            values = GENERIC + enum_variants(a_local) + enum_variants(f"{local}@{a_local}")
            if a_local in INT_ATTRS:
                values += INT_ATTR_VALUES
            if a_local == "mustUnderstand":
                values += MUST_UNDERSTAND_VALUES
            for v in unique(values):
                r, e, _, par = fresh()
                e.attrs = [(*a[:3], v) if a[:2] == attr else a for a in e.attrs]
                yield change("attr_value", attr=attr, value=v), r, _chain(e, par)
            if not a_ns:
                for kind, new_ns in (("attr_ns_types", T), ("attr_ns_foreign", FOREIGN),
                                     ("attr_ns_soap", SOAP)):
                    r, e, _, par = fresh()
                    value = e.get("", a_local)
                    e.attrs = [a for a in e.attrs if a[:2] != attr] + [(new_ns, a_local, None, value)]
                    yield change(kind, attr=(new_ns, a_local), value=value), r, _chain(e, par)

        for kind, attr, value in ADDED_ATTRS:
            if original.get(*attr) is not None:
                continue
            r, e, _, par = fresh()
            if attr == (XSI, "type"):
                # The QName value needs its prefix bound on the element itself.
                e.decls.update({"xsd": XSD, "t": T, "xsi": XSI})
            e.attrs.append((*attr, None, value))
            yield change(kind, attr=attr, value=value), r, _chain(e, par)

        for kind, child_ns in ADDED_CHILDREN:
            for where in ("first", "last"):
                r, e, _, par = fresh()
                c = Elem(child_ns, "Unknown")
                if where == "first":
                    e.children.insert(0, c)
                else:
                    e.children.append(c)
                yield change(f"{kind}_{where}", new_tag=c.tag), r, _chain(e, par) + [c]


def _chain(el: Elem, parents: dict[int, Elem]) -> list[Elem]:
    chain = [el]
    while id(chain[-1]) in parents:
        chain.append(parents[id(chain[-1])])
    return chain[::-1]


def _path(el: Elem, parents: dict[int, Elem]) -> str:
    return "/".join(e.local for e in _chain(el, parents))


# --------------------------------------------------------------------------
# Mutation records
# --------------------------------------------------------------------------

KNOWN_BLOCKS = {(T, "RequestServerVersion"), (T, "MailboxCulture"),
                (T, "ExchangeImpersonation"), (T, "ServerVersionInfo")}
REQUEST_BLOCKS = {(T, "RequestServerVersion"), (T, "MailboxCulture"), (T, "ExchangeImpersonation")}
RESPONSE_BLOCKS = {(T, "ServerVersionInfo")}
HEADER = (SOAP, "Header")
BODY = (SOAP, "Body")
FAULT = (SOAP, "Fault")
MESSAGE_XML = (M, "MessageXml")
DETAIL = ("", "detail")
FAULTSTRING = ("", "faultstring")
XML_LANG = (XML_NS, "lang")


@dataclass(frozen=True, slots=True)
class Block:
    """A header block of a mutant, as umcodec sees it."""
    tag: tuple[str, str]
    must_understand: str | None
    actor: str | None

    @property
    def for_us(self) -> bool:
        return self.actor is None or self.actor == ACTOR_NEXT

    @property
    def marked(self) -> bool:
        return (self.must_understand or "").strip(" \t\n\r") in ("1", "true")

    @property
    def decoded(self) -> bool:
        """umcodec decodes (and so checks) the four blocks it knows, if they are for it."""
        return self.for_us and self.tag in KNOWN_BLOCKS


@dataclass(slots=True)
class Mutant:
    name: str
    seed: str
    change: Change
    chain: tuple[tuple[str, str], ...]   # tags from the root to the touched element, in the mutant
    block: Block | None                  # the header block the touched element is or is in
    blocks: tuple[Block, ...]            # every header block of the mutant
    body_entries: tuple[tuple[str, str], ...]
    body_unqualified_attrs: bool
    # Outcomes, filled in later.
    xsd: list[str] = field(default_factory=list)
    um_json: dict | None = None
    um_line: str = ""
    um_code: str = ""

    @property
    def xsd_ok(self) -> bool:
        return not self.xsd

    @property
    def um_ok(self) -> bool:
        return self.um_json is not None

    @property
    def elem(self) -> tuple[str, str]:
        return self.chain[-1]

    @property
    def is_header_block(self) -> bool:
        return len(self.chain) == 3 and self.chain[1] == HEADER

    def inside(self, *tags: tuple[str, str]) -> bool:
        """True if the touched element is strictly inside one of tags."""
        return any(t in tags for t in self.chain[:-1])

    def describe(self) -> str:
        c = self.change
        what = c.kind
        if c.attr:
            what += f" @{_short(c.attr)}"
        if c.new_tag and c.kind.startswith(("rename", "ns_")):
            what += f" -> {_short(c.new_tag)}"
        if c.value is not None and c.kind not in ("text_cdata", "attr_ns_types", "attr_ns_foreign",
                                                  "attr_ns_soap", "text_in_complex"):
            what += f" = {c.value!r}"
        return f"{what} on {c.path} (seed {self.seed})"


def _short(tag: tuple[str, str]) -> str:
    ns, local = tag
    prefix = {SOAP: "soap:", M: "m:", T: "t:", XSI: "xsi:", XML_NS: "xml:", FOREIGN: "f:", "": ""}.get(ns)
    return f"{prefix}{local}" if prefix is not None else f"{{{ns}}}{local}"


def make_mutant(name: str, seed: str, change: Change, root: Elem, chain: list[Elem]) -> Mutant:
    header = body = None
    for c in root.elements():
        if c.tag == HEADER and body is None and header is None:
            header = c
        elif c.tag == BODY and body is None:
            body = c
    blocks = tuple(Block(b.tag, b.get(SOAP, "mustUnderstand"), b.get(SOAP, "actor"))
                   for b in (header.elements() if header is not None else []))
    block = None
    if len(chain) >= 3 and chain[1].tag == HEADER:
        b = chain[2]
        block = Block(b.tag, b.get(SOAP, "mustUnderstand"), b.get(SOAP, "actor"))
    return Mutant(
        name=name, seed=seed, change=change,
        chain=tuple(e.tag for e in chain), block=block, blocks=blocks,
        body_entries=tuple(e.tag for e in body.elements()) if body is not None else (),
        body_unqualified_attrs=body is not None and any(not a[0] for a in body.attrs))


# --------------------------------------------------------------------------
# Running the two tools
# --------------------------------------------------------------------------

UM_ERROR = re.compile(r"^(?P<file>.*?): error at byte \d+: (?P<message>.*) \[(?P<code>[a-z0-9_]+)\]$")


def run_umcodec(cli: Path, directory: Path, names: list[str]) -> dict[str, tuple]:
    """Decode names (in directory) with --strict; name -> ("ok", json) or ("error", line, code)."""
    proc = subprocess.run([str(cli), "decode", "--strict", "--", *names], cwd=directory,
                          capture_output=True, text=True, encoding="utf-8")
    if proc.returncode not in (0, 1):
        raise SetupError(f"{cli} exited with status {proc.returncode}: "
                         f"{sc.one_line(proc.stderr[-500:])}")
    results: dict[str, tuple] = {}
    for line in proc.stdout.splitlines():
        obj = json.loads(line)
        results[obj["file"]] = ("ok", obj)
    for line in proc.stderr.splitlines():
        match = UM_ERROR.match(line)
        if not match:
            raise SetupError(f"unexpected line from {cli}: {line}")
        results[match["file"]] = ("error", line, match["code"])
    missing = set(names) - results.keys()
    if missing or len(results) != len(names):
        raise SetupError(f"{cli} printed no result for {len(missing)} file(s), e.g. {min(missing)}")
    return results


def validate(data: bytes, schema) -> list[str]:
    try:
        return sc.check_envelope(data, schema)
    except Exception as err:  # noqa: BLE001 -- a validator crash is a finding, not a reason to stop
        return [f"validator error: {type(err).__name__}: {sc.one_line(str(err))}"]


# --------------------------------------------------------------------------
# Value check: what the schema reads, against what umcodec printed
# --------------------------------------------------------------------------

def collapse(value: str) -> str:
    """XML Schema's whitespace="collapse" (only the four XML whitespace characters)."""
    return re.sub(r"[ \t\n\r]+", " ", value).strip(" ")


def xml_strip(value: str) -> str:
    return value.strip(" \t\n\r")


def _text(el: ET.Element | None) -> str | None:
    return None if el is None else "".join(el.itertext())


def _int(value: str | None) -> int | None:
    return None if value is None else int(collapse(value))


def schema_values(data: bytes) -> dict[str, object]:
    """The values the schema gives the fields umcodec prints, flattened like flatten().

    Strings as written (xs:string keeps whitespace), xs:int, xs:language,
    xs:QName and xs:anyURI collapsed. Only for envelopes the schema accepts.
    Raw XML (message_xml, detail) and what umcodec derives from it are left
    out: there is no schema value to compare with.
    """
    s, m, t = (f"{{{ns}}}" for ns in (SOAP, M, T))
    root = ET.fromstring(data)
    header = root.find(f"{s}Header")
    entry = root.find(f"{s}Body")[0]
    out: dict[str, object] = {}

    def block(local):
        return header.find(t + local) if header is not None else None

    rsv = block("RequestServerVersion")
    out["request_server_version"] = rsv.get("Version") if rsv is not None else None
    mc = block("MailboxCulture")
    out["mailbox_culture"] = collapse(_text(mc)) if mc is not None else None
    imp = block("ExchangeImpersonation")
    if imp is not None:
        sid = imp.find(t + "ConnectingSID")[0]
        out["impersonation.kind"] = sid.tag.rpartition("}")[2]
        out["impersonation.value"] = _text(sid)
    else:
        out["impersonation"] = None
    svi = block("ServerVersionInfo")
    if svi is not None:
        for key, attr in (("major_version", "MajorVersion"), ("minor_version", "MinorVersion"),
                          ("major_build_number", "MajorBuildNumber"),
                          ("minor_build_number", "MinorBuildNumber")):
            out[f"server_version.{key}"] = _int(svi.get(attr))
        out["server_version.version"] = svi.get("Version")
    else:
        out["server_version"] = None

    if entry.tag == f"{s}Fault":
        code = collapse(_text(entry.find("faultcode")))
        out["fault_code"] = code
        out["fault_code_local"] = code.rpartition(":")[2]
        fs = entry.find("faultstring")
        out["fault_string"] = _text(fs)
        lang = fs.get(f"{{{XML_NS}}}lang")
        out["fault_string_lang"] = collapse(lang) if lang is not None else None
        actor = entry.find("faultactor")
        out["fault_actor"] = collapse(_text(actor)) if actor is not None else None
        return out

    def child(ns_local):
        return entry.find(ns_local)

    for key, el in (("phone_call_id", child(m + "PhoneCallId")), ("item_id", child(m + "ItemId"))):
        out[key] = el.get("Id") if el is not None else None
    item = child(m + "ItemId")
    out["change_key"] = item.get("ChangeKey") if item is not None else None
    out["dial_string"] = _text(child(m + "DialString"))
    out["response_class"] = entry.get("ResponseClass")
    out["response_code"] = _text(child(m + "ResponseCode"))
    out["message_text"] = _text(child(m + "MessageText"))
    out["descriptive_link_key"] = _int(_text(child(m + "DescriptiveLinkKey")))
    pci = child(m + "PhoneCallInformation")
    if pci is not None:
        out["phone_call_information.phone_call_state"] = _text(pci.find(t + "PhoneCallState"))
        out["phone_call_information.connection_failure_cause"] = _text(
            pci.find(t + "ConnectionFailureCause"))
        out["phone_call_information.sip_response_text"] = _text(pci.find(t + "SIPResponseText"))
        out["phone_call_information.sip_response_code"] = _int(_text(pci.find(t + "SIPResponseCode")))
    else:
        out["phone_call_information"] = None
    return out


def flatten(obj: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in obj.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[prefix + key] = value
    return out


@dataclass(slots=True)
class ValueDiff:
    key: str
    schema: object
    umcodec: object


def value_diffs(m: Mutant, data: bytes) -> list[ValueDiff]:
    got = flatten(m.um_json)
    want = schema_values(data)
    # Only keys the message kind has: a request has no server_version, etc.
    return [ValueDiff(k, v, got[k]) for k, v in want.items() if k in got and got[k] != v]


# --------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------

NEWER_VERSIONS = ("V2017_01_07", "V2017_04_14", "V2017_07_11", "V2017_10_09", "V2018_01_08")
XSD_INT = re.compile(r"[ \t\n\r]*[+-]?[0-9]+[ \t\n\r]*")
INT_FIELDS = {(M, "DescriptiveLinkKey"), (T, "SIPResponseCode")}


@dataclass(slots=True)
class Context:
    """What rules may look at besides the mutant: facts taken from the schemas."""
    enums: dict[tuple[str, str, str], frozenset[str]]   # (elem ns, elem local, attr local) -> values
    int_bugs: set[str] = field(default_factory=set)      # confirmed classes of int() leniency
    text_bugs: set[tuple[str, str]] = field(default_factory=set)  # confirmed elements
    space_bugs: set[str] = field(default_factory=set)    # {"element_only"} if confirmed


@dataclass(slots=True)
class Rule:
    name: str
    cites: str        # the README bullet's bold text; for validator bugs, the bug
    direction: str
    test: Callable[[Mutant, Context, ValueDiff | None], bool]
    # Validator bugs: the Context set that the bug's probes fill; the rule
    # is used only if some probe still shows the bug.
    probed: str = ""
    active: bool = True

    @property
    def bug(self) -> bool:
        return bool(self.probed)


def enum_of(m: Mutant, ctx: Context) -> frozenset[str] | None:
    c = m.change
    if c.kind == "text":
        return ctx.enums.get((*m.elem, ""))
    if c.kind == "attr_value" and c.attr and not c.attr[0]:
        return ctx.enums.get((*m.elem, c.attr[1]))
    return None


def _int_defects(value: str) -> set[str]:
    """Why value is no xs:int lexical form although Python's int() may take it."""
    defects = set()
    if any(ch.isspace() and ch not in " \t\n\r" for ch in value):
        defects.add("unicode_space")
    if any(ch.isdigit() and not ch.isascii() for ch in value):
        defects.add("non_ascii_digit")
    if "_" in value:
        defects.add("underscore")
    return defects


def _is_int_field(m: Mutant) -> bool:
    c = m.change
    if c.kind == "text":
        return m.elem in INT_FIELDS
    return (c.kind == "attr_value" and m.elem == (T, "ServerVersionInfo")
            and c.attr is not None and c.attr == ("", c.attr[1]) and c.attr[1] in INT_ATTRS)


def _unused_marked_block(m: Mutant) -> bool:
    entry = m.body_entries[0] if m.body_entries else None
    if entry is None or entry == FAULT or entry[0] != M:
        uses = set()
    elif entry[1].endswith("Response"):
        uses = RESPONSE_BLOCKS
    else:
        uses = REQUEST_BLOCKS
    return any(b.for_us and b.marked and b.tag not in uses for b in m.blocks)


def _decoded_twice(m: Mutant) -> bool:
    counts = Counter(b.tag for b in m.blocks if b.decoded)
    return any(n > 1 for n in counts.values())


HEADER_KEYS = {"request_server_version": (T, "RequestServerVersion"),
               "mailbox_culture": (T, "MailboxCulture"),
               "impersonation": (T, "ExchangeImpersonation"),
               "server_version": (T, "ServerVersionInfo")}

# Tried in order; the first rule whose direction and test match names the
# disagreement. Narrow rules come before the broad ones they overlap with
# (a qualified attribute inside a skipped header block counts as the block's).
RULES = [
    # ---- schema refuses, umcodec accepts ---------------------------------
    Rule("https:// spelling accepted", "The `https://` spelling", SCHEMA_REFUSES,
         # The audit decodes with --strict, where this leniency is off: an
         # https:// spelling that umcodec accepts is a regression, so this
         # rule never explains anything here. It stays for the README check.
         lambda m, ctx, d: False),
    # Only changes strictly inside: a change to MessageXml or detail itself
    # (dropped, moved, renamed) is checked like any other element.
    Rule("MessageXml/detail content not checked", "`MessageXml` and fault `detail`", SCHEMA_REFUSES,
         lambda m, ctx, d: m.inside(MESSAGE_XML, DETAIL)),
    # Whatever a skipped block holds. Not a block that is unqualified or in
    # the SOAP namespace (no header entry at all, SOAP 1.1 section 4.2), nor
    # one with an https:// spelling, which strict mode refuses even unread.
    Rule("unused header block skipped", "Header blocks the codec does not know", SCHEMA_REFUSES,
         lambda m, ctx, d: m.block is not None and not m.block.decoded
         and m.block.tag[0] not in ("", SOAP) and not m.block.tag[0].startswith("https://")),
    Rule("mustUnderstand true/false", "`soap:mustUnderstand`", SCHEMA_REFUSES,
         lambda m, ctx, d: m.is_header_block and m.change.attr == (SOAP, "mustUnderstand")
         and m.change.kind == "attr_value" and m.change.value in ("true", "false")),
    Rule("qualified attribute ignored", "Namespace-qualified attributes", SCHEMA_REFUSES,
         lambda m, ctx, d: m.change.attr is not None and m.change.attr[0] != ""
         and m.change.kind.startswith("attr_")
         # Not ignored, so not this bullet: soap:mustUnderstand and soap:actor
         # on a header block, and faultstring's xml:lang (fault_string_lang).
         and not (m.is_header_block and m.change.attr in ((SOAP, "mustUnderstand"), (SOAP, "actor")))
         and not (m.elem == FAULTSTRING and m.change.attr == XML_LANG)),
    Rule("newer RequestServerVersion", "`RequestServerVersion`", SCHEMA_REFUSES,
         lambda m, ctx, d: m.elem == (T, "RequestServerVersion") and m.change.kind == "attr_value"
         and m.change.attr == ("", "Version") and m.change.value in NEWER_VERSIONS
         and m.um_json.get("request_server_version", m.change.value) == m.change.value),
    Rule("enumeration with whitespace", "Enumerations with whitespace around them", SCHEMA_REFUSES,
         lambda m, ctx, d: (values := enum_of(m, ctx)) is not None
         and m.change.value != xml_strip(m.change.value) and xml_strip(m.change.value) in values
         and xml_strip(m.change.value) in flatten(m.um_json).values()),
    Rule("unlisted ResponseCode kept", "`ResponseCode`s the schema does not list", SCHEMA_REFUSES,
         lambda m, ctx, d: m.elem == (M, "ResponseCode") and m.change.kind == "text"
         and xml_strip(m.change.value) not in ctx.enums[(M, "ResponseCode", "")]
         and m.um_json.get("response_code") == xml_strip(m.change.value)),

    Rule("faultstring xml:lang not checked", "`faultstring`'s `xml:lang`", SCHEMA_REFUSES,
         lambda m, ctx, d: m.elem == FAULTSTRING and m.change.attr == XML_LANG
         and m.change.kind == "attr_value" and m.um_json.get("fault_string_lang") == m.change.value),
    Rule("faultcode with XML 1.0 fifth-edition name characters", "`faultcode` names", SCHEMA_REFUSES,
         lambda m, ctx, d: m.elem == ("", "faultcode") and m.change.kind == "text"
         and not m.change.value.isascii()
         and m.um_json.get("fault_code") == xml_strip(m.change.value)),
    Rule("soap:mustUnderstand on ServerVersionInfo", "`soap:mustUnderstand` on `ServerVersionInfo`",
         SCHEMA_REFUSES,
         lambda m, ctx, d: m.is_header_block and m.elem == (T, "ServerVersionInfo")
         and m.change.attr == (SOAP, "mustUnderstand")),

    # ---- schema accepts, umcodec refuses ---------------------------------
    Rule("unused header block marked mustUnderstand", "Header blocks the codec does not know",
         SCHEMA_ACCEPTS,
         lambda m, ctx, d: m.um_code == "must_understand" and _unused_marked_block(m)),
    Rule("second element in soap:Body", "A second element in `soap:Body`.", SCHEMA_ACCEPTS,
         lambda m, ctx, d: len(m.body_entries) > 1 and m.um_code == "unexpected_child"),
    Rule("second copy of a decoded header block", "A second copy of a header block the codec decodes",
         SCHEMA_ACCEPTS,
         lambda m, ctx, d: _decoded_twice(m) and m.um_code == "unexpected_child"),
    Rule("unqualified attribute on soap:Body", "Unqualified attributes on `soap:Body`.", SCHEMA_ACCEPTS,
         lambda m, ctx, d: m.body_unqualified_attrs and m.um_code == "unexpected_attribute"),
    Rule("xmlschema: Unicode spaces taken for whitespace in element-only content",
         "xmlschema bug: str.isspace() decides what is ignorable whitespace, so U+00A0 passes",
         SCHEMA_ACCEPTS,
         lambda m, ctx, d: m.change.kind in ("text", "text_in_complex") and bool(m.change.value)
         and m.change.value.isspace() and xml_strip(m.change.value) != ""
         and bool(ctx.space_bugs) and m.um_code == "unexpected_text",
         probed="space_bugs"),
    Rule("xmlschema: xs:int read with Python's int()",
         "xmlschema bug: xs:int parsed with int(), so U+00A0, non-ASCII digits, 1_000 pass", SCHEMA_ACCEPTS,
         lambda m, ctx, d: _is_int_field(m) and not XSD_INT.fullmatch(m.change.value)
         and bool(_int_defects(m.change.value))
         and _int_defects(m.change.value) <= ctx.int_bugs and m.um_code == "invalid_value",
         probed="int_bugs"),
    Rule("xmlschema: text in element-only content with a wildcard",
         "xmlschema bug: text accepted in element-only content with a wildcard", SCHEMA_ACCEPTS,
         lambda m, ctx, d: m.change.kind == "text_in_complex" and m.elem in ctx.text_bugs
         and m.um_code == "unexpected_text",
         probed="text_bugs"),

    # ---- both accept, values differ --------------------------------------
    Rule("MailboxCulture as written", "`MailboxCulture`", VALUE_DIFFERS,
         lambda m, ctx, d: d.key == "mailbox_culture" and isinstance(d.umcodec, str)
         and collapse(d.umcodec) == d.schema),
    Rule("header block for another soap:actor skipped", "Header blocks the codec does not know",
         VALUE_DIFFERS,
         lambda m, ctx, d: d.umcodec is None and d.key.partition(".")[0] in HEADER_KEYS
         and any(b.tag == HEADER_KEYS[d.key.partition(".")[0]] and not b.for_us for b in m.blocks)),
    Rule("faultstring xml:lang as written", "`faultstring`'s `xml:lang`", VALUE_DIFFERS,
         lambda m, ctx, d: d.key == "fault_string_lang" and isinstance(d.umcodec, str)
         and collapse(d.umcodec) == d.schema),
    Rule("faultactor as written", "`faultactor`", VALUE_DIFFERS,
         lambda m, ctx, d: d.key == "fault_actor" and isinstance(d.umcodec, str)
         and collapse(d.umcodec) == d.schema),
]

# Bullet texts for rules whose difference the README section does not list
# yet (cites -> the rest of the bullet). Such a rule stays inactive, and what
# it would explain is reported as unexplained, until the README has a bullet
# with that bold text: the README, not this script, says what is deliberate.
# Printed with the results, to paste into the README or to decide to change
# the codec instead. Empty while the README lists every difference found.
PROPOSED: dict[str, str] = {}


def classify(m: Mutant, ctx: Context, direction: str, diff: ValueDiff | None = None,
             active: bool = True) -> Rule | None:
    """The first rule (active ones, or with active=False the inactive ones) that explains m."""
    for rule in RULES:
        if rule.active == active and rule.direction == direction and rule.test(m, ctx, diff):
            return rule
    return None


def readme_bullets() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.find(README_SECTION + "\n")
    if start < 0:
        raise SetupError(f"README.md has no section {README_SECTION!r}")
    end = text.find("\n## ", start + len(README_SECTION))
    section = text[start:end if end > 0 else len(text)]
    # A bold lead may wrap onto the next line: whitespace inside it counts
    # as one space, so rewrapping the README changes no citation.
    leads = re.findall(r"^- \*\*(.+?)\*\*", section, flags=re.M | re.S)
    unclosed = [line for line in section.splitlines() if line.startswith("- **") and "**" not in line[4:]
                and not any(" ".join(line[4:].split()) in " ".join(x.split()) for x in leads)]
    if unclosed:
        raise SetupError(f"README bullet(s) whose bold lead is not closed: {unclosed}")
    return [" ".join(lead.split()) for lead in leads]


def check_citations() -> None:
    """Every README bullet needs a rule; a rule whose bullet is missing is not used."""
    bullets = readme_bullets()
    if not bullets:
        raise SetupError(f"README section {README_SECTION!r} lists no bullets")
    cited = {r.cites for r in RULES if not r.bug}
    uncovered = [b for b in bullets if b not in cited]
    if uncovered:
        raise SetupError(f"README bullet(s) without a rule in {Path(__file__).name}: {uncovered}")
    for rule in RULES:
        if not rule.bug:
            rule.active = rule.cites in bullets


# Validator-bug probes: small envelopes on which the bug shows. The holes
# are filled with harmless values first (the envelope must be valid), then
# with the bug's input, which xmlschema must still accept for the rule to be
# used.
PROBE_RESPONSE = (
    f'<s:Envelope xmlns:s="{SOAP}" xmlns:m="{M}" xmlns:t="{T}"><s:Header>{{header}}'
    '<t:ServerVersionInfo MajorVersion="15"/></s:Header><s:Body>{body}'
    '<m:DisconnectPhoneCallResponse ResponseClass="Error">{entry}<m:MessageText>x</m:MessageText>'
    '<m:ResponseCode>ErrorInternalServerError</m:ResponseCode>'
    '<m:DescriptiveLinkKey>{int}</m:DescriptiveLinkKey>'
    '<m:MessageXml>{message_xml}<t:Value Name="a">b</t:Value></m:MessageXml>'
    '</m:DisconnectPhoneCallResponse></s:Body></s:Envelope>')
PROBE_FAULT = (
    f'<s:Envelope xmlns:s="{SOAP}"><s:Body><s:Fault><faultcode>s:Client</faultcode>'
    '<faultstring>x</faultstring><detail>{detail}<x xmlns="urn:example:x"/></detail>'
    '</s:Fault></s:Body></s:Envelope>')
INT_PROBES = {"unicode_space": "\u00a05", "non_ascii_digit": "\u0661", "underscore": "1_000"}
TEXT_PROBES = {HEADER: (PROBE_RESPONSE, "header"), BODY: (PROBE_RESPONSE, "body"),
               MESSAGE_XML: (PROBE_RESPONSE, "message_xml"), DETAIL: (PROBE_FAULT, "detail")}


def probe(template: str, schema, **holes: str) -> bool:
    filled = {"header": "", "body": "", "entry": "", "int": "0", "message_xml": "", "detail": ""}
    filled.update(holes)
    keys = [k for k in filled if "{" + k + "}" in template]
    return not validate(template.format(**{k: filled[k] for k in keys}).encode(), schema)


def make_context(schema) -> Context:
    types = schema.maps.types

    def values(qname: str) -> frozenset[str]:
        t = types.get(qname)
        if t is None or not getattr(t, "enumeration", None):
            raise SetupError(f"the schemas have no enumeration type {qname}")
        return frozenset(t.enumeration)

    t, m = f"{{{T}}}", f"{{{M}}}"
    enums = {
        (M, "ResponseCode", ""): values(m + "ResponseCodeType"),
        (T, "PhoneCallState", ""): values(t + "PhoneCallStateType"),
        (T, "ConnectionFailureCause", ""): values(t + "ConnectionFailureCauseType"),
        (T, "RequestServerVersion", "Version"): values(t + "ExchangeVersionType") | set(NEWER_VERSIONS),
    }
    for entry in ("DisconnectPhoneCallResponse", "GetPhoneCallInformationResponse",
                  "PlayOnPhoneResponse"):
        enums[(M, entry, "ResponseClass")] = values(t + "ResponseClassType")
    ctx = Context(enums)

    for template in (PROBE_RESPONSE, PROBE_FAULT):
        if not probe(template, schema):
            raise SetupError("a validator-bug probe envelope is not valid without the bug's input")
    ctx.int_bugs = {name for name, value in INT_PROBES.items() if probe(PROBE_RESPONSE, schema, int=value)}
    ctx.text_bugs = {tag for tag, (template, hole) in TEXT_PROBES.items()
                     if probe(template, schema, **{hole: "junk"})}
    if probe(PROBE_RESPONSE, schema, entry="\u00a0"):
        ctx.space_bugs = {"element_only"}
    for rule in RULES:
        if rule.bug:
            rule.active = bool(getattr(ctx, rule.probed))
    return ctx


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def default_cli() -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR") or "target")
    return REPO / target / "release" / "examples" / "umcodec"


def find_seeds(schema) -> list[tuple[str, Elem]]:
    seeds = []
    for path in sorted((REPO / "corpus" / "valid").glob("*.xml")):
        data = path.read_bytes()
        if validate(data, schema):
            continue
        try:
            seeds.append((path.stem, parse(data)))
        except xml.parsers.expat.ExpatError as err:
            raise SetupError(f"cannot parse seed {path}: {err}") from err
    if not seeds:
        raise SetupError("no file of corpus/valid/ passes schema_check")
    return seeds


def generate(seeds, out_dir: Path, schema, submit) -> list[Mutant]:
    """Write and validate the mutants; hand each full batch of names to submit()."""
    mutants_: list[Mutant] = []
    seen: set[bytes] = set()
    batch: list[str] = []
    for seed_name, seed in seeds:
        for i, (change, root, chain) in enumerate(mutants(seed)):
            data = serialize(root)
            digest = hashlib.sha1(data).digest()
            if digest in seen:
                continue
            seen.add(digest)
            name = f"{seed_name}__{i:04d}__{change.kind}.xml"
            (out_dir / name).write_bytes(data)
            m = make_mutant(name, seed_name, change, root, chain)
            m.xsd = validate(data, schema)
            mutants_.append(m)
            batch.append(name)
            if len(batch) == BATCH:
                submit(batch)
                batch = []
    if batch:
        submit(batch)
    return mutants_


def first_problem(m: Mutant) -> str:
    if m.xsd_ok:
        return "valid"
    more = f" (and {len(m.xsd) - 1} more)" if len(m.xsd) > 1 else ""
    return sc.clip(sc.one_line(m.xsd[0]), 200) + more


def um_outcome(m: Mutant) -> str:
    if m.um_ok:
        return "accepted"
    return sc.clip(m.um_line.partition(": ")[2], 200)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Schema-differential audit of umcodec decode --strict against schema_check.py.")
    sc.add_schemas_option(parser)
    parser.add_argument("--cli", metavar="PATH", type=Path,
                        help="the umcodec example binary (default: "
                             "${CARGO_TARGET_DIR:-target}/release/examples/umcodec)")
    parser.add_argument("--keep", metavar="DIR", type=Path,
                        help="write the mutants and index.tsv to DIR (empty or absent)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print phase times and one example per rule")
    args = parser.parse_args(argv)
    try:
        return audit(args)
    except SetupError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except Exception:  # noqa: BLE001  (a crash of the audit is no finding: status 2, not 1)
        traceback.print_exc()
        return 2


def audit(args) -> int:
    started = time.perf_counter()
    phase = started

    def lap(what: str) -> None:
        nonlocal phase
        now = time.perf_counter()
        if args.verbose:
            print(f"[{now - phase:6.1f}s] {what}", file=sys.stderr)
        phase = now

    # Absolute: umcodec runs in the mutants' directory.
    cli = (args.cli or default_cli()).resolve()
    if not cli.is_file() or not os.access(cli, os.X_OK):
        raise SetupError(f"umcodec binary not found: {cli} "
                         "(build it: cargo build --release --example umcodec, or pass --cli)")
    ews_dir = sc.schemas_dir(args)
    if not ews_dir.is_dir():
        raise SetupError(f"schema directory not found: {ews_dir}")
    check_citations()
    try:
        schema = sc.load_schemas(ews_dir)
    except sc.SetupError as err:
        raise SetupError(str(err)) from err
    ctx = make_context(schema)
    lap("schemas loaded, probes run")

    if args.keep:
        out_dir = args.keep.resolve()
        if out_dir.exists() and any(out_dir.iterdir()):
            raise SetupError(f"--keep directory is not empty: {out_dir}")
        out_dir.mkdir(parents=True, exist_ok=True)
    else:
        out_dir = Path(tempfile.mkdtemp(prefix="schema_audit."))
    try:
        return run(args, cli, ews_dir, schema, ctx, out_dir, started, lap)
    finally:
        if not args.keep:
            shutil.rmtree(out_dir, ignore_errors=True)


def run(args, cli, ews_dir, schema, ctx, out_dir, started, lap) -> int:
    seeds = find_seeds(schema)
    n_files = len(list((REPO / "corpus" / "valid").glob("*.xml")))
    print(f"umcodec: {cli} (decode --strict)")
    print(f"schemas: {ews_dir} (xmlschema {sc.xmlschema.__version__})")
    print(f"seeds: {len(seeds)} of the {n_files} corpus/valid/*.xml files pass schema_check")
    lap("seeds chosen")

    # umcodec runs in a worker thread while this one generates and validates:
    # the subprocess uses the second core.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        futures = []
        mutants_ = generate(seeds, out_dir, schema,
                            lambda names: futures.append(pool.submit(run_umcodec, cli, out_dir, names)))
        lap(f"{len(mutants_)} mutants written and validated")
        results: dict[str, tuple] = {}
        for f in futures:
            results.update(f.result())
    lap("umcodec done")
    for m in mutants_:
        r = results[m.name]
        if r[0] == "ok":
            m.um_json = r[1]
        else:
            m.um_line, m.um_code = r[1], r[2]

    counts: Counter = Counter()
    by_rule: dict[str, list[Mutant]] = defaultdict(list)
    unexplained: dict[tuple, list[tuple[Mutant, ValueDiff | None]]] = defaultdict(list)
    n_value_mutants = 0
    for m in mutants_:
        if m.xsd_ok and m.um_ok:
            counts["both accept"] += 1
            diffs = value_diffs(m, (out_dir / m.name).read_bytes())
            n_value_mutants += bool(diffs)
            for d in diffs:
                counts[VALUE_DIFFERS] += 1
                rule = classify(m, ctx, VALUE_DIFFERS, d)
                if rule:
                    by_rule[rule.name].append(m)
                else:
                    unexplained[(VALUE_DIFFERS, d.key, m.change.kind)].append((m, d))
            continue
        if not m.xsd_ok and not m.um_ok:
            counts["both refuse"] += 1
            continue
        direction = SCHEMA_REFUSES if m.um_ok else SCHEMA_ACCEPTS
        counts[direction] += 1
        rule = classify(m, ctx, direction)
        if rule:
            by_rule[rule.name].append(m)
        else:
            # Grouped by the seed element changed (for an added child, its
            # parent), so that one regression shows as a few groups.
            where = _short(m.change.elem) + (f" @{_short(m.change.attr)}" if m.change.attr else "")
            unexplained[(direction, m.change.kind, where)].append((m, None))
    lap("classified")

    n = len(mutants_)
    print(f"mutants: {n} (one change each, identical ones written once)")
    print(f"both accept: {counts['both accept']}; both refuse: {counts['both refuse']}; "
          f"{SCHEMA_REFUSES}: {counts[SCHEMA_REFUSES]}; {SCHEMA_ACCEPTS}: {counts[SCHEMA_ACCEPTS]}; "
          f"value differences where both accept: {counts[VALUE_DIFFERS]} in {n_value_mutants} mutants")
    print()
    width = max(len(r.name) for r in RULES)
    print(f"{'rule':<{width}}  {'count':>6}  direction; cites")
    for rule in RULES:
        state = ("" if rule.active else "  (inactive: the probe no longer shows the bug)"
                 if rule.bug else "  (inactive: no such README bullet)")
        print(f"{rule.name:<{width}}  {len(by_rule[rule.name]):>6}  {rule.direction}; "
              f"{'README: ' if not rule.bug else ''}{rule.cites}{state}")
    n_unexplained = sum(len(v) for v in unexplained.values())
    print(f"{'unexplained':<{width}}  {n_unexplained:>6}  in {len(unexplained)} group(s)")

    if args.verbose:
        print("\nOne example per rule:")
        for rule in RULES:
            if by_rule[rule.name]:
                m = by_rule[rule.name][0]
                print(f"  {rule.name}: {m.name}: {m.describe()}")

    if unexplained:
        print("\nUnexplained groups (direction, mutation, element; up to 3 examples each):")
        wanted: dict[str, Rule] = {}
        for key, items in sorted(unexplained.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            print(f"\n* {key[0]}: {key[1]} on {key[2]}: {len(items)} mutant(s)")
            hints = {r.name: r for m, d in items
                     if (r := classify(m, ctx, key[0], d, active=False)) is not None}
            for rule in hints.values():
                print(f"  (inactive rule {rule.name!r} would explain "
                      f"{sum(classify(m, ctx, key[0], d, active=False) is rule for m, d in items)}"
                      f" of them once the README has the bullet {rule.cites!r})")
                wanted[rule.cites] = rule
            for m, d in items[:3]:
                print(f"  - {m.name}: {m.describe()}")
                if d is not None:
                    print(f"      schema value: {d.schema!r}   umcodec value: {d.umcodec!r}")
                else:
                    print(f"      umcodec: {um_outcome(m)}")
                    print(f"      schema:  {first_problem(m)}")

        proposals = [c for c in PROPOSED if c in wanted]
        if proposals:
            print("\nBullets proposed for the README section (or change the codec instead):")
            for cites in proposals:
                print(f"- **{cites}** {PROPOSED[cites]}")

    if args.keep:
        rule_of = {m.name: name for name, ms in by_rule.items() for m in ms}
        for (direction, *_), items in unexplained.items():
            for m, _ in items:
                rule_of.setdefault(m.name, "unexplained")
        with open(out_dir / "index.tsv", "w", encoding="utf-8") as index:
            index.write("file\tseed\tkind\tpath\tattribute\tvalue\tumcodec\tschema\trule\n")
            for m in mutants_:
                c = m.change
                fields = [m.name, m.seed, c.kind, c.path, _short(c.attr) if c.attr else "",
                          repr(c.value) if c.value is not None else "", um_outcome(m),
                          first_problem(m), rule_of.get(m.name, "")]
                index.write("\t".join(f.replace("\t", " ").replace("\n", " ") for f in fields) + "\n")
        print(f"\nmutants and index.tsv kept in {out_dir}")
    print(f"\ntime: {time.perf_counter() - started:.1f}s")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
