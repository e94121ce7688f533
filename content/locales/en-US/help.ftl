# /help: what the bot can do.
help-title = stretchbot: take your stretch breaks
help-description = Short, guided stretches for your team, right in the channel.
help-childspose = Child's Pose (Balasana): overview, steps, safety, anatomy, benefits, or all of it.
help-stretch-info = Any stretch or routine in the bot's library, shown the same way.
help-stretch-start = Lead the channel through a live group stretch or a routine of several: people join by button.
help-stretch-control = Control the running session (its starter, or anyone with Manage Messages).
help-reminders = Daily stretch prompts (a different stretch each day; where: desk, floor or any) and scheduled group stretches (Manage Server).
help-nudges = Personal stretch breaks by DM inside your working hours, with snooze and a one-tap stop (only if you turn them on).
help-stats = Your check-ins, streaks and an 8-week chart (me), the team's week (server), whether you're named (share), or delete what the bot keeps about you (forget-me).
