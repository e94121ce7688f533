# Check-ins, streaks and /stats (issue #17). Command keys follow commands.ftl's scheme:
# cmd-<command path>, opt-<command path>-<option>, choice-<choice>.

cmd-stats = stats
    .description = Your check-ins and streaks, and the team's stretching this week.
cmd-stats-me = me
    .description = Your check-ins, streaks and minutes stretched, with a chart (only you see it).
cmd-stats-server = server
    .description = This week's team totals, with a chart.
cmd-stats-share = share
    .description = Whether /stats server names you in this server.
opt-stats-share-setting = setting
    .description = on: named with your check-ins; off: counted but not named
choice-on = on
choice-off = off
cmd-stats-forget-me = forget-me
    .description = Delete everything the bot keeps about you (asks first).

# The button on daily prompts, and the count it shows on the prompt.
stats-checkin-button = I stretched
stats-checkin-count-name = Stretched so far
stats-checkin-count-value = { $count ->
    [one] 1 person
   *[other] { $count } people
}
stats-checkin-done = { $streak ->
    [one] Nice one! Your streak: 1 day.
   *[other] Nice one! Your streak: { $streak } days.
}
stats-checkin-again = { $streak ->
    [one] You already checked in for this prompt; your streak: 1 day.
   *[other] You already checked in for this prompt; your streak: { $streak } days.
}
stats-checkin-server-only = This button works only in the server it was posted in.

# /stats me
stats-me-title = Your stretching
stats-me-empty = No check-ins yet: press "I stretched" on a daily prompt, or join a group stretch.
stats-me-week = This week
stats-me-checkins = { $count ->
    [one] 1 check-in
   *[other] { $count } check-ins
}
stats-me-current = Current streak
stats-me-best = Best streak
stats-days = { $count ->
    [one] 1 day
   *[other] { $count } days
}
stats-me-minutes = Minutes stretched this week
stats-minutes = { $count } min
stats-me-footer = A streak counts days with at least one check-in, in { $zone } time.

# /stats server
stats-server-title = This week's stretching here
stats-server-people = People
stats-server-checkins = Check-ins
stats-server-sessions = Group stretches
stats-server-minutes = Minutes stretched
stats-server-named = Sharing their stats
stats-server-nobody-named = Nobody here shares their name yet; anyone can with /stats share on.
stats-server-named-line = { $person }: { $count }

# The chart's alt text: what a screen reader says instead of the picture.
stats-chart-alt = Bar chart of check-ins per week over the last 8 weeks, oldest first: { $weeks }.
stats-chart-week = week of { $date }: { $count }

# /stats share
stats-share-on = From now on, /stats server names you here with your check-ins.
stats-share-off = From now on, /stats server counts your check-ins here without naming you.

# /stats forget-me
stats-forget-confirm = This deletes every check-in, streak, stats and nudge setting the bot keeps about you, in every server; it cannot be undone.
stats-forget-button = Delete my data
stats-forget-done = Done: nothing about you is left in the bot's records.
stats-forget-not-yours = Only the person who asked can confirm this.
