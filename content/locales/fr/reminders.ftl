# Answers of /reminders.
reminders-language-set = Les publications de ce serveur (rappels, salles d'attente, étapes des séances) sont désormais en { $language }.
# Le nom de chaque langue des publications du serveur, tel que le lecteur le dit.
language-name-en-US = anglais
language-name-fr = français
language-name-de = allemand
language-name-es-ES = espagnol
language-name-pt-BR = portugais
language-name-ja = japonais

## Confirmations
# $created vaut « yes » pour /reminders add, « no » pour edit ; $kind est le nom du choix ; $schedule
# est « 09:00 Tous les jours (Europe/Paris) », avec « · étirements au bureau » pour un rappel ; $next
# est l'un des reminders-next-*.
reminders-saved = { $created ->
    [yes] Rappel n° { $number } enregistré : { $kind } dans <#{ $channel }> à { $schedule }. { $next }.
   *[no] Rappel n° { $number } modifié : { $kind } dans <#{ $channel }> à { $schedule }. { $next }.
}
reminders-saved-event = Un événement du serveur annonce la prochaine séance de groupe.
reminders-removed = Rappel n° { $number } supprimé : il ne publiera plus dans <#{ $channel }>.
reminders-paused = Le rappel n° { $number } est en pause : utilisez /{ cmd-reminders } { cmd-reminders-resume } { $number } pour le relancer.
reminders-resumed = Le rappel n° { $number } fonctionne de nouveau. { $next }.
reminders-skipped = Le rappel n° { $number } sautera { $when }. { $next }.
reminders-still-loading = Je charge encore les salons de ce serveur : réessayez dans quelques secondes.
reminders-test-posted = Test publié. Il ne compte pas comme le rappel du jour, qui arrivera quand même à son heure.
reminders-test-pending = Discord est lent en ce moment : le test est en route et ne compte pas comme le rappel du jour.
reminders-timezone-set = Les nouveaux rappels de ce serveur utilisent désormais { $zone }. Les rappels existants gardent leur fuseau : modifiez-en un avec /{ cmd-reminders } { cmd-reminders-edit }.
reminders-next-at = Prochain : { $when }
reminders-next-none = Aucune heure à venir
reminders-next-paused = Il est en pause
reminders-next-flagged = Il est en pause : { $reason }
reminders-next-stopped = Il est arrêté

## Refus de /reminders : une phrase chacun
refuse-unknown-id = Il n'y a pas de rappel n° { $number } sur ce serveur : consultez /{ cmd-reminders } { cmd-reminders-list } pour les numéros.
refuse-too-many = Ce serveur a déjà { $max } rappels, le maximum possible : supprimez-en un d'abord avec /{ cmd-reminders } { cmd-reminders-remove }.
refuse-no-channel = Choisissez le salon textuel dans lequel le rappel doit publier.
refuse-other-server-channel = Ce salon n'est pas sur ce serveur : choisissez l'un des salons textuels de ce serveur.
refuse-voice-channel = <#{ $channel }> est un salon vocal : choisissez un salon textuel ou d'annonces pour les rappels.
refuse-category = C'est une catégorie, pas un salon : choisissez plutôt un salon textuel à l'intérieur.
refuse-not-text = Les rappels ne peuvent publier que dans un salon textuel ou d'annonces : choisissez-en un.
refuse-cannot-send = Je ne peux pas envoyer de messages dans <#{ $channel }> : donnez-moi Voir le salon et Envoyer des messages là-bas, ou choisissez un autre salon.
refuse-cannot-embed = Je ne peux pas intégrer de liens dans <#{ $channel }>, or les rappels sont des intégrations : donnez-moi Intégrer des liens là-bas, ou choisissez un autre salon.
refuse-other-server-role = Ce rôle n'est pas sur ce serveur : choisissez l'un des rôles de ce serveur à mentionner.
refuse-role-not-mentionable = Le rôle « { $role } » n'est pas mentionnable, et vous ne pouvez pas mentionner tout le monde vous-même : rendez le rôle mentionnable, ou choisissez-en un autre.
refuse-everyone-role = Les rappels ne mentionnent jamais @{ "\u200B" }everyone ni @{ "\u200B" }here : choisissez un rôle précis à mentionner, ou n'en mettez aucun.
refuse-event-needs-group = Les événements du serveur sont réservés aux rappels de groupe : choisissez le type { choice-group }, ou retirez l'option { opt-reminders-add-event }.
refuse-event-needs-permission = J'ai besoin de la permission Créer des événements pour ajouter un événement au serveur : accordez-la-moi, ou mettez { opt-reminders-add-event } sur False.
refuse-edit-nothing = Rien à modifier : donnez au moins une option, comme une nouvelle heure ou un nouveau salon.
refuse-changed-meanwhile = Ce rappel a été modifié au même moment : vérifiez /{ cmd-reminders } { cmd-reminders-list } et réessayez.
refuse-nothing-to-skip = Le rappel n° { $number } n'est pas actif, il n'y a donc rien à sauter : relancez-le d'abord.
refuse-test-failed-gone = Je n'ai pas pu publier dans <#{ $channel }> : vérifiez qu'il existe toujours et que je peux y envoyer des messages et intégrer des liens.
refuse-zone-unknown = Le fuseau horaire du rappel n° { $number } n'est plus reconnu : choisissez-en un autre avec /{ cmd-reminders } { cmd-reminders-edit } { $number } et l'option { opt-reminders-edit-timezone }.
refuse-channel-gone = Le salon du rappel n° { $number } n'existe plus : choisissez-en un nouveau avec /{ cmd-reminders } { cmd-reminders-edit } { $number } et l'option { opt-reminders-edit-channel }.
refuse-test-failed = Discord n'a pas accepté la publication de test pour l'instant : réessayez dans une minute.
refuse-group-other-channel = Le rappel de cette invitation publie maintenant dans un autre salon : utilisez le bouton d'une invitation là-bas.
refuse-group-unavailable = Les séances de groupe ne peuvent pas démarrer pour l'instant : réessayez dans une minute.
refuse-no-such-page = { $pages ->
    [1] Les rappels de ce serveur tiennent sur une seule page : omettez { opt-reminders-list-page }, ou choisissez la page 1.
   *[other] Les rappels de ce serveur occupent { $pages } pages : choisissez une page de 1 à { $pages }.
}

## Ce qu'un admin a tapé et qui n'est pas une heure, des jours ou un fuseau (une phrase chacun)
input-time-empty = Saisissez une heure au format 24 h HH:MM, comme 09:30 ou 17:00.
input-time-format = « { $input } » n'est pas une heure : utilisez le format 24 h HH:MM, comme 09:30 ou 17:00.
input-time-minute-digits = { $second ->
    [none] Les minutes s'écrivent avec deux chiffres, comme { $first }.
   *[other] Les minutes s'écrivent avec deux chiffres, comme { $first } ou { $second }.
}
input-time-hour-range = « { $input } » n'est pas une heure : les heures vont de 00 à 23 sur 24 heures.
input-time-minute-range = « { $input } » n'est pas une heure : les minutes vont de 00 à 59.
input-time-twelve-hour = Utilisez le format 24 heures : écrivez « { $input } » sous la forme { $time }.
input-days-empty = Choisissez des jours : « every day », « weekdays », « weekends », ou une liste comme mon,wed,fri.
input-days-unknown = « { $input } » n'est pas un jour : utilisez mon, tue, wed, thu, fri, sat, sun (ou les noms anglais complets), « weekdays », « weekends » ou « every day ».
input-zone-empty = Saisissez un fuseau horaire comme Europe/Paris ou America/Montreal, ou choisissez-en un parmi les suggestions.
input-zone-wrong-case = Les noms de fuseaux horaires respectent la casse : vouliez-vous dire { $zone } ?
input-zone-abbreviation = « { $input } » est une abréviation qui ignore l'heure d'été : utilisez un nom de lieu comme { $zone }.
input-zone-offset = Les décalages fixes comme « { $input } » ignorent l'heure d'été : utilisez un nom de lieu comme Europe/Paris ou America/Montreal.
input-zone-unknown = « { $input } » n'est pas un fuseau horaire connu : choisissez-en un parmi les suggestions ou utilisez un nom IANA comme Europe/Paris.
input-message-too-long = Ce message fait { $count } caractères : limitez-le à { $max } au maximum.

## Les jours d'un rappel et le « où » d'une invitation, ci-dessus et dans /reminders list
days-every-day = tous les jours
days-weekdays = en semaine
days-weekends = le week-end
days-none = aucun jour
days-separator = { ", " }
day-mon = lun.
day-tue = mar.
day-wed = mer.
day-thu = jeu.
day-fri = ven.
day-sat = sam.
day-sun = dim.
place-desk = étirements au bureau
place-floor = étirements au sol
place-any = tous les étirements

## /reminders list
list-empty = Ce serveur n'a encore aucun rappel : ajoutez-en un avec /{ cmd-reminders } { cmd-reminders-add }.
list-title = Rappels de ce serveur ({ $count }/{ $max })
list-title-page = Rappels de ce serveur ({ $count }/{ $max }) · page { $page } sur { $pages }
list-description = Les heures s'affichent dans votre propre fuseau. Utilisez le numéro avec { cmd-reminders-edit }, { cmd-reminders-remove }, { cmd-reminders-pause }, { cmd-reminders-resume }, { cmd-reminders-skip } ou { cmd-reminders-test }.
list-description-more = La suite sur les autres pages : /{ cmd-reminders } { cmd-reminders-list } { opt-reminders-list-page }:1 à { opt-reminders-list-page }:{ $pages }.
list-kind-prompt = Invitation dans <#{ $channel }>
list-kind-group = Séance de groupe dans <#{ $channel }>
list-pings = mentionne <@&{ $role }>
list-custom-message = message personnalisé
list-server-event = événement du serveur
list-paused = ⏸ En pause
list-flagged = ⚠ Signalé : { $reason }
list-stopped = Arrêté : le bot a été retiré de ce serveur
