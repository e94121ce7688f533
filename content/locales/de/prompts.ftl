# Die tägliche Dehn-Erinnerung (in der Sprache des Servers).
prompt-title = Dehnpause: { $name }
prompt-title-plain = Dehnpause
prompt-running = In diesem Kanal läuft schon eine Gruppendehnung: Mach hier mit { $link }
prompt-group-test = Zur eingestellten Zeit öffnet hier ein Warteraum für eine Gruppendehnung, und die Sitzung beginnt, wenn er schließt.
prompt-footer = Erinnerung Nr. { $number } · Admins verwalten sie mit /{ cmd-reminders }
prompt-footer-test = Test von Erinnerung Nr. { $number }: zählt nicht als heutige Erinnerung
prompt-show-how = Zeig mir, wie
prompt-start-group = Gruppendehnung starten
# Das Discord-Event, das eine Gruppen-Erinnerung für ihren nächsten Termin pflegt, und der Hinweis an die Admins.
prompt-event-name = Gruppendehnung: { $name }
prompt-event-stretch = Dehnung
prompt-event-description = Eine Live-Gruppendehnung ({ $name }) in { $location }. Der Warteraum öffnet zur Startzeit für { $lobby } Min.; mach über die Schaltfläche mit und folge dann etwa { $session } Min. lang.
prompt-flagged = Erinnerung Nr. { $number } ist pausiert: { $reason }. Bring den Kanal in Ordnung und benutze /{ cmd-reminders } { cmd-reminders-resume } { $number } oder /{ cmd-reminders } { cmd-reminders-edit } { $number }, um einen anderen Kanal zu wählen.
# Wenn eine Dehnung keine eigenen Erinnerungssätze hat (einer pro Tag, der Reihe nach).
prompt-fallback-1 = Zeit für eine Dehnpause! Steh auf, kreise die Schultern und atme ein paar Mal langsam durch.
prompt-fallback-2 = Dehnpause: zwei Minuten weg vom Bildschirm, dein Rücken wird es dir danken.
prompt-fallback-3 = Halte kurz inne und dehne dich: Dein Körper war eine Weile still.
# Der Test einer Erinnerung, die eine Rolle erwähnt, zeigt, wen sie erwähnen wird, und erwähnt niemanden.
prompt-test-pings = Zu ihrer Zeit erwähnt diese Erinnerung { $role } (ein Test erwähnt niemanden).
