-- Schema 2: the consent engine. Organisations and certifiers, requests and their lifecycle, grants with their
-- revocation status lists, usage receipts and violations, derived data and its lineage, erasure, standing rules,
-- and the replay cache of message ids. Tokens are kept verbatim (inside the encrypted database) as evidence.
CREATE TABLE organisations (
    did           TEXT PRIMARY KEY,
    display_name  TEXT NOT NULL,
    enc_jwk       TEXT,
    contact       TEXT,
    dpo_contact   TEXT,
    -- compliance claims (the subject's judgement, trust-list entries), JSON list of policy ComplianceClaim
    claims        TEXT NOT NULL DEFAULT '[]',
    blocked       INTEGER NOT NULL DEFAULT 0,
    first_seen_ms INTEGER NOT NULL,
    updated_ms    INTEGER NOT NULL
);

CREATE TABLE certifiers (
    did           TEXT PRIMARY KEY,
    display_name  TEXT NOT NULL,
    added_ms      INTEGER NOT NULL
);

CREATE TABLE trust_lists (
    id            TEXT PRIMARY KEY,
    certifier     TEXT NOT NULL,
    issued_ms     INTEGER NOT NULL,
    expires_ms    INTEGER NOT NULL,
    token         TEXT NOT NULL,
    imported_ms   INTEGER NOT NULL
);

CREATE TABLE requests (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    org           TEXT NOT NULL,
    state         TEXT NOT NULL,
    state_reason  TEXT,
    token         TEXT NOT NULL,
    req_hash      TEXT NOT NULL,
    refines       TEXT,
    summary       TEXT NOT NULL,
    received_ms   INTEGER NOT NULL,
    expires_ms    INTEGER NOT NULL,
    decided_ms    INTEGER
);
CREATE INDEX requests_by_state ON requests (state, received_ms);
CREATE INDEX requests_by_org ON requests (org, received_ms);

CREATE TABLE grants (
    id            TEXT PRIMARY KEY,
    request_id    TEXT,
    org           TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT 'grant',
    state         TEXT NOT NULL,
    issued_ms     INTEGER NOT NULL,
    expires_ms    INTEGER NOT NULL,
    status_idx    INTEGER NOT NULL,
    scope         TEXT NOT NULL,
    fields        TEXT NOT NULL,
    token         TEXT NOT NULL,
    jwe           TEXT NOT NULL,
    parent_grant  TEXT,
    superseded_by TEXT,
    revoked_ms    INTEGER
);
CREATE INDEX grants_by_org ON grants (org, issued_ms);
CREATE INDEX grants_by_state ON grants (state, issued_ms);

-- One status list per organisation (a shared list would let organisations link the subject).
CREATE TABLE status_lists (
    org           TEXT PRIMARY KEY,
    uri           TEXT NOT NULL,
    bits          BLOB NOT NULL,
    next_idx      INTEGER NOT NULL,
    updated_ms    INTEGER NOT NULL
);

CREATE TABLE receipts (
    id            TEXT PRIMARY KEY,
    grant_id      TEXT NOT NULL,
    org           TEXT NOT NULL,
    token         TEXT NOT NULL,
    summary       TEXT NOT NULL,
    received_ms   INTEGER NOT NULL
);
CREATE INDEX receipts_by_grant ON receipts (grant_id);

CREATE TABLE violations (
    id            INTEGER PRIMARY KEY,
    grant_id      TEXT,
    org           TEXT NOT NULL,
    kind          TEXT NOT NULL,
    detail        TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    history_seq   INTEGER,
    created_ms    INTEGER NOT NULL
);

CREATE TABLE derived_items (
    id            TEXT PRIMARY KEY,
    request_id    TEXT NOT NULL,
    org           TEXT NOT NULL,
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,
    method        TEXT NOT NULL,
    sources       TEXT NOT NULL,
    state         TEXT NOT NULL,
    grant_id      TEXT,
    created_ms    INTEGER NOT NULL,
    decided_ms    INTEGER
);

CREATE TABLE erasure_requests (
    id            TEXT PRIMARY KEY,
    grant_id      TEXT NOT NULL,
    org           TEXT NOT NULL,
    token         TEXT NOT NULL,
    issued_ms     INTEGER NOT NULL,
    confirmed_ms  INTEGER,
    confirmation  TEXT
);

CREATE TABLE rules (
    id            TEXT PRIMARY KEY,
    config        TEXT NOT NULL,
    updated_ms    INTEGER NOT NULL
);

CREATE TABLE seen_jti (
    jti           TEXT PRIMARY KEY,
    exp_ms        INTEGER NOT NULL
);
