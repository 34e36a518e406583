-- Schema 1: vault metadata, the subject identity, personal-data fields, and the hash-chained history.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Exactly one row: the subject's root secret (from which pairwise keys derive) and identity signing key.
CREATE TABLE identity (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    root_secret BLOB NOT NULL,
    signing_key BLOB NOT NULL,
    did         TEXT NOT NULL,
    created_ms  INTEGER NOT NULL
);

CREATE TABLE fields (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    type        TEXT NOT NULL,
    category    TEXT NOT NULL,
    value       TEXT NOT NULL,
    provenance  TEXT NOT NULL DEFAULT '{"kind":"provided"}',
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
);
CREATE INDEX fields_by_category ON fields (category, name);

-- Append-only: each entry commits to the previous entry's hash. Entries name fields, organisations and
-- purposes, never personal values.
CREATE TABLE history (
    seq        INTEGER PRIMARY KEY,
    ts_ms      INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    org        TEXT,
    field      TEXT,
    purpose    TEXT,
    data       TEXT NOT NULL,
    prev_hash  BLOB NOT NULL,
    hash       BLOB NOT NULL
);
CREATE INDEX history_by_kind ON history (kind, seq);
CREATE INDEX history_by_org ON history (org, seq);
CREATE INDEX history_by_field ON history (field, seq);
CREATE INDEX history_by_time ON history (ts_ms);

-- Signed checkpoints of the chain head (signature by the subject identity key over vault id, seq and hash).
CREATE TABLE checkpoints (
    seq        INTEGER PRIMARY KEY,
    hash       BLOB NOT NULL,
    ts_ms      INTEGER NOT NULL,
    signature  BLOB NOT NULL
);
