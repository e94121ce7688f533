# Persönliche Stups-Nachrichten per DM (/nudges): Namen des Befehls, Antworten und die Nachricht.
# Befehlsschlüssel folgen dem Schema von commands.ftl: cmd-<Pfad>, opt-<Pfad>-<Option>.

cmd-nudges = stupser
    .description = Persönliche Dehn-Erinnerungen per DM, während deiner Arbeitszeit.
cmd-nudges-on = an
    .description = Erinnerungen per DM in einem Intervall innerhalb eines täglichen Zeitfensters einschalten.
opt-nudges-on-every_minutes = alle_minuten
    .description = Minuten zwischen zwei Erinnerungen, 30-480 (Standard 90)
opt-nudges-on-from = von
    .description = Beginn des Zeitfensters, 24-Stunden HH:MM (Standard 09:00)
opt-nudges-on-to = bis
    .description = Ende des Zeitfensters, 24-Stunden HH:MM (Standard 17:00)
opt-nudges-on-days = tage
    .description = weekdays (Standard), weekends, every day oder mon,wed,fri
opt-nudges-on-timezone = zeitzone
    .description = IANA-Zeitzone wie Europe/Berlin (Standard: deine letzte, sonst die des Servers)
cmd-nudges-off = aus
    .description = Deine Erinnerungen ausschalten.
cmd-nudges-pause = pausieren
    .description = Ein paar Tage Pause; danach geht es von selbst weiter.
opt-nudges-pause-days = tage
    .description = Wie viele Tage, 1-60 (heute zählt als erster)
cmd-nudges-status = status
    .description = Deine Einstellungen und die nächste Erinnerung anzeigen.

nudges-on = Erinnerungen sind an: alle { $every } Min. von { $from } bis { $to }, { $days } ({ $zone }); die nächste kommt { $next }.
nudges-off = Erinnerungen sind aus: mit /nudges on jederzeit wieder einschalten.
nudges-off-already = Du hast keine Erinnerungen eingeschaltet: starte sie mit /nudges on.
nudges-paused = Erinnerungen pausieren bis { $until } und gehen dann von selbst weiter; die nächste kommt { $next }.
nudges-status-on = Erinnerungen sind an: alle { $every } Min. von { $from } bis { $to }, { $days } ({ $zone }); die nächste kommt { $next }.
nudges-status-paused = Erinnerungen pausieren bis { $until } (alle { $every } Min. von { $from } bis { $to }, { $days }, { $zone }); die nächste kommt { $next }.
nudges-status-off = Erinnerungen sind aus: starte sie mit /nudges on.
nudges-status-closed = Erinnerungen pausieren, weil Discord dir meine Direktnachrichten nicht zustellt: erlaube Direktnachrichten von Servermitgliedern und nutze dann /nudges on.
nudges-closed-notice = Deine Erinnerungen wurden angehalten, weil Discord dir meine Direktnachrichten nicht zustellt: erlaube Direktnachrichten von Servermitgliedern und nutze dann /nudges on.
nudges-bad-every = Das Intervall muss zwischen { $min } und { $max } Minuten liegen.
nudges-bad-window = Das Zeitfenster muss nach seinem Beginn enden, etwa von 09:00 bis 17:00.
nudges-bad-pause = Eine Pause dauert 1 bis { $max } Tage.
nudges-days-every = jeden Tag
nudges-days-weekdays = werktags
nudges-days-weekends = am Wochenende
nudges-day-mon = Mo
nudges-day-tue = Di
nudges-day-wed = Mi
nudges-day-thu = Do
nudges-day-fri = Fr
nudges-day-sat = Sa
nudges-day-sun = So

nudge-line = Zeit für eine kurze Dehnung: { $name }.
nudge-footer = Du hast sie mit /nudges angefordert; „Erinnerungen stoppen“ schaltet sie aus.
nudge-done = Erledigt
nudge-snooze = In { $minutes } Min.
nudge-skip = Überspringen
nudge-stop = Erinnerungen stoppen
nudge-thanks-streak = { $streak ->
    [one] Gut gemacht, deine Serie: 1 Tag; bis zur nächsten.
   *[other] Gut gemacht, deine Serie: { $streak } Tage; bis zur nächsten.
}
nudge-skipped = Übersprungen: bis zur nächsten.
nudge-snoozed = Verschoben: ich erinnere dich wieder { $at }.
nudge-snooze-pending = Eine verschobene Erinnerung kommt schon { $at }, daher bleibt diese, wie sie ist.
nudge-snooze-late = Das ginge über das Ende deines Zeitfensters hinaus, also kein Verschieben: bis zur nächsten.
nudge-stopped = Erinnerungen sind aus: mit /nudges on jederzeit wieder einschalten.
nudge-gone = Diese Erinnerung ist nicht mehr gespeichert.
