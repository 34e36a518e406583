-- Schema 10 (issue 15): every import forgets the ids of messages that expired more than a day ago; with many ids
-- remembered (receipts are kept a year) reading all of them cost milliseconds per import. Found by index now.
CREATE INDEX IF NOT EXISTS seen_jti_by_expiry ON seen_jti (exp_ms);
