-- Schema 7: request ids are unique per sender only (protocol section 3). The organisation's id is kept in jti and
-- is unique per organisation; id stays the vault's own key for a request: the organisation's id when no other
-- organisation used it first, otherwise that id with a suffix naming the organisation ("<jti>.<8 hex>", a '.'
-- never occurs in a protocol id). One organisation can no longer take another's request id first.
ALTER TABLE requests ADD COLUMN jti TEXT;
UPDATE requests SET jti = id;
CREATE UNIQUE INDEX requests_by_org_jti ON requests (org, jti);
