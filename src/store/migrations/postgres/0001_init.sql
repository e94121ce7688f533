-- Servers the bot knows, with their settings. removed_at is set when the bot leaves a server;
-- its data is purged after data.retention_days unless the bot comes back.
-- Discord ids are BIGINT: snowflakes fit in 63 bits (the store maps u64 <-> i64).
CREATE TABLE guilds (
    guild_id   BIGINT PRIMARY KEY,
    timezone   TEXT,
    removed_at TIMESTAMPTZ
);

-- Live group stretch sessions. `state` is the session's own JSON (options, timeline adjustments,
-- progress); the columns beside it are what queries need.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    guild_id   BIGINT NOT NULL,
    channel_id BIGINT NOT NULL,
    starter_id BIGINT NOT NULL,  -- 0: a reminder opened it, nobody started it
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    state      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
-- One running session per channel, enforced by the database so that concurrent starts cannot race.
CREATE UNIQUE INDEX sessions_one_active_per_channel ON sessions (channel_id) WHERE active;
CREATE INDEX sessions_by_guild ON sessions (guild_id, active);
