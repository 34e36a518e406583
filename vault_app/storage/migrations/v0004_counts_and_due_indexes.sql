-- Schema 4 (issue 15): what the History page and chain verification need without reading every entry, and
-- indexes that find due requests and grants without reading every row.
--
-- Entries per day, kind and organisation (org is the empty string for entries without one), and the field
-- names the history mentions: both kept by a trigger in the same transaction as the entry, so they are exact
-- whenever the entry is there. Days are UTC days of ts_ms, as the History chart draws them.
CREATE TABLE history_counts (
    day_ms  INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    org     TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (day_ms, kind, org)
) WITHOUT ROWID;

CREATE TABLE history_fields (
    field   TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TRIGGER history_counted AFTER INSERT ON history
BEGIN
    INSERT INTO history_counts (day_ms, kind, org, n)
        VALUES ((NEW.ts_ms / 86400000) * 86400000, NEW.kind, coalesce(NEW.org, ''), 1)
        ON CONFLICT (day_ms, kind, org) DO UPDATE SET n = n + 1;
    INSERT OR IGNORE INTO history_fields (field) SELECT NEW.field WHERE NEW.field IS NOT NULL;
END;

INSERT INTO history_counts (day_ms, kind, org, n)
    SELECT (ts_ms / 86400000) * 86400000, kind, coalesce(org, ''), count(*) FROM history GROUP BY 1, 2, 3;
INSERT INTO history_fields (field) SELECT DISTINCT field FROM history WHERE field IS NOT NULL;

-- The last signed checkpoint a verification found intact: the next verification may start there.
CREATE TABLE history_verified (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    seq     INTEGER NOT NULL,
    hash    BLOB NOT NULL,
    ts_ms   INTEGER NOT NULL
);

-- Expiry: requests and grants whose time has run out are found by index, not by reading every one.
CREATE INDEX requests_by_expiry ON requests (state, expires_ms);
CREATE INDEX grants_by_expiry ON grants (state, expires_ms);

-- Grant lists in pages, newest first (keyset on issued_ms, id), and a grant found from its own file without
-- comparing every stored token: by the last 43 characters of its signature or of its encryption tag.
CREATE INDEX grants_by_issued ON grants (issued_ms, id);
CREATE INDEX grants_by_token_tail ON grants (substr(token, -43));
CREATE INDEX grants_by_jwe_tail ON grants (substr(jwe, -22));
