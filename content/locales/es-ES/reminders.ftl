# Answers of /reminders.
reminders-language-set = Las publicaciones de este servidor (recordatorios, salas de espera, pasos de las sesiones) ahora están en { $language }.
# El nombre de cada idioma en que puede publicar el servidor, tal como lo dice quien lee.
language-name-en-US = inglés
language-name-fr = francés
language-name-de = alemán
language-name-es-ES = español
language-name-pt-BR = portugués
language-name-ja = japonés

## Confirmaciones
# $created es «yes» en /reminders add y «no» en edit; $kind es el nombre de la opción; $schedule es
# «09:00 todos los días (Europe/Madrid)», con « · estiramientos de escritorio» en un recordatorio;
# $next es uno de los reminders-next-*.
reminders-saved = { $created ->
    [yes] Recordatorio n.º { $number } guardado: { $kind } en <#{ $channel }> a las { $schedule }. { $next }.
   *[no] Recordatorio n.º { $number } actualizado: { $kind } en <#{ $channel }> a las { $schedule }. { $next }.
}
reminders-saved-event = Un evento del servidor muestra el próximo estiramiento en grupo.
reminders-removed = Recordatorio n.º { $number } eliminado: ya no publicará en <#{ $channel }>.
reminders-paused = El recordatorio n.º { $number } está en pausa: usa /{ cmd-reminders } { cmd-reminders-resume } { $number } para volver a activarlo.
reminders-resumed = El recordatorio n.º { $number } vuelve a funcionar. { $next }.
reminders-skipped = El recordatorio n.º { $number } se saltará { $when }. { $next }.
reminders-still-loading = Todavía estoy cargando los canales de este servidor: inténtalo de nuevo en unos segundos.
reminders-test-posted = Prueba publicada. No cuenta como el recordatorio del día, que llegará igualmente a su hora.
reminders-test-pending = Discord va lento ahora mismo: la publicación de prueba está en camino y no cuenta como el recordatorio del día.
reminders-timezone-set = Los recordatorios nuevos de este servidor usan ahora { $zone }. Los que ya existen conservan su propia zona: cambia uno con /{ cmd-reminders } { cmd-reminders-edit }.
reminders-next-at = Próximo: { $when }
reminders-next-none = Sin próxima hora
reminders-next-paused = Está en pausa
reminders-next-flagged = Está en pausa: { $reason }
reminders-next-stopped = Está detenido

## Rechazos de /reminders: una frase cada uno
refuse-unknown-id = No hay ningún recordatorio n.º { $number } en este servidor: consulta /{ cmd-reminders } { cmd-reminders-list } para ver los números.
refuse-too-many = Este servidor ya tiene { $max } recordatorios, el máximo posible: elimina primero uno con /{ cmd-reminders } { cmd-reminders-remove }.
refuse-no-channel = Elige el canal de texto en el que debe publicar el recordatorio.
refuse-other-server-channel = Ese canal no es de este servidor: elige uno de los canales de texto de este servidor.
refuse-voice-channel = <#{ $channel }> es un canal de voz: elige un canal de texto o de anuncios para los recordatorios.
refuse-category = Eso es una categoría, no un canal: elige mejor un canal de texto dentro de ella.
refuse-not-text = Los recordatorios solo pueden publicar en un canal de texto o de anuncios: elige uno de esos.
refuse-cannot-send = No puedo enviar mensajes en <#{ $channel }>: dame allí los permisos Ver canal y Enviar mensajes, o elige otro canal.
refuse-cannot-embed = No puedo insertar enlaces en <#{ $channel }>, y los recordatorios son insertados: dame allí el permiso Insertar enlaces, o elige otro canal.
refuse-other-server-role = Ese rol no es de este servidor: elige uno de los roles de este servidor para mencionar.
refuse-role-not-mentionable = El rol «{ $role }» no se puede mencionar, y tú no puedes mencionar a todos: haz que el rol se pueda mencionar, o elige otro.
refuse-everyone-role = Los recordatorios nunca mencionan a @{ "\u200B" }everyone ni a @{ "\u200B" }here: elige un rol concreto para mencionar, o no pongas ninguno.
refuse-event-needs-group = Los eventos del servidor son solo para recordatorios de grupo: pon { opt-reminders-add-kind } en { choice-group }, o quita { opt-reminders-add-event }.
refuse-event-needs-permission = Necesito el permiso Crear eventos para añadir un evento del servidor: concédemelo, o pon { opt-reminders-add-event } en False.
refuse-edit-nothing = No hay nada que cambiar: indica al menos una opción, como una hora o un canal nuevos.
refuse-changed-meanwhile = Ese recordatorio cambió en el mismo momento: revisa /{ cmd-reminders } { cmd-reminders-list } y vuelve a intentarlo.
refuse-nothing-to-skip = El recordatorio n.º { $number } no está activo, así que no hay nada que saltar: reanúdalo primero.
refuse-test-failed-gone = No he podido publicar en <#{ $channel }>: comprueba que sigue existiendo y que puedo enviar mensajes e insertar enlaces allí.
refuse-zone-unknown = La zona horaria del recordatorio n.º { $number } ya no se reconoce: elige otra con /{ cmd-reminders } { cmd-reminders-edit } { $number } y la opción { opt-reminders-edit-timezone }.
refuse-channel-gone = El canal del recordatorio n.º { $number } ya no existe: elige uno nuevo con /{ cmd-reminders } { cmd-reminders-edit } { $number } y la opción { opt-reminders-edit-channel }.
refuse-test-failed = Discord no ha aceptado la publicación de prueba ahora mismo: inténtalo de nuevo dentro de un minuto.
refuse-group-other-channel = El recordatorio de este aviso ahora publica en otro canal: usa el botón de un aviso de allí.
refuse-group-unavailable = Los estiramientos en grupo no pueden empezar ahora mismo: inténtalo de nuevo dentro de un minuto.
refuse-no-such-page = { $pages ->
    [1] Los recordatorios de este servidor caben en una página: omite { opt-reminders-list-page }, o elige la página 1.
   *[other] Los recordatorios de este servidor ocupan { $pages } páginas: elige una página del 1 al { $pages }.
}

