# Answers of /reminders.
reminders-language-set = Die Beiträge dieses Servers (Erinnerungen, Warteräume, Schritte der Sitzungen) sind jetzt auf { $language }.
# Der Name jeder Sprache, in der der Server posten kann, so wie der Leser ihn sagt.
language-name-en-US = Englisch
language-name-fr = Französisch
language-name-de = Deutsch
language-name-es-ES = Spanisch
language-name-pt-BR = Portugiesisch
language-name-ja = Japanisch

## Bestätigungen
# $created ist „yes“ bei /reminders add, „no“ bei edit; $kind ist der Name der Auswahl; $schedule ist
# „09:00 jeden Tag (Europe/Berlin)“, bei einer Erinnerung mit „ · Dehnungen am Schreibtisch“; $next
# ist eine der reminders-next-*.
reminders-saved = { $created ->
    [yes] Erinnerung #{ $number } gespeichert: { $kind } in <#{ $channel }> um { $schedule }. { $next }.
   *[no] Erinnerung #{ $number } geändert: { $kind } in <#{ $channel }> um { $schedule }. { $next }.
}
reminders-saved-event = Ein Server-Event zeigt die nächste Gruppendehnung an.
reminders-removed = Erinnerung #{ $number } entfernt: Sie postet nicht mehr in <#{ $channel }>.
reminders-paused = Erinnerung #{ $number } ist pausiert: Mit /{ cmd-reminders } { cmd-reminders-resume } { $number } startest du sie wieder.
reminders-resumed = Erinnerung #{ $number } läuft wieder. { $next }.
reminders-skipped = Erinnerung #{ $number } lässt { $when } aus. { $next }.
reminders-still-loading = Ich lade gerade noch die Kanäle dieses Servers: Versuch es in ein paar Sekunden noch einmal.
reminders-test-posted = Test gepostet. Er zählt nicht als Erinnerung des Tages, die trotzdem zu ihrer Zeit kommt.
reminders-test-pending = Discord ist gerade langsam: Der Testbeitrag ist unterwegs und zählt nicht als Erinnerung des Tages.
reminders-timezone-set = Neue Erinnerungen auf diesem Server verwenden jetzt { $zone }. Bestehende behalten ihre eigene Zeitzone: Ändere eine mit /{ cmd-reminders } { cmd-reminders-edit }.
reminders-next-at = Nächste: { $when }
reminders-next-none = Kein kommender Termin
reminders-next-paused = Sie ist pausiert
reminders-next-flagged = Sie ist pausiert: { $reason }
reminders-next-stopped = Sie ist gestoppt

## Ablehnungen von /reminders: jeweils ein Satz
refuse-unknown-id = Auf diesem Server gibt es keine Erinnerung #{ $number }: Die Nummern findest du unter /{ cmd-reminders } { cmd-reminders-list }.
refuse-too-many = Dieser Server hat schon { $max } Erinnerungen, mehr geht nicht: Entferne zuerst eine mit /{ cmd-reminders } { cmd-reminders-remove }.
refuse-no-channel = Bitte wähl den Textkanal, in dem die Erinnerung posten soll.
refuse-other-server-channel = Dieser Kanal gehört nicht zu diesem Server: Wähl einen der Textkanäle dieses Servers.
refuse-voice-channel = <#{ $channel }> ist ein Sprachkanal: Wähl für Erinnerungen einen Text- oder Ankündigungskanal.
refuse-category = Das ist eine Kategorie, kein Kanal: Wähl stattdessen einen Textkanal darin.
refuse-not-text = Erinnerungen können nur in einem Text- oder Ankündigungskanal posten: Bitte wähl einen davon.
refuse-cannot-send = Ich kann in <#{ $channel }> keine Nachrichten senden: Gib mir dort „Kanal ansehen“ und „Nachrichten senden“, oder wähl einen anderen Kanal.
refuse-cannot-embed = Ich kann in <#{ $channel }> keine Links einbetten, und Erinnerungen sind Einbettungen: Gib mir dort „Links einbetten“, oder wähl einen anderen Kanal.
refuse-other-server-role = Diese Rolle gehört nicht zu diesem Server: Wähl eine der Rollen dieses Servers zum Erwähnen.
refuse-role-not-mentionable = Die Rolle „{ $role }“ ist nicht erwähnbar, und du darfst selbst nicht alle erwähnen: Mach die Rolle erwähnbar, oder wähl eine andere.
refuse-everyone-role = Erinnerungen erwähnen nie @{ "\u200B" }everyone oder @{ "\u200B" }here: Wähl eine bestimmte Rolle zum Erwähnen, oder lass sie weg.
refuse-event-needs-group = Server-Events gibt es nur für Gruppenerinnerungen: Setz { opt-reminders-add-kind } auf { choice-group }, oder lass { opt-reminders-add-event } weg.
refuse-event-needs-permission = Ich brauche die Berechtigung „Events erstellen“, um ein Server-Event anzulegen: Gib sie mir, oder setz { opt-reminders-add-event } auf False.
refuse-edit-nothing = Nichts zu ändern: Gib mindestens eine Option an, etwa eine neue Uhrzeit oder einen neuen Kanal.
refuse-changed-meanwhile = Diese Erinnerung wurde im selben Moment geändert: Schau bitte in /{ cmd-reminders } { cmd-reminders-list } nach und versuch es noch einmal.
refuse-nothing-to-skip = Erinnerung #{ $number } läuft nicht, also gibt es nichts auszulassen: Setz sie zuerst fort.
refuse-test-failed-gone = Ich konnte nicht in <#{ $channel }> posten: Prüf, ob der Kanal noch existiert und ich dort Nachrichten senden und Links einbetten darf.
refuse-zone-unknown = Die Zeitzone von Erinnerung #{ $number } ist nicht mehr bekannt: Wähl eine andere mit /{ cmd-reminders } { cmd-reminders-edit } { $number } und der Option { opt-reminders-edit-timezone }.
refuse-channel-gone = Der Kanal von Erinnerung #{ $number } ist weg: Wähl einen neuen mit /{ cmd-reminders } { cmd-reminders-edit } { $number } und der Option { opt-reminders-edit-channel }.
refuse-test-failed = Discord hat den Testbeitrag gerade nicht angenommen: Versuch es bitte in einer Minute noch einmal.
refuse-group-other-channel = Die Erinnerung zu diesem Aufruf postet jetzt in einem anderen Kanal: Nutz den Knopf an einem Aufruf dort.
refuse-group-unavailable = Gruppendehnungen können gerade nicht starten: Versuch es bitte in einer Minute noch einmal.
refuse-no-such-page = { $pages ->
    [1] Die Erinnerungen dieses Servers passen auf eine Seite: Lass { opt-reminders-list-page } weg, oder wähl Seite 1.
   *[other] Die Erinnerungen dieses Servers füllen { $pages } Seiten: Wähl eine Seite von 1 bis { $pages }.
}

