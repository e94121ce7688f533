# Check-ins, streaks and /stats (issue #17). Command keys follow commands.ftl's scheme:
# cmd-<command path>, opt-<command path>-<option>, choice-<choice>.

cmd-stats = statistik
    .description = Deine Dehnpausen und Serien und die des Teams in dieser Woche.
cmd-stats-me = ich
    .description = Deine Dehnpausen, Serien und Minuten, mit Diagramm (nur du siehst es).
cmd-stats-server = server
    .description = Die Summen des Teams in dieser Woche, mit Diagramm.
cmd-stats-share = teilen
    .description = Ob /statistik server dich auf diesem Server namentlich nennt.
opt-stats-share-setting = einstellung
    .description = an: mit deinen Dehnpausen genannt; aus: gezählt, aber nicht genannt
choice-on = an
choice-off = aus
cmd-stats-forget-me = vergiss-mich
    .description = Alles löschen, was der Bot über dich speichert (fragt vorher nach).

stats-checkin-button = Ich habe gedehnt
stats-checkin-count-name = Bisher gedehnt
stats-checkin-count-value = { $count ->
    [one] 1 Person
   *[other] { $count } Personen
}
stats-checkin-done = { $streak ->
    [one] Super! Deine Serie: 1 Tag.
   *[other] Super! Deine Serie: { $streak } Tage.
}
stats-checkin-again = { $streak ->
    [one] Du hast dich für diese Erinnerung schon eingetragen; deine Serie: 1 Tag.
   *[other] Du hast dich für diese Erinnerung schon eingetragen; deine Serie: { $streak } Tage.
}
stats-checkin-server-only = Dieser Knopf funktioniert nur auf dem Server, auf dem er gepostet wurde.

stats-me-title = Deine Dehnpausen
stats-me-empty = Noch keine Dehnpausen eingetragen: Drück „Ich habe gedehnt“ unter einer täglichen Erinnerung oder mach bei einer Gruppendehnung mit.
stats-me-week = Diese Woche
stats-me-checkins = { $count ->
    [one] 1 Dehnpause
   *[other] { $count } Dehnpausen
}
stats-me-current = Aktuelle Serie
stats-me-best = Beste Serie
stats-days = { $count ->
    [one] 1 Tag
   *[other] { $count } Tage
}
stats-me-minutes = Minuten gedehnt diese Woche
stats-minutes = { $count } Min.
stats-me-footer = Eine Serie zählt Tage mit mindestens einer Dehnpause, nach der Zeit von { $zone }.

stats-server-title = Die Dehnpausen dieser Woche hier
stats-server-people = Personen
stats-server-checkins = Dehnpausen
stats-server-sessions = Gruppendehnungen
stats-server-minutes = Minuten gedehnt
stats-server-named = Teilen ihre Statistik
stats-server-nobody-named = Hier teilt noch niemand seinen Namen; das geht mit /statistik teilen an.
stats-server-named-line = { $person }: { $count }

stats-chart-alt = Balkendiagramm der Dehnpausen pro Woche in den letzten 8 Wochen, älteste zuerst: { $weeks }.
stats-chart-week = Woche vom { $date }: { $count }

stats-share-on = Ab jetzt nennt /statistik server dich hier mit deinen Dehnpausen.
stats-share-off = Ab jetzt zählt /statistik server deine Dehnpausen hier, ohne dich zu nennen.

stats-forget-confirm = Damit werden alle Dehnpausen, Serien, Statistik- und Erinnerungseinstellungen gelöscht, die der Bot über dich speichert, auf allen Servern; das lässt sich nicht rückgängig machen.
stats-forget-button = Meine Daten löschen
stats-forget-done = Erledigt: Der Bot speichert nichts mehr über dich.
stats-forget-not-yours = Nur die Person, die gefragt hat, kann das bestätigen.
