-- Schema 4: status lists say more than "revoked" and stay current.
-- width: bits per grant (1 for lists written before schema 4, 2 for new ones: 0 valid, 1 revoked, 2 superseded,
-- 3 erased); a one-bit list is widened to two bits, same indexes, the first time it must hold a 2 or a 3.
-- token/token_ms: the last signed list (with exp and ttl) and when it was signed; the vault signs a new one when
-- the statuses changed or the last one is past half its life.
ALTER TABLE status_lists ADD COLUMN width INTEGER NOT NULL DEFAULT 1;
ALTER TABLE status_lists ADD COLUMN token TEXT;
ALTER TABLE status_lists ADD COLUMN token_ms INTEGER;
