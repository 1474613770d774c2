#!/usr/bin/env python3
"""Validate SOAP 1.1 envelopes carrying EWS messages against the published schemas.

Usage: python3 scripts/schema_check.py [--schemas DIR] [-v] FILE...

FILE may be "-" for standard input. DIR is the directory holding the EWS
messages.xsd and types.xsd; it defaults to $UMCODEC_SCHEMAS if set, else to
<repo>/../shared/schemas/ews (resolved from this script's location).

All schemas are loaded once, into one set of global components: our own
SOAP 1.1 schema (scripts/schemas/soap-envelope.xsd), the EWS messages.xsd
(which imports types.xsd) and our scripts/schemas/xml.xsd for the xml:
namespace that types.xsd imports without a location. Each envelope is then
checked in two layers:

1. The whole document from its soap:Envelope declaration. The SOAP schema's
   header, body and fault-detail wildcards are lax: an element found there
   is validated if some loaded schema declares it and skipped otherwise.
   This checks the SOAP framing, soap:* attributes and any soap:Fault.
2. Every header block in an EWS namespace and every body entry other than
   soap:Fault, each on its own, strictly: it must be a global element of
   the EWS schema and valid against it. This is what rejects payloads that
   layer 1 skipped as undeclared: body entries outside the EWS messages
   namespace, the UM web service's GetCallInfo (same namespace, no published
   schema) and the https:// spellings of the EWS namespaces.

Prints "OK FILE" or "FAIL FILE: reason" per file, then "N passed, M failed".
Exit status: 0 if all files pass, 1 if any fails, 2 on usage or setup errors.
Needs the `xmlschema` package (see scripts/requirements.txt).
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

try:
    import xmlschema
except ImportError:  # a setup error, not a validation failure
    print("error: the 'xmlschema' package is required: "
          "pip install -r scripts/requirements.txt", file=sys.stderr)
    sys.exit(2)

SCRIPT_DIR = Path(__file__).resolve().parent
LOCAL_SCHEMAS = SCRIPT_DIR / "schemas"
DEFAULT_EWS_DIR = SCRIPT_DIR.parent.parent / "shared" / "schemas" / "ews"

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
EWS_TYPES_NS = "http://schemas.microsoft.com/exchange/services/2006/types"
EWS_MESSAGES_NS = "http://schemas.microsoft.com/exchange/services/2006/messages"
# Microsoft's documentation pages spell the namespaces with https://; servers
# reject that, and so must we. Header blocks in these namespaces are checked
# against the EWS schema too, so that they fail as undeclared instead of
# being skipped as foreign headers.
EWS_HTTPS_NAMESPACES = {ns.replace("http://", "https://", 1)
                        for ns in (EWS_TYPES_NS, EWS_MESSAGES_NS)}
EWS_HEADER_NAMESPACES = {EWS_TYPES_NS} | EWS_HTTPS_NAMESPACES

SHORT_PREFIXES = {SOAP_NS: "soap:", EWS_MESSAGES_NS: "m:", EWS_TYPES_NS: "t:"}

ENVELOPE = f"{{{SOAP_NS}}}Envelope"
HEADER = f"{{{SOAP_NS}}}Header"
BODY = f"{{{SOAP_NS}}}Body"
FAULT = f"{{{SOAP_NS}}}Fault"

NOT_DECLARED = "element not declared in EWS schema"

# Schema-building errors tolerated in lax mode. types.xsd has one Unique
# Particle Attribution violation (t:AbsoluteDateTransition vs. the abstract
# t:Transition substitution group). Lax mode records it on that complex type
# and carries on; anything else would mean the schema files are not the ones
# we expect, and validating against a half-built schema would be worthless.
KNOWN_BUILD_ERRORS = ("Unique Particle Attribution violation between "
                      "XsdElement(ref='t:AbsoluteDateTransition'",)

# Common settings for every schema we build: read local files only (never
# fetch anything over the network) and do not fall back to the copies of
# well-known schemas bundled with xmlschema, so that exactly the files we
# name are used.
SCHEMA_SETTINGS = {"allow": "local", "use_fallback": False}


class SetupError(Exception):
    """Schemas missing or unusable: exit status 2."""


def load_schemas(ews_dir: Path) -> xmlschema.XMLSchema10:
    """Build the combined SOAP + EWS schema (once per process: takes seconds)."""
    messages = ews_dir / "messages.xsd"
    for required in (messages, ews_dir / "types.xsd"):
        if not required.is_file():
            raise SetupError(f"schema file not found: {required}")
    soap_xsd = LOCAL_SCHEMAS / "soap-envelope.xsd"
    xml_xsd = LOCAL_SCHEMAS / "xml.xsd"
    for required in (soap_xsd, xml_xsd):
        if not required.is_file():
            raise SetupError(f"local schema file not found: {required}")

    # Why one combined schema rather than a SOAP-only one beside the EWS one:
    # - RequestServerVersion and other EWS headers have an anyAttribute for
    #   the SOAP namespace with strict processing, so soap:mustUnderstand on
    #   them is valid only if the EWS side can see its declaration;
    # - an xsi:type naming an EWS type (e.g. xsi:type="m:DisconnectPhoneCallType"
    #   on a body entry) must resolve while the envelope is validated (see
    #   unresolved_xsi_types for what happens when it does not).
    # types.xsd imports the xml namespace without a schemaLocation: `locations`
    # maps it to our xml.xsd (soap-envelope.xsd imports the same file).
    try:
        schema = xmlschema.XMLSchema10(
            [str(messages), str(soap_xsd)],
            validation="lax",
            locations=[(XML_NS, xml_xsd.as_uri())],
            **SCHEMA_SETTINGS,
        )
    except (xmlschema.XMLSchemaException, OSError) as err:
        raise SetupError(f"cannot load schemas: {err}") from err

    unexpected = [err for part in schema.maps.iter_schemas() for err in part.all_errors
                  if not str(err).startswith(KNOWN_BUILD_ERRORS)]
    if unexpected:
        raise SetupError(f"{len(unexpected)} unexpected schema error(s), first: "
                         f"{one_line(str(unexpected[0]))}")
    for tag in (ENVELOPE, f"{{{EWS_MESSAGES_NS}}}DisconnectPhoneCall",
                f"{{{EWS_TYPES_NS}}}RequestServerVersion"):
        if tag not in schema.maps.elements:  # e.g. a wrong --schemas directory
            raise SetupError(f"{tag} is not declared by the loaded schemas ({ews_dir})")
    return schema


def one_line(text: str) -> str:
    return " ".join(text.split())


def describe(error: xmlschema.XMLSchemaValidationError, prefix: str = "") -> str:
    """A one-line description of a validation error: where, then why."""
    reason = one_line(error.reason or error.message)
    # For bad element text (e.g. an unknown ResponseCode) xmlschema's reason
    # lists the allowed values but not the offending one; add it.
    if isinstance(error.obj, str) and repr(error.obj) not in reason:
        reason = f"value {error.obj!r}: {reason}"
    where = error.path or ""
    # Elements in a default namespace show up in Clark notation ({uri}name);
    # spell the well-known namespaces with their usual prefixes instead.
    where = short_name(where)
    return f"{prefix}{where}: {reason}" if where else f"{prefix}{reason}"


def clip(text: str, limit: int = 300) -> str:
    """Shorten a summary line; ResponseCodeType alone lists ~500 allowed values."""
    return text if len(text) <= limit else text[:limit - 3] + "..."


def check_envelope(data: bytes, schema: xmlschema.XMLSchema10) -> list[str]:
    """Validate one envelope; return the problems found (empty if valid)."""
    try:
        # defuse='always': entity declarations (expansion bombs) are refused.
        resource = xmlschema.XMLResource(io.BytesIO(data), allow="none", defuse="always")
    except (xmlschema.XMLSchemaException, SyntaxError, ValueError) as err:
        # ParseError (not well-formed) is a SyntaxError subclass.
        return [f"not well-formed XML: {one_line(str(err))}"]

    root = resource.root
    if root.tag != ENVELOPE:
        return [f"root element is {root.tag}, expected {ENVELOPE}"]

    # An xsi:type naming no known type crashes xmlschema 4.3.2 (KeyError
    # from a lax wildcard match) instead of being reported; check them first.
    problems = list(unresolved_xsi_types(resource, schema))
    if problems:
        return problems

    # Layer 1: the whole envelope (declared payload included, see load_schemas).
    problems = [describe(e) for e in schema.iter_errors(resource)]
    if problems:
        return problems  # layer 2 would mostly repeat them

    # Layer 2: EWS header blocks and body entries, each validated as a
    # document root, i.e. against a global element declaration, so that
    # undeclared ones fail instead of being skipped as in layer 1.
    targets = []
    header = root.find(HEADER)
    if header is not None:
        targets += [(b, "/soap:Header") for b in header
                    if namespace_of(b.tag) in EWS_HEADER_NAMESPACES]
    body = root.find(BODY)
    for entry in body:  # layer 1 guarantees Body exists and is not empty
        if entry.tag == FAULT:
            continue  # already validated by the SOAP schema
        if namespace_of(entry.tag) == EWS_MESSAGES_NS:
            targets.append((entry, "/soap:Body"))
        else:
            problems.append(f"{NOT_DECLARED} ({entry.tag})")

    for elem, parent_path in targets:
        if elem.tag not in schema.maps.elements:
            # e.g. the UM web service's GetCallInfo: same namespace as EWS
            # messages, but no published schema declares it.
            problems.append(f"{NOT_DECLARED} ({elem.tag})")
            continue
        # subresource() keeps the namespace declarations in scope at elem,
        # which QName-valued content (e.g. xsi:type) needs.
        sub = resource.subresource(elem)
        prefix = f"/soap:Envelope{parent_path}"
        problems += [describe(e, prefix) for e in schema.iter_errors(sub)]
    return problems


def unresolved_xsi_types(resource: xmlschema.XMLResource,
                         schema: xmlschema.XMLSchema10) -> Iterator[str]:
    """Problems with xsi:type values that do not name a type of the loaded schemas."""
    for elem in resource.root.iter():
        value = elem.get(XSI_TYPE)
        if value is None:
            continue
        prefix, _, local = value.strip().rpartition(":")
        nsmap = resource.get_nsmap(elem) or {}
        where = f"xsi:type={value!r} on {short_name(elem.tag)}"
        if prefix and prefix not in nsmap:
            yield f"{where}: prefix {prefix!r} is not declared"
            continue
        uri = nsmap.get(prefix, "")  # an unprefixed QName takes the default namespace
        if (f"{{{uri}}}{local}" if uri else local) not in schema.maps.types:
            yield f"{where}: no such type in the loaded schemas"


def short_name(tag: str) -> str:
    for uri, short in SHORT_PREFIXES.items():
        tag = tag.replace(f"{{{uri}}}", short)
    return tag


def namespace_of(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    return Path(name).read_bytes()


def add_schemas_option(parser: argparse.ArgumentParser) -> None:
    """The --schemas option, shared with schema_audit.py; see schemas_dir()."""
    parser.add_argument("--schemas", metavar="DIR", type=Path,
                        help="directory with messages.xsd and types.xsd (default: "
                             "$UMCODEC_SCHEMAS, else <repo>/../shared/schemas/ews)")


def schemas_dir(args: argparse.Namespace) -> Path:
    """The EWS schema directory: --schemas, else $UMCODEC_SCHEMAS, else the default."""
    return args.schemas or Path(os.environ.get("UMCODEC_SCHEMAS") or DEFAULT_EWS_DIR)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Validate SOAP 1.1 envelopes against the published EWS schemas.")
    add_schemas_option(parser)
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print every problem in full (not only the first, clipped) and the "
                             "schema load time to stderr")
    parser.add_argument("files", nargs="+", metavar="FILE", help='envelope file, or "-" for stdin')
    args = parser.parse_args(argv)  # exits with status 2 on usage errors

    if args.files.count("-") > 1:
        parser.error('"-" (standard input) may be given only once')
    ews_dir = schemas_dir(args)
    if not ews_dir.is_dir():
        print(f"error: schema directory not found: {ews_dir}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    try:
        schema = load_schemas(ews_dir)
    except SetupError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.verbose:
        print(f"schemas loaded from {ews_dir} in {time.perf_counter() - started:.2f}s",
              file=sys.stderr)

    passed = failed = 0
    for name in args.files:
        try:
            problems = check_envelope(read_input(name), schema)
        except OSError as err:
            problems = [f"cannot read: {err.strerror or err}"]
        except Exception as err:  # noqa: BLE001 -- a validator bug must not hide other files' results
            problems = [f"validator error: {type(err).__name__}: {one_line(str(err))}"]
            if args.verbose:
                traceback.print_exc()
        if problems:
            failed += 1
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            print(f"FAIL {name}: {clip(problems[0])}{more}")
            if args.verbose:
                for problem in problems:
                    print(f"  {name}: {problem}", file=sys.stderr)
        else:
            passed += 1
            print(f"OK {name}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
