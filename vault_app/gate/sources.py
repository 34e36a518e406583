"""The gate's second source of grants: the organisation gateway's registry (grants as delivered, our requests,
the subjects' pushed status lists).

Every grant read from the registry enters the gate's table through the same path as a grant file
(:func:`vault_app.gate.grants.load_grants`: decrypted with our key and verified again by the protocol's
organisation API), so the gate never takes the registry's word for a grant. Status lists come as the tokens
the registry stored; :class:`~vault_app.gate.status.FolderStatusLists` verifies them as it does files.
"""

from __future__ import annotations

from vault_app.gate.grants import GrantSet, load_grants
from vault_app.gateway.registry import Registry
from vault_app.protocol.org import Organisation

__all__ = ["load_registry"]


def load_registry(
    org: Organisation, registry: Registry, into: GrantSet | None = None
) -> tuple[GrantSet, list[str]]:
    """Load every grant the registry holds into the gate's table (``into`` to add them to grants loaded from
    files); returns the table and the status-list tokens of the URIs those grants point at."""
    rows = [r for r in registry.grants() if r.kind == "grant"]
    grants: list[tuple[str, str]] = []
    for row in rows:
        token = registry.inbox_token(f"{row.subject} {row.id}")
        if token is not None:
            grants.append((f"registry:{row.id}", token))
    requests = [t for t in (registry.request_token(r) for r in sorted({r.request_id for r in rows})) if t]
    lists: list[str] = []
    for uri in sorted({r.status_uri for r in rows if r.status_uri}):
        listed = registry.status_list(uri)
        if listed is not None:
            lists.append(listed.token)
    return load_grants(org, grants, requests, into=into), lists
