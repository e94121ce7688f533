# Réponses que seule la personne qui a utilisé une commande de séance ou un bouton voit (dans sa langue).

## Commandes de séance
answer-not-here = Ce bouton appartient à une séance d'étirement d'un autre salon : utilisez les boutons là-bas.
answer-ended = Cette séance d'étirement est déjà terminée.
answer-too-fast = Vous utilisez les commandes de la séance trop vite ; attendez un instant et réessayez.
answer-not-started = La séance n'a pas encore commencé.
answer-already-started = La séance a déjà commencé.
answer-already-paused = La séance est déjà en pause.
answer-paused-resume-first = La séance est en pause ; reprenez-la d'abord.
answer-not-paused = La séance n'est pas en pause.
answer-nothing-to-skip = C'est la dernière étape ; utilisez Arrêter pour terminer la séance maintenant.
answer-out-of-order = C'est arrivé dans le désordre ; veuillez réessayer.
answer-too-many-adjustments = Cette séance ne peut plus être mise en pause, avancée ou lancée plus tôt (au plus { $max } fois par séance) ; arrêtez-la et lancez-en une nouvelle s'il vous faut plus de temps.
answer-only-starter = { $action ->
    [start] Seule la personne qui a lancé cette séance, ou quelqu'un qui peut gérer les messages ici, peut la démarrer.
    [cancel] Seule la personne qui a lancé cette séance, ou quelqu'un qui peut gérer les messages ici, peut l'annuler.
    [pause] Seule la personne qui a lancé cette séance, ou quelqu'un qui peut gérer les messages ici, peut la mettre en pause.
    [resume] Seule la personne qui a lancé cette séance, ou quelqu'un qui peut gérer les messages ici, peut la reprendre.
    [skip] Seule la personne qui a lancé cette séance, ou quelqu'un qui peut gérer les messages ici, peut en passer une étape.
   *[stop] Seule la personne qui a lancé cette séance, ou quelqu'un qui peut gérer les messages ici, peut l'arrêter.
}
answer-starting-now = On commence maintenant !
answer-cancelled = Annulée. Le message de la salle d'attente l'indique.
answer-stopped = Arrêtée. Je publie le bilan maintenant.
answer-pause-in-lobby = La séance n'a pas encore commencé ; vous pouvez la démarrer maintenant ou l'annuler.
answer-paused = En pause. Appuyez sur Reprendre quand tout le monde est prêt.
answer-resumed = Reprise.
answer-skip-in-lobby = La séance n'a pas encore commencé ; utilisez Commencer pour la démarrer.
answer-skipped = Passage à l'étape suivante.
answer-join-closed-one-set = Les inscriptions sont fermées : la séance a déjà commencé.
answer-join-closed-last-set = Les inscriptions sont fermées : la dernière série a déjà commencé.
answer-already-in = Vous y êtes déjà.
answer-in-starts = C'est noté ! On commence { $time }.
answer-in-after-pause = C'est noté ! On commence dès la fin de la pause.
answer-in-running = C'est noté ! Rejoignez-nous à l'étape en cours.
answer-not-in = Vous ne faisiez pas partie de cette séance.
answer-left = Vous avez quitté la séance.
answer-none-here = Aucune séance d'étirement n'est en cours dans ce salon.
answer-not-a-session-button = Ce bouton n'appartient à aucune séance d'étirement.

## Boutons d'un rappel, et erreurs
answer-apology = Désolé, un problème est survenu de notre côté. Veuillez réessayer dans un instant.
answer-group-server-only = Ce bouton ne fonctionne que dans le serveur où il a été publié.
answer-group-open = Salle d'attente ouverte, et vous y êtes. Les autres peuvent la rejoindre avec le bouton.
answer-group-running = Un étirement de groupe est déjà en cours ici : { $link }
answer-stretch-gone = Cet étirement ne fait plus partie de ma bibliothèque.
answer-button-stale = Ce bouton ne fait plus rien.
answer-manage-server = Il vous faut la permission Gérer le serveur pour utiliser cette commande.
answer-guild-only = Cette commande ne fonctionne que dans un serveur.
answer-needs-the-bot = Je dois être sur ce serveur : un admin peut m'ajouter avec <{ $link }>.
answer-bad-option = Une des options n'avait pas de sens pour moi ; vérifiez-la et réessayez.

## /étirement lancer
answer-restarting = Je redémarre en ce moment ; veuillez réessayer dans une minute.
answer-unknown-routine = Je ne connais pas de routine appelée « { $name } » ; choisissez-en une dans la liste.
answer-chain-no-sets = { $name } fixe ses propres maintiens et se fait une seule fois : n'indiquez ni séries ni maintien.
answer-sets-range = { $name } se fait en { $min } à { $max } séries ; choisissez un nombre dans cet intervalle.
answer-hold-range = Le maintien de { $name } doit durer entre { $min } et { $max } secondes.
answer-lobby-range = La salle d'attente peut rester ouverte entre 0 et { $max } secondes.
answer-server-full = Ce serveur a déjà { $count } séances d'étirement en cours, le maximum autorisé à la fois ; rejoignez-en une ou réessayez quand l'une d'elles sera terminée.
answer-already-running-link = Une séance d'étirement est déjà en cours ici : { $link }
answer-already-running = Une séance d'étirement est déjà en cours ici.
answer-cannot-post = Je ne peux pas publier dans ce salon ; vérifiez que j'ai le droit d'y envoyer des messages.
answer-starts-now = Votre séance d'étirement commence maintenant.
answer-open = Votre séance d'étirement est ouverte : elle commence { $time } et tout le monde ici peut la rejoindre.
answer-unknown-stretch = Je ne connais pas d'étirement appelé « { $name } » : choisissez-en un dans la liste pendant la saisie.
answer-text-channel-only = Les étirements de groupe se font dans un salon textuel d'un serveur.
answer-missing-permissions = Je ne peux pas mener d'étirement ici : il me faut la permission { $permissions } dans ce salon.
answer-cannot-send-here = Il vous faut la permission Envoyer des messages dans ce salon pour y lancer un étirement de groupe.
answer-permission-view-channel = Voir le salon
answer-permission-send-messages = Envoyer des messages
answer-permission-embed-links = Intégrer des liens
