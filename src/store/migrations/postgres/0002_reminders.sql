-- Reminders: daily stretch prompts and scheduled group stretches that server admins set.
-- The same tables as SQLite's 0002, with PostgreSQL's types: TIMESTAMPTZ instants, DATE local
-- dates, BOOLEAN flags.
CREATE TABLE reminders (
    -- Global id: used in message nonces and button ids. `number` is the small per-server id
    -- that admins type. (Never reused: see 0005.)
    id             BIGINT PRIMARY KEY,
    guild_id       BIGINT NOT NULL,
    number         INTEGER NOT NULL,
    channel_id     BIGINT NOT NULL,
    -- For the scheduled event's location and for messages; refreshed on edit.
    channel_name   TEXT NOT NULL DEFAULT '',
    time_of_day    TEXT NOT NULL,            -- HH:MM, wall-clock time in `timezone`
    days           INTEGER NOT NULL,         -- weekday bits, Monday = bit 0
    timezone       TEXT NOT NULL,            -- IANA name
    kind           TEXT NOT NULL CHECK (kind IN ('prompt', 'group')),
    message        TEXT,                     -- sanitised custom line
    ping_role_id   BIGINT,                   -- the only thing a reminder may ever ping
    routine_id     TEXT NOT NULL,
    event_enabled  BOOLEAN NOT NULL DEFAULT FALSE,
    event_id       BIGINT,                   -- Discord scheduled event mirroring the next fire
    paused         BOOLEAN NOT NULL DEFAULT FALSE,
    flagged        TEXT,                     -- why the bot paused it (channel gone, access lost)
    stopped        BOOLEAN NOT NULL DEFAULT FALSE, -- the bot was removed from the server
    -- The pending fire: when to wake (the fire itself, a retry, or a claim's lease end) and
    -- the local date it belongs to. NULL while paused, flagged or stopped.
    next_fire_at   TIMESTAMPTZ,
    next_fire_date DATE,
    -- Bumped by every change an admin (or a flag) makes, so the firing loop never overwrites
    -- an edit made while it was posting.
    rev            BIGINT NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (guild_id, number)
);
-- The firing loop asks "what is due?" and "when is the next one?": both walk this index only.
CREATE INDEX reminders_due ON reminders (next_fire_at) WHERE next_fire_at IS NOT NULL;

-- The last number handed out per server, so a removed reminder's number is never reused for a
-- different reminder (an admin's "remove 3" typed late must not hit a newer reminder).
CREATE TABLE reminder_counters (
    guild_id    BIGINT PRIMARY KEY,
    last_number INTEGER NOT NULL
);

-- One row per (reminder, local date) that was claimed for posting or skipped. The primary key
-- is what makes a fire happen once, whatever the number of ticks, restarts or instances.
CREATE TABLE reminder_fires (
    reminder_id BIGINT NOT NULL,
    local_date  DATE NOT NULL,
    guild_id    BIGINT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('claimed', 'retry', 'posted', 'skipped', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    -- For 'claimed': until when the claimer owns it; for 'retry': when to try again.
    lease_until TIMESTAMPTZ,
    claimed_by  TEXT NOT NULL DEFAULT '',
    message_id  BIGINT,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (reminder_id, local_date)
);
CREATE INDEX reminder_fires_by_guild ON reminder_fires (guild_id);
