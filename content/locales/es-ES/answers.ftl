# Respuestas que solo ve la persona que usó un control de la sesión o un botón (en su idioma).

## Controles de la sesión
answer-not-here = Ese botón pertenece a una sesión de estiramiento de otro canal: usa los botones de allí.
answer-ended = Esta sesión de estiramiento ya ha terminado.
answer-too-fast = Estás usando los controles de la sesión demasiado rápido; espera un momento y vuelve a intentarlo.
answer-not-started = La sesión aún no ha empezado.
answer-already-started = La sesión ya ha empezado.
answer-already-paused = La sesión ya está en pausa.
answer-paused-resume-first = La sesión está en pausa; reanúdala primero.
answer-not-paused = La sesión no está en pausa.
answer-nothing-to-skip = Este es el último paso; usa Detener para terminar la sesión ahora.
answer-out-of-order = Eso llegó desordenado; vuelve a intentarlo.
answer-too-many-adjustments = Esta sesión ya no se puede pausar, saltar ni empezar antes (como máximo { $max } veces por sesión); detenla y empieza otra si necesitas más tiempo.
answer-only-starter = { $action ->
    [start] Solo quien inició esta sesión, o alguien que pueda gestionar mensajes aquí, puede empezarla.
    [cancel] Solo quien inició esta sesión, o alguien que pueda gestionar mensajes aquí, puede cancelarla.
    [pause] Solo quien inició esta sesión, o alguien que pueda gestionar mensajes aquí, puede pausarla.
    [resume] Solo quien inició esta sesión, o alguien que pueda gestionar mensajes aquí, puede reanudarla.
    [skip] Solo quien inició esta sesión, o alguien que pueda gestionar mensajes aquí, puede saltar uno de sus pasos.
   *[stop] Solo quien inició esta sesión, o alguien que pueda gestionar mensajes aquí, puede detenerla.
}
answer-starting-now = ¡Empezamos ya!
answer-cancelled = Cancelada. El mensaje de la sala de espera lo indica.
answer-stopped = Detenida. Ahora publico el cierre.
answer-pause-in-lobby = La sesión aún no ha empezado; puedes empezarla ahora o cancelarla.
answer-paused = En pausa. Pulsa Reanudar cuando todos estén listos.
answer-resumed = Reanudada.
answer-skip-in-lobby = La sesión aún no ha empezado; usa Empezar ya para comenzar.
answer-skipped = Pasamos al siguiente paso.
answer-join-closed-one-set = Ya no se puede unir nadie: la sesión ya ha empezado.
answer-join-closed-last-set = Ya no se puede unir nadie: la última serie ya ha empezado.
answer-already-in = Ya estás dentro.
answer-in-starts = ¡Estás dentro! Empezamos { $time }.
answer-in-after-pause = ¡Estás dentro! Empezamos en cuanto termine la pausa.
answer-in-running = ¡Estás dentro! Únete en el paso actual.
answer-not-in = No estabas en esta sesión.
answer-left = Has salido de la sesión.
answer-none-here = No hay ninguna sesión de estiramiento en curso en este canal.
answer-not-a-session-button = Ese botón no pertenece a ninguna sesión de estiramiento.

## Botones de un recordatorio, y errores
answer-apology = Lo sentimos, algo falló de nuestra parte. Vuelve a intentarlo en un momento.
answer-group-server-only = Este botón solo funciona en el servidor donde se publicó.
answer-group-open = Sala de espera abierta, y estás dentro. Los demás pueden unirse con el botón.
answer-group-running = Ya hay un estiramiento de grupo en curso aquí: { $link }
answer-stretch-gone = Ese estiramiento ya no está en mi biblioteca.
answer-button-stale = Este botón ya no hace nada.
answer-manage-server = Necesitas el permiso Gestionar servidor para usar este comando.
answer-guild-only = Este comando solo funciona en un servidor.
answer-needs-the-bot = Para eso debo estar en este servidor: un admin puede añadirme con <{ $link }>.
answer-bad-option = Una de las opciones no tenía sentido para mí; revísala y vuelve a intentarlo.

## /estiramiento empezar
answer-restarting = Me estoy reiniciando ahora mismo; vuelve a intentarlo en un minuto.
answer-unknown-routine = No conozco ninguna rutina llamada «{ $name }»; elige una de la lista.
answer-chain-no-sets = { $name } fija sus propios mantenimientos y se hace una sola vez: no indiques series ni mantenimiento.
answer-sets-range = { $name } se puede hacer en { $min } a { $max } series; elige un número en ese rango.
answer-hold-range = El mantenimiento de { $name } debe durar entre { $min } y { $max } segundos.
answer-lobby-range = La sala de espera puede estar abierta entre 0 y { $max } segundos.
answer-server-full = Este servidor ya tiene { $count } sesiones de estiramiento en curso, el máximo permitido a la vez; únete a una o vuelve a intentarlo cuando termine alguna.
answer-already-running-link = Ya hay una sesión de estiramiento en curso aquí: { $link }
answer-already-running = Ya hay una sesión de estiramiento en curso aquí.
answer-cannot-post = No puedo publicar en este canal; comprueba que tengo permiso para enviar mensajes aquí.
answer-starts-now = Tu sesión de estiramiento empieza ahora.
answer-open = Tu sesión de estiramiento está abierta: empieza { $time } y cualquiera aquí puede unirse.
answer-unknown-stretch = No conozco ningún estiramiento llamado «{ $name }»: elige uno de la lista mientras escribes.
answer-text-channel-only = Los estiramientos de grupo se hacen en un canal de texto de un servidor.
answer-missing-permissions = No puedo dirigir un estiramiento aquí: necesito el permiso { $permissions } en este canal.
answer-cannot-send-here = Necesitas el permiso Enviar mensajes en este canal para empezar aquí un estiramiento de grupo.
answer-permission-view-channel = Ver canal
answer-permission-send-messages = Enviar mensajes
answer-permission-embed-links = Insertar enlaces
