-- Schema 11 (issue 15): fewer pages written by every import and approval (each page written costs its
-- encryption at commit; benchmarks/README.md, "Grants at scale").
-- A grant's signed form (a saved grant file) is found by its id, which is the token's own message id, so the
-- index on the token's tail goes; the sealed form keeps its index (its id cannot be read without the
-- organisation's key).
DROP INDEX IF EXISTS grants_by_token_tail;
-- Most history entries name no field, and most grants have no parent grant: these indexes keep only the rows
-- that do (every query on these columns asks for a value, which SQLite knows is not NULL, so it still uses them).
DROP INDEX IF EXISTS history_by_field;
CREATE INDEX history_by_field ON history (field, seq) WHERE field IS NOT NULL;
DROP INDEX IF EXISTS grants_by_parent;
CREATE INDEX grants_by_parent ON grants (parent_grant) WHERE parent_grant IS NOT NULL;
