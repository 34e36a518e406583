"""The consent engine's use cases, for one unlocked vault: :class:`ConsentServices` bundles them as
``vault.consent`` (``.orgs``, ``.inbox``, ``.decisions``, ``.grants``).

- :mod:`~vault_app.services.organisations`: organisations, certifiers, trust lists, the privacy floor.
- :mod:`~vault_app.services.inbox`: importing messages (one or many), duplicates, automatic refusal with
  its reason.
- :mod:`~vault_app.services.decisions`: the review model, previews, approve, refuse, verification answers,
  derived data held until the subject decides.
- :mod:`~vault_app.services.grants`: grants, revocation and its cascade, status lists, receipts and
  violations, erasure, evidence.

This module holds what they share (:class:`ConsentContext`): the clock, pairwise keys, the repositories,
the protocol agent, history records and events, and the expiry of requests and grants as time passes. Every
state change commits together with its history entry; entries name fields, organisations and purposes,
never values.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vault_app.crypto.keys import pairwise_signing_key, pseudonym_key
from vault_app.domain.errors import ProtocolError, VaultError
from vault_app.domain.events import Event
from vault_app.history.chain import HistoryEntry
from vault_app.history.kinds import EventKind
from vault_app.protocol import codec
from vault_app.protocol.did import did_from_public_key
from vault_app.protocol.errors import Reason, fail
from vault_app.protocol.subject import SubjectAgent
from vault_app.protocol.transport import detect_kind
from vault_app.services.decisions import DecisionService
from vault_app.services.grants import GrantService
from vault_app.services.inbox import InboxService
from vault_app.services.organisations import OrganisationService
from vault_app.storage.db import Tx
from vault_app.storage.repositories import Repositories
from vault_app.storage.repositories import consent as consent_store

if TYPE_CHECKING:  # the vault service constructs the consent services; importing it back would be a cycle
    from vault_app.services.vault import VaultService


class _StoredReplayCache:
    """The replay cache kept in the database, so a message is accepted once across restarts.

    A message id accepted here is written by the next transaction of the consent services (see
    :meth:`ConsentContext.transaction`): the one that files the message, or records its refusal. So the id
    commits together with what the message caused, in one commit instead of two, and a message whose
    filing failed before anything committed is not held to have been received."""

    def __init__(self, ctx: ConsentContext) -> None:
        self.ctx = ctx

    def check_and_remember(self, jti: str, exp: int) -> None:
        if self.ctx.repos.seen.seen(jti) or any(p[0] == jti for p in self.ctx.unwritten_ids):
            fail(Reason.REPLAYED, "This message was already received once; a copy is not accepted again.")
        self.ctx.unwritten_ids.append((jti, int(exp) * 1000))


class ConsentContext:
    """What the consent services share for one unlocked vault."""

    def __init__(self, vault: VaultService) -> None:
        self.vault = vault
        self.repos: Repositories = vault.repositories
        #: message ids accepted by the replay cache, written by the next transaction
        self.unwritten_ids: list[tuple[str, int]] = []
        self._pairwise_cache: dict[str, tuple[bytes, Ed25519PrivateKey, str]] = {}
        self._pseudonym_cache: dict[str, tuple[bytes, bytes]] = {}
        #: requests this session verified on import, by the vault's id (see :meth:`verified_request`)
        self._verified: dict[str, codec.Signed[Any]] = {}
        self.agent = SubjectAgent(clock=vault.clock, replay=_StoredReplayCache(self))

    # -- time and keys ---------------------------------------------------------------------------------------
    def now(self) -> float:
        return float(self.vault.clock.now())

    def now_ms(self) -> int:
        return int(self.vault.clock.now() * 1000)

    def _pairwise(self, org_did: str) -> tuple[bytes, Ed25519PrivateKey, str]:
        # An import and an approval each need the key and DID for the same organisation several times (HKDF,
        # key import, base58: about a tenth of their CPU time). Kept while this vault is unlocked, like the
        # root secret they come from; the consent services are dropped on lock.
        root = self.vault.root_secret
        hit = self._pairwise_cache.get(org_did)
        if hit is None or hit[0] is not root:
            key = pairwise_signing_key(root, org_did)
            hit = (root, key, did_from_public_key(key))
            if len(self._pairwise_cache) >= 256:  # organisations are few; a flood of new ones is not kept
                self._pairwise_cache.pop(next(iter(self._pairwise_cache)))
            self._pairwise_cache[org_did] = hit
        return hit

    def pseudonym_key(self, org_did: str) -> bytes:
        """The key of the pseudonyms released to one organisation (derived once per unlocked session, like
        the pairwise key: every approval builds its release context with it)."""
        root = self.vault.root_secret
        hit = self._pseudonym_cache.get(org_did)
        if hit is None or hit[0] is not root:
            hit = (root, pseudonym_key(root, org_did))
            if len(self._pseudonym_cache) >= 256:
                self._pseudonym_cache.pop(next(iter(self._pseudonym_cache)))
            self._pseudonym_cache[org_did] = hit
        return hit[1]

    def pairwise_key(self, org_did: str) -> Ed25519PrivateKey:
        return self._pairwise(org_did)[1]

    def pairwise_did(self, org_did: str) -> str:
        return self._pairwise(org_did)[2]

    def keep_verified(self, request_id: str, msg: codec.Signed[Any]) -> None:
        """Keep a request just verified and filed, for the decision that normally follows (a few are kept,
        the oldest dropped; all go with the consent services when the vault locks)."""
        if len(self._verified) >= 32:
            self._verified.pop(next(iter(self._verified)))
        self._verified[request_id] = msg

    def verified_request(self, request_id: str, token: str) -> codec.Signed[Any] | None:
        """The message this session verified on import as ``request_id``, if it was exactly ``token`` (the
        text stored for it now), else None: the caller then verifies the stored text itself."""
        msg = self._verified.get(request_id)
        return msg if msg is not None and msg.token == token else None

    def known_pairwise(self, org_did: str) -> str | None:
        """Our pairwise DID for an organisation we know (messages addressed to it are ours), else None."""
        return self.pairwise_did(org_did) if self.repos.orgs.exists(org_did) else None

    def trusted_certifiers(self) -> list[str]:
        return self.repos.orgs.certifier_dids()

    # -- writes, history and events --------------------------------------------------------------------------
    @contextmanager
    def transaction(self, what: str, *, durable: bool = True) -> Iterator[Tx]:
        """A write transaction (see :meth:`VaultService.transaction`); it first writes the message ids the
        replay cache accepted since the last one."""
        ids, self.unwritten_ids = self.unwritten_ids, []
        try:
            with self.vault.transaction(what, durable=durable) as tx:
                forget_before = int((self.now() - 86400) * 1000)
                for jti, exp_ms in ids:
                    self.repos.seen.remember(tx, jti, exp_ms, forget_before)
                yield tx
        except BaseException:  # not committed (the body or the commit failed): the next one writes them
            self.unwritten_ids = ids + self.unwritten_ids
            raise

    def write_ids(self) -> None:
        """Write accepted message ids that no transaction took (a message refused after the replay check
        whose refusal was not recorded)."""
        if self.unwritten_ids and self.vault.is_unlocked:
            with self.transaction("remember the message id", durable=False):
                pass

    def record(self, tx: Tx, kind: str, **kw: Any) -> HistoryEntry:
        return self.vault.record(tx, kind, **kw)

    def emit(self, topic: str, action: str, **payload: Any) -> None:
        self.vault.events.emit(Event(topic, action, payload))

    def record_rejection(self, exc: ProtocolError, *, source: str, text: str | None = None) -> None:
        """Record a refused message: its reason, where it came from and a hash of it (never its content)."""
        data: dict[str, Any] = {"reason": exc.reason, "message": exc.message[:300], "source": source[:100]}
        if text is not None:
            data["sha256"] = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
            try:
                det = detect_kind(text)
                data["kind"] = det.kind.value if det.kind else "unknown"
                if det.token:
                    _, claims = codec.peek(det.token)
                    iss = claims.get("iss")
                    # only a syntactically valid DID is kept, and it is marked unverified
                    if isinstance(iss, str) and iss.startswith("did:key:z") and len(iss) < 120:
                        data["claimed_issuer"] = iss
            except (VaultError, ValueError, TypeError):
                pass
        with self.transaction("record the rejected message") as tx:
            self.record(tx, EventKind.REQUEST_REJECTED, org=None, data=data)
        self.emit("history", "appended")

    # -- time passing ----------------------------------------------------------------------------------------
    def expire_due(self) -> bool:
        """Move requests and grants whose time has run out to 'expired', recording each in the history.
        True if anything expired."""
        if not self.vault.is_unlocked:
            return False
        now_ms = self.now_ms()
        due_r, due_g = consent_store.due_to_expire(self.vault.db, now_ms)
        if not due_r and not due_g:
            return False
        with self.transaction("expire requests and grants") as tx:
            for rid, org in due_r:
                self.repos.requests.expire(tx, rid, now_ms)
                self.record(tx, EventKind.REQUEST_EXPIRED, org=org, data={"request": rid})
            for gid, org in due_g:
                self.repos.grants.expire(tx, gid)
                self.record(tx, EventKind.GRANT_EXPIRED, org=org, data={"grant": gid})
        self.emit("requests", "expired")
        return True


class ConsentServices:
    """The consent use cases of one unlocked vault (``vault.consent``)."""

    def __init__(self, vault: VaultService) -> None:
        self.context = ctx = ConsentContext(vault)
        self.orgs: OrganisationService = OrganisationService(ctx)
        self.grants: GrantService = GrantService(ctx, self.orgs)
        self.decisions: DecisionService = DecisionService(ctx, self.orgs, self.grants)
        self.inbox: InboxService = InboxService(ctx, self.orgs, self.decisions, self.grants)
        # when an organisation's standing changes, the grants it holds are reported (or revoked by a rule)
        self.orgs.standing_changed = self.grants.standing_note

    def pairwise_did(self, org_did: str) -> str:
        """The subject's pairwise identity towards one organisation (what that organisation knows them as)."""
        return self.context.pairwise_did(org_did)

    def refresh(self) -> None:
        """Bring stored states up to date with the clock (expired requests and grants) and keep the status
        lists current (signed again when changed or past half their life)."""
        self.grants.renew_status_lists()
        self.context.expire_due()
