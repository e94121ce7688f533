-- Reminder ids are never handed out again: nonces and button ids are built from them, so a new
-- reminder that took a deleted one's id would collide with its posts. `INTEGER PRIMARY KEY`
-- alone reuses the highest id after a delete; AUTOINCREMENT keeps the highest id ever used (in
-- sqlite_sequence). SQLite cannot add it to an existing column, so the table is rebuilt with
-- its rows and index. Ids deleted before this migration above the highest kept id cannot be
-- known any more; every id from here on is new.
CREATE TABLE reminders_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id       INTEGER NOT NULL,
    number         INTEGER NOT NULL,
    channel_id     INTEGER NOT NULL,
    channel_name   TEXT NOT NULL DEFAULT '',
    time_of_day    TEXT NOT NULL,
    days           INTEGER NOT NULL,
    timezone       TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('prompt', 'group')),
    message        TEXT,
    ping_role_id   INTEGER,
    routine_id     TEXT NOT NULL,
    event_enabled  INTEGER NOT NULL DEFAULT 0,
    event_id       INTEGER,
    paused         INTEGER NOT NULL DEFAULT 0,
    flagged        TEXT,
    stopped        INTEGER NOT NULL DEFAULT 0,
    next_fire_at   TEXT,
    next_fire_date TEXT,
    rev            INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (guild_id, number)
);
INSERT INTO reminders_new (id, guild_id, number, channel_id, channel_name, time_of_day, days,
    timezone, kind, message, ping_role_id, routine_id, event_enabled, event_id, paused, flagged,
    stopped, next_fire_at, next_fire_date, rev, created_at, updated_at)
SELECT id, guild_id, number, channel_id, channel_name, time_of_day, days,
    timezone, kind, message, ping_role_id, routine_id, event_enabled, event_id, paused, flagged,
    stopped, next_fire_at, next_fire_date, rev, created_at, updated_at
FROM reminders;
DROP TABLE reminders;
ALTER TABLE reminders_new RENAME TO reminders;
CREATE INDEX reminders_due ON reminders (next_fire_at) WHERE next_fire_at IS NOT NULL;
