"""The throwaway demo vault behind ``pdvault --demo``: a fictional person's data across every kind of
field.

Everything here is invented (example.org addresses, reserved phone ranges). The vault uses the cheapest KDF
parameters and a fixed password shown on the unlock screen, so it must never hold real data: the app
creates it in a temporary folder and deletes it on exit. Other parts of the app (the consent engine) add
their own sample content by appending a function to :data:`EXTENDERS`.

The demo's history is spread over the past six weeks, as a vault in use would have it: it is built through
the real services on a :class:`BackdatedClock` that starts in the past and moves forward step by step, so
every entry, signature and expiry date agrees with its time and the chain verifies.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from vault_app.crypto.kdf import minimum_params
from vault_app.domain.clock import Clock, SystemClock
from vault_app.domain.model import Category, FieldType
from vault_app.services.vault import VaultService

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

DAY = 86400

#: when the demo vault was made: this many days before it is opened
HISTORY_DAYS = 42


class BackdatedClock:
    """A clock ``back`` seconds behind ``base`` that only ever moves forward, so the sample history is in
    time order; once moved to the present it is ``base`` itself."""

    def __init__(self, base: Clock, days: float) -> None:
        self.base = base
        self.back = days * DAY

    def now(self) -> float:
        return self.base.now() - self.back

    def move_to(self, days: int, hour: float) -> None:
        """To ``hour`` o'clock (local time) ``days`` days before today; never backwards, never past now."""
        base = self.base.now()
        midnight = datetime.fromtimestamp(base).replace(hour=0, minute=0, second=0, microsecond=0)
        target = (midnight - timedelta(days=days) + timedelta(hours=hour)).timestamp()
        self.back = min(self.back, max(0.0, base - target))


def when(svc: VaultService, days: int, hour: float = 0.0) -> None:
    """Move a demo vault being built to ``hour`` o'clock ``days`` days ago (``when(svc, 0)``: now); nothing
    for a vault on any other clock."""
    if isinstance(svc.clock, BackdatedClock):
        if days <= 0:
            svc.clock.back = 0.0
        else:
            svc.clock.move_to(days, hour)


#: the fields as the person added them: (days ago, at what hour, names)
FIELDS_ADDED: tuple[tuple[int, float, tuple[str, ...]], ...] = (
    (HISTORY_DAYS, 19.2, ("given_name", "family_name", "date_of_birth", "email", "phone")),
    (41, 20.5, ("home_address", "postcode", "country", "nationality", "household_size")),
    (38, 12.25, ("passport_number", "iban", "annual_income", "employer", "job_title")),
    (36, 21.0, ("blood_type", "organ_donor", "newsletter_opt_in", "fingerprint_enrolled", "library_card")),
)

#: functions that add more sample content to a fresh, unlocked demo vault (sample organisations, requests...)
EXTENDERS: list[Callable[[VaultService], None]] = []


def fill_demo_vault(svc: VaultService) -> None:
    """Add the sample fields (a few at a time over some days), then let every extender add its part; the
    clock stands at now when it returns."""
    sample = {f[0]: f for f in SAMPLE_FIELDS}
    for days, hour, names in FIELDS_ADDED:
        when(svc, days, hour)
        for name in names:
            _, ftype, category, value = sample.pop(name)
            svc.add_field(name, ftype, category, value)
    for name, ftype, category, value in sample.values():  # any not placed above
        svc.add_field(name, ftype, category, value)
    for extend in EXTENDERS:
        extend(svc)
    when(svc, 0)


def create_demo_vault(vault_dir: Path, *, clock: Clock | None = None) -> VaultService:
    """Create and fill a demo vault in ``vault_dir`` (which must not hold a vault); returns it unlocked."""
    backdated = BackdatedClock(clock or SystemClock(), HISTORY_DAYS + 1)
    backdated.move_to(HISTORY_DAYS, 19.0)
    svc = VaultService(vault_dir, clock=backdated, kdf_factory=lambda progress: minimum_params())
    svc.create(DEMO_PASSWORD, kdf=minimum_params())
    fill_demo_vault(svc)
    return svc


