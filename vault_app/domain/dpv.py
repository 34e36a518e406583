"""Purposes from the W3C Data Privacy Vocabulary (DPV), recognised by their full IRI and nothing else.

An organisation names its purposes by IRI. Only an IRI in the DPV namespace (``https://w3id.org/dpv#``)
whose term is one this app knows is shown as that DPV purpose; anything else (another namespace, a near
miss such as ``http://`` or a term DPV does not have) is a non-standard purpose, shown with the
organisation's own text, and never named after the last part of its IRI
(``https://example.org/x#ServiceProvision`` is not DPV's ServiceProvision).
"""

from __future__ import annotations

DPV_NAMESPACE = "https://w3id.org/dpv#"

#: the DPV purpose terms the app names in plain words (the desktop app translates each)
KNOWN_TERMS = frozenset(
    {
        "ServiceProvision",
        "Marketing",
        "Advertising",
        "PersonalisedAdvertising",
        "Personalisation",
        "ServicePersonalisation",
        "ResearchAndDevelopment",
        "AcademicResearch",
        "FraudPreventionAndDetection",
        "IdentityVerification",
        "LegalCompliance",
        "CreditChecking",
        "CustomerManagement",
        "CustomerCare",
        "ServiceOptimisation",
        "DeliveryOfGoods",
        "Payment",
        "AccountManagement",
        "CommunicationManagement",
        "SellDataToThirdParties",
        "SellProducts",
        "HumanResourceManagement",
        "RecordManagement",
    }
)


def dpv_term(iri: str) -> str | None:
    """The DPV term ``iri`` stands for (``ServiceProvision``); None if it is not a recognised DPV purpose."""
    if not iri.startswith(DPV_NAMESPACE):
        return None
    term = iri[len(DPV_NAMESPACE) :]
    return term if term in KNOWN_TERMS else None
