"""Numbered schema migrations of the organisation registry, written in the SQL that SQLite and PostgreSQL
share.

Each migration is applied once, in order, inside one transaction, and recorded in ``schema_version``. A
released
migration is never edited: a change of schema is a new number. Types are the common subset (TEXT, BIGINT,
INTEGER); every key is a natural one (message ids, URIs), so no auto-increment syntax is needed.
"""

from __future__ import annotations

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        # our own requests, as published on the gateway (served by reference, and the requests grants answer)
        """CREATE TABLE requests (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            token TEXT NOT NULL,
            issued_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            published_at BIGINT NOT NULL
        )""",
        # every message accepted by the inbox, once (token_hash unique), with the acknowledgement we signed
        """CREATE TABLE inbox (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            sender TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            token TEXT NOT NULL,
            received_at BIGINT NOT NULL,
            ack TEXT NOT NULL
        )""",
        # grants and verification responses: metadata only; the values stay inside the encrypted token in
        # inbox
        """CREATE TABLE grants (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            request_id TEXT NOT NULL,
            issued_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            status_uri TEXT,
            status_idx BIGINT,
            fields TEXT NOT NULL,
            refines TEXT,
            received_at BIGINT NOT NULL
        )""",
        "CREATE INDEX grants_subject ON grants (subject)",
        "CREATE INDEX grants_status ON grants (status_uri)",
        # the latest status list each subject pushed, by its URI
        """CREATE TABLE status_lists (
            uri TEXT PRIMARY KEY,
            issuer TEXT NOT NULL,
            token TEXT NOT NULL,
            issued_at BIGINT NOT NULL,
            expires_at BIGINT,
            ttl BIGINT,
            received_at BIGINT NOT NULL
        )""",
        # refusals and revocation notices
        """CREATE TABLE notices (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            ref TEXT NOT NULL,
            at BIGINT NOT NULL
        )""",
        "CREATE INDEX notices_ref ON notices (ref)",
        # erasure requests received and, once sent, our confirmation
        """CREATE TABLE erasures (
            id TEXT PRIMARY KEY,
            subject TEXT NOT NULL,
            grants TEXT NOT NULL,
            fields TEXT NOT NULL,
            include_derived INTEGER NOT NULL,
            received_at BIGINT NOT NULL,
            confirmation_id TEXT,
            confirmed_at BIGINT
        )""",
        """CREATE TABLE erasure_grants (
            grant_id TEXT NOT NULL,
            erasure_id TEXT NOT NULL,
            PRIMARY KEY (grant_id, erasure_id)
        )""",
        # what we send subjects (receipts, derived-data requests, deletion confirmations), waiting for pickup
        """CREATE TABLE mailbox (
            id TEXT PRIMARY KEY,
            subject TEXT NOT NULL,
            kind TEXT NOT NULL,
            ref TEXT,
            token TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            fetched_at BIGINT,
            acked_at BIGINT
        )""",
        "CREATE INDEX mailbox_subject ON mailbox (subject)",
        # message ids and challenges already used (replay), until they expire
        "CREATE TABLE seen_ids (key TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)",
    ),
}

LATEST = max(MIGRATIONS)
