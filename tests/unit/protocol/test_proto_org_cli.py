"""pdvault-org, called in-process: outputs, files and exit codes, end to end with the subject side built on the
protocol API (keygen -> request -> grant -> open -> revoked via status list)."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from proto_helpers import T0, decode_part, seeded_ed25519

from vault_app.cli.org import main
from vault_app.domain.clock import FixedClock
from vault_app.domain.model import Category, ReleasedField, ReleaseMode
from vault_app.protocol import (
    Kind,
    MemoryReplayCache,
    StatusList,
    StatusRef,
    SubjectAgent,
    VerificationOutcome,
    VerificationResult,
    detect_kind,
    did_from_public_key,
)
from vault_app.protocol.transport import read_message_file

AT = str(T0)
STATUS = "https://vault.example/status/cli"


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)


def run(*argv: str | Path) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue() and "Traceback" not in out.getvalue()
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def env(tmp_path: Path) -> dict[str, Path]:
    keys = tmp_path / "org"
    r = run("keygen", "--dir", keys, "--name", "Example Bank", "--url", "https://bank.example")
    assert r.code == 0, r.err
    spec = tmp_path / "request.json"
    spec.write_text(json.dumps({
        "fields": [{"name": "email", "category": "contact", "reason": "statements"},
                   {"name": "birth_date", "category": "demographic"}],
        "purposes": ["https://w3id.org/dpv#ServiceProvision"],
        "purpose_text": "Open and run your savings account.",
        "retention_days": 365,
        "valid_days": 14,
    }))
    return {"keys": keys, "spec": spec, "dir": tmp_path}


def subject(clock_at: float = T0) -> SubjectAgent:
    return SubjectAgent(clock=FixedClock(clock_at), replay=MemoryReplayCache(FixedClock(clock_at)))


SUBJECT_KEY = seeded_ed25519(42)


def make_request(env: dict[str, Path]) -> Path:
    req = env["dir"] / "r.pdvreq"
    r = run("--at", AT, "request", "--keys", env["keys"], "--spec", env["spec"], "--out", req, "--qr", env["dir"] / "r.svg")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    link = next(line for line in lines if line.startswith("pdv:request?t="))
    assert detect_kind(link).kind is Kind.REQUEST and detect_kind(link).token == read_message_file(req)
    assert (env["dir"] / "r.svg").read_text().lstrip().startswith("<?xml")
    return req


def make_grant(env: dict[str, Path], req: Path, idx: int = 3) -> Path:
    agent = subject()
    msg = agent.parse(read_message_file(req))
    fields = [ReleasedField("email", Category.CONTACT, "ada@example.org", ReleaseMode.EXACT)]
    sealed = agent.make_grant(SUBJECT_KEY, msg, fields, msg.body.scope, StatusRef(idx, STATUS), withheld=["birth_date"])
    path = env["dir"] / "g.pdvgrant"
    path.write_text(sealed.jwe)
    return path


def status_list(env: dict[str, Path], revoked: tuple[int, ...], key: Any = SUBJECT_KEY) -> Path:
    sl = StatusList(32)
    for i in revoked:
        sl.revoke(i)
    path = env["dir"] / f"status-{len(revoked)}-{id(key)}.pdvstatus"
    path.write_text(subject().build_status_list(key, STATUS, sl))
    return path


def test_keygen_writes_standard_jwk_files(env: dict[str, Path]) -> None:
    for name in ("signing.jwk", "encryption.jwk"):
        p = env["keys"] / name
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o600
        jwk = json.loads(p.read_text())
        assert jwk["kty"] == "OKP" and jwk["crv"] in ("Ed25519", "X25519") and "d" in jwk
    profile = json.loads((env["keys"] / "profile.json").read_text())
    assert profile["did"].startswith("did:key:z6Mk") and profile["name"] == "Example Bank"
    again = run("keygen", "--dir", env["keys"], "--name", "X")
    assert again.code == 2 and "--force" in again.err
    assert run("keygen", "--dir", env["keys"], "--name", "X", "--force").code == 0


def test_end_to_end_open_and_revocation(env: dict[str, Path]) -> None:
    req = make_request(env)
    grant = make_grant(env, req)
    r = run("--at", str(T0 + 60), "open", "--keys", env["keys"], grant, "--request", req, "--no-status-check")
    assert r.code == 0, r.err
    out = r.json()
    assert out["valid"] and out["kind"] == "grant" and out["subject"] == did_from_public_key(SUBJECT_KEY)
    assert out["fields"] == [{"name": "email", "category": "contact", "form": "exact", "value": "ada@example.org"}]
    assert out["withheld"] == ["birth_date"] and out["scope"]["retention_seconds"] == 365 * 86400
    assert out["status"]["checked"] is False and out["status"]["skipped"] is True and "NOT checked" in out["status"]["note"]
    # without a status list and without opting out: 13, the grant printed with why it was not checked
    unchecked = run("--at", str(T0 + 60), "open", "--keys", env["keys"], grant, "--request", req)
    assert unchecked.code == 13 and "[no-status-list]" in unchecked.err
    assert unchecked.json()["status"] == {"idx": 3, "uri": STATUS, "checked": False, "reason": "no-status-list"}
    # the request folder works too
    assert run("--at", str(T0 + 60), "open", "--keys", env["keys"], grant, "--request", env["dir"], "--no-status-check").code == 0
    # not revoked
    ok = run("--at", str(T0 + 60), "open", "--keys", env["keys"], grant, "--request", req, "--status-list", status_list(env, (1, 2)))
    assert ok.code == 0 and ok.json()["status"]["checked"] is True and ok.json()["status"]["revoked"] is False
    # revoked: exit 12
    rev = run("--at", str(T0 + 60), "open", "--keys", env["keys"], grant, "--request", req, "--status-list", status_list(env, (3,)))
    assert rev.code == 12 and "revoked" in rev.err and rev.out == ""
    # status list as a file: URL
    url = status_list(env, (3,)).as_uri()
    assert run("--at", str(T0 + 60), "open", "--keys", env["keys"], grant, "--request", req, "--status-list", url).code == 12
    # a status list signed by someone else, or unreachable: exit 13
    forged = status_list(env, (), key=seeded_ed25519(43))
    assert run("--at", str(T0 + 60), "open", "--keys", env["keys"], grant, "--request", req, "--status-list", forged).code == 13
    gone = run("--at", str(T0 + 60), "open", "--keys", env["keys"], grant, "--request", req, "--status-list", env["dir"] / "nope")
    assert gone.code == 13 and "could not be checked" in gone.err


def test_open_exit_codes(env: dict[str, Path], tmp_path: Path) -> None:
    req = make_request(env)
    grant = make_grant(env, req)
    expired = run("--at", str(T0 + 400 * 86400), "open", "--keys", env["keys"], grant, "--request", req)
    assert expired.code == 11 and "[expired]" in expired.err
    tampered = tmp_path / "t.pdvgrant"
    text = grant.read_text()
    tampered.write_text(text[:-5] + ("A" if text[-5] != "A" else "B") + text[-4:])
    bad = run("--at", str(T0 + 60), "open", "--keys", env["keys"], tampered, "--request", req)
    assert bad.code == 10 and "[undecryptable]" in bad.err
    other_spec = tmp_path / "other.json"
    other_spec.write_text(env["spec"].read_text())
    other_req = tmp_path / "other.pdvreq"
    assert run("--at", AT, "request", "--keys", env["keys"], "--spec", other_spec, "--out", other_req).code == 0
    mismatch = run("--at", str(T0 + 60), "open", "--keys", env["keys"], grant, "--request", other_req)
    assert mismatch.code == 10 and "[request-mismatch]" in mismatch.err
    assert run("--at", str(T0 + 60), "open", "--keys", env["keys"], req, "--request", req).code == 10
    missing = run("open", "--keys", env["keys"], tmp_path / "missing.pdvgrant", "--request", req)
    assert missing.code == 1 and "Cannot read" in missing.err
    assert run("open", "--keys", tmp_path / "nokeys", grant, "--request", req).code == 2


def test_usage_errors(env: dict[str, Path], tmp_path: Path) -> None:
    assert run().code == 2
    assert run("--help").code == 0
    assert run("--version").code == 0
    assert run("frobnicate").code == 2
    bad = tmp_path / "bad.json"
    for content, needle in (
        ("not json", "not valid JSON"),
        ("[]", "JSON object"),
        (json.dumps({"fields": []}), "purposes"),
        (json.dumps({"fields": [{"name": "email", "category": "nope"}], "purposes": [], "purpose_text": "x", "retention_days": 1}), "category"),
        (json.dumps({"fields": [{"name": "e mail", "category": "contact"}], "purposes": ["https://w3id.org/dpv#A"], "purpose_text": "x", "retention_days": 1}), "field name"),
        (json.dumps({"fields": [{"name": "email", "category": "contact"}], "purposes": ["https://w3id.org/dpv#A"], "purpose_text": "x"}), "retention"),
    ):
        bad.write_text(content)
        r = run("request", "--keys", env["keys"], "--spec", bad, "--out", tmp_path / "x.pdvreq")
        assert r.code == 2 and needle in r.err, (content, r.err)
    assert run("request", "--keys", env["keys"], "--spec", tmp_path / "none.json", "--out", tmp_path / "x").code == 1


def test_verification_request_and_response(env: dict[str, Path], tmp_path: Path) -> None:
    spec = tmp_path / "v.json"
    spec.write_text(json.dumps({
        "checks": [{"name": "email", "category": "contact", "value": "ada@example.org"},
                   {"name": "postcode", "category": "location", "hash_of": "SW1A 1AA"}],
        "purposes": ["https://w3id.org/dpv#IdentityVerification"],
        "purpose_text": "Check your details.",
    }))
    vreq = tmp_path / "v.pdvreq"
    assert run("--at", AT, "verification-request", "--keys", env["keys"], "--spec", spec, "--out", vreq).code == 0
    assert "SW1A" not in json.dumps(decode_part(vreq.read_text().strip(), 1))  # only the salted hash travels
    agent = subject()
    msg = agent.parse(read_message_file(vreq))
    assert msg.body.checks[1].matches("SW1A 1AA")
    sealed = agent.make_verification_response(
        SUBJECT_KEY, msg, [VerificationResult("email", VerificationOutcome.MATCH), VerificationResult("postcode", VerificationOutcome.DECLINED)]
    )
    resp = tmp_path / "v.pdvgrant"
    resp.write_text(sealed.jwe)
    r = run("--at", str(T0 + 5), "open", "--keys", env["keys"], resp, "--request", vreq)
    assert r.code == 0 and r.json()["results"] == {"email": "match", "postcode": "declined"}


def test_receipt(env: dict[str, Path], tmp_path: Path) -> None:
    req = make_request(env)
    grant = make_grant(env, req)
    spec = tmp_path / "receipt.json"
    spec.write_text(json.dumps({"entries": [{"action": "use", "fields": ["email"], "at": "2027-01-15T10:00:00Z", "purpose_text": "Statement"}]}))
    out = tmp_path / "x.pdvreceipt"
    r = run("--at", str(T0 + 60), "receipt", "--keys", env["keys"], grant, "--request", req, "--spec", spec, "--out", out)
    assert r.code == 0, r.err
    org_did = json.loads((env["keys"] / "profile.json").read_text())["did"]
    receipt = subject(T0 + 60).parse_receipt(read_message_file(out), audience=did_from_public_key(SUBJECT_KEY), organisation=org_did)
    assert receipt.body.entries[0].fields == ("email",) and receipt.body.grant_hash is not None
    spec.write_text(json.dumps({"entries": [{"action": "use", "fields": ["birth_date"]}]}))  # withheld field
    assert run("--at", str(T0 + 60), "receipt", "--keys", env["keys"], grant, "--request", req, "--spec", spec, "--out", out).code == 2


def test_derived_request(env: dict[str, Path], tmp_path: Path) -> None:
    spec = tmp_path / "d.json"
    subject_did = did_from_public_key(SUBJECT_KEY)
    spec.write_text(json.dumps({
        "subject": subject_did,
        "conclusion": {"name": "credit_band", "category": "financial", "description": "Credit band"},
        "method": "Scoring model v3",
        "sources": [{"grant": "GRANTGRANTGRANT01", "fields": ["email"]}],
        "purposes": ["https://w3id.org/dpv#CreditChecking"],
        "purpose_text": "Offer a loan.",
        "retention_days": 90,
    }))
    out = tmp_path / "d.pdvreq"
    r = run("--at", AT, "derived-request", "--keys", env["keys"], "--spec", spec, "--out", out)
    assert r.code == 0, r.err
    org_did = json.loads((env["keys"] / "profile.json").read_text())["did"]
    msg = subject().parse(read_message_file(out), pairwise_did_for={org_did: subject_did}.get)
    assert msg.kind is Kind.DERIVED_REQUEST and msg.body.conclusion.name == "credit_band"


def test_confirm_erasure(env: dict[str, Path], tmp_path: Path) -> None:
    org_did = json.loads((env["keys"] / "profile.json").read_text())["did"]
    erasure = tmp_path / "e.pdvmsg"
    erasure.write_text(subject().make_erasure_request(SUBJECT_KEY, org_did, ["GRANTGRANTGRANT01"]))
    out = tmp_path / "c.pdvreceipt"
    subject_did = did_from_public_key(SUBJECT_KEY)
    r = run("--at", str(T0 + 10), "confirm-erasure", "--keys", env["keys"], erasure, "--subject", subject_did,
            "--retained", "email=Tax law: 10 years", "--out", out)
    assert r.code == 0, r.err
    conf = subject(T0 + 10).parse_deletion_confirmation(read_message_file(out), audience=did_from_public_key(SUBJECT_KEY), organisation=org_did)
    assert conf.body.outcome.value == "partially-deleted" and conf.body.retained[0].reason == "Tax law: 10 years"
    assert run("--at", str(T0 + 10), "confirm-erasure", "--keys", env["keys"], erasure, "--subject", subject_did,
               "--retained", "email", "--out", out).code == 2
    wrong = run("--at", str(T0 + 10), "confirm-erasure", "--keys", env["keys"], erasure, "--subject", org_did, "--out", out)
    assert wrong.code == 10 and "[unknown-key]" in wrong.err


def test_trust_list(env: dict[str, Path], tmp_path: Path) -> None:
    cert = tmp_path / "cert"
    assert run("keygen", "--dir", cert, "--name", "Example Certification Body").code == 0
    org_did = json.loads((env["keys"] / "profile.json").read_text())["did"]
    spec = tmp_path / "t.json"
    spec.write_text(json.dumps({"seq": 7, "valid_days": 30, "entries": [{"did": org_did, "name": "Example Bank", "status": "compliant"}]}))
    out = tmp_path / "list.pdvtrust"
    assert run("--at", AT, "trust-list", "--keys", cert, "--spec", spec, "--out", out).code == 0
    cert_did = json.loads((cert / "profile.json").read_text())["did"]
    tl = subject().parse(read_message_file(out), certifiers={cert_did})
    assert tl.body.seq == 7 and tl.body.status_of(org_did).value == "compliant"
    spec.write_text(json.dumps({"seq": 8, "entries": [{"did": org_did, "name": "Example Bank", "status": "great"}]}))
    assert run("trust-list", "--keys", cert, "--spec", spec, "--out", out).code == 2
