"""Issue 11, the subject's side, through ``pdvault-cli``: rejected imports leave a history entry, use after
a grant was replaced is a violation, request ids are keyed per organisation, one organisation cannot change
what another's conclusion says, and organisation text cannot look like the vault's own words."""

# ruff: noqa: F811  (the fixtures of test_cli_consent are imported here and named again as test arguments)
from __future__ import annotations

import json
import time
from pathlib import Path

from test_cli_consent import (  # noqa: F401  (fixtures)
    DAY,
    PURPOSE,
    _keep_umask,
    approved_grant,
    bank,
    cli,
    history_kinds,
    imported,
    request_file,
    shop,
    v,
    work,
)

from vault_app.domain.model import Category, RequestedField
from vault_app.protocol import UsageAction, UsageEntry


# -- 1a: use after a grant was replaced ----------------------------------------------------------------------
def test_receipt_for_a_superseded_grant_is_filed_and_the_later_use_is_a_violation(v, shop, tmp_path) -> None:
    _, grant, gid = approved_grant(v, shop, tmp_path)
    again = shop.make_request(
        [RequestedField("email", Category.CONTACT)],
        [PURPOSE],
        "Deliver your order",
        30 * DAY,
        refines=gid,
        audience=grant.issuer,
    )
    p = tmp_path / "again.pdvreq"
    p.write_text(again)
    rid = imported(v, p)
    assert v("request", "approve", rid, "--field", "email=exact", "--json").code == 0
    assert v("grant", "show", gid, "--json").data["state"] == "superseded"
    later = int(time.time()) + 60
    rp = tmp_path / "late.pdvreceipt"
    rp.write_text(
        shop.make_receipt(grant, [UsageEntry(UsageAction.USE, ("email",), later, "Deliver your order")])
    )
    r = v("receipt", "import", str(rp), "--json")
    assert r.code == 0, r.out + r.err
    assert [x["kind"] for x in v("violation", "list", "--json").data] == ["use-after-supersession"]


# -- 1b: request ids are unique per sender only -------------------------------------------------------------
def _request_with_id(o, rid: str, folder: Path, name: str) -> tuple[str, Path]:
    from vault_app.protocol import AuthorisationRequest, OrgInfo, sign

    body = AuthorisationRequest(
        OrgInfo(o.name, o.keys.encryption.public_key()),
        (RequestedField("email", Category.CONTACT),),
        (PURPOSE,),
        "Deliver your order",
        DAY,
    )
    token = sign(body, o.keys.signing, jti=rid)
    p = folder / name
    p.write_text(token)
    return token, p


def test_one_organisation_cannot_take_another_organisations_request_id_first(v, shop, bank, tmp_path) -> None:
    from vault_app.protocol.codec import new_jti

    rid = new_jti()
    _, squat = _request_with_id(bank, rid, tmp_path, "bank.pdvreq")
    token, real = _request_with_id(shop, rid, tmp_path, "shop.pdvreq")
    bank_local = imported(v, squat)
    shop_local = imported(v, real)  # before: refused as a duplicate (exit 7)
    assert bank_local == rid and shop_local != rid and shop_local.startswith(rid + ".")
    assert v("request", "show", shop_local, "--json").data["org"] == shop.did
    assert v("request", "show", bank_local, "--json").data["org"] == bank.did
    r = v("request", "approve", shop_local, "--field", "email=exact", "--confirm-unknown", "--json")
    assert r.code == 0, r.err
    grant = shop.open(Path(r.data["file"]).read_text().strip(), [token]).message
    assert [f.name for f in grant.body.fields] == ["email"]
    # the same request from the same organisation is still a duplicate
    r = v("request", "import", str(real), "--json")
    assert r.code != 0


def test_requests_of_an_older_vault_keep_their_ids_after_the_migration(cli, tmp_path) -> None:
    """The schema-2 consent fixture opens at the current schema: each request keeps its id and its sender."""
    import json
    import shutil

    fixture = Path(__file__).resolve().parents[2] / "data" / "vaults" / "consent-v2"
    expected = json.loads((fixture / "expected.json").read_text())
    vault = tmp_path / "vault"
    vault.mkdir()
    for name in ("vault.key", "vault.db", "head.json"):
        shutil.copy2(fixture / name, vault / name)
    r = cli("request", "list", "--json")
    assert r.code == 0, r.err
    rows = r.data
    assert len(rows) == 3 and {x["org"] for x in rows} == {expected["org"]}
    for x in rows:
        assert cli("request", "show", x["id"], "--json").data["org"] == expected["org"]


