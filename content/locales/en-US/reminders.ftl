# Answers of /reminders.
reminders-language-set = This server's posts (prompts, lobbies, session steps) are now in { $language }.
# The name of each language the server's posts can be in, as the reader calls it.
language-name-en-US = English
language-name-fr = French
language-name-de = German
language-name-es-ES = Spanish
language-name-pt-BR = Portuguese
language-name-ja = Japanese

## Confirmations
# $created is "yes" for /reminders add, "no" for edit; $kind is the choice's name (choice-prompt,
# choice-group); $schedule is "09:00 every day (Europe/Berlin)", with " · desk stretches" for a
# prompt; $next is one of reminders-next-*.
reminders-saved = { $created ->
    [yes] Reminder #{ $number } saved: { $kind } in <#{ $channel }> at { $schedule }. { $next }.
   *[no] Reminder #{ $number } updated: { $kind } in <#{ $channel }> at { $schedule }. { $next }.
}
reminders-saved-event = A server event shows the next group stretch.
reminders-removed = Reminder #{ $number } removed: it will not post in <#{ $channel }> again.
reminders-paused = Reminder #{ $number } is paused: use /{ cmd-reminders } { cmd-reminders-resume } { $number } to start it again.
# $next is one of reminders-next-*.
reminders-resumed = Reminder #{ $number } is running again. { $next }.
# $when is a Discord timestamp; $next is one of reminders-next-*.
reminders-skipped = Reminder #{ $number } will skip { $when }. { $next }.
reminders-still-loading = I'm still loading this server's channels: please try again in a few seconds.
reminders-test-posted = Test posted. It doesn't count as the day's reminder, which still comes at its time.
reminders-test-pending = Discord is slow right now: the test post is on its way and doesn't count as the day's reminder.
reminders-timezone-set = New reminders in this server now use { $zone }. Existing ones keep their own zone: change one with /{ cmd-reminders } { cmd-reminders-edit }.
# What comes next for a reminder, after a resume or a skip ($when is a Discord timestamp).
reminders-next-at = Next: { $when }
reminders-next-none = No upcoming time
reminders-next-paused = It is paused
# $reason is why the bot paused it (for admins).
reminders-next-flagged = It is paused: { $reason }
reminders-next-stopped = It is stopped

## Refusals of /reminders: each one sentence
refuse-unknown-id = There's no reminder #{ $number } in this server: see /{ cmd-reminders } { cmd-reminders-list } for the ids.
refuse-too-many = This server already has { $max } reminders, the most it can have: remove one with /{ cmd-reminders } { cmd-reminders-remove } first.
refuse-no-channel = Please pick the text channel the reminder should post in.
refuse-other-server-channel = That channel isn't in this server: pick one of this server's text channels.
refuse-voice-channel = <#{ $channel }> is a voice channel: pick a text or announcement channel for reminders.
refuse-category = That's a category, not a channel: pick a text channel inside it instead.
refuse-not-text = Reminders can only post in a text or announcement channel: please pick one of those.
refuse-cannot-send = I can't send messages in <#{ $channel }>: give me View Channel and Send Messages there, or pick another channel.
refuse-cannot-embed = I can't embed links in <#{ $channel }>, and reminders are embeds: give me Embed Links there, or pick another channel.
refuse-other-server-role = That role isn't in this server: pick one of this server's roles to ping.
refuse-role-not-mentionable = The role “{ $role }” isn't mentionable, and you can't mention everyone yourself: make the role mentionable, or pick another.
refuse-everyone-role = Reminders never ping @{ "\u200B" }everyone or @{ "\u200B" }here: pick a specific role to ping, or leave it out.
refuse-event-needs-group = Server events are only for group reminders: set kind to group, or leave event out.
refuse-event-needs-permission = I need the Create Events permission to add a server event: grant it to me, or set event to False.
refuse-edit-nothing = Nothing to change: give at least one option, like a new time or channel.
refuse-changed-meanwhile = That reminder changed at the same moment: please check /{ cmd-reminders } { cmd-reminders-list } and try again.
refuse-nothing-to-skip = Reminder #{ $number } isn't running, so there's nothing to skip: resume it first.
refuse-test-failed-gone = I couldn't post in <#{ $channel }>: check that it still exists and that I can send messages and embed links there.
refuse-zone-unknown = Reminder #{ $number }'s time zone is no longer known: choose another with /{ cmd-reminders } { cmd-reminders-edit } { $number } and a timezone.
refuse-channel-gone = Reminder #{ $number }'s channel is gone: pick a new one with /{ cmd-reminders } { cmd-reminders-edit } { $number } and a channel.
refuse-test-failed = Discord didn't take the test post just now: please try again in a minute.
refuse-group-other-channel = This prompt's reminder now posts in another channel: use the button on a prompt there.
refuse-group-unavailable = Group stretches can't start right now: please try again in a minute.
refuse-no-such-page = { $pages ->
    [1] This server's reminders fit on one page: leave out page, or choose page 1.
   *[other] This server's reminders fill { $pages } pages: choose a page from 1 to { $pages }.
}

