# Answers only the person who used a session control or a button sees (in their own language).

## Session controls
answer-not-here = That button belongs to a stretch session in another channel: use the buttons there.
answer-ended = This stretch session has already ended.
answer-too-fast = You're using the session controls too quickly; wait a moment and try again.
answer-not-started = The session hasn't started yet.
answer-already-started = The session has already started.
answer-already-paused = The session is already paused.
answer-paused-resume-first = The session is paused; resume it first.
answer-not-paused = The session isn't paused.
answer-nothing-to-skip = This is the last step; use Stop to end the session now.
answer-out-of-order = That arrived out of order; please try again.
answer-too-many-adjustments = This session can't be paused, skipped or started early again (at most { $max } per session); stop it and start a new one if you need more time.
answer-only-starter = { $action ->
    [start] Only the person who started this session, or someone who can manage messages here, can start it.
    [cancel] Only the person who started this session, or someone who can manage messages here, can cancel it.
    [pause] Only the person who started this session, or someone who can manage messages here, can pause it.
    [resume] Only the person who started this session, or someone who can manage messages here, can resume it.
    [skip] Only the person who started this session, or someone who can manage messages here, can skip a step of it.
   *[stop] Only the person who started this session, or someone who can manage messages here, can stop it.
}
answer-starting-now = Starting now!
answer-cancelled = Cancelled. The lobby message says so.
answer-stopped = Stopped. I'm posting the wrap-up now.
answer-pause-in-lobby = The session hasn't started yet; you can start it now or cancel it.
answer-paused = Paused. Press Resume when everyone is ready.
answer-resumed = Resumed.
answer-skip-in-lobby = The session hasn't started yet; use Start now to begin.
answer-skipped = Skipped to the next step.
answer-join-closed-one-set = Joining is closed: the session has already begun.
answer-join-closed-last-set = Joining is closed: the last set has already begun.
answer-already-in = You're already in.
answer-in-starts = You're in! We start { $time }.
answer-in-after-pause = You're in! We start as soon as the pause ends.
answer-in-running = You're in! Jump in at the current step.
answer-not-in = You weren't in this session.
answer-left = You've left the session.
answer-none-here = There's no stretch session running in this channel.
answer-not-a-session-button = That button doesn't belong to a stretch session.

## Buttons on a prompt, and errors
answer-apology = Sorry, something went wrong on our side. Please try again in a moment.
answer-group-server-only = This button works only in the server it was posted in.
answer-group-open = Lobby open, and you're in. Others can join with the button.
answer-group-running = A group stretch is already on here: { $link }
answer-stretch-gone = That stretch is no longer in my library.
answer-button-stale = This button doesn't do anything any more.
answer-manage-server = You need the Manage Server permission to use this command.
answer-guild-only = This command works only in a server.
answer-needs-the-bot = I must be in this server for that: a manager can add me with <{ $link }>.
answer-bad-option = One of the options didn't make sense to me; please check it and try again.

## /stretch start
answer-restarting = I'm restarting right now; please try again in a minute.
answer-unknown-routine = I don't know a routine called "{ $name }"; pick one from the list.
answer-chain-no-sets = { $name } sets its own holds and runs once: leave out sets and hold.
answer-sets-range = { $name } can be done in { $min } to { $max } sets; pick a number in that range.
answer-hold-range = The hold for { $name } must be between { $min } and { $max } seconds.
answer-lobby-range = The lobby can stay open between 0 and { $max } seconds.
answer-server-full = This server already has { $count } live stretch sessions, the most allowed at once; join one of them or try again when one ends.
answer-already-running-link = A stretch session is already running here: { $link }
answer-already-running = A stretch session is already running here.
answer-cannot-post = I can't post in this channel; check that I'm allowed to send messages here.
answer-starts-now = Your stretch session starts now.
answer-open = Your stretch session is open: it starts { $time } and anyone here can join.
answer-unknown-stretch = I don't know a stretch called “{ $name }”: pick one from the list as you type.
answer-text-channel-only = Group stretches run in a server's text channel.
answer-missing-permissions = I can't lead a stretch here: I need the { $permissions } permission in this channel.
answer-cannot-send-here = You need the Send Messages permission in this channel to start a group stretch here.
answer-permission-view-channel = View Channel
answer-permission-send-messages = Send Messages
answer-permission-embed-links = Embed Links
