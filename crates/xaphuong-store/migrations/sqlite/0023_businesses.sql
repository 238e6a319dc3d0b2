-- Business households registered in the commune, and the commune's side of
-- taxing them: the tax advisory council's meetings, the tax-debt lists the
-- tax office sends and the follow-up on each debtor.

CREATE TABLE businesses (
    id               BLOB PRIMARY KEY NOT NULL,
    commune_id       BLOB NOT NULL REFERENCES units (id),
    group_id         BLOB REFERENCES units (id),
    unit_path        TEXT NOT NULL,
    name             TEXT NOT NULL,
    owner            TEXT NOT NULL,
    address          TEXT NOT NULL,
    line             TEXT NOT NULL,
    registration_no  TEXT NOT NULL,
    registered_on    TEXT NOT NULL,
    capital          BIGINT,
    status           TEXT NOT NULL,
    status_on        TEXT,
    note             TEXT NOT NULL,
    -- The one-stop dossier whose result registered it, if any.
    dossier_id       BLOB UNIQUE REFERENCES dossiers (id),
    search_key       TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (commune_id, registration_no)
);
CREATE INDEX businesses_registered_idx ON businesses (unit_path, registered_on);
CREATE INDEX businesses_status_idx ON businesses (unit_path, status, registered_on);

CREATE TABLE tax_meetings (
    id          BLOB PRIMARY KEY NOT NULL,
    commune_id  BLOB NOT NULL REFERENCES units (id),
    unit_path   TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    subject     TEXT NOT NULL,
    decision    TEXT NOT NULL,
    households  BIGINT,
    note        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX tax_meetings_place_idx ON tax_meetings (unit_path, held_on);

CREATE TABLE tax_debts (
    id          BLOB PRIMARY KEY NOT NULL,
    commune_id  BLOB NOT NULL REFERENCES units (id),
    group_id    BLOB REFERENCES units (id),
    unit_path   TEXT NOT NULL,
    listed_on   TEXT NOT NULL,
    list_ref    TEXT NOT NULL,
    debtor      TEXT NOT NULL,
    tax_code    TEXT NOT NULL,
    address     TEXT NOT NULL,
    item        TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    note        TEXT NOT NULL,
    -- Kept with the debt so that lists and totals need no sum per row.
    paid        BIGINT NOT NULL,
    referred    BOOLEAN NOT NULL,
    search_key  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX tax_debts_place_idx ON tax_debts (unit_path, listed_on);

CREATE TABLE tax_debt_actions (
    id          BLOB PRIMARY KEY NOT NULL,
    debt_id     BLOB NOT NULL REFERENCES tax_debts (id),
    done_on     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    note        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX tax_debt_actions_debt_idx ON tax_debt_actions (debt_id, done_on);
