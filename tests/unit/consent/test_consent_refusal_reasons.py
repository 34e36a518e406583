"""An automatic refusal keeps its stable reason word with the request (schema 3), so no screen reads the
history to word it; vaults from schema 2 get the word back from their history when they are upgraded."""

from __future__ import annotations

from conftest import basic_request
from vault_app.domain.consent import RequestState
from vault_app.domain.model import Category
from vault_app.policy.rules import Rule, RuleAction
from vault_app.storage.migrations import latest_version


def test_import_result_and_request_carry_the_reason(vault, shop) -> None:
    vault.consent.orgs.add_rule(Rule.never_release(Category.CONTACT, RuleAction.REFUSE))
    res = vault.consent.inbox.import_text(basic_request(shop))
    assert res.auto_refused and res.reason == "rule:never-release:contact"
    assert res.reason_text and "contact" in res.reason_text
    view = vault.consent.inbox.get_request(res.id)
    assert view.state is RequestState.AUTO_REFUSED and view.reason_code == "rule:never-release:contact"


def test_a_request_waiting_for_review_has_no_reason(vault, shop) -> None:
    res = vault.consent.inbox.import_text(basic_request(shop))
    assert not res.auto_refused and res.reason is None
    assert vault.consent.inbox.get_request(res.id).reason_code is None


def test_upgrading_from_schema_2_recovers_the_reason_from_the_history(vault, shop) -> None:
    vault.consent.orgs.add_rule(Rule.never_release(Category.CONTACT, RuleAction.REFUSE))
    rid = vault.consent.inbox.import_text(basic_request(shop)).id
    db = vault.repositories.requests.db
    # make it the vault the previous version wrote: no reason word column, schema 2
    with db.transaction("downgrade for the test") as tx:
        tx.execute("ALTER TABLE requests DROP COLUMN reason_code")
        for kind, name in (("TRIGGER", "history_counted"), ("TABLE", "history_counts"),  # what schema 4 adds
                           ("TABLE", "history_fields"), ("TABLE", "history_verified"),
                           ("INDEX", "requests_by_expiry"), ("INDEX", "grants_by_expiry"),
                           ("INDEX", "grants_by_issued"), ("INDEX", "grants_by_token_tail"),
                           ("INDEX", "grants_by_jwe_tail"), ("INDEX", "grants_by_parent")):  # fmt: skip
            tx.execute(f"DROP {kind} {name}")
        tx.execute("PRAGMA user_version = 2")
    vault.lock()
    vault.unlock("correct horse battery")
    assert vault.repositories.requests.db.schema_version == latest_version()
    assert vault.consent.inbox.get_request(rid).reason_code == "rule:never-release:contact"
