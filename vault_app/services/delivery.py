"""The vault's half of online delivery: send what the subject signed to an organisation's gateway, fetch
requests published by reference, and fetch the subject's mailbox there. Qt-free; used by the CLI (and the
GUI).

Nothing here runs unless the subject asked for it (``--send``, ``messages fetch``, a "Send" button): the
vault works fully offline, and every message can still be handed over as a file. The HTTP client verifies
the gateway's certificate against the system's authorities (or a given CA file); plain http only to this
machine.

A delivery counts only with the organisation's signed acknowledgement naming exactly the message sent; the
acknowledgement is then written into the history ("delivered to X at T"), token included, as evidence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vault_app.domain.errors import ProtocolError, VaultError
from vault_app.history.kinds import EventKind
from vault_app.protocol import online
from vault_app.protocol.codec import DEFAULT_SKEW, peek
from vault_app.protocol.transport import parse_ref_link
from vault_app.services.views import ImportResult

if TYPE_CHECKING:
    from vault_app.services.consent import ConsentServices
    from vault_app.services.vault import VaultService


class DeliveryError(VaultError):
    """The gateway could not be reached, refused the message, or did not acknowledge it properly."""

    exit_code = (
        6  # an environment problem for the subject: the message is kept and can be sent again or as a file
    )
    reason = "delivery-failed"


@dataclass(frozen=True)
class Delivery:
    org: str
    gateway: str
    kind: str
    message_id: str | None
    received_at: int
    already: bool  # the gateway had it already (a retry); its first acknowledgement was returned


@dataclass(frozen=True)
class Fetched:
    org: str
    imported: tuple[ImportResult, ...]
    refused: tuple[tuple[str, str], ...]  # (message id, reason) of each message the vault refused


class DeliveryService:
    """Bound to an unlocked :class:`~vault_app.services.vault.VaultService`."""

    def __init__(self, vault: VaultService, *, cafile: str | None = None, timeout: float = 15.0) -> None:
        self.vault = vault
        self.cafile = cafile
        self.timeout = timeout

    @property
    def consent(self) -> ConsentServices:
        return self.vault.consent

    def _http(self, method: str, url: str, body: str | None = None) -> online.HttpAnswer:
        try:
            return online.http(method, url, body=body, cafile=self.cafile, timeout=self.timeout)
        except ProtocolError as exc:
            raise DeliveryError(exc.message, reason=exc.reason) from None

    # --- sending ------------------------------------------------------------------------------------------

    def send(self, org: str, token: str, gateway: str) -> Delivery:
        """POST ``token`` (a sealed grant or a signed message for ``org``) to the gateway's inbox; verify
        the acknowledgement and record the delivery in the history."""
        base = self.resolve(None, gateway)
        answer = self._http("POST", base + online.PATH_INBOX, token)
        already = False
        if answer.status == 201:
            ack_token = answer.body.decode("ascii", "replace")
        else:
            doc = answer.problem() or {}
            if answer.status == 409 and isinstance(doc.get("ack"), str):
                ack_token, already = str(doc["ack"]), True
            else:
                raise DeliveryError(
                    f"The gateway refused the message: {answer.problem_text()}", reason="delivery-refused"
                )
        try:
            ack = online.verify_ack(ack_token, organisation=org, message=token, clock=self.vault.clock)
        except ProtocolError as exc:
            raise DeliveryError(
                f"The gateway's acknowledgement is not valid: {exc.message}", reason="bad-acknowledgement"
            ) from None
        if already:
            # delivered before and recorded then: a second entry would say nothing new
            return Delivery(org, base, ack.kind, ack.message_id, ack.received_at, already)
        with self.vault.transaction("record the delivery") as c:
            self.vault.record(
                c,
                EventKind.MESSAGE_DELIVERED,
                org=org,
                data={
                    "kind": ack.kind,
                    "message": ack.message_id,
                    "message_hash": ack.message_hash,
                    "gateway": base,
                    "received_at": ack.received_at,
                    "ack": ack.token,
                },
            )
        return Delivery(org, base, ack.kind, ack.message_id, ack.received_at, already)

    def gateway_of_request(self, request_id: str | None) -> str | None:
        """The gateway a request names (its optional ``gateway`` member), if any."""
        if not request_id:
            return None
        token = self.consent.context.repos.requests.token(request_id)
        if not token:
            return None
        # the stored request was verified on arrival; the address is checked again by gateway_url before use
        gw = peek(token)[1].get("gateway")
        return gw if isinstance(gw, str) else None

    def acknowledged_gateway(self, org: str | None) -> str | None:
        """The gateway that last acknowledged a delivery for ``org``. Its acknowledgement was signed by the
        organisation's own key and verified before it was recorded, so that gateway is the organisation's."""
        if not org:
            return None
        entry = self.vault.history.latest_of_kind(EventKind.MESSAGE_DELIVERED, org)
        gw = entry.data.get("gateway") if entry is not None else None
        return gw if isinstance(gw, str) else None

    def known_gateway(self, org: str | None, request_id: str | None) -> str | None:
        """Where to deliver for ``org``: the gateway its request names, else the one that acknowledged for
        it."""
        return self.gateway_of_request(request_id) or self.acknowledged_gateway(org)

    def resolve(self, request_id: str | None, given: str | None, org: str | None = None) -> str:
        gw = given or self.known_gateway(org, request_id)
        if gw is None:
            raise DeliveryError(
                "The organisation named no gateway; give its address with --gateway URL "
                "(or hand over the file).",
                reason="no-gateway",
            )
        try:
            return online.gateway_url(gw, "--gateway")
        except ProtocolError as exc:
            raise DeliveryError(exc.message, reason=exc.reason) from None

    # --- status lists ---------------------------------------------------------------------------------------

    def list_gateways(self) -> dict[str, str]:
        """Organisation DID -> gateway, for every organisation whose status list lives on its gateway: the
        list's address is ``<gateway>/status/<id>`` and a request of that organisation named that gateway."""
        repos = self.consent.context.repos
        named: dict[str, set[str]] = {}
        for r in repos.requests.list(limit=5000):
            token = repos.requests.token(r.id)
            gw = peek(token)[1].get("gateway") if token else None
            if isinstance(gw, str):
                named.setdefault(r.org, set()).add(gw.rstrip("/"))
        out: dict[str, str] = {}
        for row in repos.status_lists.all():
            for gw in named.get(row.org, ()):
                if row.uri.startswith(gw + online.PATH_STATUS + "/"):
                    out[row.org] = gw
        return out

    def push_status_lists(self) -> list[tuple[str, str, Delivery | DeliveryError]]:
        """Deliver each organisation's current status list (signed again first when due: past half its life
        or changed) to the gateway its address names. A list the gateway already holds is acknowledged
        again and not recorded twice. Returns (organisation, gateway, delivery or error) per organisation."""
        out: list[tuple[str, str, Delivery | DeliveryError]] = []
        for org, gw in sorted(self.list_gateways().items()):
            try:
                out.append((org, gw, self.send(org, self.consent.grants.status_list_token(org), gw)))
            except DeliveryError as exc:
                out.append((org, gw, exc))
        return out

    # --- requests by reference ----------------------------------------------------------------------------

    def fetch_request(self, link_or_url: str) -> str:
        """The request token published at a ``pdv:request?uri=`` link or an https address (not yet
        imported)."""
        url = (
            parse_ref_link(link_or_url)
            if link_or_url.strip().lower().startswith("pdv:")
            else link_or_url.strip()
        )
        if url is None:
            raise DeliveryError(
                "This link carries the request itself; import it directly.", reason="not-a-reference"
            )
        try:
            online.gateway_url(url, "the request address")
        except ProtocolError as exc:
            raise DeliveryError(exc.message, reason=exc.reason) from None
        answer = self._http("GET", url)
        if answer.status != 200 or answer.content_type != online.MEDIA_JOSE:
            raise DeliveryError(
                f"The request could not be fetched: {answer.problem_text()}", reason="fetch-failed"
            )
        return answer.body.decode("ascii", "replace").strip()

    def import_by_reference(self, link_or_url: str) -> ImportResult:
        """Fetch and import (verify, file) a request published by reference."""
        return self.consent.inbox.import_text(self.fetch_request(link_or_url), source="gateway")

    # --- mailbox ------------------------------------------------------------------------------------------

    def fetch_messages(self, org: str, gateway: str | None = None) -> Fetched:
        """Prove the pairwise key for ``org`` to its gateway, import every waiting message (receipts,
        derived-data requests, deletion confirmations), then acknowledge what was filed so the gateway
        stops holding it."""
        base = self.resolve(None, gateway, org)
        key = self.consent.context.pairwise_key(org)
        did = self.consent.pairwise_did(org)
        items = self._take(base, org, key, did, ())
        imported, refused, done = [], [], []
        for item in items:
            mid, token = str(item.get("id", "")), item.get("token")
            if not isinstance(token, str):
                refused.append((mid, "malformed"))
                continue
            try:
                imported.append(self.consent.inbox.import_text(token, source="mailbox"))
                done.append(mid)
            except ProtocolError as exc:
                refused.append((mid, exc.reason))
                if (
                    exc.reason == "replayed"
                ):  # already filed in an earlier fetch whose acknowledgement was lost
                    done.append(mid)
        if done:
            # requests are filed lazily (docs/security.md, "What a power loss can lose"): they must be on disk
            # before the gateway is told it may drop them
            self.vault.make_durable()
            self._take(base, org, key, did, tuple(done))
        return Fetched(org, tuple(imported), tuple(refused))

    def _take(
        self, base: str, org: str, key: Ed25519PrivateKey, did: str, acked: tuple[str, ...]
    ) -> list[dict[str, Any]]:
        ch = self._http("GET", f"{base}{online.PATH_MAILBOX}/{did}/challenge")
        if ch.status != 200 or ch.content_type != online.MEDIA_CHALLENGE:
            raise DeliveryError(f"The gateway gave no challenge: {ch.problem_text()}", reason="fetch-failed")
        try:
            challenge = ch.body.decode("ascii")
            online.read_challenge(
                challenge,
                organisation=org,
                gateway=base,
                subject=did,
                clock=self.vault.clock,
                skew=DEFAULT_SKEW,
            )
            proof = online.make_proof(key, challenge, organisation=org, acked=acked, clock=self.vault.clock)
        except (ProtocolError, UnicodeDecodeError) as exc:
            raise DeliveryError(
                f"The gateway's challenge is not valid: {exc}", reason="bad-challenge"
            ) from None
        answer = self._http("POST", f"{base}{online.PATH_MAILBOX}/{did}", proof)
        if answer.status != 200:
            raise DeliveryError(
                f"The gateway refused the mailbox: {answer.problem_text()}", reason="fetch-failed"
            )
        try:
            doc = json.loads(answer.body)
            items = doc["items"]
            assert isinstance(items, list) and all(isinstance(i, dict) for i in items)
        except (ValueError, KeyError, TypeError, AssertionError):
            raise DeliveryError("The gateway's mailbox answer is malformed.", reason="fetch-failed") from None
        return items


def org_of(token: str) -> str | None:
    """The organisation a signed message is addressed to (``aud``), unverified: for routing only."""
    try:
        aud = peek(token)[1].get("aud")
    except ProtocolError:
        return None
    return aud if isinstance(aud, str) else None
