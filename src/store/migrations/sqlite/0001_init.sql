-- Servers the bot knows, with their settings. removed_at is set when the bot leaves a server;
-- its data is purged after data.retention_days unless the bot comes back.
CREATE TABLE guilds (
    guild_id   INTEGER PRIMARY KEY,
    timezone   TEXT,
    removed_at TEXT
);

-- Live group stretch sessions. `state` is the session's own JSON (options, timeline adjustments,
-- progress); the columns beside it are what queries need.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    starter_id INTEGER NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    state      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- One running session per channel, enforced by the database so that concurrent starts cannot race.
CREATE UNIQUE INDEX sessions_one_active_per_channel ON sessions (channel_id) WHERE active = 1;
CREATE INDEX sessions_by_guild ON sessions (guild_id, active);
