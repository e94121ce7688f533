# The daily stretch prompt a reminder posts (in the server's language).
prompt-title = Stretch break: { $name }
prompt-title-plain = Stretch break
prompt-running = A group stretch is already running in this channel: join it here { $link }
prompt-group-test = At the set time, a group stretch lobby opens here and the session starts when it closes.
prompt-footer = Reminder #{ $number } · admins manage it with /{ cmd-reminders }
prompt-footer-test = Test of reminder #{ $number }: not counted as today's reminder
prompt-show-how = Show me how
prompt-start-group = Start a group stretch
# The Discord event a group reminder keeps for its next time, and the notice to admins.
prompt-event-name = Group stretch: { $name }
prompt-event-stretch = stretch
prompt-event-description = A live group stretch ({ $name }) in { $location }. The lobby opens at the start time for { $lobby } min; join with the button, then follow along for about { $session } min.
prompt-flagged = Reminder #{ $number } is paused: { $reason }. Fix the channel and use /{ cmd-reminders } { cmd-reminders-resume } { $number }, or /{ cmd-reminders } { cmd-reminders-edit } { $number } to pick another channel.
# Used when a stretch has no prompt lines of its own (one per day, in turn).
prompt-fallback-1 = Time for a stretch break! Stand up, roll your shoulders and take a few slow breaths.
prompt-fallback-2 = Stretch break: two minutes away from the screen, your back will thank you.
prompt-fallback-3 = Pause for a moment and stretch: your body has been holding still for a while.
# A test of a reminder that pings a role shows whom it will ping, and pings nobody.
prompt-test-pings = At its time, this reminder pings { $role } (a test pings nobody).
