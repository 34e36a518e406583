"""Fixtures for the consent engine: a real vault (minimum KDF, fixed clock) and real organisations."""

from __future__ import annotations

import pytest

from vault_app.crypto.kdf import minimum_params
from vault_app.domain.clock import FixedClock
from vault_app.domain.model import Category, RequestedField
from vault_app.protocol import Organisation, OrgKeys
from vault_app.protocol.replay import MemoryReplayCache
from vault_app.services.vault import VaultService

PURPOSE = "https://w3id.org/dpv#ServiceProvision"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(1_800_000_000.0)


@pytest.fixture
def vault(tmp_path, clock):
    svc = VaultService(tmp_path / "vault", clock=clock, kdf_factory=lambda p: minimum_params())
    svc.create("correct horse battery")
    svc.add_field("email", "email", "contact", "alice.canary@example.org")
    svc.add_field("birthdate", "date", "demographic", "1990-05-17")
    svc.add_field("postcode", "postcode", "location", "10115")
    svc.add_field("income", "number", "financial", "52000")
    svc.add_field("diagnosis", "text", "health", "canary-condition-xyz")
    yield svc
    svc.lock()


def make_org(name: str, clock: FixedClock) -> Organisation:
    return Organisation(OrgKeys.generate(), name, clock=clock, replay=MemoryReplayCache(clock))


@pytest.fixture
def shop(clock) -> Organisation:
    return make_org("Example Shop", clock)


@pytest.fixture
def bank(clock) -> Organisation:
    return make_org("Example Bank", clock)


def basic_request(org: Organisation, **kw) -> str:
    fields = kw.pop(
        "fields",
        [RequestedField("email", Category.CONTACT), RequestedField("birthdate", Category.DEMOGRAPHIC)],
    )
    return org.make_request(fields, [PURPOSE], "Deliver your order", kw.pop("retention", 30 * 86400), **kw)
