-- When a fire was first claimed for posting. Discord de-duplicates a message nonce for a few
-- minutes only, so a retry or take-over may re-post with the fire's nonce only within a short
-- horizon after the first attempt (reminders.nonce_safe_secs); the firing loop reads it from the
-- claim. NULL for records written before this migration: the claim then uses `updated_at`.
--
ALTER TABLE reminder_fires ADD COLUMN first_claimed_at TEXT;
