-- Schema 6 (issue 15): the grants passed on from one grant (shown with it on the Grants page, revoked with it)
-- found by index instead of by reading every grant.
CREATE INDEX grants_by_parent ON grants (parent_grant);
