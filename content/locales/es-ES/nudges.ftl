# Avisos personales por mensaje directo (/nudges): nombres del comando, respuestas y el aviso.
# Las claves de comandos siguen el esquema de commands.ftl: cmd-<ruta>, opt-<ruta>-<opción>.

cmd-nudges = avisos
    .description = Avisos personales para estirar por mensaje directo, en tu horario de trabajo.
cmd-nudges-on = activar
    .description = Activa avisos por mensaje directo cada cierto tiempo dentro de una franja diaria.
opt-nudges-on-every_minutes = cada_minutos
    .description = Minutos entre avisos, 30-480 (por defecto 90)
opt-nudges-on-from = desde
    .description = Inicio de la franja, HH:MM en 24 h (por defecto 09:00)
opt-nudges-on-to = hasta
    .description = Fin de la franja, HH:MM en 24 h (por defecto 17:00)
opt-nudges-on-days = días
    .description = weekdays (por defecto), weekends, every day o mon,wed,fri
opt-nudges-on-timezone = zona_horaria
    .description = Zona horaria IANA, como Europe/Madrid (por defecto: la última tuya, si no la del servidor)
cmd-nudges-off = desactivar
    .description = Desactiva tus avisos.
cmd-nudges-pause = pausar
    .description = Descansa unos días de los avisos; se reanudan solos.
opt-nudges-pause-days = días
    .description = Cuántos días, 1-60 (hoy cuenta como el primero)
cmd-nudges-status = estado
    .description = Muestra tu configuración de avisos y el próximo aviso.

nudges-on = Avisos activados: cada { $every } min de { $from } a { $to }, { $days } ({ $zone }); el próximo llega { $next }.
nudges-off = Avisos desactivados: vuelve a activarlos cuando quieras con /nudges on.
nudges-off-already = No tienes avisos activados: empiézalos con /nudges on.
nudges-paused = Avisos en pausa hasta { $until } y se reanudan solos; el próximo llega { $next }.
nudges-status-on = Avisos activados: cada { $every } min de { $from } a { $to }, { $days } ({ $zone }); el próximo llega { $next }.
nudges-status-paused = Avisos en pausa hasta { $until } (cada { $every } min de { $from } a { $to }, { $days }, { $zone }); el próximo llega { $next }.
nudges-status-off = Avisos desactivados: empiézalos con /nudges on.
nudges-status-closed = Avisos en pausa porque Discord no te entrega mis mensajes directos: permite mensajes directos de los miembros del servidor y luego usa /nudges on.
nudges-closed-notice = Tus avisos se detuvieron porque Discord no te entrega mis mensajes directos: permite mensajes directos de los miembros del servidor y luego usa /nudges on.
nudges-bad-every = El intervalo debe estar entre { $min } y { $max } minutos.
nudges-bad-window = La franja debe terminar después de empezar, por ejemplo de 09:00 a 17:00.
nudges-bad-pause = Una pausa dura de 1 a { $max } días.
nudges-days-every = todos los días
nudges-days-weekdays = entre semana
nudges-days-weekends = los fines de semana
nudges-day-mon = lun
nudges-day-tue = mar
nudges-day-wed = mié
nudges-day-thu = jue
nudges-day-fri = vie
nudges-day-sat = sáb
nudges-day-sun = dom

nudge-line = Hora de un estiramiento corto: { $name }.
nudge-footer = Los pediste con /nudges; «Parar avisos» los desactiva.
nudge-done = Hecho
nudge-snooze = En { $minutes } min
nudge-skip = Saltar
nudge-stop = Parar avisos
nudge-thanks-streak = { $streak ->
    [one] Muy bien, tu racha: 1 día; hasta el próximo.
   *[other] Muy bien, tu racha: { $streak } días; hasta el próximo.
}
nudge-skipped = Saltado: hasta el próximo.
nudge-snoozed = Pospuesto: te aviso de nuevo { $at }.
nudge-snooze-pending = Ya tienes un aviso pospuesto que llega { $at }, así que este se queda como está.
nudge-snooze-late = Eso pasaría del final de tu franja, así que no se pospone: hasta el próximo.
nudge-stopped = Avisos desactivados: vuelve a activarlos cuando quieras con /nudges on.
nudge-gone = Ese aviso ya no está registrado.
