"""The throwaway demo vault behind ``pdvault --demo``: a fictional person's data across every kind of field.

Everything here is invented (example.org addresses, reserved phone ranges). The vault uses the cheapest KDF
parameters and a fixed password shown on the unlock screen, so it must never hold real data: the app creates it
in a temporary folder and deletes it on exit. Other parts of the app (the consent engine) add their own sample
content by appending a function to :data:`EXTENDERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vault_app.core.clock import Clock
from vault_app.core.model import Category, FieldType
from vault_app.core.services import VaultService
from vault_app.crypto.kdf import minimum_params

#: the demo vault's password, shown on its unlock screen (it protects nothing real)
DEMO_PASSWORD = "demo-vault-1234"

#: (name, type, category, value): a fictional person, at least one field per category
SAMPLE_FIELDS: tuple[tuple[str, FieldType, Category, str], ...] = (
    ("given_name", FieldType.TEXT, Category.IDENTITY, "Alex"),
    ("family_name", FieldType.TEXT, Category.IDENTITY, "Example"),
    ("date_of_birth", FieldType.DATE, Category.IDENTITY, "1990-04-12"),
    ("passport_number", FieldType.IDENTIFIER, Category.IDENTITY, "X00000000"),
    ("email", FieldType.EMAIL, Category.CONTACT, "alex@example.org"),
    ("phone", FieldType.PHONE, Category.CONTACT, "+49 30 5550 1234"),
    ("home_address", FieldType.ADDRESS, Category.LOCATION, "Musterstraße 1\n10115 Berlin"),
    ("postcode", FieldType.POSTCODE, Category.LOCATION, "10115"),
    ("country", FieldType.COUNTRY, Category.LOCATION, "DE"),
    ("nationality", FieldType.COUNTRY, Category.DEMOGRAPHIC, "DE"),
    ("household_size", FieldType.NUMBER, Category.DEMOGRAPHIC, "2"),
    ("iban", FieldType.IDENTIFIER, Category.FINANCIAL, "DE00 0000 0000 0000 0000 00"),
    ("annual_income", FieldType.NUMBER, Category.FINANCIAL, "52000"),
    ("blood_type", FieldType.TEXT, Category.HEALTH, "A+"),
    ("organ_donor", FieldType.BOOLEAN, Category.HEALTH, "yes"),
    ("employer", FieldType.TEXT, Category.PROFESSIONAL, "Example Engineering GmbH"),
    ("job_title", FieldType.TEXT, Category.PROFESSIONAL, "Software engineer"),
    ("newsletter_opt_in", FieldType.BOOLEAN, Category.BEHAVIOURAL, "no"),
    ("fingerprint_enrolled", FieldType.BOOLEAN, Category.BIOMETRIC, "no"),
    ("library_card", FieldType.IDENTIFIER, Category.OTHER, "LIB-000123"),
)

#: functions that add more sample content to a fresh, unlocked demo vault (sample organisations, requests...)
EXTENDERS: list[Callable[[VaultService], None]] = []


def fill_demo_vault(svc: VaultService) -> None:
    """Add the sample fields, then let every extender add its part."""
    for name, ftype, category, value in SAMPLE_FIELDS:
        svc.add_field(name, ftype, category, value)
    for extend in EXTENDERS:
        extend(svc)


def create_demo_vault(vault_dir: Path, *, clock: Clock | None = None) -> VaultService:
    """Create and fill a demo vault in ``vault_dir`` (which must not hold a vault); returns it unlocked."""
    svc = VaultService(vault_dir, clock=clock, kdf_factory=lambda progress: minimum_params())
    svc.create(DEMO_PASSWORD, kdf=minimum_params())
    fill_demo_vault(svc)
    return svc
