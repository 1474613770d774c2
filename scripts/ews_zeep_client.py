#!/usr/bin/env python3
"""Run EWS PlayOnPhone, GetPhoneCallInformation and DisconnectPhoneCall
against umcodec-server with zeep, a SOAP client no one here wrote, driven
only by the published EWS WSDL; then validate every reply against the
published schemas (scripts/schema_check.py).

Usage: python3 scripts/ews_zeep_client.py WSDL_DIR URL [--dial NUMBER] [--timeout SECONDS]

WSDL_DIR holds services.wsdl, messages.xsd and types.xsd; URL is the
server (http://HOST:PORT; the EWS endpoint /EWS/Exchange.asmx is added).
Prints one line per step; exit status 0 when the whole call went through
and every reply is schema-valid, 1 otherwise, 2 on a usage or setup error.

The machine may have no Internet: types.xsd imports the xml namespace
(xml:lang) without a location, so the transport below serves our own copy
of xml.xsd (scripts/schemas/xml.xsd) for it, serves local files, and
refuses to fetch anything else from the network. Needs the packages of
scripts/requirements-zeep.txt (zeep) and scripts/requirements.txt
(xmlschema, for schema_check.py).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import zeep
    from lxml import etree
    from zeep.plugins import HistoryPlugin
    from zeep.transports import Transport
except ImportError:
    print("error: the 'zeep' package is required: "
          "pip install -r scripts/requirements-zeep.txt", file=sys.stderr)
    sys.exit(2)

SCRIPT_DIR = Path(__file__).resolve().parent
XML_XSD = SCRIPT_DIR / "schemas" / "xml.xsd"
MESSAGES = "http://schemas.microsoft.com/exchange/services/2006/messages"
BINDING = f"{{{MESSAGES}}}ExchangeServiceBinding"
XML_NS_LOCATIONS = (
    "http://www.w3.org/2001/xml.xsd",
    "https://www.w3.org/2001/xml.xsd",
    "http://www.w3.org/XML/1998/namespace",
)


class OfflineTransport(Transport):
    """Loads schema documents from disk only: local paths as they are, the
    xml namespace's schema from our copy, and nothing else."""

    def load(self, url):
        if url in XML_NS_LOCATIONS:
            return XML_XSD.read_bytes()
        if url.startswith(("http://", "https://")):
            raise OSError(f"refusing to fetch {url}: offline transport (no remote schemas)")
        return super().load(url)


def step(text: str) -> None:
    print(text, flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wsdl_dir", type=Path)
    ap.add_argument("url")
    ap.add_argument("--dial", default="4255550123")
    ap.add_argument("--timeout", type=float, default=10.0)
    args = ap.parse_args()

    wsdl = args.wsdl_dir / "services.wsdl"
    if not wsdl.is_file():
        print(f"error: {wsdl} not found", file=sys.stderr)
        return 2

    session = __import__("requests").Session()
    session.trust_env = False  # no proxy for a loopback server
    transport = OfflineTransport(session=session, timeout=args.timeout, operation_timeout=args.timeout)
    history = HistoryPlugin(maxlen=100)
    client = zeep.Client(str(wsdl), transport=transport, plugins=[history])
    # Register the xml namespace's schema so that types.xsd's location-less
    # import resolves (zeep would otherwise leave xml:lang undefined).
    service = client.create_service(BINDING, args.url.rstrip("/") + "/EWS/Exchange.asmx")
    headers = {"RequestVersion": {"Version": "Exchange2010"}}

    replies: list[tuple[str, bytes]] = []

    def last_reply(op: str) -> None:
        envelope = history.last_received["envelope"]
        replies.append((op, etree.tostring(envelope, xml_declaration=True, encoding="utf-8")))

    item_id = client.get_type("{http://schemas.microsoft.com/exchange/services/2006/types}ItemIdType")
    result = service.PlayOnPhone(ItemId=item_id(Id="AAMkADk5YjQ1NjFhLTBkZWIt"), DialString=args.dial,
                                 _soapheaders=headers)
    last_reply("PlayOnPhone")
    body = result.body if hasattr(result, "body") else result
    if body.ResponseClass != "Success" or body.PhoneCallId is None:
        print(f"error: PlayOnPhone: {body.ResponseClass} {body.ResponseCode} {body.MessageText}")
        return 1
    call_id = body.PhoneCallId.Id
    step(f"PlayOnPhone: {body.ResponseClass} {body.ResponseCode}, PhoneCallId {call_id}")

    def state() -> str:
        r = service.GetPhoneCallInformation(PhoneCallId={"Id": call_id}, _soapheaders=headers)
        last_reply("GetPhoneCallInformation")
        b = r.body if hasattr(r, "body") else r
        if b.ResponseClass != "Success":
            raise RuntimeError(f"GetPhoneCallInformation: {b.ResponseClass} {b.ResponseCode} {b.MessageText}")
        return b.PhoneCallInformation.PhoneCallState

    def wait_for(want: str) -> None:
        deadline = time.monotonic() + args.timeout
        last = None
        while True:
            s = state()
            if s != last:
                step(f"GetPhoneCallInformation: {s}")
                last = s
            if s == want:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for {want}")
            time.sleep(0.05)

    try:
        wait_for("Connected")
        r = service.DisconnectPhoneCall(PhoneCallId={"Id": call_id}, _soapheaders=headers)
        last_reply("DisconnectPhoneCall")
        b = r.body if hasattr(r, "body") else r
        step(f"DisconnectPhoneCall: {b.ResponseClass} {b.ResponseCode}")
        if b.ResponseClass != "Success":
            return 1
        wait_for("Disconnected")
        # An unknown id: an error response, as Exchange writes it.
        r = service.GetPhoneCallInformation(PhoneCallId={"Id": "AAAAAAAAAAEAAAAA"}, _soapheaders=headers)
        last_reply("GetPhoneCallInformation (unknown id)")
        b = r.body if hasattr(r, "body") else r
        step(f"GetPhoneCallInformation (unknown id): {b.ResponseClass} {b.ResponseCode}: {b.MessageText}")
        if b.ResponseCode != "ErrorInvalidPhoneCallId":
            return 1
    except (RuntimeError, zeep.exceptions.Error) as e:
        print(f"error: {e}")
        return 1

    # Every reply the server sent, against the published schemas.
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, (op, xml) in enumerate(replies):
            p = Path(tmp) / f"{i:02d}-{op.split()[0]}.xml"
            p.write_bytes(xml)
            files.append(str(p))
        env = dict(os.environ, UMCODEC_SCHEMAS=str(args.wsdl_dir))
        check = subprocess.run([sys.executable, str(SCRIPT_DIR / "schema_check.py"), *files],
                               env=env, capture_output=True, text=True)
        failed = [l for l in check.stdout.splitlines() if l.startswith("FAIL")]
        for line in failed:
            print(f"schema check: {line}")
        if check.returncode != 0:
            print(check.stderr, file=sys.stderr)
            return 1
    step(f"schema check: all {len(replies)} replies valid against the published EWS schemas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
