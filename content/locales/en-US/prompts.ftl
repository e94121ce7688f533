# The daily stretch prompt a reminder posts (in the server's language).
prompt-title = Stretch break: { $name }
prompt-title-plain = Stretch break
prompt-running = A group stretch is already running in this channel: join it here { $link }
prompt-group-test = At the set time, a group stretch lobby opens here and the session starts when it closes.
prompt-footer = Reminder #{ $number } · admins manage it with /reminders
prompt-footer-test = Test of reminder #{ $number }: not counted as today's reminder
prompt-show-how = Show me how
prompt-start-group = Start a group stretch
