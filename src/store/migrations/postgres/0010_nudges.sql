-- Personal nudges (`/nudges`): one row per person who ever opted in. The window (every, from, to
-- in minutes after local midnight, days as 7 bits from Monday, IANA zone) and the loop's state:
-- `next_at` is when the loop next looks at the person (a slot, a snoozed nudge or a claim's lease
-- end), `handled_through` the last regular slot posted or skipped, `snooze_at` a snoozed nudge.
-- `rev` changes with every change the person makes, so the loop never overwrites one. The DM
-- channel is kept so a nudge is one request; `dms_closed` pauses nudges after Discord refused a
-- DM (50007) and `closed_notice` says the person is still to be told why.
CREATE TABLE nudge_people (
    user_id         BIGINT PRIMARY KEY,
    enabled         BOOLEAN NOT NULL DEFAULT FALSE,
    every_minutes   INTEGER NOT NULL,
    from_minute     INTEGER NOT NULL,
    to_minute       INTEGER NOT NULL,
    days            INTEGER NOT NULL,
    timezone        TEXT NOT NULL,
    paused_until    TIMESTAMPTZ,
    next_at         TIMESTAMPTZ,
    handled_through TIMESTAMPTZ,
    snooze_at       TIMESTAMPTZ,
    dm_channel_id   BIGINT,
    dms_closed      BOOLEAN NOT NULL DEFAULT FALSE,
    closed_notice   BOOLEAN NOT NULL DEFAULT FALSE,
    rotation        INTEGER NOT NULL DEFAULT 0,
    rev             BIGINT NOT NULL DEFAULT 1,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX nudge_people_due ON nudge_people (next_at) WHERE enabled AND NOT dms_closed;
-- One row per nudge: claimed before it is posted (at most one post per slot), with the button
-- the person pressed on it (`done`, `skipped`, `snoozed`).
CREATE TABLE nudge_fires (
    user_id          BIGINT NOT NULL,
    slot_at          TIMESTAMPTZ NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    lease_until      TIMESTAMPTZ,
    claimed_by       TEXT NOT NULL,
    first_claimed_at TIMESTAMPTZ NOT NULL,
    message_id       BIGINT,
    stretch_id       TEXT NOT NULL DEFAULT '',
    outcome          TEXT,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, slot_at)
);
CREATE INDEX nudge_fires_by_time ON nudge_fires (slot_at);
-- The last Discord locale a person's interaction carried, so DMs speak their language. Written
-- only when it changes.
CREATE TABLE people (
    user_id BIGINT PRIMARY KEY,
    locale  TEXT NOT NULL
);
