-- The language a server's channel posts use, set by `/reminders language` (a Discord locale code
-- stretchbot speaks); NULL: the server's own Discord language, else English.
ALTER TABLE guilds ADD COLUMN language TEXT;
