-- Schema 9: a message id (jti) is unique per sender only (protocol section 3), so everything the vault files
-- under an id a sender chose is keyed by (sender, id): usage receipts by (org, id), trust lists by (certifier,
-- id). Before, one organisation could take another's receipt id first and the genuine receipt was then refused
-- (and, being in the replay cache by then, refused as "replayed" on every later try). The replay cache
-- (seen_jti) already keys each message by "<sender DID> <jti>" and stays as it is. SQLite cannot change a
-- primary key in place: each table is copied into its new form.
CREATE TABLE receipts_v9 (
    id            TEXT NOT NULL,
    grant_id      TEXT NOT NULL,
    org           TEXT NOT NULL,
    token         TEXT NOT NULL,
    summary       TEXT NOT NULL,
    received_ms   INTEGER NOT NULL,
    PRIMARY KEY (org, id)
);
INSERT INTO receipts_v9 (id, grant_id, org, token, summary, received_ms)
    SELECT id, grant_id, org, token, summary, received_ms FROM receipts;
DROP TABLE receipts;
ALTER TABLE receipts_v9 RENAME TO receipts;
CREATE INDEX receipts_by_grant ON receipts (grant_id);

CREATE TABLE trust_lists_v9 (
    id            TEXT NOT NULL,
    certifier     TEXT NOT NULL,
    issued_ms     INTEGER NOT NULL,
    expires_ms    INTEGER NOT NULL,
    token         TEXT NOT NULL,
    imported_ms   INTEGER NOT NULL,
    PRIMARY KEY (certifier, id)
);
INSERT INTO trust_lists_v9 (id, certifier, issued_ms, expires_ms, token, imported_ms)
    SELECT id, certifier, issued_ms, expires_ms, token, imported_ms FROM trust_lists;
DROP TABLE trust_lists;
ALTER TABLE trust_lists_v9 RENAME TO trust_lists;