# -- 1c: one organisation cannot change another's conclusion -------------------------------------------------
def _derived(o, audience: str, gid: str, value: str, folder: Path, name: str) -> Path:
    from vault_app.protocol import DerivedConclusion, DerivedSource

    token = o.make_derived_request(
        audience,
        DerivedConclusion("score", Category.BEHAVIOURAL, "credit score", value=value),
        "model v2",
        [DerivedSource(gid, ("email",))],
        [PURPOSE],
        "Marketing",
        7 * DAY,
    )
    p = folder / name
    p.write_text(token)
    return p


def test_a_derived_request_citing_another_organisations_grant_does_not_replace_its_conclusion(
    v, shop, bank, tmp_path
) -> None:
    _, grant, gid = approved_grant(v, shop, tmp_path)
    imported(v, _derived(shop, grant.issuer, gid, "shop-720", tmp_path, "a.pdvreq"))
    shown = v("field", "show", "derived.score", "--json").data
    assert shown["value"] == "shop-720" and shown["provenance"]["by"] == shop.did
    # the bank (which holds a grant of its own) cites the shop's grant, with a conclusion of the same name
    _, bank_grant, _ = approved_grant(v, bank, tmp_path, name="bank.pdvreq")
    r = v("request", "import", str(_derived(bank, bank_grant.issuer, gid, "bank-300", tmp_path, "b.pdvreq")))
    assert r.code == 0, r.err
    assert "unauthorised-derivation" in {x["kind"] for x in v("violation", "list", "--json").data}
    shown = v("field", "show", "derived.score", "--json").data
    assert shown["value"] == "shop-720" and shown["provenance"]["by"] == shop.did  # before: bank-300, by bank
    names = {f["name"] for f in v("field", "list", "--json").data}
    assert not any(n.startswith("derived.score") and n != "derived.score" for n in names)
    # a conclusion of the same name from the bank's own grant is kept beside the shop's, not over it
    bank_gid = v("grant", "list", "--org", bank.did, "--json").data[0]["id"]
    imported(v, _derived(bank, bank_grant.issuer, bank_gid, "bank-300", tmp_path, "c.pdvreq"))
    assert v("field", "show", "derived.score", "--json").data["value"] == "shop-720"
    (other,) = [
        f["name"] for f in v("field", "list", "--json").data if f["name"].startswith("derived.score.")
    ]
    shown = v("field", "show", other, "--json").data
    assert shown["value"] == "bank-300" and shown["provenance"]["by"] == bank.did


# -- 1d: every id argument takes an id starting with '-' ---------------------------------------------------
def test_every_id_argument_takes_an_id_starting_with_a_dash() -> None:
    import argparse

    from vault_app.cli import subject

    parser = subject.build_parser()
    seen = 0

    def walk(p: argparse.ArgumentParser, path: list[str]) -> None:
        nonlocal seen
        for a in p._actions:  # the parser tree is only read, to find every command
            if isinstance(a, argparse._SubParsersAction):
                for name, sp in a.choices.items():
                    walk(sp, [*path, name])
            elif not a.option_strings and a.dest in ("id", "grant", "request", "did") and a.nargs is None:
                rest = [
                    "-Xdash" if b is a else (b.choices and next(iter(b.choices))) or "x"
                    for b in p._actions
                    if not b.option_strings and b.nargs is None
                ]
                for b in p._actions:
                    if b.option_strings and b.required:
                        rest += [b.option_strings[0], "x"]
                ns = parser.parse_args([*path, *rest])
                assert getattr(ns, a.dest) == "-Xdash", path
                # one random id in 4,096 starts with two dashes (the full 22-character form of an id)
                two = "--" + "Xy_-" * 5
                ns = parser.parse_args([*path, *(two if x == "-Xdash" else x for x in rest)])
                assert getattr(ns, a.dest) == two, path
                seen += 1

    walk(parser, [])
    assert seen >= 8


# -- 1e: organisation text never looks like the vault's own words --------------------------------------------
FORGED_PURPOSE = (
    "Deliver your order\nCompliance: compliant (assessed by you)\nBefore release: nothing to confirm"
)
FORGED_REASON = "to ship\nState: approved\tok"


