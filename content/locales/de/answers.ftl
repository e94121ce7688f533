# Antworten, die nur die Person sieht, die eine Sitzungssteuerung oder eine Schaltfläche benutzt hat (in ihrer Sprache).

## Sitzungssteuerung
answer-not-here = Diese Schaltfläche gehört zu einer Dehnsitzung in einem anderen Kanal: Benutze die Schaltflächen dort.
answer-ended = Diese Dehnsitzung ist schon zu Ende.
answer-too-fast = Du benutzt die Sitzungssteuerung zu schnell; warte einen Moment und versuch es noch einmal.
answer-not-started = Die Sitzung hat noch nicht begonnen.
answer-already-started = Die Sitzung hat schon begonnen.
answer-already-paused = Die Sitzung ist schon pausiert.
answer-paused-resume-first = Die Sitzung ist pausiert; setze sie zuerst fort.
answer-not-paused = Die Sitzung ist nicht pausiert.
answer-nothing-to-skip = Das ist der letzte Schritt; mit „Beenden“ beendest du die Sitzung jetzt.
answer-out-of-order = Das kam in der falschen Reihenfolge an; bitte versuch es noch einmal.
answer-too-many-adjustments = Diese Sitzung kann nicht noch einmal pausiert, übersprungen oder vorgezogen werden (höchstens { $max }-mal pro Sitzung); beende sie und starte eine neue, wenn du mehr Zeit brauchst.
answer-only-starter = { $action ->
    [start] Nur die Person, die diese Sitzung gestartet hat, oder jemand, der hier Nachrichten verwalten darf, kann sie starten.
    [cancel] Nur die Person, die diese Sitzung gestartet hat, oder jemand, der hier Nachrichten verwalten darf, kann sie absagen.
    [pause] Nur die Person, die diese Sitzung gestartet hat, oder jemand, der hier Nachrichten verwalten darf, kann sie pausieren.
    [resume] Nur die Person, die diese Sitzung gestartet hat, oder jemand, der hier Nachrichten verwalten darf, kann sie fortsetzen.
    [skip] Nur die Person, die diese Sitzung gestartet hat, oder jemand, der hier Nachrichten verwalten darf, kann einen Schritt davon überspringen.
   *[stop] Nur die Person, die diese Sitzung gestartet hat, oder jemand, der hier Nachrichten verwalten darf, kann sie beenden.
}
answer-starting-now = Es geht jetzt los!
answer-cancelled = Abgesagt. Die Nachricht des Warteraums zeigt es an.
answer-stopped = Beendet. Ich poste jetzt den Abschluss.
answer-pause-in-lobby = Die Sitzung hat noch nicht begonnen; du kannst sie jetzt starten oder absagen.
answer-paused = Pausiert. Drück auf „Fortsetzen“, wenn alle bereit sind.
answer-resumed = Fortgesetzt.
answer-skip-in-lobby = Die Sitzung hat noch nicht begonnen; mit „Jetzt starten“ geht es los.
answer-skipped = Weiter zum nächsten Schritt.
answer-join-closed-one-set = Mitmachen ist nicht mehr möglich: Die Sitzung hat schon begonnen.
answer-join-closed-last-set = Mitmachen ist nicht mehr möglich: Der letzte Satz hat schon begonnen.
answer-already-in = Du bist schon dabei.
answer-in-starts = Du bist dabei! Wir beginnen { $time }.
answer-in-after-pause = Du bist dabei! Wir beginnen, sobald die Pause vorbei ist.
answer-in-running = Du bist dabei! Steig beim aktuellen Schritt ein.
answer-not-in = Du warst nicht in dieser Sitzung.
answer-left = Du hast die Sitzung verlassen.
answer-none-here = In diesem Kanal läuft keine Dehnsitzung.
answer-not-a-session-button = Diese Schaltfläche gehört zu keiner Dehnsitzung.

## Schaltflächen einer Erinnerung, und Fehler
answer-apology = Entschuldigung, auf unserer Seite ist etwas schiefgelaufen. Bitte versuch es gleich noch einmal.
answer-group-server-only = Diese Schaltfläche funktioniert nur auf dem Server, auf dem sie gepostet wurde.
answer-group-open = Der Warteraum ist offen, und du bist dabei. Andere können über die Schaltfläche mitmachen.
answer-group-running = Hier läuft schon eine Gruppendehnung: { $link }
answer-stretch-gone = Diese Dehnung ist nicht mehr in meiner Sammlung.
answer-button-stale = Diese Schaltfläche tut nichts mehr.
answer-manage-server = Du brauchst die Berechtigung „Server verwalten“, um diesen Befehl zu benutzen.
answer-guild-only = Dieser Befehl funktioniert nur auf einem Server.
answer-needs-the-bot = Dafür muss ich auf dem Server sein: Ein Admin lädt mich über <{ $link }> ein.
answer-bad-option = Eine der Optionen ergab für mich keinen Sinn; bitte prüf sie und versuch es noch einmal.

## /dehnen starten
answer-restarting = Ich starte gerade neu; bitte versuch es in einer Minute noch einmal.
answer-unknown-routine = Ich kenne keine Routine namens „{ $name }“; wähl eine aus der Liste.
answer-chain-no-sets = { $name } legt die Haltezeiten selbst fest und läuft einmal durch: Lass Sätze und Halten weg.
answer-sets-range = { $name } geht mit { $min } bis { $max } Sätzen; wähl eine Zahl in diesem Bereich.
answer-hold-range = Das Halten bei { $name } muss zwischen { $min } und { $max } Sekunden dauern.
answer-lobby-range = Der Warteraum kann zwischen 0 und { $max } Sekunden offen bleiben.
answer-server-full = Auf diesem Server laufen schon { $count } Dehnsitzungen, so viele wie gleichzeitig erlaubt; mach bei einer mit oder versuch es wieder, wenn eine endet.
answer-already-running-link = Hier läuft schon eine Dehnsitzung: { $link }
answer-already-running = Hier läuft schon eine Dehnsitzung.
answer-cannot-post = Ich kann in diesem Kanal nicht posten; prüf, ob ich hier Nachrichten senden darf.
answer-starts-now = Deine Dehnsitzung beginnt jetzt.
answer-open = Deine Dehnsitzung ist offen: Sie beginnt { $time }, und alle hier können mitmachen.
answer-unknown-stretch = Ich kenne keine Dehnung namens „{ $name }“: Wähl beim Tippen eine aus der Liste.
answer-text-channel-only = Gruppendehnungen laufen im Textkanal eines Servers.
answer-missing-permissions = Ich kann hier keine Dehnung leiten: Ich brauche in diesem Kanal die Berechtigung { $permissions }.
answer-cannot-send-here = Du brauchst in diesem Kanal die Berechtigung „Nachrichten senden“, um hier eine Gruppendehnung zu starten.
answer-permission-view-channel = Kanal ansehen
answer-permission-send-messages = Nachrichten senden
answer-permission-embed-links = Links einbetten
