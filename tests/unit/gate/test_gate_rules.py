"""The gate's rules over real grants: which rows pass, in which form, and why the others were dropped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from gate_world import DAY, MARKETING, PARTNER, PURPOSE, T0, GateWorld, other_org

from vault_app.domain.files import atomic_write
from vault_app.domain.model import Category, Processing, RequestedField
from vault_app.gate.job import JobError, parse_job
from vault_app.protocol.codec import seal


def test_only_allowed_rows_pass_with_only_the_job_fields_in_released_form(gw: GateWorld) -> None:
    ok = gw.grant()
    revoked = gw.grant(status=1)
    # the file holds raw values and a column the job does not read: neither may pass
    data = gw.data(
        [ok.jti, revoked.jti, ok.jti],
        extra={"email": ["raw@example.org"] * 3, "birth_date": ["1990-04-01"] * 3, "secret": ["x"] * 3},
    )
    run = gw.run(gw.job(), data)
    assert run.table.schema.names == ["grant", "email", "birth_date"]
    assert run.table.to_pylist() == [
        {"grant": ok.jti, "email": "person1@example.org", "birth_date": "30-39"},
        {"grant": ok.jti, "email": "person1@example.org", "birth_date": "30-39"},
    ]
    assert run.report.rows_in == 3 and run.report.rows_out == 2
    assert run.report.dropped == {"revoked": 1}


def _case(gw: GateWorld, case: str) -> tuple[str, dict[str, Any]]:
    """Make the grant of one case; return its id and the job to run."""
    job = gw.job()
    if case == "expired":
        g = gw.grant(expires_at=T0 + DAY // 2)
    elif case in ("revoked", "superseded", "erased"):
        g = gw.grant(status={"revoked": 1, "superseded": 2, "erased": 3}[case])
    elif case == "purpose-not-granted":
        g = gw.grant()
        job["purposes"] = [PURPOSE, MARKETING]
    elif case == "processing-not-granted":
        g = gw.grant(processing=())
        job["actions"] = ["use", "analyse"]
    elif case == "profile-not-granted":
        g = gw.grant(processing=(Processing.ANALYSE, Processing.DERIVE))
        job["actions"] = ["profile"]
        job["outputs"] = [{"name": "p", "category": "behavioural", "description": "d", "method": "m"}]
        case = "processing-not-granted"
    elif case == "recipient-not-granted":
        g = gw.grant()
        job["actions"] = ["transfer"]
        job["recipient"] = PARTNER
    elif case == "field-not-released":
        g = gw.grant(fields=("birth_date",))  # e-mail withheld
    elif case == "status-unknown":
        g = gw.grant(write_list=False)
    elif case == "status-stale":
        g = gw.grant(ttl=None)  # neither exp nor ttl: cannot be known fresh
    else:
        raise AssertionError(case)
    return g.jti, job


@pytest.mark.parametrize(
    "case",
    [
        "expired",
        "revoked",
        "superseded",
        "erased",
        "purpose-not-granted",
        "processing-not-granted",
        "profile-not-granted",
        "recipient-not-granted",
        "field-not-released",
        "status-unknown",
        "status-stale",
    ],
)
def test_each_reason_drops_the_rows_and_is_counted(gw: GateWorld, case: str) -> None:
    good = gw.grant(
        purposes=(PURPOSE, MARKETING),
        processing=(Processing.ANALYSE, Processing.DERIVE, Processing.PROFILE),
        onward=(PARTNER,),
    )
    bad, job = _case(gw, case)
    run = gw.run(job, gw.data([bad, bad, good.jti]))
    word = "processing-not-granted" if case == "profile-not-granted" else case
    assert run.report.dropped == {word: 2}
    assert run.table.column("grant").to_pylist() == [good.jti]


def test_not_yet_valid_counts_every_row(gw: GateWorld) -> None:
    g = gw.grant()
    run = gw.run(gw.job(at=T0 - DAY), gw.data([g.jti, g.jti]))
    assert run.report.rows_out == 0 and run.report.dropped == {"not-yet-valid": 2}


def test_transfer_to_a_granted_recipient_passes(gw: GateWorld) -> None:
    g = gw.grant(onward=(PARTNER,))
    run = gw.run(gw.job(actions=["use", "transfer"], recipient=PARTNER), gw.data([g.jti]))
    assert run.report.rows_out == 1


def test_unknown_and_missing_grant_ids_are_dropped_with_their_reason(gw: GateWorld) -> None:
    g = gw.grant()
    run = gw.run(gw.job(), gw.data([g.jti, "no-such-grant-000001", None]))
    assert run.report.rows_out == 1
    assert run.report.dropped == {"unknown-grant": 1, "no-key": 1}


def test_stale_list_is_refused_unless_accepted_then_warned(gw: GateWorld) -> None:
    g = gw.grant(ttl=3600)  # fresh for an hour after T0; the job runs a day later
    data = gw.data([g.jti])
    run = gw.run(gw.job(), data)
    assert run.report.dropped == {"status-stale": 1}
    assert any("stale" in w for w in run.report.warnings)
    run = gw.run(gw.job(), data, accept_stale=True)
    assert run.report.rows_out == 1
    assert run.report.status_lists["stale_accepted"] == 1
    assert any("staleness was accepted" in w for w in run.report.warnings)
    # a stale list that says revoked still drops the rows
    h = gw.grant(ttl=None, status=1)
    run = gw.run(gw.job(), gw.data([h.jti]), accept_stale=True)
    assert run.report.dropped == {"revoked": 1}


def test_freshness_from_exp_and_lists_older_than_the_grant(gw: GateWorld) -> None:
    fresh = gw.grant(ttl=None, list_lifetime=2 * DAY)
    expired_list = gw.grant(ttl=None, list_lifetime=DAY // 2)
    older_than_grant = gw.grant(list_at=T0 - DAY)
    run = gw.run(gw.job(), gw.data([fresh.jti, expired_list.jti, older_than_grant.jti]))
    assert run.table.column("grant").to_pylist() == [fresh.jti]
    assert run.report.dropped == {"status-stale": 2}


def test_a_list_signed_by_another_key_says_nothing(gw: GateWorld) -> None:
    g = gw.grant(write_list=False)
    gw.status_list(Ed25519PrivateKey.generate(), g.uri, 0)  # someone else's list under the grant's URI
    run = gw.run(gw.job(), gw.data([g.jti]))
    assert run.report.dropped == {"status-unknown": 1}
    assert run.report.status_lists["unknown"] == {"status-list-of-another-key": 1}


def test_one_bit_lists_are_read(gw: GateWorld) -> None:
    g = gw.grant(write_list=False)
    gw.status_list(g.key, g.uri, 1, bits=1)
    assert gw.run(gw.job(), gw.data([g.jti])).report.dropped == {"revoked": 1}


def test_grants_for_another_organisation_never_pass(gw: GateWorld, tmp_path: Path) -> None:
    mine = gw.grant()
    # a grant sealed to another organisation: cannot be opened, its rows are unknown
    other = other_org(tmp_path)
    req = gw.agent.parse_request(
        other.make_request([RequestedField("email", Category.CONTACT)], [PURPOSE], "Other use.", 365 * DAY)
    )
    foreign = gw.grant(request=req, released=gw.released(99, ("email",)), processing=())
    # the same signed grant, re-sealed to our key by someone hoping we take it: addressed to the other org
    atomic_write(
        gw.grants / "resealed.pdvgrant", seal(foreign.token, gw.org.keys.encryption.public_key()) + "\n"
    )
    (gw.grants / f"{foreign.jti}.pdvgrant").unlink()
    atomic_write(
        gw.grants / "foreign.pdvgrant", seal(foreign.token, other.keys.encryption.public_key()) + "\n"
    )
    run = gw.run(gw.job(fields=["email"]), gw.data([mine.jti, foreign.jti]))
    assert run.table.column("grant").to_pylist() == [mine.jti]
    assert run.report.dropped == {"other-organisation": 1}
    assert run.report.grants["rejected"] == {"other-organisation": 2}


def test_a_forged_grant_is_rejected_on_entry(gw: GateWorld) -> None:
    g = gw.grant()
    h, p, s = g.token.split(".")
    forged = ".".join((h, p, ("A" if s[0] != "A" else "B") + s[1:]))
    atomic_write(gw.grants / f"{g.jti}.pdvgrant", seal(forged, gw.org.keys.encryption.public_key()) + "\n")
    run = gw.run(gw.job(), gw.data([g.jti]))
    assert run.report.dropped == {"grant-rejected": 1}
    assert run.report.grants["rejected"] == {"grant-bad-signature": 1}


def test_rows_keyed_by_pairwise_subject_use_that_subjects_grant(gw: GateWorld) -> None:
    old = gw.grant(fields=("birth_date",))
    newer = gw.grant(key=old.key)  # same subject, a later grant releasing both fields
    stranger = gw.grant(status=1)
    data = gw.data(
        [old.did, stranger.did, "did:key:z6MkunknownXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"], column="subject"
    )
    run = gw.run(gw.job(grant_column=None, subject_column="subject"), data)
    assert run.table.to_pylist() == [
        {"subject": old.did, "email": "person2@example.org", "birth_date": "30-39"}
    ]
    assert run.report.dropped == {"revoked": 1, "unknown-subject": 1}
    assert newer.did == old.did


def test_values_keep_their_type_and_the_report_holds_no_value(gw: GateWorld) -> None:
    g = gw.grant(fields=("email", "balance"))
    run = gw.run(gw.job(fields=["email", "balance"]), gw.data([g.jti]))
    assert run.table.schema.field("balance").type == pa.int64()
    assert run.table.column("balance").to_pylist() == [1201]
    text = json.dumps(run.report.to_json())
    assert "example.org" not in text and "1201" not in text


@pytest.mark.parametrize(
    "doc, member",
    [
        ({"purposes": []}, "purposes"),
        ({"purposes": ["http://insecure.example/p"]}, "purposes[0]"),
        ({"actions": ["sell"]}, "actions[0]"),
        ({"actions": ["transfer"]}, "recipient"),
        ({"recipient": "not-a-did"}, "recipient"),
        ({"fields": ["e mail"]}, "fields[0]"),
        ({"at": "yesterday"}, "at"),
        ({"actions": ["derive"]}, "outputs"),
        ({"grant_column": "g", "subject_column": "s"}, "subject_column"),
        ({"name": ""}, "name"),
        ({"purpose": [PURPOSE]}, "purpose"),
        (
            {
                "outputs": [{"name": "x", "category": "secret", "description": "d", "method": "m"}],
                "actions": ["derive"],
            },
            "outputs[0].category",
        ),
    ],
)
def test_a_malformed_job_is_refused_naming_the_member(
    gw: GateWorld, doc: dict[str, Any], member: str
) -> None:
    with pytest.raises(JobError) as exc:
        parse_job(gw.job(**doc))
    assert f"'{member}" in exc.value.message
    if member == "recipient" and "actions" in doc:
        assert "transfer" in exc.value.message


def test_gated_rows_are_written_owner_only(gw: GateWorld) -> None:
    g = gw.grant()
    gw.run(gw.job(), gw.data([g.jti]))
    assert (gw.root / "out.parquet").stat().st_mode & 0o777 == 0o600
