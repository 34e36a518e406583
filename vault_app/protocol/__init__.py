"""Message formats between subject, organisations and certifiers (JOSE), their strict parsing, did:key,
revocation status lists, transport forms, and the organisation toolkit. Never imports Qt.

Entry points:
- subject side: :class:`SubjectAgent` (parse incoming messages, build grants and other answers);
- organisation side: :class:`Organisation` (requests out, grants in) and :class:`Certifier` (trust lists);
- formats: the message bodies in :mod:`.messages`, ``sign``/``verify``/``seal``/``unseal`` in :mod:`.codec`;
- transport: :func:`detect_kind`, ``pdv:`` links, file extensions in :mod:`.transport`.
See docs/protocol.md for the exact formats.
"""

# The names below are loaded when first used (PEP 562), so that importing one module of this package (the
# subject's vault imports vault_app.protocol.did) does not load all of it: the whole package takes about a
# quarter of a second to import, which every command line start paid (issue 15).
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vault_app.protocol.codec import Envelope, Signed, peek, seal, sign, token_hash, unseal, verify
    from vault_app.protocol.did import (
        did_from_public_key,
        fingerprint,
        is_did_key,
        kid_for,
        public_key_from_did,
    )
    from vault_app.protocol.errors import Reason
    from vault_app.protocol.messages import (
        AuthorisationRequest,
        DeletionConfirmation,
        DeletionOutcome,
        DerivedConclusion,
        DerivedDataRequest,
        DerivedSource,
        ErasureRequest,
        Grant,
        Kind,
        OnwardRecipient,
        OrgInfo,
        Refusal,
        RefusalReason,
        RetainedItem,
        RevocationNotice,
        SaltedHash,
        StatusRef,
        TrustEntry,
        TrustList,
        UsageAction,
        UsageEntry,
        UsageReceipt,
        VerificationCheck,
        VerificationOutcome,
        VerificationRequest,
        VerificationResponse,
        VerificationResult,
        normalise_for_hash,
        salted_hash,
    )
    from vault_app.protocol.org import Certifier, OpenedAnswer, Organisation, OrgKeys
    from vault_app.protocol.replay import MemoryReplayCache, ReplayCache
    from vault_app.protocol.statuslist import (
        GrantStatus,
        StatusList,
        StatusListToken,
        build_status_list_token,
        load_status_list,
        parse_status_list_token,
    )
    from vault_app.protocol.subject import SealedAnswer, SubjectAgent
    from vault_app.protocol.transport import Detected, detect_kind, fits_qr, make_link, parse_link

_WHERE: dict[str, str] = {
    "Envelope": "codec",
    "Signed": "codec",
    "peek": "codec",
    "seal": "codec",
    "sign": "codec",
    "token_hash": "codec",
    "unseal": "codec",
    "verify": "codec",
    "did_from_public_key": "did",
    "fingerprint": "did",
    "is_did_key": "did",
    "kid_for": "did",
    "public_key_from_did": "did",
    "Reason": "errors",
    "AuthorisationRequest": "messages",
    "DeletionConfirmation": "messages",
    "DeletionOutcome": "messages",
    "DerivedConclusion": "messages",
    "DerivedDataRequest": "messages",
    "DerivedSource": "messages",
    "ErasureRequest": "messages",
    "Grant": "messages",
    "Kind": "messages",
    "OnwardRecipient": "messages",
    "OrgInfo": "messages",
    "Refusal": "messages",
    "RefusalReason": "messages",
    "RetainedItem": "messages",
    "RevocationNotice": "messages",
    "SaltedHash": "messages",
    "StatusRef": "messages",
    "TrustEntry": "messages",
    "TrustList": "messages",
    "UsageAction": "messages",
    "UsageEntry": "messages",
    "UsageReceipt": "messages",
    "VerificationCheck": "messages",
    "VerificationOutcome": "messages",
    "VerificationRequest": "messages",
    "VerificationResponse": "messages",
    "VerificationResult": "messages",
    "normalise_for_hash": "messages",
    "salted_hash": "messages",
    "Certifier": "org",
    "OpenedAnswer": "org",
    "OrgKeys": "org",
    "Organisation": "org",
    "MemoryReplayCache": "replay",
    "ReplayCache": "replay",
    "GrantStatus": "statuslist",
    "StatusList": "statuslist",
    "StatusListToken": "statuslist",
    "build_status_list_token": "statuslist",
    "load_status_list": "statuslist",
    "parse_status_list_token": "statuslist",
    "SealedAnswer": "subject",
    "SubjectAgent": "subject",
    "Detected": "transport",
    "detect_kind": "transport",
    "fits_qr": "transport",
    "make_link": "transport",
    "parse_link": "transport",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "AuthorisationRequest",
    "Certifier",
    "DeletionConfirmation",
    "DeletionOutcome",
    "DerivedConclusion",
    "DerivedDataRequest",
    "DerivedSource",
    "Detected",
    "Envelope",
    "ErasureRequest",
    "Grant",
    "Kind",
    "MemoryReplayCache",
    "OnwardRecipient",
    "OpenedAnswer",
    "OrgInfo",
    "OrgKeys",
    "Organisation",
    "Reason",
    "Refusal",
    "RefusalReason",
    "ReplayCache",
    "RetainedItem",
    "RevocationNotice",
    "SaltedHash",
    "SealedAnswer",
    "Signed",
    "GrantStatus",
    "StatusList",
    "StatusListToken",
    "StatusRef",
    "SubjectAgent",
    "TrustEntry",
    "TrustList",
    "UsageAction",
    "UsageEntry",
    "UsageReceipt",
    "VerificationCheck",
    "VerificationOutcome",
    "VerificationRequest",
    "VerificationResponse",
    "VerificationResult",
    "build_status_list_token",
    "detect_kind",
    "did_from_public_key",
    "fingerprint",
    "fits_qr",
    "is_did_key",
    "kid_for",
    "load_status_list",
    "make_link",
    "normalise_for_hash",
    "parse_link",
    "parse_status_list_token",
    "peek",
    "public_key_from_did",
    "salted_hash",
    "seal",
    "sign",
    "token_hash",
    "unseal",
    "verify",
]
