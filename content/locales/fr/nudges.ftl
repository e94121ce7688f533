# Relances personnelles par message privé (/nudges) : noms de la commande, réponses et relance.
# Les clés de commande suivent le schéma de commands.ftl : cmd-<chemin>, opt-<chemin>-<option>.

cmd-nudges = relances
    .description = Des relances d'étirement par message privé, pendant vos heures de travail.
cmd-nudges-on = activer
    .description = Activer les relances par message privé à intervalle régulier dans une plage horaire.
opt-nudges-on-every_minutes = toutes_les_minutes
    .description = Minutes entre deux relances, 30-480 (par défaut 90)
opt-nudges-on-from = de
    .description = Début de la plage, HH:MM sur 24 h (par défaut 09:00)
opt-nudges-on-to = à
    .description = Fin de la plage, HH:MM sur 24 h (par défaut 17:00)
opt-nudges-on-days = jours
    .description = weekdays (par défaut), weekends, every day, ou mon,wed,fri
opt-nudges-on-timezone = fuseau
    .description = Fuseau horaire IANA, comme Europe/Paris (par défaut : le dernier choisi, sinon celui du serveur)
cmd-nudges-off = désactiver
    .description = Désactiver vos relances.
cmd-nudges-pause = pause
    .description = Faire une pause de quelques jours ; les relances reprennent d'elles-mêmes.
opt-nudges-pause-days = jours
    .description = Combien de jours, 1-60 (aujourd'hui compte comme le premier)
cmd-nudges-status = état
    .description = Afficher vos réglages de relance et la prochaine relance.

nudges-on = Relances activées : toutes les { $every } min de { $from } à { $to }, { $days } ({ $zone }) ; la prochaine arrive { $next }.
nudges-off = Relances désactivées : réactivez-les quand vous voulez avec /nudges on.
nudges-off-already = Vous n'avez pas de relances activées : lancez-les avec /nudges on.
nudges-paused = Relances en pause jusqu'au { $until }, puis elles reprennent d'elles-mêmes ; la prochaine arrive { $next }.
nudges-status-on = Relances activées : toutes les { $every } min de { $from } à { $to }, { $days } ({ $zone }) ; la prochaine arrive { $next }.
nudges-status-paused = Relances en pause jusqu'au { $until } (toutes les { $every } min de { $from } à { $to }, { $days }, { $zone }) ; la prochaine arrive { $next }.
nudges-status-off = Relances désactivées : lancez-les avec /nudges on.
nudges-status-closed = Relances en pause car Discord refuse de vous transmettre mes messages privés : autorisez les messages privés des membres du serveur, puis utilisez /nudges on.
nudges-closed-notice = Vos relances se sont arrêtées car Discord refuse de vous transmettre mes messages privés : autorisez les messages privés des membres du serveur, puis utilisez /nudges on.
nudges-bad-every = L'intervalle doit être compris entre { $min } et { $max } minutes.
nudges-bad-window = La plage doit finir après son début, par exemple de 09:00 à 17:00.
nudges-bad-pause = Une pause dure de 1 à { $max } jours.
nudges-days-every = tous les jours
nudges-days-weekdays = en semaine
nudges-days-weekends = le week-end
nudges-day-mon = lun.
nudges-day-tue = mar.
nudges-day-wed = mer.
nudges-day-thu = jeu.
nudges-day-fri = ven.
nudges-day-sat = sam.
nudges-day-sun = dim.

nudge-line = C'est l'heure d'un petit étirement : { $name }.
nudge-footer = Vous les avez demandées avec /nudges ; « Arrêter les relances » les désactive.
nudge-done = Fait
nudge-snooze = Dans { $minutes } min
nudge-skip = Passer
nudge-stop = Arrêter les relances
nudge-thanks-streak = { $streak ->
    [one] Bravo, votre série : 1 jour ; à la prochaine.
   *[other] Bravo, votre série : { $streak } jours ; à la prochaine.
}
nudge-skipped = Passée : à la prochaine.
nudge-snoozed = Reportée : je vous relance { $at }.
nudge-snooze-pending = Un rappel reporté arrive déjà { $at }, donc celui-ci reste tel quel.
nudge-snooze-late = Cela dépasserait la fin de votre plage, donc pas de report : à la prochaine.
nudge-stopped = Relances désactivées : réactivez-les quand vous voulez avec /nudges on.
nudge-gone = Cette relance n'est plus enregistrée.