## What an admin typed that is not a time, days or a time zone (each one sentence)
input-time-empty = Please enter a time in 24-hour HH:MM, like 09:30 or 17:00.
input-time-format = “{ $input }” isn't a time: use 24-hour HH:MM, like 09:30 or 17:00.
# $second is "none" when only one reading is a time.
input-time-minute-digits = { $second ->
    [none] Minutes need two digits, like { $first }.
   *[other] Minutes need two digits, like { $first } or { $second }.
}
input-time-hour-range = “{ $input }” isn't a time: hours go from 00 to 23 on the 24-hour clock.
input-time-minute-range = “{ $input }” isn't a time: minutes go from 00 to 59.
input-time-twelve-hour = Please use the 24-hour clock: write “{ $input }” as { $time }.
input-days-empty = Please choose days: “every day”, “weekdays”, “weekends”, or a list like mon,wed,fri.
input-days-unknown = “{ $input }” isn't a day: use mon, tue, wed, thu, fri, sat, sun (or full names), “weekdays”, “weekends” or “every day”.
input-zone-empty = Please enter a time zone such as Europe/Berlin or America/New_York, or pick one from the suggestions.
input-zone-wrong-case = Time zone names are case-sensitive: did you mean { $zone }?
input-zone-abbreviation = “{ $input }” is an abbreviation that ignores daylight saving: use a place name like { $zone }.
input-zone-offset = Fixed offsets like “{ $input }” ignore daylight saving: use a place name like Europe/Berlin or America/New_York.
input-zone-unknown = “{ $input }” isn't a known time zone: pick one from the suggestions or use an IANA name like Europe/Berlin.
input-message-too-long = That message is { $count } characters long: please keep it to { $max } or fewer.

## A reminder's days and a prompt's `where`, in the answers above and in /reminders list
days-every-day = every day
days-weekdays = weekdays
days-weekends = weekends
days-none = no days
# Between the days of a list: "Mon, Wed, Fri".
days-separator = { ", " }
day-mon = Mon
day-tue = Tue
day-wed = Wed
day-thu = Thu
day-fri = Fri
day-sat = Sat
day-sun = Sun
place-desk = desk stretches
place-floor = floor stretches
place-any = all stretches

## /reminders list
list-empty = This server has no reminders yet: add one with /{ cmd-reminders } { cmd-reminders-add }.
list-title = Reminders in this server ({ $count }/{ $max })
list-title-page = Reminders in this server ({ $count }/{ $max }) · page { $page } of { $pages }
list-description = Times show in your own time zone. Use the number with { cmd-reminders-edit }, { cmd-reminders-remove }, { cmd-reminders-pause }, { cmd-reminders-resume }, { cmd-reminders-skip } or { cmd-reminders-test }.
# Follows list-description when there are several pages.
list-description-more = More on the other pages: /{ cmd-reminders } { cmd-reminders-list } { opt-reminders-list-page }:1 to { opt-reminders-list-page }:{ $pages }.
list-kind-prompt = Prompt in <#{ $channel }>
list-kind-group = Group stretch in <#{ $channel }>
list-pings = pings <@&{ $role }>
list-custom-message = custom message
list-server-event = server event
list-paused = ⏸ Paused
# $reason is why the bot paused it.
list-flagged = ⚠ Flagged: { $reason }
list-stopped = Stopped: the bot was removed from this server