## Eingaben, die keine Uhrzeit, keine Tage oder keine Zeitzone sind (jeweils ein Satz)
input-time-empty = Bitte gib eine Uhrzeit im 24-Stunden-Format HH:MM ein, etwa 09:30 oder 17:00.
input-time-format = „{ $input }“ ist keine Uhrzeit: Nimm das 24-Stunden-Format HH:MM, etwa 09:30 oder 17:00.
input-time-minute-digits = { $second ->
    [none] Minuten brauchen zwei Ziffern, etwa { $first }.
   *[other] Minuten brauchen zwei Ziffern, etwa { $first } oder { $second }.
}
input-time-hour-range = „{ $input }“ ist keine Uhrzeit: Stunden gehen von 00 bis 23.
input-time-minute-range = „{ $input }“ ist keine Uhrzeit: Minuten gehen von 00 bis 59.
input-time-twelve-hour = Bitte nimm die 24-Stunden-Uhr: Schreib „{ $input }“ als { $time }.
input-days-empty = Bitte wähl Tage: „every day“, „weekdays“, „weekends“ oder eine Liste wie mon,wed,fri.
input-days-unknown = „{ $input }“ ist kein Tag: Nimm mon, tue, wed, thu, fri, sat, sun (oder die vollen englischen Namen), „weekdays“, „weekends“ oder „every day“.
input-zone-empty = Bitte gib eine Zeitzone wie Europe/Berlin oder America/New_York ein, oder wähl eine aus den Vorschlägen.
input-zone-wrong-case = Bei Zeitzonen zählt die Groß- und Kleinschreibung: Meintest du { $zone }?
input-zone-abbreviation = „{ $input }“ ist eine Abkürzung, die die Sommerzeit nicht kennt: Nimm einen Ortsnamen wie { $zone }.
input-zone-offset = Feste Versätze wie „{ $input }“ kennen keine Sommerzeit: Nimm einen Ortsnamen wie Europe/Berlin oder America/New_York.
input-zone-unknown = „{ $input }“ ist keine bekannte Zeitzone: Wähl eine aus den Vorschlägen oder nimm einen IANA-Namen wie Europe/Berlin.
input-message-too-long = Diese Nachricht ist { $count } Zeichen lang: Bitte bleib bei höchstens { $max }.

## Die Tage einer Erinnerung und das „wo“ eines Aufrufs, oben und in /reminders list
days-every-day = jeden Tag
days-weekdays = werktags
days-weekends = am Wochenende
days-none = an keinem Tag
days-separator = { ", " }
day-mon = Mo
day-tue = Di
day-wed = Mi
day-thu = Do
day-fri = Fr
day-sat = Sa
day-sun = So
place-desk = Dehnungen am Schreibtisch
place-floor = Dehnungen auf dem Boden
place-any = alle Dehnungen

## /reminders list
list-empty = Dieser Server hat noch keine Erinnerungen: Füge eine mit /{ cmd-reminders } { cmd-reminders-add } hinzu.
list-title = Erinnerungen auf diesem Server ({ $count }/{ $max })
list-title-page = Erinnerungen auf diesem Server ({ $count }/{ $max }) · Seite { $page } von { $pages }
list-description = Die Zeiten erscheinen in deiner eigenen Zeitzone. Nimm die Nummer mit { cmd-reminders-edit }, { cmd-reminders-remove }, { cmd-reminders-pause }, { cmd-reminders-resume }, { cmd-reminders-skip } oder { cmd-reminders-test }.
list-description-more = Mehr auf den anderen Seiten: /{ cmd-reminders } { cmd-reminders-list } { opt-reminders-list-page }:1 bis { opt-reminders-list-page }:{ $pages }.
list-kind-prompt = Aufruf in <#{ $channel }>
list-kind-group = Gruppendehnung in <#{ $channel }>
list-pings = erwähnt <@&{ $role }>
list-custom-message = eigene Nachricht
list-server-event = Server-Event
list-paused = ⏸ Pausiert
list-flagged = ⚠ Markiert: { $reason }
list-stopped = Gestoppt: Der Bot wurde von diesem Server entfernt
