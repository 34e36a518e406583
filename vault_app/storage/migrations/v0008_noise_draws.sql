-- Schema 8: randomised anonymisation (number.noise) is drawn once per organisation, field, method and
-- parameters and the same value is sent again (fresh draws averaged give the true value away). epsilon is the
-- privacy cost of the draw; sent_ms marks a draw that left the vault (the per-field budget counts those).
CREATE TABLE noise_draws (
    org           TEXT NOT NULL,
    field         TEXT NOT NULL,
    method        TEXT NOT NULL,
    params        TEXT NOT NULL,
    value         TEXT NOT NULL,
    epsilon       REAL NOT NULL,
    drawn_ms      INTEGER NOT NULL,
    sent_ms       INTEGER,
    PRIMARY KEY (org, field, method, params)
);
CREATE INDEX noise_draws_by_field ON noise_draws (field);
