# Check-ins, streaks and /stats (issue #17). Command keys follow commands.ftl's scheme:
# cmd-<command path>, opt-<command path>-<option>, choice-<choice>.

cmd-stats = stats
    .description = Vos étirements et vos séries, et ceux de l'équipe cette semaine.
cmd-stats-me = moi
    .description = Vos étirements, séries et minutes, avec un graphique (vous seul le voyez).
cmd-stats-server = serveur
    .description = Les totaux de l'équipe cette semaine, avec un graphique.
cmd-stats-share = partage
    .description = Si /stats serveur affiche votre nom sur ce serveur.
opt-stats-share-setting = choix
    .description = oui : nommé avec vos étirements ; non : compté sans être nommé
choice-on = oui
choice-off = non
cmd-stats-forget-me = oublie-moi
    .description = Supprimer tout ce que le bot garde sur vous (demande confirmation).

stats-checkin-button = Je me suis étiré
stats-checkin-count-name = Étirés jusqu'ici
stats-checkin-count-value = { $count ->
    [one] 1 personne
   *[other] { $count } personnes
}
stats-checkin-done = { $streak ->
    [one] Bravo ! Votre série : 1 jour.
   *[other] Bravo ! Votre série : { $streak } jours.
}
stats-checkin-again = { $streak ->
    [one] Vous avez déjà pointé pour ce rappel ; votre série : 1 jour.
   *[other] Vous avez déjà pointé pour ce rappel ; votre série : { $streak } jours.
}
stats-checkin-server-only = Ce bouton ne fonctionne que sur le serveur où il a été publié.

stats-me-title = Vos étirements
stats-me-empty = Aucun étirement enregistré pour l'instant : appuyez sur « Je me suis étiré » sous un rappel quotidien, ou rejoignez un étirement de groupe.
stats-me-week = Cette semaine
stats-me-checkins = { $count ->
    [one] 1 étirement
   *[other] { $count } étirements
}
stats-me-current = Série en cours
stats-me-best = Meilleure série
stats-days = { $count ->
    [one] 1 jour
   *[other] { $count } jours
}
stats-me-minutes = Minutes d'étirement cette semaine
stats-minutes = { $count } min
stats-me-footer = Une série compte les jours avec au moins un étirement, à l'heure de { $zone }.

stats-server-title = Les étirements de la semaine ici
stats-server-people = Personnes
stats-server-checkins = Étirements
stats-server-sessions = Étirements de groupe
stats-server-minutes = Minutes d'étirement
stats-server-named = Ils partagent leurs stats
stats-server-nobody-named = Personne ici ne partage encore son nom ; chacun peut le faire avec /stats partage oui.
stats-server-named-line = { $person } : { $count }

stats-chart-alt = Graphique en barres des étirements par semaine sur les 8 dernières semaines, de la plus ancienne à la plus récente : { $weeks }.
stats-chart-week = semaine du { $date } : { $count }

stats-share-on = Désormais, /stats serveur vous nomme ici avec vos étirements.
stats-share-off = Désormais, /stats serveur compte vos étirements ici sans vous nommer.

stats-forget-confirm = Ceci supprime tous les étirements, séries, réglages de stats et de rappels privés que le bot garde sur vous, sur tous les serveurs ; c'est définitif.
stats-forget-button = Supprimer mes données
stats-forget-done = C'est fait : le bot ne garde plus rien sur vous.
stats-forget-not-yours = Seule la personne qui l'a demandé peut confirmer.
