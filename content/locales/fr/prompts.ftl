# Le rappel quotidien d'étirement (dans la langue du serveur).
prompt-title = Pause étirement : { $name }
prompt-title-plain = Pause étirement
prompt-running = Un étirement de groupe est déjà en cours dans ce salon : rejoignez-le ici { $link }
prompt-group-test = À l'heure prévue, une salle d'attente d'étirement de groupe s'ouvre ici et la séance commence à sa fermeture.
prompt-footer = Rappel n° { $number } · les admins le gèrent avec /{ cmd-reminders }
prompt-footer-test = Test du rappel n° { $number } : ne compte pas comme le rappel du jour
prompt-show-how = Montrez-moi
prompt-start-group = Lancer un étirement de groupe
# L'événement Discord qu'un rappel de groupe tient à jour pour sa prochaine fois, et l'avis aux admins.
prompt-event-name = Étirement de groupe : { $name }
prompt-event-stretch = étirement
prompt-event-description = Un étirement de groupe en direct ({ $name }) dans { $location }. La salle d'attente ouvre à l'heure de début pendant { $lobby } min ; rejoignez-la avec le bouton, puis suivez pendant environ { $session } min.
prompt-flagged = Le rappel n° { $number } est en pause : { $reason }. Réparez le salon et utilisez /{ cmd-reminders } { cmd-reminders-resume } { $number }, ou /{ cmd-reminders } { cmd-reminders-edit } { $number } pour choisir un autre salon.
# Utilisé quand un étirement n'a pas de phrases de rappel à lui (une par jour, à tour de rôle).
prompt-fallback-1 = C'est l'heure d'une pause étirement ! Levez-vous, faites rouler vos épaules et prenez quelques respirations lentes.
prompt-fallback-2 = Pause étirement : deux minutes loin de l'écran, votre dos vous remerciera.
prompt-fallback-3 = Faites une pause et étirez-vous : votre corps est immobile depuis un moment.
# Le test d'un rappel qui mentionne un rôle montre qui il mentionnera, et ne mentionne personne.
prompt-test-pings = À son heure, ce rappel mentionnera { $role } (un test ne mentionne personne).
