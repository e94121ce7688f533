# Lo que una sesión de estiramiento de grupo publica en su canal (en el idioma del servidor).
# El Markdown (**negrita**) y las marcas de tiempo de Discord ({ $time }) se quedan tal cual; { $who } es una mención.

## Duraciones
session-secs = { $secs } s
session-mins = { $mins } min
session-mins-secs = { $mins } min { $secs } s

## El plan, en la sala de espera y el primer paso
session-sets = { $sets ->
    [one] { $sets } serie
   *[other] { $sets } series
}
session-plan = { $sets } · { $hold } de mantenimiento · unos { $about }
session-plan-per-side = { $sets } · { $hold } de mantenimiento por lado · unos { $about }
session-plan-chain = { $count ->
    [one] { $count } estiramiento · unos { $about }
   *[other] { $count } estiramientos · unos { $about }
}

## Listas de personas
session-nobody = nadie
session-and-more = y { $count } más

## Pasos
session-step-fallback = Paso { $step }
session-step-heading = Paso { $step } de { $steps }: { $title }
session-step-heading-in-set = Serie { $set } de { $sets } · Paso { $step } de { $steps }: { $title }
session-ends = , termina { $time }
session-hold = **{ $heading }**: mantén { $duration }{ $ends }
session-halfway = **Mitad del mantenimiento**{ $ends }
session-rest = **Descanso**: serie { $set } de { $sets }
session-rest-starts = **Descanso**: la serie { $set } de { $sets } empieza { $time }
session-start-heading = **A estirar: { $name }** · { $plan }
session-catch-up = **Hemos perdido algo de tiempo; aquí es donde estamos.**

## Estiramientos por lado, y rutinas
session-switch-sides = Cambia de lado
session-switch-cue = Cambia de lado. { $cue }
session-side-title = { $side ->
    [left] { $title } (lado izquierdo)
    [right] { $title } (lado derecho)
   *[other] { $title } (lado { $side })
}
session-side-cue = { $side ->
    [left] Lado izquierdo: { $cue }
    [right] Lado derecho: { $cue }
   *[other] Lado { $side }: { $cue }
}
session-routine-breathing = Vas por la mitad. Sigue respirando despacio; una tensión suave, nunca dolor.

## El cierre
session-stopped-by = **Detenida antes de tiempo por { $who }.**
session-took-part = **Participaron:**
session-done-chain = **Hecho: { $name }. ¡Buen estiramiento!**
session-done = **Hecho: { $name }, { $sets }. ¡Buen estiramiento!**
session-stretched-together = **Estiramos juntos:**

## Botones
session-button-pause = Pausar
session-button-resume = Reanudar
session-button-skip = Saltar paso
session-button-stop = Detener
session-button-join = Unirme
session-button-leave = Salir
session-button-start = Empezar ya
session-button-cancel = Cancelar

## El mensaje de la sala de espera
session-lobby-title = **Estiramiento de grupo: { $name }**
session-lobby-starts = Empieza { $time }.
session-lobby-paused-start = En pausa un momento; el inicio se mueve con la pausa.
session-lobby-in = **Dentro ({ $count }):**
session-lobby-by-reminder = Programado por el recordatorio de estiramiento de este servidor.
session-lobby-by = Iniciado por { $who }.
session-lobby-join = Pulsa **Unirme** para estirar con el grupo. { $by }
session-lobby-paused = { $title } está en pausa.
session-lobby-under-way = { $title } está en marcha.
session-lobby-still-open = Aún puedes unirte hasta que empiece la última serie.
session-lobby-closed-one-set = Unirse se cerró cuando empezó la sesión.
session-lobby-closed-last-set = La última serie ha empezado, así que ya no se puede unir nadie.
session-lobby-done = { $title } ha terminado. Gracias a todos los que participaron:
session-lobby-stopped = { $title } fue detenido antes de tiempo por { $who }. Participaron:
session-lobby-cancelled-by-starter = { $title } fue cancelado por quien lo inició, { $who }.
session-lobby-cancelled = { $title } fue cancelado por { $who }.
session-lobby-nobody-joined = { $title } no empezó: no se unió nadie.
session-lobby-everyone-left = { $title } no empezó: todos salieron de la sala de espera.
session-lobby-offline = { $title } se cerró mientras el bot estaba desconectado.
session-lobby-failed = { $title } se detuvo por un problema de nuestra parte.
session-lobby-ended = { $title } ha terminado.

## Avisos
session-paused = ⏸ **En pausa** por { $who }. Reanuda con el botón Reanudar o con `/estiramiento reanudar`.
session-resumed = ▶ **Reanudado** por { $who }.
session-back = ▶ **Ya estamos de vuelta**: seguimos donde lo dejamos.
session-now-starts = La sesión empieza { $time }.
session-now = Ahora: **{ $what }**.
session-now-until = Ahora: **{ $what }**, hasta { $time }.
session-now-rest = Descanso
session-paused-for-restart = ⏸ En pausa por un reinicio rápido; seguiremos donde lo dejamos.
session-closed-after-downtime = El bot estuvo desconectado unos { $mins } min, más de lo que espera una sesión en pausa, así que he cerrado esta sesión de estiramiento. Si sigues en la postura, sal de ella despacio. Empieza otra con `/estiramiento empezar` cuando quieras.
session-ended-while-offline = Esta sesión terminó mientras el bot estaba desconectado, así que la he cerrado en lugar de repetirla. Si sigues en la postura, sal de ella despacio. ¡Gracias por estirar juntos!
session-apology = Lo sentimos, algo falló de nuestra parte y esta sesión de estiramiento tuvo que detenerse. Si sigues en la postura, sal de ella despacio. Puedes empezar otra con `/estiramiento empezar`.
