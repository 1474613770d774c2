#!/usr/bin/env python3
"""Regenerates src/messages/response_code.rs from the published messages.xsd.

Usage: python3 scripts/gen_response_codes.py [path/to/messages.xsd]
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
xsd = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared/schemas/ews/messages.xsd"
text = xsd.read_text(encoding="utf-8")
start = text.index('name="ResponseCodeType"')
end = text.index("</xs:simpleType>", start)
values = re.findall(r'<xs:enumeration value="([^"]+)"', text[start:end])
lines = [
    "//! `ResponseCodeType` of the EWS messages schema: every code the published",
    "//! `messages.xsd` lists (generated from `../shared/schemas/ews/messages.xsd`",
    "//! by `scripts/gen_response_codes.py`; do not edit by hand).",
    "",
    "use crate::values::string_enum;",
    "",
    "string_enum! {",
    "    /// A response code the published schema lists. Codes it does not list",
    "    /// are kept as text by [`super::ResponseCode::Other`].",
    "    pub enum KnownResponseCode {",
]
lines += [f'        {v} = "{v}",' for v in values]
lines += ["    }", "}", ""]
(root / "src/messages/response_code.rs").write_text("\n".join(lines), encoding="utf-8")
print(f"{len(values)} response codes written")
