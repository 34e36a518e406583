"""Message formats between subject, organisations and certifiers (JOSE), their strict parsing, did:key,
revocation status lists, transport forms, and the organisation toolkit. Never imports Qt.

Entry points:
- subject side: :class:`SubjectAgent` (parse incoming messages, build grants and other answers);
- organisation side: :class:`Organisation` (requests out, grants in) and :class:`Certifier` (trust lists);
- formats: the message bodies in :mod:`.messages`, ``sign``/``verify``/``seal``/``unseal`` in :mod:`.codec`;
- transport: :func:`detect_kind`, ``pdv:`` links, file extensions in :mod:`.transport`.
See docs/protocol.md for the exact formats.
"""

from vault_app.protocol.codec import Envelope, Signed, peek, seal, sign, token_hash, unseal, verify
from vault_app.protocol.did import did_from_public_key, fingerprint, is_did_key, kid_for, public_key_from_did
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

__all__ = [
    "AuthorisationRequest",
    "Certifier",
    "GrantStatus",
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
