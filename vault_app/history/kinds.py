"""The names of history events. Stable strings: they are stored in the chain and appear in exports."""

from __future__ import annotations

import enum


class EventKind(enum.StrEnum):
    VAULT_CREATED = "vault.created"
    VAULT_RESTORED = "vault.restored"
    PASSWORD_CHANGED = "vault.password-changed"
    VAULT_REKEYED = "vault.rekeyed"
    BACKUP_CREATED = "vault.backup-created"
    HEAD_ACCEPTED = "vault.head-accepted"
    HEAD_DISCARDED = "vault.head-discarded"  # an older database accepted on purpose; data names what was lost
    IDENTITY_KEY_MOVED = "vault.identity-key-moved"  # the identity key left the database for the key file
    DATA_KEY_REPLACED = "vault.data-key-replaced"  # "my password may have leaked": new password and data key
    FIELD_ADDED = "field.added"
    FIELD_CHANGED = "field.changed"
    FIELD_DELETED = "field.deleted"
    HISTORY_EXPORTED = "history.exported"
    # consent engine
    REQUEST_RECEIVED = "request.received"
    REQUEST_REJECTED = "request.rejected"  # malformed, forged, expired, replayed: never reached review
    REQUEST_AUTO_REFUSED = "request.auto-refused"
    REQUEST_FLAGGED = "request.flagged"
    REQUEST_APPROVED = "request.approved"
    REQUEST_PARTLY_APPROVED = "request.partly-approved"
    REQUEST_REFUSED = "request.refused"
    REQUEST_EXPIRED = "request.expired"
    GRANT_ISSUED = "grant.issued"
    GRANT_REVOKED = "grant.revoked"
    GRANT_EXPIRED = "grant.expired"
    GRANT_SUPERSEDED = "grant.superseded"
    GRANT_ERASED = "grant.erased"  # ended by the organisation's confirmed deletion
    VERIFICATION_ANSWERED = "verification.answered"
    DERIVED_HELD = "derived.held"
    DERIVED_AUTHORISED = "derived.authorised"
    DERIVED_REFUSED = "derived.refused"
    RECEIPT_IMPORTED = "receipt.imported"
    VIOLATION = "violation.flagged"
    ORG_ADDED = "org.added"
    ORG_STATUS_CHANGED = "org.status-changed"
    TRUST_LIST_IMPORTED = "org.trust-list-imported"
    RULES_CHANGED = "rules.changed"
    ERASURE_REQUESTED = "erasure.requested"
    ERASURE_CONFIRMED = "erasure.confirmed"
    STATUS_LIST_EXPORTED = "status-list.exported"
    EVIDENCE_EXPORTED = "evidence.exported"
    # online delivery: the organisation's gateway acknowledged a message (its signed acknowledgement is kept)
    MESSAGE_DELIVERED = "message.delivered"


VIOLATION_KINDS = frozenset({EventKind.VIOLATION, EventKind.REQUEST_REJECTED})
