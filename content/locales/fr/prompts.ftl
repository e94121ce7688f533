# Le rappel quotidien d'étirement (dans la langue du serveur).
prompt-title = Pause étirement : { $name }
prompt-title-plain = Pause étirement
prompt-running = Un étirement de groupe est déjà en cours dans ce salon : rejoignez-le ici { $link }
prompt-group-test = À l'heure prévue, une salle d'attente d'étirement de groupe s'ouvre ici et la séance commence à sa fermeture.
prompt-footer = Rappel n° { $number } · les admins le gèrent avec /reminders
prompt-footer-test = Test du rappel n° { $number } : ne compte pas comme le rappel du jour
prompt-show-how = Montrez-moi
prompt-start-group = Lancer un étirement de groupe
