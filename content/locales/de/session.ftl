# Was eine Gruppendehnung in ihrem Kanal postet (in der Sprache des Servers).
# Markdown (**fett**) und Discord-Zeitstempel ({ $time }) bleiben, wie sie sind; { $who } ist eine Erwähnung.

## Zeitspannen
session-secs = { $secs } s
session-mins = { $mins } Min.
session-mins-secs = { $mins } Min. { $secs } s

## Der Plan, im Warteraum und im ersten Schritt
session-sets = { $sets ->
    [one] { $sets } Satz
   *[other] { $sets } Sätze
}
session-plan = { $sets } · { $hold } halten · etwa { $about }
session-plan-per-side = { $sets } · { $hold } pro Seite halten · etwa { $about }
session-plan-chain = { $count ->
    [one] { $count } Dehnung · etwa { $about }
   *[other] { $count } Dehnungen · etwa { $about }
}

## Listen von Personen
session-nobody = niemand
session-and-more = und { $count } weitere

## Schritte
session-step-fallback = Schritt { $step }
session-step-heading = Schritt { $step } von { $steps }: { $title }
session-step-heading-in-set = Satz { $set } von { $sets } · Schritt { $step } von { $steps }: { $title }
session-ends = , endet { $time }
session-hold = **{ $heading }**: { $duration } halten{ $ends }
session-halfway = **Die Hälfte des Haltens ist geschafft**{ $ends }
session-rest = **Pause**: Satz { $set } von { $sets }
session-rest-starts = **Pause**: Satz { $set } von { $sets } beginnt { $time }
session-start-heading = **Los geht's: { $name }** · { $plan }
session-catch-up = **Wir haben etwas Zeit verloren – hier sind wir gerade.**

## Dehnungen pro Seite, und Routinen
session-switch-sides = Seite wechseln
session-switch-cue = Seite wechseln. { $cue }
session-side-title = { $side ->
    [left] { $title } (linke Seite)
    [right] { $title } (rechte Seite)
   *[other] { $title } (Seite { $side })
}
session-side-cue = { $side ->
    [left] Linke Seite: { $cue }
    [right] Rechte Seite: { $cue }
   *[other] Seite { $side }: { $cue }
}
session-routine-breathing = Halbzeit. Atme weiter langsam; leichte Spannung, niemals Schmerz.

## Der Abschluss
session-stopped-by = **Vorzeitig beendet von { $who }.**
session-took-part = **Dabei waren:**
session-done-chain = **Fertig: { $name }. Gut gedehnt!**
session-done = **Fertig: { $name }, { $sets }. Gut gedehnt!**
session-stretched-together = **Gemeinsam gedehnt:**

## Schaltflächen
session-button-pause = Pause
session-button-resume = Fortsetzen
session-button-skip = Schritt überspringen
session-button-stop = Beenden
session-button-join = Mitmachen
session-button-leave = Verlassen
session-button-start = Jetzt starten
session-button-cancel = Abbrechen

## Die Nachricht des Warteraums
session-lobby-title = **Gruppendehnung: { $name }**
session-lobby-starts = Beginnt { $time }.
session-lobby-paused-start = Kurz pausiert; der Beginn verschiebt sich mit der Pause.
session-lobby-in = **Dabei ({ $count }):**
session-lobby-by-reminder = Geplant von der Dehn-Erinnerung dieses Servers.
session-lobby-by = Gestartet von { $who }.
session-lobby-join = Klick auf **Mitmachen**, um mitzudehnen. { $by }
session-lobby-paused = { $title } ist pausiert.
session-lobby-under-way = { $title } läuft.
session-lobby-still-open = Du kannst noch mitmachen, bis der letzte Satz beginnt.
session-lobby-closed-one-set = Mitmachen war bis zum Beginn der Sitzung möglich.
session-lobby-closed-last-set = Der letzte Satz hat begonnen, Mitmachen ist nicht mehr möglich.
session-lobby-done = { $title } ist fertig. Danke an alle, die mitgemacht haben:
session-lobby-stopped = { $title } wurde von { $who } vorzeitig beendet. Dabei waren:
session-lobby-cancelled-by-starter = { $title } wurde von { $who }, der Person, die sie gestartet hat, abgesagt.
session-lobby-cancelled = { $title } wurde von { $who } abgesagt.
session-lobby-nobody-joined = { $title } hat nicht begonnen: Niemand hat mitgemacht.
session-lobby-everyone-left = { $title } hat nicht begonnen: Alle haben den Warteraum verlassen.
session-lobby-offline = { $title } wurde geschlossen, während der Bot offline war.
session-lobby-failed = { $title } wurde wegen eines Problems auf unserer Seite beendet.
session-lobby-ended = { $title } ist beendet.

## Hinweise
session-paused = ⏸ **Pausiert** von { $who }. Weiter geht's mit der Schaltfläche „Fortsetzen“ oder `/dehnen fortsetzen`.
session-resumed = ▶ **Fortgesetzt** von { $who }.
session-back = ▶ **Wir sind zurück** – es geht da weiter, wo wir aufgehört haben.
session-now-starts = Die Sitzung beginnt { $time }.
session-now = Jetzt: **{ $what }**.
session-now-until = Jetzt: **{ $what }**, bis { $time }.
session-now-rest = Pause
session-paused-for-restart = ⏸ Pausiert für einen kurzen Neustart – wir machen da weiter, wo wir aufgehört haben.
session-closed-after-downtime = Der Bot war etwa { $mins } Min. offline, länger als eine pausierte Sitzung wartet, daher habe ich diese Dehnsitzung geschlossen. Wenn du noch in der Haltung bist, komm langsam hoch. Starte jederzeit eine neue mit `/dehnen starten`.
session-ended-while-offline = Diese Sitzung ist zu Ende gegangen, während der Bot offline war, daher habe ich sie geschlossen, statt sie nachzuholen. Wenn du noch in der Haltung bist, komm langsam hoch. Danke fürs gemeinsame Dehnen!
session-apology = Entschuldigung, auf unserer Seite ist etwas schiefgelaufen, und diese Dehnsitzung musste enden. Wenn du noch in der Haltung bist, komm langsam hoch. Mit `/dehnen starten` kannst du eine neue beginnen.
