"""A demo for the gate: an organisation, its request, real grants from demo subjects, their status lists, a
dataset whose rows carry the grants, and example jobs.

Every grant is made by the protocol's subject agent (:class:`SubjectAgent.make_grant`) with its own freshly
generated Ed25519 key, so every subject has a distinct pairwise DID, and is sealed to the organisation's key
exactly as a vault sends it. Each subject publishes its own status list (``ttl`` one day, so it is fresh at
the demo's time). The demo subjects differ on purpose, so that a gated job drops rows for each reason: some
grants allow analysis and some do not, some withhold the e-mail address, some are revoked, some have expired.

Values are made up (``person<N>@example.org``, age bands); the dataset holds no personal value of anyone real.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vault_app.domain.clock import FixedClock
from vault_app.domain.files import atomic_write
from vault_app.domain.model import Category, Processing, ReleasedField, ReleaseMode, RequestedField, Scope
from vault_app.protocol.did import did_from_public_key
from vault_app.protocol.messages import StatusRef
from vault_app.protocol.org import Organisation
from vault_app.protocol.statuslist import StatusList
from vault_app.protocol.subject import SubjectAgent

__all__ = ["DEMO_TIME", "PURPOSE", "Demo", "make_demo"]

#: 2027-01-15T08:00:00Z: the default time of the demo's jobs (the grants are issued a day before)
DEMO_TIME = 1_800_000_000
PURPOSE = "https://w3id.org/dpv#ServiceProvision"
MARKETING = "https://w3id.org/dpv#Marketing"
DAY = 86400


@dataclass(frozen=True)
class Demo:
    root: Path
    keys: Path
    grants: Path
    data: Path
    job: Path
    subjects: int
    rows: int


def _job(name: str, at: int, actions: list[str], fields: list[str], **extra: object) -> dict[str, object]:
    return {
        "name": name,
        "purposes": [PURPOSE],
        "purpose_text": "Run and improve the savings account.",
        "actions": actions,
        "fields": fields,
        "at": at,
        **extra,
    }


def make_demo(
    root: str | os.PathLike[str],
    *,
    subjects: int = 50,
    rows_per_subject: int = 4,
    seed: int = 7,
    at: int = DEMO_TIME,
) -> Demo:
    """Write the demo into ``root``: ``org/`` (keys), ``grants/`` (request, grants, status lists),
    ``data.parquet`` and ``job.json`` (plus ``job-derive.json``), for jobs running at ``at`` (grants are
    issued
    a day earlier)."""
    rnd = random.Random(seed)
    base = Path(root)
    keys_dir, grants_dir = base / "org", base / "grants"
    issued = at - DAY
    clock = FixedClock(float(issued))
    org = Organisation.create(
        keys_dir, "Example Savings Bank", url="https://bank.example", clock=clock, overwrite=True
    )
    grants_dir.mkdir(parents=True, exist_ok=True)
    request = org.make_request(
        [
            RequestedField("email", Category.CONTACT, "to send statements"),
            RequestedField("birth_date", Category.DEMOGRAPHIC, "to offer age-appropriate products"),
        ],
        [PURPOSE],
        "Run and improve the savings account.",
        365 * DAY,
        processing=(Processing.ANALYSE, Processing.DERIVE),
        lifetime=30 * DAY,
    )
    atomic_write(grants_dir / "request.pdvreq", request + "\n")
    agent = SubjectAgent(clock=clock)
    signed_request = agent.parse_request(request)
    grant_ids: list[str] = []
    dids: list[str] = []
    for n in range(subjects):
        key = Ed25519PrivateKey.generate()  # a demo subject's pairwise key for this organisation
        did = did_from_public_key(key)
        uri = f"urn:pdv:status:demo-{n:06d}"
        kind = n % 10
        processing = (Processing.ANALYSE, Processing.DERIVE) if kind != 3 else ()
        scope = Scope((PURPOSE,), "Run and improve the savings account.", 365 * DAY, (), processing)
        band = rnd.choice(["20-29", "30-39", "40-49", "50-59", "60-69"])
        fields = [
            ReleasedField(
                "birth_date",
                Category.DEMOGRAPHIC,
                band,
                ReleaseMode.ANONYMISED,
                "date.age_band",
                (("width", "10"),),
            )
        ]
        withheld: tuple[str, ...] = ()
        if kind == 5:
            withheld = ("email",)
        else:
            fields.insert(
                0, ReleasedField("email", Category.CONTACT, f"person{n}@example.org", ReleaseMode.EXACT)
            )
        expires = issued + (DAY // 2 if kind == 7 else 365 * DAY)
        sealed = agent.make_grant(
            key, signed_request, fields, scope, StatusRef(0, uri), withheld=withheld, expires_at=expires
        )
        atomic_write(grants_dir / f"{sealed.jti}.pdvgrant", sealed.jwe + "\n")
        status = StatusList(8, bits=2)
        if kind == 9:
            status.set(0, 1)  # revoked
        atomic_write(
            grants_dir / f"status-{n:06d}.pdvstatus",
            agent.build_status_list(key, uri, status, ttl=7 * DAY) + "\n",
        )
        grant_ids.append(sealed.jti)
        dids.append(did)
    n_rows = subjects * rows_per_subject
    picks = [i % subjects for i in range(n_rows)]
    rnd.shuffle(picks)
    table = pa.table(
        {
            "grant": [grant_ids[i] for i in picks],
            "subject": [dids[i] for i in picks],
            "email": [f"person{i}@example.org" for i in picks],
            "visits": [rnd.randint(0, 40) for _ in picks],
        }
    )
    # two rows that name grants the organisation does not hold
    extra = pa.table(
        {
            "grant": ["unknown-grant-id-0001", "unknown-grant-id-0002"],
            "subject": [None, None],
            "email": [None, None],
            "visits": [1, 2],
        },
        schema=table.schema,
    )
    table = pa.concat_tables([table, extra])
    data = base / "data.parquet"
    pq.write_table(table, data)
    job = base / "job.json"
    job.write_text(
        json.dumps(_job("demo-analysis", at, ["use", "analyse"], ["email", "birth_date"]), indent=2) + "\n"
    )
    (base / "job-derive.json").write_text(
        json.dumps(
            _job(
                "demo-segments",
                at,
                ["use", "derive"],
                ["birth_date"],
                outputs=[
                    {
                        "name": "segment",
                        "category": "behavioural",
                        "description": "Savings segment",
                        "method": "rule on the age band",
                    }
                ],
            ),
            indent=2,
        )
        + "\n"
    )
    return Demo(base, keys_dir, grants_dir, data, job, subjects, table.num_rows)
