"""Issue 11: after a verification request is answered, ``request show`` still says which checks the vault
declined by itself and why (kept with the answer in the history), as the desktop app does."""

# ruff: noqa: F811  (the fixtures of test_cli_consent are imported here and named again as test arguments)
from __future__ import annotations

from test_cli_consent import PURPOSE, _keep_umask, cli, imported, shop, v, work  # noqa: F401  (fixtures)

from vault_app.domain.model import Category
from vault_app.protocol import VerificationCheck


def test_an_answered_verification_still_shows_why_the_vault_declined_a_check(v, shop, tmp_path) -> None:
    assert v("rules", "set", "never-release", "health", "--json").code == 0
    token = shop.make_verification_request(
        [
            VerificationCheck("diagnosis", Category.HEALTH, value="canary-condition-xyz"),
            VerificationCheck("email", Category.CONTACT, value="nobody@example.org"),
        ],
        [PURPOSE],
        "Check your details",
    )
    p = tmp_path / "v.pdvreq"
    p.write_text(token)
    rid = imported(v, p)
    assert "Declined by your rule" in v("request", "show", rid).out
    r = v("verification", "answer", rid, "--confirm-unknown", "--json")
    assert r.code == 0, r.err
    shown = v("request", "show", rid).out
    assert "Declined by your rule" in shown and "Never release health data" in shown, shown  # before: nothing
    (entry,) = [e for e in v("history", "list", "--json").data if e["kind"] == "verification.answered"]
    assert entry["data"]["held"] == {"diagnosis": {"reason": "rule", "rule": "never-release:health"}}
    assert "canary-condition-xyz" not in shown and "canary-condition-xyz" not in str(entry)
