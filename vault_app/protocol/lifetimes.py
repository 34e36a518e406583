"""How long the status lists the vault signs stay valid: plain numbers in a module of their own, so that
the vault can tell at unlock whether a list is due for renewal without importing the protocol's formats
(:mod:`vault_app.protocol.statuslist` re-exports them)."""

from __future__ import annotations

#: how long a list stays usable after it was signed (``exp - iat``), unless the subject's vault says otherwise
STATUS_LIST_LIFETIME = 7 * 86400
#: how long a reader may cache a list before fetching it again (``ttl``)
STATUS_LIST_TTL = 86400


def renew_if_signed_before_ms(now_ms: int) -> int:
    """The vault signs a list again once it is past half its life: a list signed at or before this time (ms)
    is due. One rule for the check at unlock and for the renewal itself."""
    return now_ms - STATUS_LIST_LIFETIME * 500
