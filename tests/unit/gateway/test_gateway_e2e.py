"""Through the public command lines: ``pdvault-org serve`` as its own process, ``pdvault-org request
--publish``, ``pdvault-cli request fetch``, ``request approve --send``, ``grant revoke --send``, ``pdvault-
org receipt --publish``, ``pdvault-cli messages fetch``, ``pdvault-org registry``; TLS with a certificate
that does not verify (refused, nothing sent) and with its CA given; SIGTERM ends the gateway cleanly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID
from gwhelpers import free_port

from pgserver import wait_port
from vault_app.cli import org as org_cli
from vault_app.cli import subject
from vault_app.protocol import online
from vaulttools import TEST_PASSWORD

PURPOSE = "https://w3id.org/dpv#ServiceProvision"


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def data(self) -> Any:
        return json.loads(self.out)


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "work"
    d.mkdir()
    monkeypatch.chdir(d)
    return d


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, work: Path
) -> Any:
    monkeypatch.setenv("PDVAULT_PASSWORD", TEST_PASSWORD)
    vault = tmp_path / "vault"

    def run(*argv: str, stdin: str | None = None) -> Result:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = subject.main(["--vault", str(vault), *argv])
        out, err = capsys.readouterr()
        assert "Traceback" not in err and "Traceback" not in out
        return Result(code, out, err)

    assert run("init", "--kdf-profile", "minimum", "--json").code == 0
    for name, ftype, cat, value in [
        ("email", "email", "contact", "alice.canary@example.org"),
        ("birthdate", "date", "demographic", "1990-05-17"),
    ]:
        monkeypatch.setattr("sys.stdin", io.StringIO(value))  # values never go on the command line
        assert (
            run("field", "set", name, "--type", ftype, "--category", cat, "--value", "-", "--json").code == 0
        )
    return run


@pytest.fixture
def org(capsys: pytest.CaptureFixture[str]) -> Any:
    def run(*argv: str) -> Result:
        code = org_cli.main(list(argv))
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return Result(code, out, err)

    return run


class Served:
    def __init__(self, keys: Path, *extra: str, scheme: str = "http") -> None:
        self.port = free_port()
        self.url = f"{scheme}://localhost:{self.port}"
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "vault_app.cli.org",
                "serve",
                "--keys",
                str(keys),
                "--port",
                str(self.port),
                *extra,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            wait_port(self.port, 20)
        except TimeoutError:
            self.proc.kill()
            raise AssertionError(self.proc.communicate()[1]) from None

    def stop(self) -> tuple[int, str, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate(timeout=30)
        return self.proc.returncode, out, err


def _spec(path: Path) -> Path:
    path.write_text(
        json.dumps(
            {
                "fields": [
                    {"name": "email", "category": "contact"},
                    {"name": "birthdate", "category": "demographic"},
                ],
                "purposes": [PURPOSE],
                "purpose_text": "Deliver your order",
                "retention_days": 30,
            }
        )
    )
    return path


def test_online_round_trip_through_the_command_lines(cli: Any, org: Any, work: Path) -> None:
    keys = work / "shop-keys"
    assert org("keygen", "--dir", str(keys), "--name", "Example Shop").code == 0
    org_did = json.loads((keys / "profile.json").read_text())["did"]
    gw = Served(keys)
    try:
        # the organisation publishes its request; the link carries the address, not the token
        r = org(
            "request",
            "--keys",
            str(keys),
            "--spec",
            str(_spec(work / "spec.json")),
            "--out",
            "req.pdvreq",
            "--publish",
            gw.url,
        )
        assert r.code == 0, r.err
        link = next(line for line in r.out.splitlines() if line.startswith("pdv:"))
        assert link.startswith(f"pdv:request?uri={gw.url}/requests/") and len(link) < 120
        # the vault fetches and imports it, approves and sends
        f = cli("request", "fetch", link, "--json")
        assert f.code == 0, f.err
        rid = f.data["id"]
        a = cli(
            "request",
            "approve",
            rid,
            "--field",
            "email=exact",
            "--field",
            "birthdate=anon:date.year",
            "--confirm-unknown",
            "--send",
            "--gateway",
            gw.url,
            "--json",
        )
        assert a.code == 0, a.err
        docs = [json.loads(x) for x in _json_docs(a.out)]
        grant_id = docs[0]["grant"]
        assert docs[1]["delivered"]["message"] == grant_id and docs[1]["delivered"]["kind"] == "grant"
        hist = cli("history", "list", "--json")
        assert hist.code == 0, hist.err
        assert any(e.get("kind") == "message.delivered" for e in _entries(hist.data)), hist.out[:500]
        # the organisation's registry holds it (no status list pushed yet: "list-stale")
        reg = org("registry", "--keys", str(keys), "--json")
        assert reg.code == 0, reg.err
        (g,) = reg.data["grants"]
        assert (
            g["grant_id"] == grant_id and g["state"] == "list-stale" and g["fields"] == ["email", "birthdate"]
        )
        # revoke with --send: the notice and the renewed status list arrive
        rv = cli("grant", "revoke", grant_id, "--yes", "--send", "--gateway", gw.url, "--json")
        assert rv.code == 0, rv.err
        reg2 = org("registry", "--keys", str(keys), "--state", "revoked", "--json")
        assert [x["grant_id"] for x in reg2.data["grants"]] == [grant_id]
        assert reg2.data["grants"][0]["revoked_by"] == "notice"
        exp = org("registry", "--keys", str(keys), "--export", str(work / "grants.csv"))
        assert exp.code == 0
        rows = list(csv.DictReader(io.StringIO((work / "grants.csv").read_text())))
        assert [(x["grant_id"], x["state"]) for x in rows] == [(grant_id, "revoked")]
        # the organisation leaves a receipt in the mailbox; the vault fetches it
        (work / "receipt.json").write_text(json.dumps({"entries": [{"action": "use", "fields": ["email"]}]}))
        grant_file = work / f"{rid}.pdvgrant"
        rc = org(
            "--at",
            str(_grant_time(cli, grant_id)),
            "receipt",
            "--keys",
            str(keys),
            str(grant_file),
            "--request",
            "req.pdvreq",
            "--spec",
            "receipt.json",
            "--out",
            "use.pdvreceipt",
            "--publish",
            gw.url,
        )
        assert rc.code == 0, rc.err
        # a renewed status list, then an erasure request, both delivered; the organisation confirms the
        # erasure
        # through the mailbox
        assert cli("status-list", "push", "--org", org_did, "--gateway", gw.url, "--json").code == 0
        er = cli("erasure", "request", grant_id, "--send", "--gateway", gw.url, "--json")
        assert er.code == 0, er.err
        erased = org("registry", "--keys", str(keys), "--json").data
        assert erased["grants"][0]["state"] == "erased" and erased["counts"]["erased"] == 1
        ce = org(
            "confirm-erasure",
            "--keys",
            str(keys),
            f"{grant_id}.erasure.pdvmsg",
            "--grant",
            str(grant_file),
            "--out",
            "done.pdvreceipt",
            "--publish",
            gw.url,
        )
        assert ce.code == 0, ce.err
        m = cli("messages", "fetch", "--org", org_did, "--gateway", gw.url, "--json")
        assert m.code == 0, m.err
        kinds = sorted(x["kind"] for x in m.data["imported"])
        assert kinds == ["deletion-confirmation", "receipt"] and m.data["refused"] == [], m.data
        assert cli("erasure", "list", "--open", "--json").data == []
        again = cli("messages", "fetch", "--org", org_did, "--gateway", gw.url, "--json")
        assert again.data["imported"] == []  # acknowledged: the gateway no longer holds it
    finally:
        code, out, err = gw.stop()
    assert code == 0, err
    assert "listening on" in out
    # structured access log: one JSON object per request, with route templates, never a DID or a body
    lines = [json.loads(x) for x in err.splitlines() if x.startswith("{")]
    assert lines and {"method", "route", "status", "ms"} <= set(lines[0])
    assert "did:key" not in err and "alice" not in err


def _json_docs(text: str) -> list[str]:
    dec = json.JSONDecoder()
    docs, i = [], 0
    text = text.strip()
    while i < len(text):
        obj, j = dec.raw_decode(text, i)
        docs.append(json.dumps(obj))
        i = j
        while i < len(text) and text[i].isspace():
            i += 1
    return docs


def _entries(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        for key in ("entries", "events", "history"):
            if isinstance(data.get(key), list):
                return list(data[key])
    return list(data) if isinstance(data, list) else []


def _grant_time(cli: Any, grant_id: str) -> int:
    # the receipt is made while the grant is valid: now
    import time

    return int(time.time())


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = generate_private_key(SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def test_the_vault_refuses_a_gateway_whose_certificate_does_not_verify(
    cli: Any, org: Any, work: Path
) -> None:
    keys = work / "keys"
    assert org("keygen", "--dir", str(keys), "--name", "Example Shop").code == 0
    cert, key = _self_signed(work)
    gw = Served(keys, "--tls-cert", str(cert), "--tls-key", str(key), scheme="https")
    try:
        r = org(
            "request",
            "--keys",
            str(keys),
            "--spec",
            str(_spec(work / "spec.json")),
            "--out",
            "req.pdvreq",
            "--publish",
            gw.url,
            "--cafile",
            str(cert),
        )
        assert r.code == 0, r.err
        rid = cli("request", "import", "req.pdvreq", "--json").data["results"][0]["id"]
        a = cli(
            "request",
            "approve",
            rid,
            "--field",
            "email=exact",
            "--confirm-unknown",
            "--send",
            "--gateway",
            gw.url,
        )
        assert a.code == 6 and "certificate does not verify" in a.err and "nothing was sent" in a.err
        assert (work / f"{rid}.pdvgrant").exists()  # the file is the fallback
        # nothing reached the gateway's registry
        reg = org("registry", "--keys", str(keys), "--json")
        assert reg.data["grants"] == []
        # with the organisation's CA given, the same grant is delivered
        grant_id = json.loads(cli("grant", "list", "--json").out)
        gid = _first_grant_id(grant_id)
        jwe = (work / f"{rid}.pdvgrant").read_text().strip()
        from vault_app.protocol import online

        ans = online.http("POST", gw.url + "/inbox", body=jwe, cafile=str(cert))
        assert ans.status == 201
        assert [g["grant_id"] for g in org("registry", "--keys", str(keys), "--json").data["grants"]] == [gid]
    finally:
        code, _, err = gw.stop()
    assert code == 0, err


def _first_grant_id(data: Any) -> str:
    rows = data if isinstance(data, list) else data.get("grants", [])
    return str(rows[0]["id"])


def test_graceful_shutdown_under_load(org: Any, work: Path) -> None:
    """SIGTERM while vaults are delivering: no answer is cut or turned into a server error, the gateway
    exits 0, and every delivery it acknowledged is in the registry."""
    import threading
    import time

    from vault_app.domain.errors import ProtocolError
    from vault_app.domain.model import Category, ReleasedField, ReleaseMode
    from vault_app.protocol import StatusRef, SubjectAgent, online

    keys = work / "keys"
    assert org("keygen", "--dir", str(keys), "--name", "Example Shop").code == 0
    gw = Served(keys, "--rate", "0", "--quiet")
    acked: list[str] = []
    bad: list[str] = []
    try:
        agent = SubjectAgent()
        req = agent.parse_request(_published_via_cli(org, keys, work, gw.url))
        grants = [
            agent.make_grant(
                Ed25519PrivateKey.generate(),
                req,
                [ReleasedField("email", Category.CONTACT, f"u{i}@example.org", ReleaseMode.EXACT)],
                req.body.scope,
                StatusRef(i, "https://gw.example/status/x"),
            )
            for i in range(400)
        ]
        todo = iter(grants)
        lock = threading.Lock()

        def vault() -> None:
            while True:
                with lock:
                    g = next(todo, None)
                if g is None:
                    return
                try:
                    ans = online.http("POST", gw.url + online.PATH_INBOX, body=g.jwe, timeout=20)
                except ProtocolError:
                    return  # the gateway stopped listening: this vault would try again later
                with lock:
                    if ans.status == 201:
                        acked.append(g.jti)
                    else:
                        bad.append(str(ans.status))

        threads = [threading.Thread(target=vault) for _ in range(8)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while len(acked) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        gw.proc.send_signal(signal.SIGTERM)
        for t in threads:
            t.join(60)
        gw.proc.wait(60)
    finally:
        code, _, err = gw.stop()
    assert code == 0, err
    assert bad == []
    assert 20 <= len(acked) < 400, len(acked)  # stopped in the middle of the run
    reg = org("registry", "--keys", str(keys), "--json")
    assert set(acked) <= {g["grant_id"] for g in reg.data["grants"]}


def _published_via_cli(org: Any, keys: Path, work: Path, url: str) -> str:
    r = org(
        "request",
        "--keys",
        str(keys),
        "--spec",
        str(_spec(work / "spec.json")),
        "--out",
        "req.pdvreq",
        "--publish",
        url,
    )
    assert r.code == 0, r.err
    return (work / "req.pdvreq").read_text().strip()


def test_two_worker_processes_share_the_port_and_the_registry(org: Any, work: Path) -> None:
    from vault_app.domain.model import Category, ReleasedField, ReleaseMode
    from vault_app.protocol import StatusRef, SubjectAgent, online

    keys = work / "keys"
    assert org("keygen", "--dir", str(keys), "--name", "Example Shop").code == 0
    gw = Served(keys, "--workers", "2", "--rate", "0")
    try:
        agent = SubjectAgent()
        req = agent.parse_request(_published_via_cli(org, keys, work, gw.url))
        sent = []
        for i in range(30):
            g = agent.make_grant(
                Ed25519PrivateKey.generate(),
                req,
                [ReleasedField("email", Category.CONTACT, f"u{i}@example.org", ReleaseMode.EXACT)],
                req.body.scope,
                StatusRef(i, "https://gw.example/status/x"),
            )
            assert online.http("POST", gw.url + online.PATH_INBOX, body=g.jwe).status == 201
            sent.append(g.jti)
    finally:
        code, out, err = gw.stop()
    assert code == 0, err
    assert len({line.split("[pid ")[1] for line in out.splitlines() if "[pid " in line}) == 2
    reg = org("registry", "--keys", str(keys), "--json")
    assert sorted(g["grant_id"] for g in reg.data["grants"]) == sorted(sent)


def test_status_lists_named_by_a_gateway_are_pushed_when_due(cli: Any, org: Any, work: Path) -> None:
    """A request naming the gateway puts the subject's list at <gateway>/status/<id>; `status-list push
    --due` delivers it there (no address to type), the gateway serves it, and a second run sends nothing
    new."""
    keys = work / "keys"
    assert org("keygen", "--dir", str(keys), "--name", "Example Shop").code == 0
    gw = Served(keys)
    try:
        r = org(
            "request",
            "--keys",
            str(keys),
            "--spec",
            str(_spec(work / "spec.json")),
            "--out",
            "req.pdvreq",
            "--gateway",
            gw.url,
            "--publish",
            gw.url,
        )
        assert r.code == 0, r.err
        rid = cli("request", "import", "req.pdvreq", "--json").data["results"][0]["id"]
        a = cli("request", "approve", rid, "--field", "email=exact", "--confirm-unknown", "--send", "--json")
        assert a.code == 0, a.err  # --send without --gateway: the request named it
        p = cli("status-list", "push", "--due", "--json")
        assert p.code == 0, p.err
        (pushed,) = p.data["pushed"]
        assert pushed["gateway"] == gw.url and pushed["already"] is False
        reg = org("registry", "--keys", str(keys), "--json").data
        (g,) = reg["grants"]
        assert g["status_uri"].startswith(gw.url + "/status/") and g["state"] == "valid"
        served = online.http("GET", g["status_uri"])
        assert served.status == 200 and served.content_type == online.MEDIA_STATUS_LIST
        again = cli("status-list", "push", "--due", "--json")
        assert [x["already"] for x in again.data["pushed"]] == [True]
    finally:
        code, _, err = gw.stop()
    assert code == 0, err


def test_a_gateway_that_acknowledged_for_the_organisation_is_used_again(
    cli: Any, org: Any, work: Path
) -> None:
    """The request named no gateway and the subject typed one for the grant: its acknowledgement, signed by
    the organisation's key, shows that gateway is the organisation's, so revoking with --send and fetching
    the mailbox need no address again. Another organisation's acknowledged gateway is never used."""
    keys = work / "keys"
    other = work / "other-keys"
    assert org("keygen", "--dir", str(keys), "--name", "Example Shop").code == 0
    assert org("keygen", "--dir", str(other), "--name", "Other Shop").code == 0
    org_did = json.loads((keys / "profile.json").read_text())["did"]
    gw = Served(keys)
    try:
        spec = str(_spec(work / "spec.json"))
        published = org(
            "request", "--keys", str(keys), "--spec", spec, "--out", "req.pdvreq", "--publish", gw.url
        )  # fmt: skip
        assert published.code == 0, published.err  # published, but the request names no gateway
        assert org("request", "--keys", str(other), "--spec", spec, "--out", "other.pdvreq").code == 0
        rid = cli("request", "import", "req.pdvreq", "--json").data["results"][0]["id"]
        oid = cli("request", "import", "other.pdvreq", "--json").data["results"][0]["id"]
        a = cli(
            "request", "approve", rid, "--field", "email=exact", "--confirm-unknown", "--send",
            "--gateway", gw.url, "--json",
        )  # fmt: skip
        assert a.code == 0, a.err
        grant_id = json.loads(_json_docs(a.out)[0])["grant"]
        rv = cli("grant", "revoke", grant_id, "--yes", "--send", "--json")
        assert rv.code == 0, rv.err
        sent = [json.loads(x) for x in _json_docs(rv.out) if "delivered" in json.loads(x)]
        assert sent and all(x["delivered"]["gateway"] == gw.url for x in sent)
        reg = org("registry", "--keys", str(keys), "--state", "revoked", "--json")
        assert [x["grant_id"] for x in reg.data["grants"]] == [grant_id]
        m = cli("messages", "fetch", "--org", org_did, "--json")
        assert m.code == 0, m.err
        p = cli("status-list", "push", "--org", org_did, "--json")
        assert p.code == 0, p.err
        # the other organisation never acknowledged anything: still no address for it
        b = cli("request", "approve", oid, "--field", "email=exact", "--confirm-unknown", "--send", "--json")
        assert b.code == 6 and "named no gateway" in b.err
    finally:
        code, _, err = gw.stop()
    assert code == 0, err


def test_a_revocation_whose_delivery_failed_says_so_and_can_be_sent_again(
    cli: Any, org: Any, work: Path
) -> None:
    """The gateway is down when the subject revokes: the grant is revoked and the notice written, and the
    output says both before the delivery error. The same command again (the grant already revoked) sends
    the notice instead of refusing, and the organisation's registry then shows the revocation."""
    keys = work / "keys"
    assert org("keygen", "--dir", str(keys), "--name", "Example Shop").code == 0
    gw = Served(keys)
    try:
        spec = str(_spec(work / "spec.json"))
        r = org("request", "--keys", str(keys), "--spec", spec, "--out", "req.pdvreq", "--publish", gw.url)
        assert r.code == 0, r.err
        rid = cli("request", "import", "req.pdvreq", "--json").data["results"][0]["id"]
        a = cli(
            "request", "approve", rid, "--field", "email=exact", "--confirm-unknown", "--send",
            "--gateway", gw.url, "--json",
        )  # fmt: skip
        assert a.code == 0, a.err
        grant_id = json.loads(_json_docs(a.out)[0])["grant"]
        down = f"http://localhost:{free_port()}"
        rv = cli("grant", "revoke", grant_id, "--yes", "--send", "--gateway", down)
        assert rv.code == 6, (rv.code, rv.err)  # the gateway could not be reached
        assert f"Grant {grant_id} revoked." in rv.out and ".revocation.pdvmsg" in rv.out
        assert cli("grant", "revoke", grant_id, "--yes").code == 7  # without --send: nothing to do
        again = cli("grant", "revoke", grant_id, "--yes", "--send", "--json")
        assert again.code == 0, again.err
        docs = [json.loads(x) for x in _json_docs(again.out)]
        assert docs[0]["grant"] == grant_id and docs[0]["already_revoked"] is True
        assert [d["delivered"]["kind"] for d in docs[1:]] == ["revocation", "status-list"]
        reg = org("registry", "--keys", str(keys), "--state", "revoked", "--json")
        assert [(x["grant_id"], x["revoked_by"]) for x in reg.data["grants"]] == [(grant_id, "notice")]
    finally:
        code, _, err = gw.stop()
    assert code == 0, err