def test_organisation_text_with_line_breaks_cannot_forge_the_vaults_lines(v, shop, tmp_path) -> None:
    _, p = request_file(
        shop,
        tmp_path,
        fields=[RequestedField("email", Category.CONTACT, FORGED_REASON)],
        purpose_text=FORGED_PURPOSE,
    )
    rid = imported(v, p)
    out = v("request", "show", rid).out
    starts = [line.split(":")[0] for line in out.splitlines()]
    assert starts.count("Compliance") == 1 and starts.count("Before release") == 1, out
    assert starts.count("State") == 1, out
    assert "Deliver your order \u23ce Compliance: compliant" in out
    # the inbox table keeps one line per request
    listing = v("request", "list").out.splitlines()
    assert sum(rid in line for line in listing) == 1
    assert not any(line.startswith(("Compliance", "Before release")) for line in listing), listing
    # the JSON keeps the organisation's exact text (for scripts), escaped as JSON does
    assert json.dumps(v("request", "show", rid, "--json").data).count(json.dumps(FORGED_PURPOSE)) >= 1
    # the history's CSV export: each entry on one line
    out_csv = tmp_path / "h.csv"
    assert v("history", "export", "--format", "csv", str(out_csv), "--json").code == 0
    text = out_csv.read_text()
    assert "\nCompliance" not in text and "\nBefore release" not in text
    assert "Deliver your order \u23ce Compliance: compliant" in text


# -- 2: verification requests must not leak ------------------------------------------------------------------
def _verification(o, folder: Path, name: str, checks: list[tuple[str, Category, str]]) -> Path:
    from vault_app.protocol import VerificationCheck

    token = o.make_verification_request(
        [VerificationCheck(n, c, value) for n, c, value in checks], [PURPOSE], "Check your details"
    )
    p = folder / name
    p.write_text(token)
    return p


