# Die tägliche Dehn-Erinnerung (in der Sprache des Servers).
prompt-title = Dehnpause: { $name }
prompt-title-plain = Dehnpause
prompt-running = In diesem Kanal läuft schon eine Gruppendehnung: Mach hier mit { $link }
prompt-group-test = Zur eingestellten Zeit öffnet hier ein Warteraum für eine Gruppendehnung, und die Sitzung beginnt, wenn er schließt.
prompt-footer = Erinnerung Nr. { $number } · Admins verwalten sie mit /reminders
prompt-footer-test = Test von Erinnerung Nr. { $number }: zählt nicht als heutige Erinnerung
prompt-show-how = Zeig mir, wie
prompt-start-group = Gruppendehnung starten