## Lo que un administrador escribió y no es una hora, unos días o una zona horaria (una frase cada uno)
input-time-empty = Escribe una hora en formato de 24 horas HH:MM, como 09:30 o 17:00.
input-time-format = «{ $input }» no es una hora: usa el formato de 24 horas HH:MM, como 09:30 o 17:00.
input-time-minute-digits = { $second ->
    [none] Los minutos llevan dos cifras, como { $first }.
   *[other] Los minutos llevan dos cifras, como { $first } o { $second }.
}
input-time-hour-range = «{ $input }» no es una hora: las horas van de 00 a 23 en el reloj de 24 horas.
input-time-minute-range = «{ $input }» no es una hora: los minutos van de 00 a 59.
input-time-twelve-hour = Usa el reloj de 24 horas: escribe «{ $input }» como { $time }.
input-days-empty = Elige los días: «every day», «weekdays», «weekends» o una lista como mon,wed,fri.
input-days-unknown = «{ $input }» no es un día: usa mon, tue, wed, thu, fri, sat, sun (o los nombres completos en inglés), «weekdays», «weekends» o «every day».
input-zone-empty = Escribe una zona horaria como Europe/Madrid o America/Mexico_City, o elige una de las sugerencias.
input-zone-wrong-case = Los nombres de zonas horarias distinguen mayúsculas y minúsculas: ¿querías decir { $zone }?
input-zone-abbreviation = «{ $input }» es una abreviatura que ignora el horario de verano: usa un nombre de lugar como { $zone }.
input-zone-offset = Los desfases fijos como «{ $input }» ignoran el horario de verano: usa un nombre de lugar como Europe/Madrid o America/Mexico_City.
input-zone-unknown = «{ $input }» no es una zona horaria conocida: elige una de las sugerencias o usa un nombre IANA como Europe/Madrid.
input-message-too-long = Ese mensaje tiene { $count } caracteres: déjalo en { $max } o menos.

## Los días de un recordatorio y el «dónde» de un aviso, arriba y en /reminders list
days-every-day = todos los días
days-weekdays = entre semana
days-weekends = los fines de semana
days-none = ningún día
days-separator = { ", " }
day-mon = lun
day-tue = mar
day-wed = mié
day-thu = jue
day-fri = vie
day-sat = sáb
day-sun = dom
place-desk = estiramientos de escritorio
place-floor = estiramientos en el suelo
place-any = todos los estiramientos

## /reminders list
list-empty = Este servidor aún no tiene recordatorios: añade uno con /{ cmd-reminders } { cmd-reminders-add }.
list-title = Recordatorios de este servidor ({ $count }/{ $max })
list-title-page = Recordatorios de este servidor ({ $count }/{ $max }) · página { $page } de { $pages }
list-description = Las horas se muestran en tu propia zona horaria. Usa el número con { cmd-reminders-edit }, { cmd-reminders-remove }, { cmd-reminders-pause }, { cmd-reminders-resume }, { cmd-reminders-skip } o { cmd-reminders-test }.
list-description-more = Hay más en las otras páginas: /{ cmd-reminders } { cmd-reminders-list } { opt-reminders-list-page }:1 a { opt-reminders-list-page }:{ $pages }.
list-kind-prompt = Aviso en <#{ $channel }>
list-kind-group = Estiramiento en grupo en <#{ $channel }>
list-pings = menciona a <@&{ $role }>
list-custom-message = mensaje personalizado
list-server-event = evento del servidor
list-paused = ⏸ En pausa
list-flagged = ⚠ Marcado: { $reason }
list-stopped = Detenido: el bot fue retirado de este servidor
