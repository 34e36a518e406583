"""Revocation that reaches the organisation (issue 11), through both public command lines: the subject's
``pdvault-cli`` on a real vault and the organisation's ``pdvault-org`` with keys made by its own
``keygen``. The status lists the vault writes are also read with jwcrypto (an independent JOSE library) and
plain zlib, straight from docs/protocol.md section 6.

Time: the vault runs on the system clock, patched here to a controlled value; ``pdvault-org`` gets
``--at``.
"""

from __future__ import annotations

import http.server
import io
import json
import os
import shutil
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jwcrypto import jwk, jws

from vault_app.cli import org as org_cli
from vault_app.cli import subject
from vault_app.domain.clock import SystemClock
from vault_app.protocol.did import public_key_from_did
from vault_app.protocol.jose import b64d
from vault_app.protocol.lifetimes import STATUS_LIST_LIFETIME
from vault_app.services.vault import VaultService
from vaulttools import TEST_PASSWORD

PURPOSE = "https://w3id.org/dpv#ServiceProvision"
DAY = 86400
T0 = 1_800_000_000


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def data(self) -> Any:
        return json.loads(self.out)


CLI = Callable[..., "Result"]


class Now:
    """The vault's clock (SystemClock.now is patched to read it)."""

    def __init__(self) -> None:
        self.t = float(T0)


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    old = os.umask(0o022)  # main() hardens the process (umask 077): do not let that leak into other tests
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> Now:
    n = Now()
    monkeypatch.setattr(SystemClock, "now", lambda self: n.t)
    return n


@pytest.fixture
def v(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, now: Now) -> CLI:
    """pdvault-cli on a fresh vault holding an e-mail address and a birth date."""
    monkeypatch.setenv("PDVAULT_PASSWORD", TEST_PASSWORD)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    vault = tmp_path / "vault"

    def run(*argv: str | Path) -> Result:
        code = subject.main(["--vault", str(vault), *[str(a) for a in argv]])
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


