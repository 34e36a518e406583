"""An automatic refusal keeps its stable reason word with the request (schema 3), so no screen reads the
history to word it; vaults from schema 2 get the word back from their history when they are upgraded."""

from __future__ import annotations

from conftest import basic_request
from vault_app.domain.consent import RequestState
from vault_app.domain.model import Category
from vault_app.policy.rules import Rule, RuleAction
from vault_app.storage.db import _split_sql
from vault_app.storage.migrations import migrations


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
    # the requests table as schema 2 had it (no reason word), then schema 3's step as an upgrade runs it
    step = next(sql for version, _name, sql in migrations() if version == 3)
    with db.transaction("downgrade and upgrade for the test") as tx:
        tx.execute("ALTER TABLE requests DROP COLUMN reason_code")
        for stmt in _split_sql(step):
            tx.execute(stmt)
    assert vault.consent.inbox.get_request(rid).reason_code == "rule:never-release:contact"
