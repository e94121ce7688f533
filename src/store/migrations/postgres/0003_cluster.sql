-- Several copies of the bot on one database (as SQLite's 0003).
--
-- One owner per shard: the copy holding the lease answers the shard's interactions, runs its
-- sessions and fires its reminders; the others stand by and take over when it is released or
-- expires. A shard is named by its id and the shard count, so changing the count starts fresh.
CREATE TABLE shard_leases (
    shard_id    INTEGER NOT NULL,
    shard_count INTEGER NOT NULL,
    owner       TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (shard_id, shard_count)
);

-- Discord delivers each interaction to every copy connected for its shard. The first copy to
-- insert the interaction's id acts on it; the others say nothing.
CREATE TABLE interaction_claims (
    interaction_id BIGINT PRIMARY KEY,
    owner          TEXT NOT NULL,
    claimed_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX interaction_claims_by_time ON interaction_claims (claimed_at);
