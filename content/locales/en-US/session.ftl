# What a live group stretch session posts in its channel (in the server's language).
# Markdown (**bold**) and Discord timestamps ({ $time }) stay as they are; { $who } is a mention.

## Lengths of time
session-secs = { $secs } s
session-mins = { $mins } min
session-mins-secs = { $mins } min { $secs } s

## The plan, in the lobby and the first step
session-sets = { $sets ->
    [one] { $sets } set
   *[other] { $sets } sets
}
session-plan = { $sets } · { $hold } hold · about { $about }
session-plan-per-side = { $sets } · { $hold } hold per side · about { $about }
session-plan-chain = { $count ->
    [one] { $count } stretch · about { $about }
   *[other] { $count } stretches · about { $about }
}

## Lists of people
session-nobody = nobody
session-and-more = and { $count } more

## Steps
session-step-fallback = Step { $step }
session-step-heading = Step { $step } of { $steps }: { $title }
session-step-heading-in-set = Set { $set } of { $sets } · Step { $step } of { $steps }: { $title }
session-ends = , ends { $time }
session-hold = **{ $heading }**: hold for { $duration }{ $ends }
session-halfway = **Halfway through the hold**{ $ends }
session-rest = **Rest**: set { $set } of { $sets }
session-rest-starts = **Rest**: set { $set } of { $sets } starts { $time }
session-start-heading = **Let's stretch: { $name }** · { $plan }
session-catch-up = **We lost some time — here's where we are.**

## Stretches done per side, and routines
session-switch-sides = Switch sides
session-switch-cue = Switch sides. { $cue }
session-side-title = { $side ->
    [left] { $title } (left side)
    [right] { $title } (right side)
   *[other] { $title } ({ $side } side)
}
session-side-cue = { $side ->
    [left] Left side: { $cue }
    [right] Right side: { $cue }
   *[other] { $side } side: { $cue }
}
session-routine-breathing = Halfway there. Keep breathing slowly; mild tension, never pain.

## The wrap-up
session-stopped-by = **Stopped early by { $who }.**
session-took-part = **Took part:**
session-done-chain = **Done: { $name }. Well stretched!**
session-done = **Done: { $name }, { $sets }. Well stretched!**
session-stretched-together = **Stretched together:**

## Buttons
session-button-pause = Pause
session-button-resume = Resume
session-button-skip = Skip step
session-button-stop = Stop
session-button-join = Join
session-button-leave = Leave
session-button-start = Start now
session-button-cancel = Cancel

## The lobby message
session-lobby-title = **Group stretch: { $name }**
session-lobby-starts = Starts { $time }.
session-lobby-paused-start = Paused for a moment; the start moves with the pause.
session-lobby-in = **In ({ $count }):**
session-lobby-by-reminder = Scheduled by this server's stretch reminder.
session-lobby-by = Started by { $who }.
session-lobby-join = Click **Join** to stretch along. { $by }
session-lobby-paused = { $title } is paused.
session-lobby-under-way = { $title } is under way.
session-lobby-still-open = You can still join until the last set begins.
session-lobby-closed-one-set = Joining closed when the session began.
session-lobby-closed-last-set = The last set has begun, so joining is closed.
session-lobby-done = { $title } is done. Thanks to everyone who took part:
session-lobby-stopped = { $title } was stopped early by { $who }. Took part:
session-lobby-cancelled-by-starter = { $title } was cancelled by its starter, { $who }.
session-lobby-cancelled = { $title } was cancelled by { $who }.
session-lobby-nobody-joined = { $title } did not start: nobody joined.
session-lobby-everyone-left = { $title } did not start: everyone left the lobby.
session-lobby-offline = { $title } was closed while the bot was offline.
session-lobby-failed = { $title } stopped because of a problem on our side.
session-lobby-ended = { $title } has ended.

## Notices
session-paused = ⏸ **Paused** by { $who }. Resume with the Resume button or `/stretch resume`.
session-resumed = ▶ **Resumed** by { $who }.
session-back = ▶ **We're back** — picking up where we left off.
session-now-starts = The session starts { $time }.
session-now = Now: **{ $what }**.
session-now-until = Now: **{ $what }**, until { $time }.
session-now-rest = Rest
session-paused-for-restart = ⏸ Paused for a quick restart — we'll pick up where we left off.
session-closed-after-downtime = The bot was offline for about { $mins } min, longer than a paused session waits, so I've closed this stretch session. If you're still in the pose, come up slowly. Start a new one with `/stretch start` whenever you like.
session-ended-while-offline = This session ended while the bot was offline, so I've closed it instead of replaying it. If you're still in the pose, come up slowly. Thanks for stretching together!
session-apology = Sorry, something went wrong on our side and this stretch session had to stop. If you're still in the pose, come up slowly. You can start a new one with `/stretch start`.
