-- Check-ins: one row per person per thing they stretched for (a daily prompt's "I stretched", a
-- live session they finished, a nudge they marked done). `source` names that thing
-- (`prompt:<reminder id>:<local date>`, `session:<session id>`, `nudge:<slot>`), so pressing
-- twice, or a session finishing again after a restart, counts once. Rows older than
-- `data.checkin_retention_days` are purged, and `/stats forget-me` deletes a person's rows at once.
CREATE TABLE checkins (
    user_id  BIGINT NOT NULL,
    -- The server it happened in; NULL for a nudge answered in DMs.
    guild_id BIGINT,
    source   TEXT NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    minutes  INTEGER NOT NULL,
    PRIMARY KEY (user_id, source)
);
CREATE INDEX checkins_by_source ON checkins (source);
CREATE INDEX checkins_by_guild ON checkins (guild_id, at);
CREATE INDEX checkins_by_time ON checkins (at);

-- People who chose `/stats share on` in a server: only they are named in its `/stats server`.
CREATE TABLE stats_sharing (
    user_id  BIGINT NOT NULL,
    guild_id BIGINT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX stats_sharing_by_user ON stats_sharing (user_id);