# -- consent samples -----------------------------------------------------------------------------------------
DPV = "https://w3id.org/dpv#"


def add_consent_samples(svc: VaultService) -> None:
    """Sample organisations and one request of each kind, made with the real organisation toolkit.

    * Greenleaf Books -- compliant (a trusted certifier's trust list says so). It already holds a grant
    (with derivation allowed) and reported its use in a receipt, one entry of which is outside the grant;
    it now asks to authorise a conclusion drawn from that grant (derived data) and to widen the grant (re-
    authorisation). * Northwind Bank -- unknown (nobody assessed it): an authorisation request and a
    verification request. * AdTrack Analytics -- non-compliant (per the trust list): its request is refused
    automatically.

    On the demo's clock this happens over the past five weeks, oldest first: the certifier's list, the
    standing rules, the shop's first request and grant, its two reports of use, the advertiser's refused
    request, then the requests still waiting (the newest a day old) and a renewed list from the certifier.
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from vault_app.domain.model import FieldDecision, Processing, ReleaseMode, RequestedField
    from vault_app.policy.decisions import SubjectDecisions
    from vault_app.policy.rules import Rule
    from vault_app.protocol import (
        Certifier,
        DerivedConclusion,
        DerivedSource,
        Organisation,
        OrgKeys,
        SaltedHash,
        UsageAction,
        UsageEntry,
        VerificationCheck,
    )
    from vault_app.protocol.replay import MemoryReplayCache

    clock = svc.clock
    c = svc.consent

    def org(name: str, url: str) -> Organisation:
        return Organisation(OrgKeys.generate(), name, url=url, clock=clock, replay=MemoryReplayCache(clock))

    def f(name: str, category: Category, reason: str | None = None) -> RequestedField:
        return RequestedField(name, category, reason)

    shop = org("Greenleaf Books", "https://greenleaf.example.org")
    bank = org("Northwind Bank", "https://northwind.example.com")
    ads = org("AdTrack Analytics", "https://adtrack.example.net")
    seal = Certifier(Ed25519PrivateKey.generate(), "Example Privacy Seal", clock=clock)
    assessed = [
        {"did": shop.did, "name": shop.name, "status": "compliant"},
        {"did": ads.did, "name": ads.name, "status": "non-compliant"},
    ]
    when(svc, 34, 18.6)
    c.orgs.trust_certifier(seal.did, "Example Privacy Seal")
    c.inbox.import_text(seal.sign_trust_list(assessed, 1), source="demo")
    when(svc, 34, 18.8)
    c.orgs.add_rule(Rule.never_release(Category.HEALTH))
    c.orgs.add_rule(Rule.max_retention(2 * 365 * DAY))

    # an earlier request from the shop, approved: exact contact details, anonymised address and income
    purpose = "Deliver your orders and run your loyalty membership"
    first_fields = [
        f("email", Category.CONTACT, "To confirm orders and send delivery updates"),
        f("given_name", Category.IDENTITY),
        f("family_name", Category.IDENTITY),
        f("home_address", Category.LOCATION, "To deliver parcels"),
        f("annual_income", Category.FINANCIAL, "To place you in a loyalty tier"),
    ]
    when(svc, 30, 10.3)
    first = shop.make_request(
        first_fields,
        [DPV + "ServiceProvision", DPV + "CustomerManagement"],
        purpose,
        365 * DAY,
        processing=[Processing.DERIVE],
    )
    res = c.inbox.import_text(first, source="demo")
    exact, anon = ReleaseMode.EXACT, ReleaseMode.ANONYMISED
    when(svc, 30, 10.45)
    issued = c.decisions.approve(
        res.id,
        SubjectDecisions(
            (
                FieldDecision("email", exact),
                FieldDecision("given_name", exact),
                FieldDecision("family_name", exact),
                FieldDecision("home_address", exact),
                FieldDecision("annual_income", anon, "number.bucket", (("width", "10000"),)),
            ),
            allow_derivation=(Processing.DERIVE,),
        ),
    )
    grant = shop.open(issued.jwe, [first]).message
    # two reports of use: the delivery, within the grant; later a newsletter, which it never allowed
    when(svc, 22, 8.1)
    used = int(clock.now())
    c.inbox.import_text(
        shop.make_receipt(grant, [UsageEntry(UsageAction.USE, ("email", "home_address"), used, purpose)]),
        source="demo",
    )
    when(svc, 13, 16.75)
    used = int(clock.now())
    c.inbox.import_text(
        shop.make_receipt(
            grant, [UsageEntry(UsageAction.USE, ("email",), used, "Newsletter with partner offers")]
        ),
        source="demo",
    )

    # the non-compliant advertiser: refused before you ever see it
    when(svc, 9, 14.5)
    c.inbox.import_text(
        ads.make_request(
            [
                f("email", Category.CONTACT),
                f("date_of_birth", Category.IDENTITY),
                f("postcode", Category.LOCATION),
            ],
            [DPV + "PersonalisedAdvertising"],
            "Show you adverts that match your interests",
            5 * 365 * DAY,
        ),
        source="demo",
    )

    # derived data: a conclusion drawn from the grant above
    when(svc, 5, 11.2)
    c.inbox.import_text(
        shop.make_derived_request(
            grant.issuer,
            DerivedConclusion(
                "loyalty_tier", Category.BEHAVIOURAL, "Your loyalty tier (gold, silver or bronze)"
            ),
            "Income band and order history of the last 12 months",
            [DerivedSource(grant.jti, ("annual_income",))],
            [DPV + "ServicePersonalisation"],
            "Give you the discounts of your loyalty tier",
            180 * DAY,
        ),
        source="demo",
    )

    # the unknown bank: an account opening, and a check of what it already holds
    when(svc, 3, 9.65)
    c.inbox.import_text(
        bank.make_request(
            [
                f("given_name", Category.IDENTITY),
                f("family_name", Category.IDENTITY),
                f("date_of_birth", Category.IDENTITY, "You must be an adult to open an account"),
                f("nationality", Category.DEMOGRAPHIC),
                f("home_address", Category.LOCATION),
                f("annual_income", Category.FINANCIAL, "To decide the overdraft limit"),
                f("tax_id", Category.FINANCIAL, "Required by tax law"),
            ],
            [DPV + "ServiceProvision", DPV + "CreditChecking", DPV + "LegalCompliance"],
            "Open a current account and decide your overdraft limit",
            10 * 365 * DAY,
        ),
        source="demo",
    )
    when(svc, 3, 9.7)
    c.inbox.import_text(
        bank.make_verification_request(
            [
                VerificationCheck("given_name", Category.IDENTITY, value="Alex"),
                VerificationCheck("date_of_birth", Category.IDENTITY, hashed=SaltedHash.of("1990-04-12")),
                VerificationCheck("postcode", Category.LOCATION, hashed=SaltedHash.of("10117")),
                VerificationCheck("tax_id", Category.FINANCIAL, hashed=SaltedHash.of("12345678901")),
            ],
            [DPV + "IdentityVerification"],
            "Check that the details we hold about you are right",
        ),
        source="demo",
    )

    # the certifier's renewed list (its first one would run out soon)
    when(svc, 2, 7.9)
    c.inbox.import_text(seal.sign_trust_list(assessed, 2), source="demo")

    # re-authorisation: the shop asks to widen its grant (a new field, a new purpose, a longer retention)
    when(svc, 1, 17.3)
    c.inbox.import_text(
        shop.make_request(
            [*first_fields, f("phone", Category.CONTACT, "So the courier can call you")],
            [DPV + "ServiceProvision", DPV + "CustomerManagement", DPV + "Marketing"],
            purpose,
            2 * 365 * DAY,
            processing=[Processing.DERIVE],
            refines=issued.grant_id,
            audience=grant.issuer,
        ),
        source="demo",
    )
    when(svc, 0)


EXTENDERS.append(add_consent_samples)
