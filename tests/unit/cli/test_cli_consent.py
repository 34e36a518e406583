"""``pdvault-cli`` consent commands in-process, against a real vault and real organisations (the toolkit in
:mod:`vault_app.protocol`): request files written to disk, grants and answers read back by the
organisation. Every command's happy path with --json, and the documented exit codes on error paths."""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vault_app.cli import subject
from vault_app.domain.errors import ProtocolError
from vault_app.domain.model import Category, Processing, RequestedField
from vault_app.protocol import (
    Certifier,
    DerivedConclusion,
    DerivedDataRequest,
    DerivedSource,
    OnwardRecipient,
    Organisation,
    OrgKeys,
    UsageAction,
    UsageEntry,
    VerificationCheck,
    make_link,
    unseal,
)
from vaulttools import TEST_PASSWORD

PURPOSE = "https://w3id.org/dpv#ServiceProvision"
DAY = 86400


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def data(self) -> Any:
        return json.loads(self.out)


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    old = os.umask(0o022)  # main() hardens the process (umask 077): do not let that leak into other tests
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder of the CLI: default output files land here."""
    d = tmp_path / "work"
    d.mkdir()
    monkeypatch.chdir(d)
    return d


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, work: Path):
    monkeypatch.setenv("PDVAULT_PASSWORD", TEST_PASSWORD)
    vault = tmp_path / "vault"

    def run(*argv: str, stdin: str | None = None) -> Result:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = subject.main(["--vault", str(vault), *argv])
        out, err = capsys.readouterr()
        assert "Traceback" not in err and "Traceback" not in out
        assert "internal error" not in err, err
        return Result(code, out, err)

    return run


@pytest.fixture
def v(cli):  # type: ignore[no-untyped-def]
    """A vault with a few fields (minimum KDF)."""
    assert cli("init", "--kdf-profile", "minimum", "--json").code == 0
    for name, ftype, cat, value in [
        ("email", "email", "contact", "alice.canary@example.org"),
        ("birthdate", "date", "demographic", "1990-05-17"),
        ("income", "number", "financial", "52000"),
        ("diagnosis", "text", "health", "canary-condition-xyz"),
    ]:
        r = cli(
            "field", "set", name, "--type", ftype, "--category", cat, "--value", "-", "--json", stdin=value
        )
        assert r.code == 0, r.err
    return cli


def org(name: str) -> Organisation:
    return Organisation(OrgKeys.generate(), name)


@pytest.fixture
def shop() -> Organisation:
    return org("Example Shop")


@pytest.fixture
def bank() -> Organisation:
    return org("Example Bank")


def request_file(
    o: Organisation,
    folder: Path,
    name: str = "req.pdvreq",
    *,
    fields: list[RequestedField] | None = None,
    retention: int = 30 * DAY,
    **kw: Any,
) -> tuple[str, Path]:
    fields = fields or [
        RequestedField("email", Category.CONTACT),
        RequestedField("birthdate", Category.DEMOGRAPHIC),
        RequestedField("income", Category.FINANCIAL),
    ]
    token = o.make_request(fields, [PURPOSE], kw.pop("purpose_text", "Deliver your order"), retention, **kw)
    p = folder / name
    p.write_text(token + "\n")
    return token, p


def imported(v, path: Path, *, state: str = "pending_review") -> str:  # type: ignore[no-untyped-def]
    r = v("request", "import", str(path), "--json")
    assert r.code == 0, r.err
    (res,) = r.data["results"]
    assert res["ok"] and res["state"] == state, res
    return str(res["id"])


def history_kinds(v) -> list[str]:  # type: ignore[no-untyped-def]
    r = v("history", "list", "--limit", "500", "--json")
    assert r.code == 0
    return [e["kind"] for e in r.data]


def approved_grant(v, shop: Organisation, tmp_path: Path, **kw: Any) -> tuple[str, Any, str]:
    """Import a request from ``shop``, approve email exactly and birthdate as a year; returns (request
    token, the grant as the organisation opened it, grant id)."""
    token, p = request_file(shop, tmp_path, **kw)
    rid = imported(v, p)
    assert v("org", "set-status", shop.did, "compliant", "--json").code == 0
    r = v(
        "request", "approve", rid, "--field", "email=exact", "--field", "birthdate=anon:date.year", "--json"
    )
    assert r.code == 0, r.err
    grant = shop.open(Path(r.data["file"]).read_text().strip(), [token]).message
    return token, grant, r.data["grant"]


# -- requests ------------------------------------------------------------------------------------------------
def test_import_review_and_partial_approval_is_exactly_what_the_org_opens(v, shop, tmp_path, work) -> None:
    token, p = request_file(shop, tmp_path)
    rid = imported(v, p)

    listed = v("request", "list", "--state", "pending", "--json")
    assert listed.code == 0 and [r["id"] for r in listed.data] == [rid]
    assert listed.data[0]["org_name"] == "Example Shop" and listed.data[0]["kind"] == "authorisation"
    assert v("request", "list", "--state", "approved", "--json").data == []

    shown = v("request", "show", rid, "--json")
    assert shown.code == 0
    d = shown.data
    assert d["organisation"]["did"] == shop.did and d["organisation"]["status"] == "unknown"
    assert d["gate"] == "confirm"
    assert {f["name"]: f["held"] for f in d["fields"]} == {"email": True, "birthdate": True, "income": True}
    assert d["summary"]["purpose_text"] == "Deliver your order" and d["retention_text"]
    text = v("request", "show", rid)
    assert (
        text.code == 0 and "Example Shop" in text.out and "email (contact): you hold it (email)" in text.out
    )
    assert "alice.canary" not in text.out  # review never shows values

    r = v(
        "request",
        "approve",
        rid,
        "--field",
        "email=exact",
        "--field",
        "birthdate=anon:date.year",
        "--field",
        "income=withhold",
        "--confirm-unknown",
        "--json",
    )
    assert r.code == 0, r.err
    assert r.data["outcome"] == "partly_approved" and r.data["withheld"] == ["income"]
    assert [f["name"] for f in r.data["released"]] == ["email", "birthdate"]
    assert "value" not in r.data["released"][0]  # the approve output names fields, it does not echo values
    out = Path(r.data["file"])
    assert out == work / f"{rid}.pdvgrant"
    assert (
        stat.S_IMODE(out.stat().st_mode) == 0o600
    )  # the one rule for files the subject hands out (domain/files.py)

    opened = shop.open(out.read_text().strip(), [token])
    released = {f.name: f.value for f in opened.message.body.fields}
    assert released == {"email": "alice.canary@example.org", "birthdate": 1990}
    assert opened.message.body.withheld == ("income",)
    assert v("request", "list", "--state", "partly_approved", "--json").data[0]["id"] == rid
    kinds = history_kinds(v)
    assert "request.partly-approved" in kinds and "grant.issued" in kinds


def test_preview_signs_and_writes_nothing_and_does_not_show_noise(v, shop, tmp_path, work) -> None:
    _, p = request_file(shop, tmp_path)
    rid = imported(v, p)
    r = v(
        "request",
        "approve",
        rid,
        "--preview",
        "--confirm-unknown",
        "--json",
        "--field",
        "email=anon:email.domain",
        "--field",
        "birthdate=anon:date.age_at_least:years=18",
        "--field",
        "income=anon:number.noise:level=strong,sensitivity=1000",
    )
    assert r.code == 0, r.err
    assert r.data["preview"] is True and r.data["outcome"] == "approved"
    rel = {f["name"]: f for f in r.data["released"]}
    assert rel["email"]["value"] == "example.org" and rel["email"]["method"] == "email.domain"
    assert rel["birthdate"]["value"] is True and rel["birthdate"]["params"]["years"] == "18"
    # noise is drawn once for this organisation and kept: the preview shows the value a grant sends
    assert rel["income"]["randomised"] is True and isinstance(rel["income"]["value"], (int, float))
    assert "kept" in rel["income"]["value_note"]
    assert r.data["scope"]["retention_seconds"] == 30 * DAY
    assert list(work.iterdir()) == []
    assert v("grant", "list", "--json").data == []
    assert v("request", "show", rid, "--json").data["state"] == "pending_review"
    text = v(
        "request",
        "approve",
        rid,
        "--preview",
        "--confirm-unknown",
        "--field",
        "income=anon:number.round:digits=1",
    )
    assert (
        text.code == 0
        and "nothing signed" in text.out
        and "income (financial), anonymised by number.round" in text.out
    )
    assert "50000" in text.out and "Withheld (not sent at all): email, birthdate" in text.out


def test_noise_is_drawn_once_at_approval_and_sent_as_signed(v, shop, tmp_path) -> None:
    token, p = request_file(shop, tmp_path)
    rid = imported(v, p)
    r = v(
        "request",
        "approve",
        rid,
        "--confirm-unknown",
        "--json",
        "--out",
        str(tmp_path / "g.pdvgrant"),
        "--field",
        "income=anon:number.noise:level=light,sensitivity=100",
    )
    assert r.code == 0, r.err
    grant = shop.open((tmp_path / "g.pdvgrant").read_text().strip(), [token]).message
    (f,) = grant.body.fields
    assert f.name == "income" and f.method == "number.noise" and isinstance(f.value, (int, float))
    assert f.value != 52000 or dict(f.params)["level"] == "light"  # a draw of exactly 0 is possible but rare
    shown = v("grant", "show", r.data["grant"], "--reveal", "--json").data
    assert [x["value"] for x in shown["content"]["fields"]] == [f.value]  # the vault kept what it sent


def test_approve_needs_confirmation_for_unassessed_org(v, shop, tmp_path) -> None:
    _, p = request_file(shop, tmp_path)
    rid = imported(v, p)
    r = v("request", "approve", rid, "--field", "email=exact", "--json")
    assert r.code == 8 and r.data["error"] == "confirmation-needed"
    assert "--confirm-unknown" in r.data["message"] and r.err.startswith("error: ")
    assert v("grant", "list", "--json").data == []


def test_a_field_not_requested_cannot_be_approved(v, shop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, p = request_file(shop, tmp_path, fields=[RequestedField("email", Category.CONTACT)])
    rid = imported(v, p)
    r = v(
        "request",
        "approve",
        rid,
        "--field",
        "email=exact",
        "--field",
        "diagnosis=exact",
        "--confirm-unknown",
        "--json",
    )
    assert r.code == 2 and r.data["error"] == "not-requested"
    assert v("grant", "list", "--json").data == []
    # onward transfer or processing the request did not ask for cannot be allowed either
    r = v(
        "request",
        "approve",
        rid,
        "--field",
        "email=exact",
        "--allow-derivation",
        "profile",
        "--confirm-unknown",
        "--json",
    )
    assert r.code == 2 and r.data["error"] == "not-requested"


def test_bad_field_decisions_are_usage_errors(v, shop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, p = request_file(shop, tmp_path)
    rid = imported(v, p)
    for spec in ("email", "email=maybe", "email=anon:", "birthdate=anon:date.age_band:width"):
        r = v("request", "approve", rid, "--field", spec, "--confirm-unknown", "--json")
        assert r.code == 2, (spec, r.out)
    r = v(
        "request", "approve", rid, "--field", "birthdate=anon:no.such.method", "--confirm-unknown", "--json"
    )
    assert r.code == 2 and "no.such.method" in r.data["message"]
    r = v(
        "request",
        "approve",
        rid,
        "--field",
        "email=exact",
        "--confirm-unknown",
        "--out",
        str(tmp_path / "missing" / "g.pdvgrant"),
        "--json",
    )
    assert r.code == 2 and r.data["error"] == "no-folder"
    assert v("request", "show", rid, "--json").data["state"] == "pending_review"  # nothing was signed


def test_withholding_everything_refuses_and_writes_the_refusal(v, shop, tmp_path, work) -> None:
    token, p = request_file(shop, tmp_path)
    rid = imported(v, p)
    r = v("request", "approve", rid, "--field", "email=withhold", "--json")
    assert r.code == 0 and r.data["outcome"] == "refused"
    refusal = (work / f"{rid}.pdvmsg").read_text().strip()
    assert shop.parse_refusal(refusal, shop.parse_request(token)).body.request_id == rid
    assert v("request", "show", rid, "--json").data["state"] == "refused"


def test_refuse_and_already_decided(v, shop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    token, p = request_file(shop, tmp_path)
    rid = imported(v, p)
    out = tmp_path / "no.pdvmsg"
    r = v("request", "refuse", rid, "--reason", "not needed", "--out", str(out), "--json")
    assert r.code == 0 and r.data["file"] == str(out)
    assert shop.parse_refusal(out.read_text().strip(), shop.parse_request(token)).body.request_id == rid
    shown = v("request", "show", rid, "--json").data
    assert shown["state"] == "refused" and shown["reason"] == "not needed"
    again = v("request", "refuse", rid, "--out", str(out), "--json")
    assert again.code == 7 and again.data["error"] == "already-decided"
    r = v("request", "approve", rid, "--field", "email=exact", "--confirm-unknown", "--json")
    assert r.code == 7


def test_unknown_ids_exit_4(v) -> None:  # type: ignore[no-untyped-def]
    for argv in (
        ["request", "show", "nope"],
        ["request", "approve", "nope", "--field", "email=exact"],
        ["request", "refuse", "nope"],
        ["verification", "answer", "nope"],
        ["grant", "show", "nope"],
        ["grant", "revoke", "nope", "--yes"],
        ["grant", "file", "nope", "--out", "x.pdvgrant"],
        ["org", "show", "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH"],
        [
            "status-list",
            "export",
            "--org",
            "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH",
            "s.pdvstatus",
        ],
        ["derived", "decide", "nope", "approve"],
        ["rules", "remove", "no-such-rule"],
        ["erasure", "request", "nope"],
        ["evidence", "export", "--violation", "99", "e.json"],
        ["request", "import", "no-such-file.pdvreq"],
    ):
        r = v(*argv, "--json")
        assert r.code == 4, (argv, r.out, r.err)
        if argv[:2] != ["request", "import"]:
            assert r.data["ok"] is False


def test_forged_and_altered_files_exit_9_are_recorded_and_the_rest_is_imported(
    v, shop, bank, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    token, _ = request_file(shop, tmp_path)
    head, payload, sig = token.split(".")
    forged = tmp_path / "forged.pdvreq"
    forged.write_text(f"{head}.{payload}.{sig[:-4]}AAAA")  # another signature
    other, _ = request_file(bank, tmp_path, "b.pdvreq")
    altered = tmp_path / "altered.pdvreq"
    altered.write_text(f"{head}.{other.split('.')[1]}.{sig}")  # the bank's content under the shop's signature
    _, good = request_file(bank, tmp_path, "good.pdvreq")
    junk = tmp_path / "junk.pdvreq"
    junk.write_bytes(b"\xff\xfe not a message")

    r = v("request", "import", str(forged), str(good), str(altered), str(junk), "--json")
    assert r.code == 9
    res = r.data["results"]
    assert [x["ok"] for x in res] == [False, True, False, False]
    assert res[1]["state"] == "pending_review" and r.data["ok"] is False
    assert all(x["message"] for x in res)
    assert r.err.count("error: ") == 3
    rejected = v("history", "list", "--kind", "request.rejected", "--json").data
    assert len(rejected) == 3
    assert {e["data"]["source"] for e in rejected} == {"forged.pdvreq", "altered.pdvreq", "junk.pdvreq"}
    assert all("reason" in e["data"] for e in rejected)
    assert [x["org"] for x in v("request", "list", "--json").data] == [bank.did]

    text = v("request", "import", str(forged))
    assert text.code == 9 and text.out == ""
    assert text.err == f"error: {forged}: rejected (bad-signature): {res[0]['message']}\n"


def test_replayed_file_is_rejected(v, shop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, p = request_file(shop, tmp_path)
    imported(v, p)
    r = v("request", "import", str(p), "--json")
    assert r.code == 9 and r.data["results"][0]["error"] == "replayed"


def test_import_from_stdin_and_link(v, shop, bank, tmp_path) -> None:  # type: ignore[no-untyped-def]
    token, _ = request_file(shop, tmp_path)
    r = v("request", "import", "-", "--json", stdin=token + "\n")
    assert r.code == 0 and r.data["results"][0]["source"] == "stdin"
    other, _ = request_file(bank, tmp_path, "b.pdvreq")
    r = v("request", "import", "--link", make_link(other), "--json")
    assert r.code == 0 and r.data["results"][0]["source"] == "link"
    assert {x["org"] for x in v("request", "list", "--json").data} == {shop.did, bank.did}
    assert v("request", "import", "--json").code == 2


def test_wrong_password_exits_3(v, shop, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _, p = request_file(shop, tmp_path)
    monkeypatch.setenv("PDVAULT_PASSWORD", "not the password at all")
    for argv in (["request", "list"], ["request", "import", str(p)], ["grant", "list"]):
        r = v(*argv, "--json")
        assert r.code == 3 and r.data["error"] == "wrong-password"


def test_non_compliant_org_is_refused_automatically_and_gets_nothing(v, shop, tmp_path) -> None:
    assert v("org", "add", shop.did, "Example Shop", "--json").code == 0
    assert v("org", "set-status", shop.did, "non-compliant", "--json").code == 0
    _, p = request_file(shop, tmp_path)
    rid = imported(v, p, state="auto_refused")
    r = v("request", "approve", rid, "--field", "email=exact", "--confirm-unknown", "--json")
    assert r.code == 8 and r.data["error"] == "auto-refused"
    assert v("grant", "list", "--json").data == []
    assert "request.auto-refused" in history_kinds(v)
    vp = tmp_path / "ver.pdvreq"
    vp.write_text(
        shop.make_verification_request(
            [VerificationCheck("email", Category.CONTACT, "x@example.org")], [PURPOSE], "Check"
        )
    )
    vid = imported(v, vp, state="auto_refused")
    r = v("verification", "answer", vid, "--json")
    assert r.code == 8 and r.data["error"] == "auto-refused"
    # a compliant organisation that becomes suspended after the request arrived gets nothing either
    other = org("Later Suspended")
    _, p2 = request_file(other, tmp_path, "o.pdvreq")
    rid2 = imported(v, p2)
    assert v("org", "set-status", other.did, "suspended", "--json").code == 0
    r = v("request", "approve", rid2, "--field", "email=exact", "--confirm-unknown", "--json")
    assert r.code == 8
    assert v("grant", "list", "--json").data == []


def test_reauthorisation_diff_is_highlighted(v, shop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, grant, gid = approved_grant(v, shop, tmp_path)
    wider = shop.make_request(
        [
            RequestedField("email", Category.CONTACT),
            RequestedField("birthdate", Category.DEMOGRAPHIC),
            RequestedField("diagnosis", Category.HEALTH),
        ],
        [PURPOSE],
        "Deliver your order",
        90 * DAY,
        refines=gid,
        audience=grant.issuer,
    )
    p = tmp_path / "wider.pdvreq"
    p.write_text(wider)
    rid = imported(v, p)
    d = v("request", "show", rid, "--json").data
    assert d["refines"] == gid and d["diff"]["widens"] is True
    widening = {(i["aspect"], i["item"]) for i in d["diff"]["items"] if i["widens"]}
    assert ("field", "diagnosis") in widening and ("retention", "") in widening
    text = v("request", "show", rid).out
    assert f"would change grant {gid} and WIDENS it" in text
    assert text.count(">> WIDER:") == 2 and "diagnosis" in text
    # approving the re-request supersedes the old grant
    r = v("request", "approve", rid, "--field", "email=exact", "--json")
    assert r.code == 0, r.err
    assert v("grant", "show", gid, "--json").data["state"] == "superseded"


# -- verification --------------------------------------------------------------------------------------------
def test_verification_answer_preview_and_answer(v, shop, tmp_path, work) -> None:
    assert v("org", "add", shop.did, "Example Shop", "--json").code == 0
    assert v("org", "set-status", shop.did, "compliant", "--json").code == 0
    token = shop.make_verification_request(
        [
            VerificationCheck("email", Category.CONTACT, "alice.canary@example.org"),
            VerificationCheck("birthdate", Category.DEMOGRAPHIC, "1991-01-01"),
            VerificationCheck("income", Category.FINANCIAL, "52000"),
        ],
        [PURPOSE],
        "Check your details",
    )
    p = tmp_path / "ver.pdvreq"
    p.write_text(token)
    rid = imported(v, p)
    shown = v("request", "show", rid).out
    assert "whether what it holds about you is correct" in shown and "sent as value" in shown
    pre = v("verification", "answer", rid, "--decline", "income", "--preview", "--json")
    assert pre.code == 0
    assert {x["name"]: x["outcome"] for x in pre.data["results"]} == {
        "email": "match",
        "birthdate": "mismatch",
        "income": "declined",
    }
    assert "1990" not in pre.out  # a mismatch never reveals the stored value
    assert list(work.iterdir()) == []
    r = v("verification", "answer", rid, "--decline", "income", "--json")
    assert r.code == 0 and Path(r.data["file"]) == work / f"{rid}.pdvgrant"
    opened = shop.open(Path(r.data["file"]).read_text().strip(), [token]).message
    assert {x.name: x.outcome.value for x in opened.body.results} == {
        "email": "match",
        "birthdate": "mismatch",
        "income": "declined",
    }
    assert v("request", "show", rid, "--json").data["state"] == "approved"
    # declining a field that was not asked about is a usage error; approving a verification request too
    token2 = shop.make_verification_request(
        [VerificationCheck("email", Category.CONTACT, "x@example.org")], [PURPOSE], "Check again"
    )
    p2 = tmp_path / "ver2.pdvreq"
    p2.write_text(token2)
    rid2 = imported(v, p2)
    assert v("verification", "answer", rid2, "--decline", "diagnosis", "--json").code == 2
    assert v("request", "approve", rid2, "--field", "email=exact", "--json").code == 2


# -- grants, revocation, status lists ----------------------------------------------------------------------
def test_grant_list_show_reveal_file(v, shop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    token, _grant, gid = approved_grant(v, shop, tmp_path)
    listed = v("grant", "list", "--json").data
    assert [g["id"] for g in listed] == [gid] and listed[0]["state"] == "active"
    assert v("grant", "list", "--state", "revoked", "--json").data == []
    assert [g["id"] for g in v("grant", "list", "--org", shop.did, "--json").data] == [gid]

    shown = v("grant", "show", gid, "--json").data
    assert shown["fields"] == [
        {"name": "email", "category": "contact", "form": "exact", "method": None},
        {"name": "birthdate", "category": "demographic", "form": "anonymised", "method": "date.year"},
    ]
    assert "content" not in shown and "alice.canary" not in json.dumps(shown) and shown["conditions"] == []
    text = v("grant", "show", gid).out
    assert "email (contact), exactly" in text and "anonymised by date.year" in text and "alice" not in text
    revealed = v("grant", "show", gid, "--reveal", "--json").data
    assert {f["name"]: f["value"] for f in revealed["content"]["fields"]} == {
        "email": "alice.canary@example.org",
        "birthdate": 1990,
    }
    assert "'alice.canary@example.org'" in v("grant", "show", gid, "--reveal").out

    again = tmp_path / "again.pdvgrant"
    r = v("grant", "file", gid, "--out", str(again), "--json")
    assert r.code == 0
    # the re-saved file is the same sealed grant (the organisation's replay cache already saw it)
    with pytest.raises(ProtocolError) as e:
        shop.open(again.read_text().strip(), [token])
    assert e.value.reason == "replayed"
    (first,) = tmp_path.joinpath("work").glob("*.pdvgrant")
    assert again.read_text() == first.read_text()
    assert stat.S_IMODE(again.stat().st_mode) == 0o600


def test_revoke_cascades_to_derived_and_the_status_list_shows_it(v, shop, tmp_path, work) -> None:
    _token, grant, gid = approved_grant(v, shop, tmp_path, processing=[Processing.DERIVE])
    r = v("grant", "show", gid, "--json")
    assert r.data["scope"]["derivation"] == []  # derivation is not allowed unless the subject says so

    status = tmp_path / "status.pdvstatus"
    r = v("status-list", "export", "--org", shop.did, str(status), "--json")
    assert r.code == 0
    shop.check_revocation(grant, status.read_text().strip())  # not revoked yet

    # a derived-data request citing the grant, authorised, then revoked by cascade
    dreq = shop.make_derived_request(
        grant.issuer,
        DerivedConclusion("score", Category.FINANCIAL, "credit score"),
        "scoring model v1",
        [DerivedSource(gid, ("email",))],
        [PURPOSE],
        "Scoring",
        DAY,
    )
    dp = tmp_path / "derived.pdvreq"
    dp.write_text(dreq)
    did_ = imported(v, dp)
    r = v("derived", "decide", did_, "approve", "--json")
    assert r.code == 0, r.err
    dgid = r.data["grant"]

    r = v("grant", "revoke", gid, "--json")
    assert r.code == 2 and r.data["error"] == "confirmation-needed"  # no terminal: --yes is needed
    r = v("grant", "revoke", gid, "--yes", "--reason", "changed my mind", "--json")
    assert r.code == 0
    assert r.data["revoked"] == [gid, dgid] and r.data["cascade"] == [dgid]
    notice = Path(r.data["file"])
    assert notice == work / f"{gid}.revocation.pdvmsg"
    assert shop.parse_revocation_notice(notice.read_text().strip(), subject=grant.issuer).body.grant_id == gid
    assert v("grant", "show", dgid, "--json").data["state"] == "revoked"
    assert v("history", "verify", "--json").code == 0
    assert v("derived", "list", "--json").data[0]["state"] == "revoked"
    assert v("grant", "revoke", gid, "--yes", "--json").code == 7

    assert v("status-list", "export", "--org", shop.did, str(status), "--json").code == 0
    with pytest.raises(ProtocolError) as e:
        shop.check_revocation(grant, status.read_text().strip())
    assert e.value.reason == "revoked"
    kinds = history_kinds(v)
    assert kinds.count("grant.revoked") == 2 and "status-list.exported" in kinds


def test_onward_grant_is_a_separate_file_for_the_recipient(v, shop, bank, tmp_path, work) -> None:
    # the recipient must be known, compliant and have sent a request (so its encryption key is known)
    _, bp = request_file(bank, tmp_path, "bank.pdvreq")
    imported(v, bp)
    assert v("org", "set-status", bank.did, "compliant", "--json").code == 0
    token, p = request_file(shop, tmp_path, onward=[OnwardRecipient(bank.did, "Example Bank")])
    rid = imported(v, p)
    assert v("org", "set-status", shop.did, "compliant", "--json").code == 0
    assert "Passed on to: " + bank.did in v("request", "show", rid).out

    plain = v("request", "approve", rid, "--field", "email=exact", "--preview", "--json")
    assert plain.data["scope"]["onward_recipients"] == []  # not allowed unless the subject says so
    r = v("request", "approve", rid, "--field", "email=exact", "--allow-onward", bank.did, "--json")
    assert r.code == 0, r.err
    (onward,) = r.data["onward"]
    assert onward["recipient"] == bank.did and Path(onward["file"]).parent == work
    inner = unseal(Path(onward["file"]).read_text().strip(), bank.keys.encryption)
    assert inner.count(".") == 2  # a signed grant only the recipient can decrypt
    shown = v("grant", "show", onward["grant"], "--json").data
    assert shown["kind"] == "onward" and shown["parent"] == r.data["grant"] and shown["org"] == bank.did
    assert shown["scope"]["onward_recipients"] == [] and shown["scope"]["derivation"] == []
    opened = shop.open(Path(r.data["file"]).read_text().strip(), [token]).message
    assert opened.body.scope.onward_recipients == (bank.did,)


# -- organisations -------------------------------------------------------------------------------------------
def test_org_commands(v, shop, bank, tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = v(
        "org",
        "add",
        shop.did,
        "Example Shop",
        "--contact",
        "shop@example.org",
        "--dpo-contact",
        "dpo@example.org",
        "--json",
    )
    assert (
        r.code == 0
        and r.data["org"]["status"] == "unknown"
        and r.data["org"]["dpo_contact"] == "dpo@example.org"
    )
    bad = v("org", "add", "did:web:example.org", "Bad", "--json")
    assert bad.code == 2 and bad.data["error"] == "invalid-did"
    assert v("org", "trust-certifier", "did:key:z6Mk-not-a-key", "Bad", "--json").code == 2
    assert [o["did"] for o in v("org", "list", "--json").data] == [shop.did]
    assert "Example Shop" in v("org", "list").out

    r = v("org", "set-status", shop.did, "compliant", "--note", "checked their policy", "--json")
    assert r.data["org"]["status"] == "compliant" and r.data["org"]["source"] == "your own judgement"
    r = v("org", "block", shop.did, "--json")
    assert r.data["org"]["blocked"] is True
    _, p = request_file(shop, tmp_path)
    imported(v, p, state="auto_refused")  # a blocked organisation is refused whatever its status
    assert v("org", "unblock", shop.did, "--json").data["org"]["blocked"] is False
    shown = v("org", "show", shop.did)
    assert shown.code == 0 and "Fingerprint:" in shown.out and "compliant (your own judgement)" in shown.out
    assert v("org", "set-status", bank.did, "compliant", "--json").code == 4

    # trust lists: refused until the certifier is trusted, then they set the status
    cert = Certifier(Ed25519PrivateKey.generate(), "Privacy Seal")
    tl = tmp_path / "seal.pdvtrust"
    tl.write_text(cert.sign_trust_list([{"did": bank.did, "name": "Example Bank", "status": "suspended"}], 1))
    r = v("org", "import-trust-list", str(tl), "--json")
    assert r.code == 9
    assert v("org", "trust-certifier", cert.did, "Privacy Seal", "--json").code == 0
    assert [c["did"] for c in v("org", "certifiers", "--json").data] == [cert.did]
    r = v("org", "import-trust-list", str(tl), "--json")
    assert r.code == 0 and r.data["results"][0]["kind"] == "trust-list"
    b = v("org", "show", bank.did, "--json").data
    assert b["status"] == "suspended" and cert.did in b["source"]
    # an older or same list again is a conflict; the alias refuses other kinds of message
    tl2 = tmp_path / "seal-again.pdvtrust"
    tl2.write_text(
        cert.sign_trust_list([{"did": bank.did, "name": "Example Bank", "status": "compliant"}], 1)
    )
    assert v("org", "import-trust-list", str(tl2), "--json").code == 7
    r = v("org", "import-trust-list", str(p), "--json")
    assert r.code == 2 and r.data["results"][0]["error"] == "wrong-kind"
    assert v("org", "untrust-certifier", cert.did, "--json").code == 0
    assert v("org", "untrust-certifier", cert.did, "--json").code == 4
    assert v("org", "certifiers", "--json").data == []


# -- receipts and violations ---------------------------------------------------------------------------------
def test_receipts_within_and_outside_scope(v, shop, bank, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import time

    _, grant, gid = approved_grant(v, shop, tmp_path)
    now = int(time.time())
    ok = tmp_path / "ok.pdvreceipt"
    ok.write_text(
        shop.make_receipt(grant, [UsageEntry(UsageAction.USE, ("email",), now, "Deliver your order")])
    )
    bad = tmp_path / "bad.pdvreceipt"
    bad.write_text(
        shop.make_receipt(
            grant,
            [
                UsageEntry(UsageAction.USE, ("email",), now, "Send you advertising"),
                UsageEntry(UsageAction.TRANSFER, ("email",), now, "Deliver your order", recipient=bank.did),
            ],
        )
    )
    r = v("receipt", "import", str(ok), "--json")
    assert r.code == 0 and r.data["results"][0]["violations"] == []
    r = v("receipt", "import", str(bad), "--json")
    assert r.code == 0 and len(r.data["results"][0]["violations"]) == 2
    assert "VIOLATIONS" in v("receipt", "list").out

    receipts = v("receipt", "list", "--grant", gid, "--json").data
    assert len(receipts) == 2 and {len(x["violations"]) for x in receipts} == {0, 2}
    violations = v("violation", "list", "--json").data
    assert sorted(x["kind"] for x in violations) == ["purpose-outside-grant", "undeclared-recipient"]
    assert all(x["grant"] == gid for x in violations)
    assert "violation.flagged" in history_kinds(v)
    # the alias refuses a request file; `request import` takes receipts too
    _, rp = request_file(bank, tmp_path, "bank.pdvreq")
    assert v("receipt", "import", str(rp), "--json").code == 2
    another = tmp_path / "another.pdvreceipt"
    another.write_text(shop.make_receipt(grant, [UsageEntry(UsageAction.STORE, ("birthdate",), now)]))
    r = v("request", "import", str(another), "--json")
    assert r.code == 0 and r.data["results"][0]["kind"] == "receipt"

    # evidence for one violation: the grant, the receipts and the history, signed
    vid = violations[0]["id"]
    out = tmp_path / "evidence.json"
    r = v("evidence", "export", "--violation", str(vid), str(out), "--json")
    assert r.code == 0 and Path(r.data["signature"]).exists()
    bundle = json.loads(out.read_text())
    assert bundle["format"] == "pdvault-evidence" and bundle["grant"]["id"] == gid
    assert len(bundle["receipts"]) == 3 and {x["id"] for x in bundle["violations"]} >= {vid}
    r = v("evidence", "export", "--grant", gid, str(tmp_path / "ev2.json"), "--json")
    assert r.code == 0
    with pytest.raises(SystemExit) as e:  # argparse: name a grant or a violation
        v("evidence", "export", str(tmp_path / "ev3.json"), "--json")
    assert e.value.code == 2


def test_receipt_from_a_stranger_is_rejected(v, shop, bank, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, grant, _gid = approved_grant(v, shop, tmp_path)
    forged = tmp_path / "forged.pdvreceipt"
    forged.write_text(bank.make_receipt(grant, [UsageEntry(UsageAction.USE, ("email",), 0, "x")]))
    r = v("receipt", "import", str(forged), "--json")
    assert r.code == 9
    assert v("history", "list", "--kind", "request.rejected", "--json").data


# -- derived data --------------------------------------------------------------------------------------------
def test_derived_data_is_held_until_decided(v, shop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, grant, gid = approved_grant(v, shop, tmp_path)
    made = []
    for name in ("score", "segment"):
        token = shop.make_derived_request(
            grant.issuer,
            DerivedConclusion(name, Category.BEHAVIOURAL, f"{name} text"),
            "model v2",
            [DerivedSource(gid, ("email",))],
            [PURPOSE],
            "Marketing",
            7 * DAY,
        )
        p = tmp_path / f"{name}.pdvreq"
        p.write_text(token)
        made.append((imported(v, p), token))
    held = v("derived", "list", "--state", "held", "--json").data
    assert {d["conclusion"] for d in held} == {"score", "segment"}
    assert held[0]["sources"] == [{"grant": gid, "fields": ["email"]}]
    # derivation was not allowed by the source grant: recorded as a violation, still held for the subject
    assert {x["kind"] for x in v("violation", "list", "--json").data} == {"unauthorised-derivation"}
    assert "Conclusion: score" in v("request", "show", made[0][0]).out

    (score_id, score_token), (seg_id, seg_token) = made
    # the vault holds no value of the conclusion: it can only be authorised anonymised, never "exactly"
    r = v("request", "approve", score_id, "--field", "score=exact", "--json")
    assert r.code == 8 and r.data["error"] == "derived-exact"
    assert [g["kind"] for g in v("grant", "list", "--json").data] == ["grant"]
    r = v("derived", "decide", score_id, "approve", "--retention", str(DAY), "--json")
    assert r.code == 0, r.err
    g = v("grant", "show", r.data["grant"], "--json").data
    assert g["kind"] == "derived" and g["conditions"] == ["reanonymise-before-reuse"]
    assert g["fields"] == [
        {"name": "score", "category": "behavioural", "form": "anonymised", "method": "suppress"}
    ]
    assert g["scope"]["retention_seconds"] == DAY
    assert "anonymised again before any reuse" in v("grant", "show", r.data["grant"]).out
    req = shop.parse_request(score_token, DerivedDataRequest)
    opened = shop.open_grant(Path(r.data["file"]).read_text().strip(), req)
    (f,) = opened.body.fields
    assert (f.name, f.form.value, f.method, f.value) == ("score", "anonymised", "suppress", None)
    assert opened.body.conditions == ("reanonymise-before-reuse",)

    r = v("derived", "decide", seg_id, "refuse", "--reason", "no profiling", "--json")
    assert r.code == 0 and r.data["decision"] == "refused"
    shop.parse_refusal(
        Path(r.data["file"]).read_text().strip(), shop.parse_request(seg_token, DerivedDataRequest)
    )
    states = {d["conclusion"]: d["state"] for d in v("derived", "list", "--json").data}
    assert states == {"score": "authorised", "segment": "refused"}
    assert v("derived", "decide", seg_id, "approve", "--json").code == 7


# -- rules ---------------------------------------------------------------------------------------------------
def test_rules_set_list_remove_and_their_effect(v, shop, bank, tmp_path) -> None:
    assert v("rules", "list", "--json").data == []
    r = v("rules", "set", "never-release", "health", "--action", "refuse", "--json")
    assert (
        r.code == 0
        and r.data["rule"]["id"] == "never-release:health"
        and r.data["rule"]["action"] == "refuse"
    )
    assert v("rules", "set", "always-anonymise", "demographic", "--json").data["rule"]["action"] == "flag"
    assert (
        v("rules", "set", "max-retention", "10", "--json").data["rule"]["max_retention_seconds"] == 10 * DAY
    )
    assert v("rules", "set", "no-onward", "--json").code == 0
    assert (
        v("rules", "set", "no-derivation", "profile", "--json").data["rule"]["id"] == "no-derivation:profile"
    )
    assert v("rules", "set", "only-compliant", "--action", "flag", "--json").code == 0
    for bad in (
        ["never-release", "gossip"],
        ["max-retention", "soon"],
        ["max-retention", "0"],
        ["no-onward", "extra"],
        ["never-release"],
        ["no-derivation", "dance"],
    ):
        assert v("rules", "set", *bad, "--json").code == 2, bad
    ids = [x["id"] for x in v("rules", "list", "--json").data]
    assert ids == [
        "never-release:health",
        "always-anonymise:demographic",
        "max-retention",
        "no-onward-transfer",
        "no-derivation:profile",
        "only-compliant",
    ]
    assert "Never release health data." in v("rules", "list").out

    _, p = request_file(shop, tmp_path, fields=[RequestedField("diagnosis", Category.HEALTH)])
    rid = imported(v, p, state="auto_refused")
    assert "Never release health data" in v("request", "show", rid, "--json").data["reason"]
    _, p2 = request_file(bank, tmp_path, "b.pdvreq", retention=30 * DAY)
    rid2 = imported(v, p2)
    findings = {f["rule"] for f in v("request", "show", rid2, "--json").data["findings"]}
    assert {"always-anonymise:demographic", "max-retention", "only-compliant"} <= findings
    r = v("request", "approve", rid2, "--field", "birthdate=exact", "--confirm-unknown", "--json")
    assert r.code == 8 and r.data["error"] == "rule:always-anonymise:demographic"
    assert v("rules", "remove", "only-compliant", "--json").code == 0
    r = v("request", "approve", rid2, "--field", "birthdate=anon:date.year", "--confirm-unknown", "--json")
    assert r.code == 0, r.err
    assert v("grant", "show", r.data["grant"], "--json").data["scope"]["retention_seconds"] == 10 * DAY
    assert "rules.changed" in history_kinds(v)
    assert "only-compliant" not in [x["id"] for x in v("rules", "list", "--json").data]


# -- erasure -------------------------------------------------------------------------------------------------
def test_erasure_request_and_confirmation(v, shop, tmp_path, work) -> None:  # type: ignore[no-untyped-def]
    _, grant, gid = approved_grant(v, shop, tmp_path)
    r = v("erasure", "request", gid, "--json")
    assert r.code == 0 and Path(r.data["file"]) == work / f"{gid}.erasure.pdvmsg"
    eid = r.data["erasure"]
    assert [x["id"] for x in v("erasure", "list", "--open", "--json").data] == [eid]
    erasure = shop.parse_erasure_request(Path(r.data["file"]).read_text().strip(), subject=grant.issuer)
    assert erasure.body.grant_ids == (gid,)
    conf = tmp_path / "deleted.pdvreceipt"
    conf.write_text(shop.confirm_erasure(erasure))
    # the alias refuses other kinds of message
    assert v("erasure", "import-confirmation", str(tmp_path / "req.pdvreq"), "--json").code == 2
    r = v("erasure", "import-confirmation", str(conf), "--json")
    assert r.code == 0 and r.data["results"][0]["state"] == "deleted"
    assert v("erasure", "list", "--open", "--json").data == []
    (row,) = v("erasure", "list", "--json").data
    assert row["outcome"] == "deleted" and row["confirmed"]
    assert "erasure.confirmed" in history_kinds(v)
    assert "deleted" in v("erasure", "list").out


# -- ids that start with '-' ---------------------------------------------------------------------------------
def test_ids_starting_with_a_dash_are_taken_as_ids(v, shop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """base64url ids start with '-' one time in 64; argparse would read them as options."""
    from vault_app.protocol import AuthorisationRequest, OrgInfo, sign
    from vault_app.protocol.codec import new_jti

    body = AuthorisationRequest(
        OrgInfo(shop.name, shop.keys.encryption.public_key()),
        (RequestedField("email", Category.CONTACT),),
        (PURPOSE,),
        "Deliver",
        DAY,
    )
    rid = "-" + new_jti()[1:]
    p = tmp_path / "dash.pdvreq"
    p.write_text(sign(body, shop.keys.signing, jti=rid))
    assert imported(v, p) == rid
    assert v("request", "show", rid, "--json").data["id"] == rid
    r = v(
        "request",
        "approve",
        rid,
        "--field",
        "email=exact",
        "--confirm-unknown",
        "--out",
        str(tmp_path / "-dash.pdvgrant"),
        "--json",
    )
    assert r.code == 0, r.err
    assert (tmp_path / "-dash.pdvgrant").exists()
    # the explicit '--' separator still works, and option values may start with '-' too
    assert v("--json", "request", "show", "--", rid).data["id"] == rid
    assert v("receipt", "list", "--grant", "-no-such-grant", "--json").data == []
    with pytest.raises(SystemExit) as e:  # a mistyped option is still reported by argparse
        v("request", "approve", rid, "--field", "email=exact", "--jsn")
    assert e.value.code == 2
    # one random id in 4,096 starts with two dashes
    rid2 = "--" + new_jti()[2:]
    p2 = tmp_path / "dashdash.pdvreq"
    p2.write_text(sign(body, shop.keys.signing, jti=rid2))
    assert imported(v, p2) == rid2
    assert v("request", "show", rid2, "--json").data["id"] == rid2
    assert v("request", "refuse", rid2, "--json").code == 0


def test_command_parser_keeps_options_and_positionals_apart() -> None:
    p = subject.build_parser()
    ns = p.parse_args(["request", "approve", "-x", "--field", "email=exact", "--ou", "-o.pdvgrant", "--conf"])
    assert (ns.id, ns.field, ns.out, ns.confirm_unknown) == ("-x", ["email=exact"], "-o.pdvgrant", True)
    ns = p.parse_args(["derived", "decide", "-d", "refuse", "--reason", "-no", "--json"])
    assert (ns.id, ns.decision, ns.reason, ns.json) == ("-d", "refuse", "-no", True)
    ns = p.parse_args(["request", "import", "-", "a.pdvreq", "--link", "pdv:request?t=x"])
    assert (ns.files, ns.link) == (["-", "a.pdvreq"], ["pdv:request?t=x"])
    for bad in (["request", "approve", "x", "--out"], ["request", "show"], ["grant", "show", "a", "b"]):
        with pytest.raises(SystemExit) as e:
            p.parse_args(bad)
        assert e.value.code == 2
