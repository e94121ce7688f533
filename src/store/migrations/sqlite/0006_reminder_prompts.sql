-- What a daily prompt suggests: where the channel can stretch (`desk`: seated or standing, no
-- mat; `floor`; `any`), and the rotation so far (`YYYY-MM-DD:id,id,...`: the date of the last
-- pick and the stretches shown in the current round). Its own table, so the fire path writes
-- the rotation without touching the reminder's revision. A reminder without a row is `any`
-- with nothing shown (reminders made before this migration keep every stretch). The server's id
-- is kept so the retention purge takes these rows with the server's other rows.
CREATE TABLE reminder_prompts (
    reminder_id INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    place       TEXT NOT NULL DEFAULT 'any' CHECK (place IN ('desk', 'floor', 'any')),
    rotation    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reminder_prompts_by_guild ON reminder_prompts (guild_id);
