"""How messages travel: files with their own extensions, the ``pdv:`` link (and its QR code), and the clipboard.

Nothing here verifies a message: :func:`detect_kind` only says what a piece of text claims to be, so the caller
can pick the right verifier (and a file dialog the right filter). Every read is size-capped before parsing.

Link form (requests only): ``pdv:request?t=<compact JWS>``. The token alphabet (base64url and '.') needs no
percent-encoding, so the link is the token with a fixed prefix. A link is at most :data:`MAX_LINK_LENGTH`
characters; :func:`fits_qr` says whether it also fits one QR code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from vault_app.protocol.errors import Reason, fail
from vault_app.protocol.jose import MAX_MESSAGE_BYTES, b64d, json_loads
from vault_app.protocol.messages import KIND_BY_TYP, Kind

EXT_REQUEST = ".pdvreq"
EXT_GRANT = ".pdvgrant"
EXT_RECEIPT = ".pdvreceipt"
EXT_MESSAGE = ".pdvmsg"
EXT_TRUST_LIST = ".pdvtrust"
EXT_STATUS_LIST = ".pdvstatus"

#: the file extension for each kind; grants and verification responses travel encrypted as .pdvgrant
EXTENSION_BY_KIND: dict[Kind, str] = {
    Kind.REQUEST: EXT_REQUEST,
    Kind.VERIFICATION_REQUEST: EXT_REQUEST,
    Kind.DERIVED_REQUEST: EXT_REQUEST,
    Kind.GRANT: EXT_GRANT,
    Kind.VERIFICATION_RESPONSE: EXT_GRANT,
    Kind.RECEIPT: EXT_RECEIPT,
    Kind.DELETION_CONFIRMATION: EXT_RECEIPT,
    Kind.REFUSAL: EXT_MESSAGE,
    Kind.REVOCATION: EXT_MESSAGE,
    Kind.ERASURE_REQUEST: EXT_MESSAGE,
    Kind.TRUST_LIST: EXT_TRUST_LIST,
    Kind.STATUS_LIST: EXT_STATUS_LIST,
}
ALL_EXTENSIONS = tuple(sorted(set(EXTENSION_BY_KIND.values())))
REQUEST_KINDS = frozenset({Kind.REQUEST, Kind.VERIFICATION_REQUEST, Kind.DERIVED_REQUEST})

LINK_SCHEME = "pdv"
LINK_PREFIX = "pdv:request?t="
#: a request by reference: the link carries the https address of the request on the organisation's gateway
REF_LINK_PREFIX = "pdv:request?uri="
#: browsers, mail clients and desktop URL handlers pass links of this length intact
MAX_LINK_LENGTH = 8192


@dataclass(frozen=True)
class Detected:
    """What a piece of text claims to be (unverified). ``kind`` is None for an encrypted message, whose kind
    only its recipient can read (a grant or a verification response)."""

    kind: Kind | None
    token: str = field(repr=False)
    sealed: bool
    from_link: bool

    @property
    def extension(self) -> str:
        return EXT_GRANT if self.sealed or self.kind is None else EXTENSION_BY_KIND[self.kind]

    @property
    def label(self) -> str:
        return "encrypted grant or verification response" if self.kind is None else self.kind.label


def make_link(token: str) -> str:
    """The ``pdv:`` link for a request token."""
    link = LINK_PREFIX + token
    if len(link) > MAX_LINK_LENGTH:
        fail(Reason.TOO_LARGE, f"This request is too long for a link ({MAX_LINK_LENGTH} characters at most); send the file.")
    return link


def parse_link(link: str) -> str:
    """The token inside a ``pdv:`` link (scheme compared case-insensitively, surrounding whitespace ignored)."""
    text = link.strip()
    if len(text) > MAX_LINK_LENGTH:
        fail(Reason.TOO_LARGE, f"The link is longer than {MAX_LINK_LENGTH} characters.")
    if text[: len(LINK_PREFIX)].lower() != LINK_PREFIX:
        fail(Reason.MALFORMED, "This is not a pdv:request link.")
    token = text[len(LINK_PREFIX) :]
    if not token or "&" in token or "=" in token:
        fail(Reason.MALFORMED, "The pdv: link does not carry exactly one token.")
    return token


def make_ref_link(url: str) -> str:
    """The ``pdv:`` link of a request published at ``url`` (https; plain http only on this machine)."""
    from vault_app.protocol.online import gateway_url

    return REF_LINK_PREFIX + gateway_url(url, "the request address")


def parse_ref_link(link: str) -> str | None:
    """The request address in a by-reference ``pdv:`` link, None if the link carries the token itself."""
    text = link.strip()
    if text[: len(REF_LINK_PREFIX)].lower() != REF_LINK_PREFIX:
        return None
    if len(text) > MAX_LINK_LENGTH:
        fail(Reason.TOO_LARGE, f"The link is longer than {MAX_LINK_LENGTH} characters.")
    from vault_app.protocol.online import gateway_url

    return gateway_url(text[len(REF_LINK_PREFIX) :], "the request address")


def fits_qr(link: str, *, error: str = "m") -> bool:
    """Whether ``link`` fits a single QR code (up to version 40) at error correction level ``error`` (l/m/q/h)."""
    import segno  # imported here: only QR users pay for it

    try:
        segno.make_qr(link, error=error, boost_error=False)
    except segno.DataOverflowError:
        return False
    return True


def qr_code(link: str, *, error: str = "m") -> object:
    """A segno QR code for ``link`` (save with ``.save(path, scale=...)``); raises if it does not fit."""
    import segno

    try:
        return segno.make_qr(link, error=error, boost_error=False)
    except segno.DataOverflowError:
        fail(Reason.TOO_LARGE, "This request is too long for a QR code; send the file or the link instead.")


def detect_kind(text: str) -> Detected:
    """Say what a file's content, a link or clipboard text claims to be, without trusting or verifying it."""
    if not isinstance(text, str):
        fail(Reason.MALFORMED, "The message is not text.")
    if len(text) > MAX_MESSAGE_BYTES + MAX_LINK_LENGTH:
        fail(Reason.TOO_LARGE, f"The message is larger than {MAX_MESSAGE_BYTES // 1024} KiB.")
    stripped = text.strip()
    from_link = stripped[:4].lower() == LINK_SCHEME + ":"
    token = parse_link(stripped) if from_link else stripped
    if len(token) > MAX_MESSAGE_BYTES:
        fail(Reason.TOO_LARGE, f"The message is larger than {MAX_MESSAGE_BYTES // 1024} KiB.")
    if not token.isascii():
        fail(Reason.MALFORMED, "This is not a Personal Data Vault message.")
    parts = token.split(".")
    if len(parts) == 5:
        if from_link:
            fail(Reason.MALFORMED, "A pdv: link carries requests only.")
        header = json_loads(b64d(parts[0], "message header"), "message header", unique_names=True)
        if not isinstance(header, dict) or "enc" not in header:
            fail(Reason.MALFORMED, "This is not a Personal Data Vault message.")
        return Detected(None, token, True, False)
    if len(parts) != 3:
        fail(Reason.MALFORMED, "This is not a Personal Data Vault message.")
    header = json_loads(b64d(parts[0], "message header"), "message header", unique_names=True)
    typ = header.get("typ") if isinstance(header, dict) else None
    kind = KIND_BY_TYP.get(typ.lower().removeprefix("application/")) if isinstance(typ, str) else None
    if kind is None:
        fail(Reason.UNKNOWN_KIND, "This signed message is not of a kind this app knows.")
    if from_link and kind not in REQUEST_KINDS:
        fail(Reason.MALFORMED, "A pdv: link carries requests only.")
    return Detected(kind, token, False, from_link)


def read_message_file(path: str | os.PathLike[str]) -> str:
    """Read a message file as text, refusing anything larger than the message size limit before reading it all."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_MESSAGE_BYTES + MAX_LINK_LENGTH + 1)
    if len(data) > MAX_MESSAGE_BYTES + MAX_LINK_LENGTH:
        fail(Reason.TOO_LARGE, f"The file is larger than {MAX_MESSAGE_BYTES // 1024} KiB; it is not a message.")
    try:
        return data.decode("ascii").strip()
    except UnicodeDecodeError:
        fail(Reason.MALFORMED, "The file is not a Personal Data Vault message.")