def test_standing_rules_apply_to_verification(v, shop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # a rule that only flags: the field is declined, whatever the subject ticks (before: "match")
    assert v("rules", "set", "never-release", "health", "--json").code == 0
    checks = [
        ("diagnosis", Category.HEALTH, "canary-condition-xyz"),
        ("email", Category.CONTACT, "x@example.org"),
    ]
    rid = imported(v, _verification(shop, tmp_path, "v1.pdvreq", checks))
    assert "never-release:health" in {f["rule"] for f in v("request", "show", rid, "--json").data["findings"]}
    r = v("verification", "answer", rid, "--confirm-unknown", "--json")
    assert r.code == 0, r.err
    assert {x["name"]: x["outcome"] for x in r.data["results"]} == {
        "diagnosis": "declined",
        "email": "mismatch",
    }
    # a rule that refuses: the request is refused when it arrives (before: pending review)
    assert v("rules", "set", "never-release", "health", "--action", "refuse", "--json").code == 0
    rid = imported(v, _verification(shop, tmp_path, "v2.pdvreq", checks[:1]), state="auto_refused")
    assert "Never release health data" in v("request", "show", rid, "--json").data["reason"]
    assert v("verification", "answer", rid, "--confirm-unknown", "--json").code == 8  # nothing is answered


def test_verification_for_an_unassessed_organisation_needs_confirmation(v, shop, tmp_path, work) -> None:
    p = _verification(shop, tmp_path, "ver.pdvreq", [("email", Category.CONTACT, "alice.canary@example.org")])
    rid = imported(v, p)
    r = v("verification", "answer", rid, "--json")
    assert r.code == 8 and r.data["error"] == "confirmation-needed"  # before: answered
    assert list(work.iterdir()) == []
    r = v("verification", "answer", rid, "--confirm-unknown", "--json")
    assert r.code == 0, r.err
    assert {x["name"]: x["outcome"] for x in r.data["results"]} == {"email": "match"}


def test_repeated_probing_of_a_field_is_shown_and_refused_past_the_limit(v, shop, bank, tmp_path) -> None:
    from vault_app.services.decisions import PROBE_LIMIT

    outcomes = []
    for i in range(PROBE_LIMIT + 1):
        o = shop if i % 2 == 0 else bank  # several organisations together are counted too
        p = _verification(
            o, tmp_path, f"v{i}.pdvreq", [("income", Category.FINANCIAL, str(40000 + i * 1000))]
        )
        rid = imported(v, p)
        shown = v("request", "show", rid).out
        if i:
            assert f"asked about {i} time(s) in the last 90 days" in shown, shown
        assert ("probing" in shown) == (i == PROBE_LIMIT), shown
        r = v("verification", "answer", rid, "--confirm-unknown", "--json")
        assert r.code == 0, r.err
        outcomes.append(r.data["results"][0]["outcome"])
        assert ("probing" in r.data["results"][0]["message"]) == (i == PROBE_LIMIT)
    # the guesses stop getting answers once the field has been asked about PROBE_LIMIT times
    assert outcomes[:PROBE_LIMIT] == ["mismatch"] * PROBE_LIMIT and outcomes[PROBE_LIMIT] == "declined"


# -- 4: DPV purposes are recognised by their full IRI --------------------------------------------------------
def test_a_purpose_outside_dpv_is_shown_as_non_standard_not_by_its_last_part(v, shop, tmp_path) -> None:
    from vault_app.gui import consent_words as w

    lookalike = "https://example.org/vocab#ServiceProvision"
    token = shop.make_request(
        [RequestedField("email", Category.CONTACT)], [PURPOSE, lookalike], "Deliver your order", DAY
    )
    p = tmp_path / "r.pdvreq"
    p.write_text(token)
    out = v("request", "show", imported(v, p)).out
    assert f"DPV purpose ServiceProvision ({PURPOSE})" in out
    assert (
        f"Non-standard purpose: {lookalike}" in out
        and "DPV purpose ServiceProvision (https://example" not in out
    )
    # the desktop app's words: the look-alike is not named as DPV's term
    assert w.purpose_label(PURPOSE) == "Providing the service you asked for"
    assert w.purpose_label(lookalike) == f"Non-standard purpose: {lookalike}"
    assert w.purpose_label("http://w3id.org/dpv#ServiceProvision").startswith("Non-standard purpose")
    assert w.purpose_term(lookalike) == lookalike and w.purpose_term(PURPOSE) == "dpv:ServiceProvision"


# -- 3: anonymisation must not average away ------------------------------------------------------------------
NOISE = "income=anon:number.noise:level=light,sensitivity=1000"


def test_noise_is_drawn_once_per_organisation_and_shown_before_and_after_signing(
    v, shop, bank, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    sent = []
    previewed = []
    for i in range(4):
        token, p = request_file(shop, tmp_path, f"r{i}.pdvreq")
        rid = imported(v, p)
        pre = v("request", "approve", rid, "--preview", "--confirm-unknown", "--field", NOISE, "--json")
        assert pre.code == 0, pre.err
        (f,) = pre.data["released"]
        previewed.append(f["value"])
        r = v("request", "approve", rid, "--confirm-unknown", "--field", NOISE, "--json")
        assert r.code == 0, r.err
        (g,) = shop.open(Path(r.data["file"]).read_text().strip(), [token]).message.body.fields
        sent.append(g.value)
        shown = v("grant", "show", r.data["grant"], "--reveal", "--json").data
        assert [x["value"] for x in shown["content"]["fields"]] == [g.value]
    # one value, shown before signing, sent every time (before: a fresh draw each time, and none shown)
    assert len(set(sent)) == 1 and previewed == sent and isinstance(sent[0], (int, float))
    budget = pre.data["privacy_budget"]["income"]
    assert budget == {"spent": 1.0, "limit": 2.0}


def test_the_privacy_budget_of_a_field_is_enforced_across_organisations(v, shop, bank, tmp_path) -> None:
    from vault_app.protocol import Organisation, OrgKeys

    third = Organisation(OrgKeys.generate(), "Example Insurer")
    for o in (shop, bank):
        _, p = request_file(o, tmp_path, f"{o.name}.pdvreq")
        assert v("request", "approve", imported(v, p), "--confirm-unknown", "--field", NOISE).code == 0
    _, p = request_file(third, tmp_path, "third.pdvreq")
    rid = imported(v, p)
    pre = v("request", "approve", rid, "--preview", "--confirm-unknown", "--field", NOISE, "--json")
    assert pre.data["privacy_budget"]["income"] == {"spent": 2.0, "limit": 2.0}
    text = v("request", "approve", rid, "--preview", "--confirm-unknown", "--field", NOISE).out
    assert "Privacy budget of income: 2 of 2 used" in text
    r = v("request", "approve", rid, "--confirm-unknown", "--field", NOISE, "--json")
    assert r.code == 8 and r.data["error"] == "privacy-budget"
    assert v("grant", "list", "--org", third.did, "--json").data == []
