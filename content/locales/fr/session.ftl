# Ce qu'une séance d'étirement de groupe publie dans son salon (dans la langue du serveur).
# Le Markdown (**gras**) et les horodatages Discord ({ $time }) restent tels quels ; { $who } est une mention.

## Durées
session-secs = { $secs } s
session-mins = { $mins } min
session-mins-secs = { $mins } min { $secs } s

## Le programme, dans la salle d'attente et la première étape
session-sets = { $sets ->
    [one] { $sets } série
   *[other] { $sets } séries
}
session-plan = { $sets } · maintien de { $hold } · environ { $about }
session-plan-per-side = { $sets } · maintien de { $hold } par côté · environ { $about }
session-plan-chain = { $count ->
    [one] { $count } étirement · environ { $about }
   *[other] { $count } étirements · environ { $about }
}

## Listes de personnes
session-nobody = personne
session-and-more = et { $count } de plus

## Étapes
session-step-fallback = Étape { $step }
session-step-heading = Étape { $step } sur { $steps } : { $title }
session-step-heading-in-set = Série { $set } sur { $sets } · Étape { $step } sur { $steps } : { $title }
session-ends = , se termine { $time }
session-hold = **{ $heading }** : maintenez { $duration }{ $ends }
session-halfway = **À mi-chemin du maintien**{ $ends }
session-rest = **Repos** : série { $set } sur { $sets }
session-rest-starts = **Repos** : la série { $set } sur { $sets } commence { $time }
session-start-heading = **Étirons-nous : { $name }** · { $plan }
session-catch-up = **Nous avons perdu un peu de temps — voici où nous en sommes.**

## Étirements faits de chaque côté, et routines
session-switch-sides = Changez de côté
session-switch-cue = Changez de côté. { $cue }
session-side-title = { $side ->
    [left] { $title } (côté gauche)
    [right] { $title } (côté droit)
   *[other] { $title } (côté { $side })
}
session-side-cue = { $side ->
    [left] Côté gauche : { $cue }
    [right] Côté droit : { $cue }
   *[other] Côté { $side } : { $cue }
}
session-routine-breathing = À mi-chemin. Continuez à respirer lentement ; une tension légère, jamais de douleur.

## Le bilan
session-stopped-by = **Arrêtée plus tôt par { $who }.**
session-took-part = **Ont participé :**
session-done-chain = **Terminé : { $name }. Bien étirés !**
session-done = **Terminé : { $name }, { $sets }. Bien étirés !**
session-stretched-together = **Étirés ensemble :**

## Boutons
session-button-pause = Pause
session-button-resume = Reprendre
session-button-skip = Passer l'étape
session-button-stop = Arrêter
session-button-join = Rejoindre
session-button-leave = Quitter
session-button-start = Commencer
session-button-cancel = Annuler

## Le message de la salle d'attente
session-lobby-title = **Étirement de groupe : { $name }**
session-lobby-starts = Début { $time }.
session-lobby-paused-start = En pause un instant ; le début se décale avec la pause.
session-lobby-in = **Participants ({ $count }) :**
session-lobby-by-reminder = Programmé par le rappel d'étirement de ce serveur.
session-lobby-by = Lancé par { $who }.
session-lobby-join = Cliquez sur **Rejoindre** pour vous étirer avec nous. { $by }
session-lobby-paused = { $title } est en pause.
session-lobby-under-way = { $title } est en cours.
session-lobby-still-open = Vous pouvez encore rejoindre jusqu'au début de la dernière série.
session-lobby-closed-one-set = Les inscriptions ont fermé au début de la séance.
session-lobby-closed-last-set = La dernière série a commencé : les inscriptions sont fermées.
session-lobby-done = { $title } est terminé. Merci à tous ceux qui ont participé :
session-lobby-stopped = { $title } a été arrêté plus tôt par { $who }. Ont participé :
session-lobby-cancelled-by-starter = { $title } a été annulé par la personne qui l'a lancé, { $who }.
session-lobby-cancelled = { $title } a été annulé par { $who }.
session-lobby-nobody-joined = { $title } n'a pas commencé : personne ne l'a rejoint.
session-lobby-everyone-left = { $title } n'a pas commencé : tout le monde a quitté la salle d'attente.
session-lobby-offline = { $title } a été clos pendant que le bot était hors ligne.
session-lobby-failed = { $title } s'est arrêté à cause d'un problème de notre côté.
session-lobby-ended = { $title } est terminé.

## Avis
session-paused = ⏸ **En pause**, par { $who }. Reprenez avec le bouton Reprendre ou `/étirement reprendre`.
session-resumed = ▶ **Reprise**, par { $who }.
session-back = ▶ **Nous revoilà** — on reprend là où on s'était arrêtés.
session-now-starts = La séance commence { $time }.
session-now = En ce moment : **{ $what }**.
session-now-until = En ce moment : **{ $what }**, jusqu'à { $time }.
session-now-rest = Repos
session-paused-for-restart = ⏸ En pause le temps d'un court redémarrage — on reprendra là où on s'est arrêtés.
session-closed-after-downtime = Le bot a été hors ligne environ { $mins } min, plus longtemps qu'une séance en pause n'attend : j'ai donc clos cette séance d'étirement. Si vous êtes encore dans la posture, remontez lentement. Lancez-en une nouvelle avec `/étirement lancer` quand vous voulez.
session-ended-while-offline = Cette séance s'est terminée pendant que le bot était hors ligne : je l'ai donc close au lieu de la rejouer. Si vous êtes encore dans la posture, remontez lentement. Merci de vous être étirés ensemble !
session-apology = Désolé, un problème de notre côté a interrompu cette séance d'étirement. Si vous êtes encore dans la posture, remontez lentement. Vous pouvez en lancer une nouvelle avec `/étirement lancer`.
