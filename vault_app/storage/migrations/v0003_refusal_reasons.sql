-- Schema 3: a refused request keeps the stable word of its reason (for example "rule:never-release:health" or
-- "org-blocked") beside the sentence, so every screen can word it without reading the history.
ALTER TABLE requests ADD COLUMN reason_code TEXT;

UPDATE requests SET reason_code = (
    SELECT json_extract(h.data, '$.reason') FROM history h
    WHERE h.kind = 'request.auto-refused' AND json_extract(h.data, '$.request') = requests.id
    ORDER BY h.seq DESC LIMIT 1
) WHERE state = 'auto_refused';
