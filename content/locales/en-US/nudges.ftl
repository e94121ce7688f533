# Personal nudges by DM (/nudges): the command's names, its answers, and the nudge itself.
# Command keys follow commands.ftl's scheme: cmd-<path>, opt-<path>-<option>.

cmd-nudges = nudges
    .description = Personal stretch nudges by DM, in your working hours.
cmd-nudges-on = on
    .description = Turn on DM nudges at an interval in a daily window.
opt-nudges-on-every_minutes = every_minutes
    .description = Minutes between nudges, 30-480 (default 90)
opt-nudges-on-from = from
    .description = Window start, 24-hour HH:MM (default 09:00)
opt-nudges-on-to = to
    .description = Window end, 24-hour HH:MM (default 17:00)
opt-nudges-on-days = days
    .description = weekdays (default), weekends, every day, or mon,wed,fri
opt-nudges-on-timezone = timezone
    .description = IANA time zone, like Europe/Berlin (default: your last one, else the server's)
cmd-nudges-off = off
    .description = Turn off your nudges.
cmd-nudges-pause = pause
    .description = Take a break from nudges for some days; they resume by themselves.
opt-nudges-pause-days = days
    .description = How many days, 1-60 (today counts as the first)
cmd-nudges-status = status
    .description = Show your nudge settings and the next nudge.

nudges-on = Nudges are on: every { $every } min from { $from } to { $to }, { $days } ({ $zone }); the next one comes { $next }.
nudges-off = Nudges are off: turn them back on any time with /nudges on.
nudges-off-already = You have no nudges turned on: start them with /nudges on.
nudges-paused = Nudges are paused until { $until } and resume by themselves; the next one comes { $next }.
nudges-status-on = Nudges are on: every { $every } min from { $from } to { $to }, { $days } ({ $zone }); the next one comes { $next }.
nudges-status-paused = Nudges are paused until { $until } (every { $every } min from { $from } to { $to }, { $days }, { $zone }); the next one comes { $next }.
nudges-status-off = Nudges are off: start them with /nudges on.
nudges-status-closed = Nudges are paused because Discord would not deliver my DMs to you: allow direct messages from server members, then use /nudges on.
nudges-closed-notice = Your nudges stopped because Discord would not deliver my DMs to you: allow direct messages from server members, then use /nudges on.
nudges-bad-every = The interval must be between { $min } and { $max } minutes.
nudges-bad-window = The window must end after it starts, like from 09:00 to 17:00.
nudges-bad-pause = A pause lasts from 1 to { $max } days.
nudges-days-every = every day
nudges-days-weekdays = weekdays
nudges-days-weekends = weekends
nudges-day-mon = Mon
nudges-day-tue = Tue
nudges-day-wed = Wed
nudges-day-thu = Thu
nudges-day-fri = Fri
nudges-day-sat = Sat
nudges-day-sun = Sun

nudge-line = Time for a short stretch: { $name }.
nudge-footer = You asked for these with /nudges; Stop nudges turns them off.
nudge-done = Done
nudge-snooze = Snooze { $minutes } min
nudge-skip = Skip
nudge-stop = Stop nudges
nudge-thanks-streak = { $streak ->
    [one] Nicely done, your streak: 1 day; see you at the next one.
   *[other] Nicely done, your streak: { $streak } days; see you at the next one.
}
nudge-skipped = Skipped: see you at the next one.
nudge-snoozed = Snoozed: I'll nudge you again { $at }.
nudge-snooze-pending = You already have a snoozed nudge coming { $at }, so this one stays as it is.
nudge-snooze-late = That would pass the end of your window, so no snooze: see you at the next one.
nudge-stopped = Nudges are off: turn them back on any time with /nudges on.
nudge-gone = That nudge is no longer on record.
