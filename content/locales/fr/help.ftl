# /help : ce que le bot sait faire.
help-title = stretchbot : faites vos pauses étirement
help-description = Des étirements courts et guidés pour votre équipe, directement dans le salon.
help-childspose = Posture de l'enfant (Balasana) : aperçu, étapes, sécurité, anatomie, bienfaits, ou tout à la fois.
help-stretch-info = N'importe quel étirement ou routine de la bibliothèque du bot, présenté de la même façon.
help-stretch-start = Guidez le salon dans un étirement de groupe en direct ou une routine de plusieurs : on rejoint d'un bouton.
help-stretch-control = Contrôlez la séance en cours (la personne qui l'a lancée, ou quiconque a Gérer les messages).
help-reminders = Rappels quotidiens d'étirement (un étirement différent chaque jour ; où : bureau, sol ou tous) et étirements de groupe planifiés (Gérer le serveur).
help-nudges = Des pauses étirement personnelles en message privé pendant vos heures de travail, avec report et arrêt en un geste (seulement si vous les activez).
help-stats = Vos étirements validés, vos séries et un graphique sur 8 semaines (me), la semaine de l'équipe (server), si votre nom apparaît (share), ou effacer ce que le bot garde sur vous (forget-me).
