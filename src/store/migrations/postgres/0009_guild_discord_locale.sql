-- The server's own Discord language (`preferred_locale` of GUILD_CREATE and GUILD_UPDATE, a
-- Discord locale code, possibly one stretchbot does not speak): what its channel posts use when
-- the admins set no language, for the posts no interaction comes with (prompts, lobbies).
ALTER TABLE guilds ADD COLUMN discord_locale TEXT;
