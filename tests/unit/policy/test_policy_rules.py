"""Standing rules (privacy floor): ids, descriptions, JSON, request findings and release-time checks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_app.domain.errors import PolicyDenied, ValidationError
from vault_app.domain.model import Category, ComplianceStatus, Processing, ReleaseMode, RequestedField, Scope
from vault_app.policy.request import RequestSummary, describe_duration
from vault_app.policy.rules import PrivacyFloor, Rule, RuleAction, RuleKind, evaluate

DAY = 86400
YEAR = 365 * DAY
ORG = "did:key:z6MkOrgA"


def req(
    *fields: tuple[str, Category],
    retention: int = 30 * DAY,
    onward: tuple[str, ...] = (),
    derivation: tuple[Processing, ...] = (),
) -> RequestSummary:
    return RequestSummary(
        ORG,
        tuple(RequestedField(n, c) for n, c in fields),
        Scope(
            ("https://w3id.org/dpv#ServiceProvision",), "deliver your order", retention, onward, derivation
        ),
    )


def test_ids_and_descriptions_are_stable() -> None:
    cases = {
        Rule.never_release(Category.HEALTH): ("never-release:health", "Never release health data."),
        Rule.always_anonymise(Category.FINANCIAL): (
            "always-anonymise:financial",
            "Always anonymise financial data.",
        ),
        Rule.max_retention(YEAR): (
            "max-retention",
            "Never let an organisation keep data longer than 1 year.",
        ),
        Rule.no_onward_transfer(): (
            "no-onward-transfer",
            "Never allow data to be passed on to other organisations.",
        ),
        Rule.no_derivation(): (
            "no-derivation",
            "Never allow analysis, derivation, inference, profiling of your data.",
        ),
        Rule.no_derivation([Processing.PROFILE]): (
            "no-derivation:profile",
            "Never allow profiling of your data.",
        ),
        Rule.only_compliant(): ("only-compliant", "Only deal with organisations marked compliant."),
    }
    for rule, (rid, desc) in cases.items():
        assert (rule.id, rule.description) == (rid, desc)


def test_default_actions() -> None:
    assert Rule.only_compliant().action is RuleAction.REFUSE
    assert Rule.never_release(Category.HEALTH).action is RuleAction.FLAG
    assert Rule.never_release(Category.HEALTH, RuleAction.REFUSE).action is RuleAction.REFUSE


def test_rule_parameter_validation() -> None:
    with pytest.raises(ValidationError):
        Rule(RuleKind.NEVER_RELEASE_CATEGORY, RuleAction.FLAG)
    with pytest.raises(ValidationError):
        Rule(RuleKind.ONLY_COMPLIANT, RuleAction.FLAG, category=Category.HEALTH)
    with pytest.raises(ValidationError):
        Rule.max_retention(0)
    with pytest.raises(ValidationError):
        Rule.no_derivation([])
    with pytest.raises(ValidationError):
        Rule(RuleKind.NO_ONWARD_TRANSFER, RuleAction.FLAG, processing=(Processing.DERIVE,))


def test_derivation_rule_is_canonical() -> None:
    a = Rule.no_derivation([Processing.PROFILE, Processing.DERIVE])
    b = Rule.no_derivation([Processing.DERIVE, Processing.PROFILE])
    assert a == b and a.id == "no-derivation:derive+profile"


ALL_RULES = [
    Rule.never_release(Category.HEALTH),
    Rule.always_anonymise(Category.FINANCIAL, RuleAction.REFUSE),
    Rule.max_retention(90 * DAY),
    Rule.no_onward_transfer(),
    Rule.no_derivation([Processing.PROFILE]),
    Rule.only_compliant(RuleAction.FLAG),
]


def test_floor_json_round_trip() -> None:
    floor = PrivacyFloor(tuple(ALL_RULES))
    assert PrivacyFloor.from_json(floor.to_json()) == floor
    for r in ALL_RULES:
        assert Rule.from_json(r.to_json()) == r


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"format": 2, "rules": []}',
        '{"format": 1, "rules": [{"kind": "never-release-everything"}]}',
        '{"format": 1, "rules": [{"kind": "max-retention", "max_retention_seconds": "long"}]}',
        '{"format": 1, "rules": [{"kind": "never-release-category", "category": "secrets"}]}',
        '{"format": 1, "rules": [{"kind": "no-onward-transfer"}, {"kind": "no-onward-transfer"}]}',
        '{"format": 1, "rules": ["x"]}',
    ],
)
def test_floor_from_bad_json_raises_validation_error(text: str) -> None:
    with pytest.raises(ValidationError):
        PrivacyFloor.from_json(text)


def test_with_rule_replaces_same_id_and_the_retention_limit() -> None:
    f = PrivacyFloor().with_rule(Rule.max_retention(YEAR)).with_rule(Rule.never_release(Category.HEALTH))
    f = f.with_rule(Rule.max_retention(30 * DAY)).with_rule(
        Rule.never_release(Category.HEALTH, RuleAction.REFUSE)
    )
    assert f.max_retention_seconds == 30 * DAY
    assert [r.id for r in f.rules] == ["max-retention", "never-release:health"]
    assert f.rules[1].action is RuleAction.REFUSE
    assert f.without("max-retention").max_retention_seconds is None
    with pytest.raises(ValidationError):
        f.without("no-such-rule")
    with pytest.raises(ValidationError):
        PrivacyFloor((Rule.max_retention(YEAR), Rule.max_retention(YEAR, RuleAction.REFUSE)))


# --- findings on requests -----------------------------------------------------------------------------------


def test_never_release_category_flags_the_fields() -> None:
    floor = PrivacyFloor((Rule.never_release(Category.HEALTH),))
    r = req(("blood_type", Category.HEALTH), ("email", Category.CONTACT), ("allergies", Category.HEALTH))
    (f,) = floor.evaluate(r, ComplianceStatus.COMPLIANT)
    assert f.rule_id == "never-release:health" and f.action is RuleAction.FLAG
    assert f.fields == ("blood_type", "allergies")
    assert "Never release health data" in f.message and "withheld" in f.message
    assert PrivacyFloor.auto_refusal([f]) is None
    assert floor.evaluate(req(("email", Category.CONTACT)), ComplianceStatus.COMPLIANT) == []


def test_never_release_category_with_refuse_action_refuses() -> None:
    floor = PrivacyFloor((Rule.never_release(Category.HEALTH, RuleAction.REFUSE),))
    findings = floor.evaluate(req(("blood_type", Category.HEALTH)), ComplianceStatus.COMPLIANT)
    refusal = PrivacyFloor.auto_refusal(findings)
    assert refusal is not None and refusal.rule_id == "never-release:health"
    assert refusal.message.startswith("Refused automatically by your rule")


def test_always_anonymise_flags() -> None:
    floor = PrivacyFloor((Rule.always_anonymise(Category.FINANCIAL),))
    (f,) = floor.evaluate(req(("income", Category.FINANCIAL)), ComplianceStatus.COMPLIANT)
    assert f.fields == ("income",) and "anonymised" in f.message


def test_max_retention_flags_only_longer_requests() -> None:
    floor = PrivacyFloor((Rule.max_retention(90 * DAY),))
    assert floor.evaluate(req(retention=90 * DAY), ComplianceStatus.COMPLIANT) == []
    (f,) = floor.evaluate(req(retention=2 * YEAR), ComplianceStatus.COMPLIANT)
    assert f.rule_id == "max-retention" and "2 years" in f.message and "3 months" in f.message


def test_no_onward_transfer_flags_requests_with_recipients() -> None:
    floor = PrivacyFloor((Rule.no_onward_transfer(RuleAction.REFUSE),))
    assert floor.evaluate(req(), ComplianceStatus.COMPLIANT) == []
    (f,) = floor.evaluate(req(onward=("did:key:z6MkB",)), ComplianceStatus.COMPLIANT)
    assert f.refuses and "did:key:z6MkB" in f.message


def test_no_derivation_only_for_listed_kinds() -> None:
    floor = PrivacyFloor((Rule.no_derivation([Processing.PROFILE]),))
    assert floor.evaluate(req(derivation=(Processing.ANALYSE,)), ComplianceStatus.COMPLIANT) == []
    (f,) = floor.evaluate(
        req(derivation=(Processing.ANALYSE, Processing.PROFILE)), ComplianceStatus.COMPLIANT
    )
    assert "profiling" in f.message and "analysis" not in f.message


@pytest.mark.parametrize(
    "status", [ComplianceStatus.UNKNOWN, ComplianceStatus.NON_COMPLIANT, ComplianceStatus.SUSPENDED]
)
def test_only_compliant_refuses_anyone_not_marked_compliant(status: ComplianceStatus) -> None:
    floor = PrivacyFloor((Rule.only_compliant(),))
    (f,) = evaluate(floor, req(), status)
    assert f.refuses and f.rule_id == "only-compliant"
    assert evaluate(floor, req(), ComplianceStatus.COMPLIANT) == []


def test_findings_follow_rule_order() -> None:
    floor = PrivacyFloor(tuple(ALL_RULES))
    r = req(
        ("blood_type", Category.HEALTH),
        ("income", Category.FINANCIAL),
        retention=YEAR,
        onward=("did:key:z6MkB",),
        derivation=(Processing.PROFILE,),
    )
    ids = [f.rule_id for f in floor.evaluate(r, ComplianceStatus.UNKNOWN)]
    assert ids == [rule.id for rule in ALL_RULES]
    refusal = PrivacyFloor.auto_refusal(floor.evaluate(r, ComplianceStatus.UNKNOWN))
    assert refusal is not None and refusal.rule_id == "always-anonymise:financial"


# --- release-time checks ------------------------------------------------------------------------------------


def test_release_checks_for_categories() -> None:
    floor = PrivacyFloor((Rule.never_release(Category.HEALTH), Rule.always_anonymise(Category.FINANCIAL)))
    with pytest.raises(PolicyDenied) as ei:
        floor.check_field_release("blood_type", [Category.HEALTH], ReleaseMode.ANONYMISED)
    assert ei.value.reason == "rule:never-release:health"
    with pytest.raises(PolicyDenied) as ei:
        floor.check_field_release("income", [Category.FINANCIAL], ReleaseMode.EXACT)
    assert ei.value.reason == "rule:always-anonymise:financial"
    floor.check_field_release("income", [Category.FINANCIAL], ReleaseMode.ANONYMISED)
    floor.check_field_release("blood_type", [Category.HEALTH], ReleaseMode.WITHHOLD)
    # any of several categories counts (the request's and the vault's may differ)
    with pytest.raises(PolicyDenied):
        floor.check_field_release("notes", [Category.OTHER, Category.HEALTH], ReleaseMode.EXACT)


def test_release_checks_for_scope() -> None:
    floor = PrivacyFloor(
        (
            Rule.no_onward_transfer(),
            Rule.no_derivation([Processing.INFER]),
            Rule.max_retention(DAY),
            Rule.only_compliant(),
        )
    )
    floor.check_onward([])
    with pytest.raises(PolicyDenied, match="passed on"):
        floor.check_onward(["did:key:z6MkB"])
    floor.check_derivation([Processing.DERIVE])
    with pytest.raises(PolicyDenied, match="inference"):
        floor.check_derivation([Processing.INFER])
    floor.check_retention(DAY)
    with pytest.raises(PolicyDenied):
        floor.check_retention(DAY + 1)
    floor.check_org(ComplianceStatus.COMPLIANT)
    with pytest.raises(PolicyDenied):
        floor.check_org(ComplianceStatus.UNKNOWN)
    PrivacyFloor().check_onward(["did:key:z6MkB"])  # no rule, no objection


def test_describe_duration() -> None:
    assert describe_duration(YEAR) == "1 year"
    assert describe_duration(2 * YEAR) == "2 years"
    assert describe_duration(DAY + 3600) == "about 1 day"
    assert describe_duration(90 * DAY) == "3 months"
    assert describe_duration(120) == "2 minutes"


def test_request_summary_validation() -> None:
    with pytest.raises(ValidationError):
        req(("email", Category.CONTACT), ("email", Category.CONTACT))
    with pytest.raises(ValidationError):
        req(retention=0)
    with pytest.raises(ValidationError):
        req(("bad name!", Category.CONTACT))


@settings(max_examples=100)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.sampled_from(list(Category))),
        unique_by=lambda t: t[0],
    ),
    st.sampled_from(list(Category)),
    st.sampled_from(list(RuleAction)),
)
def test_property_never_release_finds_exactly_the_fields_of_its_category(
    fields: list[tuple[str, Category]], cat: Category, action: RuleAction
) -> None:
    floor = PrivacyFloor((Rule.never_release(cat, action),))
    findings = floor.evaluate(req(*fields), ComplianceStatus.COMPLIANT)
    expected = tuple(n for n, c in fields if c is cat)
    if expected:
        (f,) = findings
        assert f.fields == expected and f.refuses == (action is RuleAction.REFUSE)
    else:
        assert findings == []
