# Answers of /reminders.
reminders-language-set = This server's posts (prompts, lobbies, session steps) are now in { $language }.
