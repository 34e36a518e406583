"""The organisation's gateway: an HTTP service (``pdvault-org serve``) that receives what vaults deliver,
serves
published requests and status lists, holds mailbox items for subjects, and keeps everything in the grant
registry.

It sees only what the protocol sends to an organisation (never a subject's vault) and verifies every message
with
the protocol library's :class:`vault_app.protocol.Organisation` before storing it.
"""
