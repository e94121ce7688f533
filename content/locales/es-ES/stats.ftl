# Check-ins, streaks and /stats (issue #17). Command keys follow commands.ftl's scheme:
# cmd-<command path>, opt-<command path>-<option>, choice-<choice>.

cmd-stats = estadisticas
    .description = Tus estiramientos y rachas, y los del equipo esta semana.
cmd-stats-me = yo
    .description = Tus estiramientos, rachas y minutos, con un gráfico (solo tú lo ves).
cmd-stats-server = servidor
    .description = Los totales del equipo esta semana, con un gráfico.
cmd-stats-share = compartir
    .description = Si /estadisticas servidor te nombra en este servidor.
opt-stats-share-setting = ajuste
    .description = sí: nombrado con tus estiramientos; no: contado sin nombrarte
choice-on = sí
choice-off = no
cmd-stats-forget-me = olvidame
    .description = Borrar todo lo que el bot guarda sobre ti (pregunta antes).

stats-checkin-button = Me he estirado
stats-checkin-count-name = Se han estirado
stats-checkin-count-value = { $count ->
    [one] 1 persona
   *[other] { $count } personas
}
stats-checkin-done = { $streak ->
    [one] ¡Muy bien! Tu racha: 1 día.
   *[other] ¡Muy bien! Tu racha: { $streak } días.
}
stats-checkin-again = { $streak ->
    [one] Ya te registraste en este aviso; tu racha: 1 día.
   *[other] Ya te registraste en este aviso; tu racha: { $streak } días.
}
stats-checkin-server-only = Este botón solo funciona en el servidor donde se publicó.

stats-me-title = Tus estiramientos
stats-me-empty = Aún no hay estiramientos registrados: pulsa «Me he estirado» en un aviso diario o únete a un estiramiento en grupo.
stats-me-week = Esta semana
stats-me-checkins = { $count ->
    [one] 1 estiramiento
   *[other] { $count } estiramientos
}
stats-me-current = Racha actual
stats-me-best = Mejor racha
stats-days = { $count ->
    [one] 1 día
   *[other] { $count } días
}
stats-me-minutes = Minutos de estiramiento esta semana
stats-minutes = { $count } min
stats-me-footer = Una racha cuenta los días con al menos un estiramiento, en la hora de { $zone }.

stats-server-title = Los estiramientos de esta semana aquí
stats-server-people = Personas
stats-server-checkins = Estiramientos
stats-server-sessions = Estiramientos en grupo
stats-server-minutes = Minutos de estiramiento
stats-server-named = Comparten sus estadísticas
stats-server-nobody-named = Aquí nadie comparte aún su nombre; cualquiera puede hacerlo con /estadisticas compartir sí.
stats-server-named-line = { $person }: { $count }

stats-chart-alt = Gráfico de barras de los estiramientos por semana en las últimas 8 semanas, de la más antigua a la más reciente: { $weeks }.
stats-chart-week = semana del { $date }: { $count }

stats-share-on = A partir de ahora, /estadisticas servidor te nombra aquí con tus estiramientos.
stats-share-off = A partir de ahora, /estadisticas servidor cuenta tus estiramientos aquí sin nombrarte.

stats-forget-confirm = Esto borra todos los estiramientos, rachas y ajustes de estadísticas y de avisos privados que el bot guarda sobre ti, en todos los servidores; no se puede deshacer.
stats-forget-button = Borrar mis datos
stats-forget-done = Hecho: el bot ya no guarda nada sobre ti.
stats-forget-not-yours = Solo la persona que lo pidió puede confirmarlo.
