-- Personal nudges (`/nudges`): one row per person who ever opted in. The window (every, from, to
-- in minutes after local midnight, days as 7 bits from Monday, IANA zone) and the loop's state:
-- `next_at` is when the loop next looks at the person (a slot, a snoozed nudge or a claim's lease
-- end), `handled_through` the last regular slot posted or skipped, `snooze_at` a snoozed nudge.
-- `rev` changes with every change the person makes, so the loop never overwrites one. The DM
-- channel is kept so a nudge is one request; `dms_closed` pauses nudges after Discord refused a
-- DM (50007) and `closed_notice` says the person is still to be told why.
CREATE TABLE nudge_people (
    user_id         INTEGER PRIMARY KEY,
    enabled         INTEGER NOT NULL DEFAULT 0,
    every_minutes   INTEGER NOT NULL,
    from_minute     INTEGER NOT NULL,
    to_minute       INTEGER NOT NULL,
    days            INTEGER NOT NULL,
    timezone        TEXT NOT NULL,
    paused_until    TEXT,
    next_at         TEXT,
    handled_through TEXT,
    snooze_at       TEXT,
    dm_channel_id   INTEGER,
    dms_closed      INTEGER NOT NULL DEFAULT 0,
    closed_notice   INTEGER NOT NULL DEFAULT 0,
    rotation        INTEGER NOT NULL DEFAULT 0,
    rev             INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT NOT NULL
);
CREATE INDEX nudge_people_due ON nudge_people (next_at) WHERE enabled = 1 AND dms_closed = 0;
-- One row per nudge: claimed before it is posted (at most one post per slot), with the button
-- the person pressed on it (`done`, `skipped`, `snoozed`).
CREATE TABLE nudge_fires (
    user_id          INTEGER NOT NULL,
    slot_at          TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    lease_until      TEXT,
    claimed_by       TEXT NOT NULL,
    first_claimed_at TEXT NOT NULL,
    message_id       INTEGER,
    stretch_id       TEXT NOT NULL DEFAULT '',
    outcome          TEXT,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (user_id, slot_at)
);
CREATE INDEX nudge_fires_by_time ON nudge_fires (slot_at);
-- The last Discord locale a person's interaction carried, so DMs speak their language. Written
-- only when it changes.
CREATE TABLE people (
    user_id INTEGER PRIMARY KEY,
    locale  TEXT NOT NULL
);