def org(*argv: str | Path | float) -> Result:
    out, err = io.StringIO(), io.StringIO()
    code = org_cli.main([str(a) for a in argv], stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue() and "Traceback" not in out.getvalue()
    return Result(code, out.getvalue(), err.getvalue())


class Org:
    """An organisation built only from its own key folder, driven through pdvault-org."""

    def __init__(self, folder: Path, name: str = "Example Shop") -> None:
        self.keys = folder / "keys"
        r = org("keygen", "--dir", self.keys, "--name", name)
        assert r.code == 0, r.err
        self.did = json.loads((self.keys / "profile.json").read_text())["did"]
        self.folder = folder
        self.n = 0

    def request(self, *extra: str, at: float = T0, **spec: Any) -> Path:
        self.n += 1
        body = {
            "fields": [
                {"name": "email", "category": "contact"},
                {"name": "birthdate", "category": "demographic"},
            ],
            "purposes": [PURPOSE],
            "purpose_text": "Deliver your order",
            "retention_days": 30,
            **spec,
        }
        sp = self.folder / f"spec{self.n}.json"
        sp.write_text(json.dumps(body))
        out = self.folder / f"req{self.n}.pdvreq"
        r = org("--at", at, "request", "--keys", self.keys, "--spec", sp, "--out", out, *extra)
        assert r.code == 0, r.err
        return out

    def open(self, grant: Path, *extra: str | Path, at: float) -> Result:
        return org("--at", at, "open", "--keys", self.keys, grant, "--request", self.folder, *extra)


def approve(v: Callable[..., Result], req: Path, *fields: str) -> tuple[str, Path]:
    r = v("request", "import", req, "--json")
    assert r.code == 0, r.err
    rid = r.data["results"][0]["id"]
    org_did = r.data["results"][0]["org"]
    assert v("org", "set-status", org_did, "compliant", "--json").code == 0
    args = [a for f in (fields or ("email=exact",)) for a in ("--field", f)]
    r = v("request", "approve", rid, *args, "--json")
    assert r.code == 0, r.err
    return r.data["grant"], Path(r.data["file"])


def export_list(v: Callable[..., Result], org_did: str, path: Path) -> Path:
    r = v("status-list", "export", "--org", org_did, path, "--json")
    assert r.code == 0, r.err
    return path


def read_list_independently(path: Path, subject_did: str) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    """Verify a status list with jwcrypto (key from the subject's did:key) and inflate it with zlib."""
    key = jwk.JWK.from_pyca(public_key_from_did(subject_did))
    token = jws.JWS()
    token.deserialize(path.read_text().strip())
    token.verify(key, alg="EdDSA")
    claims = json.loads(token.payload)
    return token.jose_header, claims, zlib.decompress(b64d(claims["status_list"]["lst"], "lst"))


def status_at(data: bytes, idx: int, bits: int) -> int:
    bit = idx * bits
    return (data[bit // 8] >> (bit % 8)) & ((1 << bits) - 1)


# -- finding: lists had no exp/ttl, an old list passed as current, open without a list exited 0 --------------
def test_lists_carry_exp_and_ttl_and_old_or_expired_lists_are_stale(v: CLI, now: Now, tmp_path: Path) -> None:
    shop = Org(tmp_path / "shop")
    gid, grant = approve(v, shop.request())
    subject_did = shop.open(grant, "--no-status-check", at=T0 + 1).data["subject"]
    now.t = T0 + 10
    l1 = export_list(v, shop.did, tmp_path / "l1.pdvstatus")
    header, claims, _ = read_list_independently(l1, subject_did)
    assert header["typ"] == "statuslist+jwt" and claims["iat"] == T0 + 10
    assert claims["exp"] == T0 + 10 + 7 * DAY and claims["ttl"] == DAY and claims["status_list"]["bits"] == 2
    assert claims["sub"].startswith("urn:pdv:status:")

    ok = shop.open(grant, "--status-list", l1, at=T0 + 60)
    assert ok.code == 0, ok.err
    st = ok.data["status"]
    assert st["checked"] and st["state"] == "valid" and st["refresh_due"] is False
    # past the ttl: still usable, but the organisation is told to fetch a fresh list
    assert shop.open(grant, "--status-list", l1, at=T0 + 2 * DAY).data["status"]["refresh_due"] is True

    # revoked after l1 was exported: l1 no longer counts once it expires (a week), the new list says revoked
    now.t = T0 + 100
    assert v("grant", "revoke", gid, "--yes", "--json").code == 0
    stale = shop.open(grant, "--status-list", l1, at=T0 + 8 * DAY)
    assert stale.code == 13 and "[stale]" in stale.err and stale.data["status"]["reason"] == "stale"
    now.t = T0 + 200
    l2 = export_list(v, shop.did, tmp_path / "l2.pdvstatus")
    revoked = shop.open(grant, "--status-list", l2, at=T0 + 300)
    assert revoked.code == 12 and "[revoked]" in revoked.err and revoked.out == ""

    # a list signed before a grant cannot speak for it
    now.t = T0 + 1000
    _, grant2 = approve(v, shop.request(at=T0 + 900))
    before = shop.open(grant2, "--status-list", l2, at=T0 + 1100)
    assert before.code == 13 and "[stale]" in before.err and "before the grant" in before.err

    # no list: 13 unless the caller opts out, and then the output says revocation was not checked
    none = shop.open(grant2, at=T0 + 1100)
    assert none.code == 13 and "[no-status-list]" in none.err
    assert none.data["status"]["checked"] is False
    skipped = shop.open(grant2, "--no-status-check", at=T0 + 1100)
    assert skipped.code == 0 and "NOT checked" in skipped.data["status"]["note"]
    assert shop.open(grant2, "--no-status-check", "--status-list", l2, at=T0 + 1100).code == 2


def test_the_vault_renews_lists_when_it_runs(v: CLI, now: Now, tmp_path: Path) -> None:
    shop = Org(tmp_path / "shop")
    _, grant = approve(v, shop.request())
    l1 = export_list(v, shop.did, tmp_path / "l1.pdvstatus")
    again = export_list(v, shop.did, tmp_path / "again.pdvstatus")
    assert l1.read_text() == again.read_text()  # nothing changed, not half a week old: the same signed list
    now.t = T0 + 4 * DAY  # past half its life: running the vault (any command) signs a new one
    assert v("grant", "list", "--json").code == 0
    l2 = export_list(v, shop.did, tmp_path / "l2.pdvstatus")
    subject_did = shop.open(grant, "--no-status-check", at=T0 + 1).data["subject"]
    _, claims, _ = read_list_independently(l2, subject_did)
    assert claims["iat"] == T0 + 4 * DAY and claims["exp"] == T0 + 11 * DAY
    assert shop.open(grant, "--status-list", l2, at=T0 + 10 * DAY).code == 0


def test_unlock_asks_the_database_whether_a_list_is_due(v: CLI, now: Now, tmp_path: Path) -> None:
    """issue 15: an unlock with no list to renew does not load the consent services (most of a command's
    start); the database's answer agrees with the grant service's rule at the boundary of half a life."""
    shop = Org(tmp_path / "shop")
    approve(v, shop.request())
    export_list(v, shop.did, tmp_path / "l1.pdvstatus")  # signed now: not due for half a week
    svc = VaultService(tmp_path / "vault")
    svc.unlock(TEST_PASSWORD)
    try:
        assert svc._consent is None  # the unlock did not need them
        row = svc.repositories.status_lists.get(shop.did)
        assert row is not None and row.token_ms is not None
        grants = svc.consent.grants
        seen = set()
        for delta_ms in (-2, -1, 0, 1, 2):
            now.t = (row.token_ms + STATUS_LIST_LIFETIME * 500 + delta_ms) / 1000
            due = grants._due(row, svc._now_ms())
            assert svc.status_lists_due() == due
            seen.add(due)
        assert seen == {False, True}
    finally:
        svc.lock()


# -- finding: superseded and erased grants stayed "valid" ----------------------------------------------------
def test_superseded_and_erased_grants_are_reported_distinctly(v: CLI, now: Now, tmp_path: Path) -> None:
    shop = Org(tmp_path / "shop")
    g1, grant1 = approve(v, shop.request())
    subject_did = shop.open(grant1, "--no-status-check", at=T0 + 1).data["subject"]
    # re-authorisation: the new grant supersedes the first
    now.t = T0 + 50
    g2, grant2 = approve(
        v, shop.request(at=T0 + 40, refines=g1, audience=subject_did), "email=exact", "birthdate=exact"
    )
    assert v("grant", "show", g1, "--json").data["state"] == "superseded"
    now.t = T0 + 60
    lst = export_list(v, shop.did, tmp_path / "l.pdvstatus")
    sup = shop.open(grant1, "--status-list", lst, "--subject", subject_did, at=T0 + 70)
    assert sup.code == 14 and "[superseded]" in sup.err
    assert shop.open(grant2, "--status-list", lst, "--subject", subject_did, at=T0 + 70).code == 0

    # erasure: the organisation confirms (checked against its grant file), the vault imports it: the grant
    # ends
    now.t = T0 + 100
    r = v("erasure", "request", g2, "--json")
    assert r.code == 0, r.err
    conf = tmp_path / "deleted.pdvreceipt"
    c = org(
        "--at",
        T0 + 110,
        "confirm-erasure",
        "--keys",
        shop.keys,
        r.data["file"],
        "--grant",
        grant2,
        "--out",
        conf,
    )
    assert c.code == 0, c.err
    now.t = T0 + 120
    r = v("erasure", "import-confirmation", conf, "--json")
    assert r.code == 0 and g2 in r.data["results"][0]["message"]
    assert v("grant", "show", g2, "--json").data["state"] == "erased"
    kinds = [e["kind"] for e in v("history", "list", "--limit", "200", "--json").data]
    assert "grant.erased" in kinds and v("history", "verify", "--json").code == 0
    now.t = T0 + 130
    lst = export_list(v, shop.did, tmp_path / "l2.pdvstatus")
    er = shop.open(grant2, "--status-list", lst, "--subject", subject_did, at=T0 + 140)
    assert er.code == 15 and "[erased]" in er.err
    # the same list read independently: two bits per grant, 2 = superseded, 3 = erased
    _, claims, data = read_list_independently(lst, subject_did)
    assert claims["status_list"]["bits"] == 2
    assert sup.out == "" and er.out == ""  # nothing printed for a grant that must not be used
    # the indexes come from the grants themselves (opened without a check)
    i1 = shop.open(grant1, "--no-status-check", "--subject", subject_did, at=T0 + 1).data["status"]["idx"]
    i2 = shop.open(grant2, "--no-status-check", "--subject", subject_did, at=T0 + 41).data["status"]["idx"]
    assert status_at(data, i1, 2) == 2 and status_at(data, i2, 2) == 3


# -- status URIs: the organisation's gateway, the subject's publication base, or the file hand-over ----------
class _ListServer(http.server.BaseHTTPRequestHandler):
    lists: dict[str, bytes] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = self.lists.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/statuslist+jwt")
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_status_uri_names_the_gateway_and_a_real_http_fetch_checks_it(
    v: CLI, now: Now, tmp_path: Path
) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ListServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        gateway = f"http://127.0.0.1:{server.server_port}"
        shop = Org(tmp_path / "shop")
        _, grant = approve(v, shop.request("--gateway", gateway))
        opened = shop.open(grant, "--no-status-check", at=T0 + 1).data
        uri = opened["status"]["uri"]
        assert uri.startswith(gateway + "/status/") and len(uri) == len(gateway) + len("/status/") + 32
        lst = export_list(v, shop.did, tmp_path / "l.pdvstatus")
        _ListServer.lists = {uri[len(gateway) :]: lst.read_bytes()}
        ok = shop.open(grant, "--status-list", uri, at=T0 + 60)
        assert ok.code == 0 and ok.data["status"]["state"] == "valid"
        missing = shop.open(grant, "--status-list", gateway + "/status/nothing-here", at=T0 + 60)
        assert missing.code == 13 and "[unavailable]" in missing.err
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "bad",
    [
        "http://gw.example",
        "https://user@gw.example",
        "https://gw.example/",
        "https://gw.example?x=1",
        "https://gw.example#f",
        "ftp://gw.example",
        "https://gw.example:99999",
        "http://10.0.0.1",
        "https://a b.example",
    ],
)
def test_gateway_is_validated_strictly(tmp_path: Path, bad: str) -> None:
    shop = Org(tmp_path / "shop")
    sp = tmp_path / "spec.json"
    sp.write_text(
        json.dumps(
            {
                "fields": [{"name": "email", "category": "contact"}],
                "purposes": [PURPOSE],
                "purpose_text": "x",
                "retention_days": 1,
            }
        )
    )
    r = org("request", "--keys", shop.keys, "--spec", sp, "--out", tmp_path / "r.pdvreq", "--gateway", bad)
    assert r.code == 2 and "gateway" in r.err


def test_publication_base_and_file_hand_over(v: CLI, now: Now, tmp_path: Path) -> None:
    shop = Org(tmp_path / "shop")
    _, grant = approve(v, shop.request())
    assert (
        shop.open(grant, "--no-status-check", at=T0 + 1).data["status"]["uri"].startswith("urn:pdv:status:")
    )
    assert v("status-list", "base", "http://me.example", "--json").code == 2
    r = v("status-list", "base", "https://me.example/pdv", "--json")
    assert r.code == 0 and r.data["base"] == "https://me.example/pdv"
    bank = Org(tmp_path / "bank", "Example Bank")
    _, grant_b = approve(v, bank.request())
    uri = bank.open(grant_b, "--no-status-check", at=T0 + 1).data["status"]["uri"]
    assert uri.startswith("https://me.example/pdv/")
    # a relationship keeps the address its first grant gave it
    _, grant_c = approve(v, shop.request())
    assert (
        shop.open(grant_c, "--no-status-check", at=T0 + 1).data["status"]["uri"].startswith("urn:pdv:status:")
    )
    assert v("status-list", "base", "--clear", "--json").data["base"] is None


# -- finding: nothing alerted the subject about grants held by a suspended organisation ----------------------
def _trust_list(cert: Org, entries: list[dict[str, str]], seq: int, tmp_path: Path) -> Path:
    sp = tmp_path / f"tl{seq}.json"
    sp.write_text(json.dumps({"seq": seq, "entries": entries, "valid_days": 30}))
    out = tmp_path / f"tl{seq}.pdvtrust"
    r = org("--at", T0, "trust-list", "--keys", cert.keys, "--spec", sp, "--out", out)
    assert r.code == 0, r.err
    return out


def test_suspended_organisation_grants_are_shown_and_revoked_in_one_action(
    v: CLI, now: Now, tmp_path: Path
) -> None:
    shop, bank = Org(tmp_path / "shop"), Org(tmp_path / "bank", "Example Bank")
    cert = Org(tmp_path / "cert", "Example Certifier")
    s1, _ = approve(v, shop.request())
    s2, sgrant = approve(v, shop.request())
    b1, _ = approve(v, bank.request())
    assert v("grant", "at-risk", "--json").data == []
    assert v("org", "trust-certifier", cert.did, "Example Certifier", "--json").code == 0
    tl = _trust_list(
        cert,
        [
            {"did": shop.did, "name": "Example Shop", "status": "suspended"},
            {"did": bank.did, "name": "Example Bank", "status": "compliant"},
        ],
        1,
        tmp_path,
    )
    r = v("org", "import-trust-list", tl, "--json")
    assert r.code == 0, r.err
    assert "Example Shop (suspended) has 2 active grant(s)" in r.data["results"][0]["message"]
    (held,) = v("grant", "at-risk", "--json").data
    assert (
        held["org"] == shop.did
        and held["status"] == "suspended"
        and sorted(held["grants"]) == sorted([s1, s2])
    )
    assert "Example Shop" in v("grant", "at-risk").out
    assert v("grant", "revoke-all", "--org", shop.did, "--json").code == 2  # asks for confirmation
    r = v("grant", "revoke-all", "--org", shop.did, "--yes", "--out-dir", tmp_path, "--json")
    assert r.code == 0 and sorted(r.data["revoked"]) == sorted([s1, s2]) and len(r.data["files"]) == 2
    assert v("grant", "at-risk", "--json").data == []
    assert v("grant", "show", b1, "--json").data["state"] == "active"
    assert v("grant", "revoke-all", "--org", shop.did, "--yes", "--json").code == 7
    # the organisation reads the notice with its own toolkit, and its check of the current list says revoked
    notice = next(Path(f) for f in r.data["files"] if Path(f).name.startswith(s2))
    rd = org("--at", T0 + 10, "read", "--keys", shop.keys, notice, "--grant", sgrant)
    assert rd.code == 0, rd.err
    assert rd.data["kind"] == "revocation-notice" and rd.data["grant_id"] == s2
    lst = export_list(v, shop.did, tmp_path / "l.pdvstatus")
    assert shop.open(sgrant, "--status-list", lst, at=T0 + 20).code == 12


def test_standing_rule_revokes_automatically_on_suspension(v: CLI, now: Now, tmp_path: Path) -> None:
    bank, cert = Org(tmp_path / "bank", "Example Bank"), Org(tmp_path / "cert", "Example Certifier")
    b1, _ = approve(v, bank.request())
    r = v("rules", "set", "revoke-on-suspension", "--json")
    assert r.code == 0 and r.data["rule"]["action"] == "refuse"
    assert v("org", "trust-certifier", cert.did, "Example Certifier", "--json").code == 0
    tl = _trust_list(cert, [{"did": bank.did, "name": "Example Bank", "status": "suspended"}], 1, tmp_path)
    r = v("org", "import-trust-list", tl, "--json")
    assert r.code == 0 and "Revoked by your rule" in r.data["results"][0]["message"]
    assert v("grant", "show", b1, "--json").data["state"] == "revoked"
    # the subject's own judgement triggers it too
    shop = Org(tmp_path / "shop")
    s1, _ = approve(v, shop.request())
    assert v("org", "set-status", shop.did, "non-compliant", "--json").code == 0
    assert v("grant", "show", s1, "--json").data["state"] == "revoked"


# -- vaults with lists written before two-bit statuses keep working ------------------------------------------
FIXTURE = Path(__file__).resolve().parents[2] / "data" / "vaults" / "consent-v2"


def test_a_vault_with_one_bit_lists_keeps_working(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, now: Now
) -> None:
    """A schema-2 vault (made by the schema-2 code: tests/data/vaults/consent-v2/make.py) with a one-bit
    list and a revoked grant: it opens and migrates, its old list and its new lists say the same to the
    organisation's toolkit, and the list is widened to two bits when a grant ends by erasure."""
    expected = json.loads((FIXTURE / "expected.json").read_text())
    vault = tmp_path / "vault"
    vault.mkdir()
    for name in ("vault.key", "vault.db", "head.json"):
        shutil.copy2(FIXTURE / name, vault / name)
    monkeypatch.setenv("PDVAULT_PASSWORD", TEST_PASSWORD)
    monkeypatch.chdir(tmp_path)

    def v(*argv: str | Path) -> Result:
        code = subject.main(["--vault", str(vault), *[str(a) for a in argv]])
        out, err = capsys.readouterr()
        assert "Traceback" not in err and "Traceback" not in out
        return Result(code, out, err)

    t = expected["clock"]
    now.t = t + 60
    keys = FIXTURE / "org"
    g1, g2, g3 = expected["grants"]

    def open_(grant: str, *extra: str | Path) -> Result:
        return org(
            "--at",
            t + 120,
            "open",
            "--keys",
            keys,
            FIXTURE / f"g{grant}.pdvgrant",
            "--request",
            FIXTURE,
            *extra,
        )

    # the list the old vault exported (one bit, no exp) is still read
    old = FIXTURE / "old.pdvstatus"
    assert open_("1", "--status-list", old).code == 12
    assert open_("2", "--status-list", old).code == 0
    assert v("history", "verify", "--json").code == 0
    assert [g["id"] for g in v("grant", "list", "--state", "revoked", "--json").data] == [g1]
    # the migrated vault's own list: still one bit, the same statuses, now with exp and ttl
    l1 = export_list(v, expected["org"], tmp_path / "l1.pdvstatus")
    subject_did = open_("2", "--no-status-check").data["subject"]
    _, claims, _ = read_list_independently(l1, subject_did)
    assert claims["status_list"]["bits"] == 1 and claims["exp"] == claims["iat"] + 7 * DAY
    assert open_("1", "--status-list", l1).code == 12 and open_("2", "--status-list", l1).code == 0
    # an erasure ends grant 3: the list is widened to two bits, same indexes, revoked stays revoked
    now.t = t + 100
    r = v("erasure", "request", g3, "--json")
    assert r.code == 0, r.err
    conf = tmp_path / "c.pdvreceipt"
    c = org(
        "--at",
        t + 110,
        "confirm-erasure",
        "--keys",
        keys,
        r.data["file"],
        "--grant",
        FIXTURE / "g3.pdvgrant",
        "--out",
        conf,
    )
    assert c.code == 0, c.err
    assert v("erasure", "import-confirmation", conf, "--json").code == 0
    assert v("grant", "show", g3, "--json").data["state"] == "erased"
    l2 = export_list(v, expected["org"], tmp_path / "l2.pdvstatus")
    _, claims, data = read_list_independently(l2, subject_did)
    assert claims["status_list"]["bits"] == 2
    assert open_("1", "--status-list", l2).code == 12
    assert open_("2", "--status-list", l2).code == 0
    assert open_("3", "--status-list", l2).code == 15
    assert v("grant", "show", g2, "--json").data["state"] == "active"
