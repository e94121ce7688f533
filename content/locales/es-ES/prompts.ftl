# El recordatorio diario para estirar (en el idioma del servidor).
prompt-title = Pausa para estirar: { $name }
prompt-title-plain = Pausa para estirar
prompt-running = Ya hay un estiramiento de grupo en curso en este canal: únete aquí { $link }
prompt-group-test = A la hora fijada, aquí se abre una sala de espera de estiramiento de grupo y la sesión empieza cuando se cierra.
prompt-footer = Recordatorio n.º { $number } · los administradores lo gestionan con /{ cmd-reminders }
prompt-footer-test = Prueba del recordatorio n.º { $number }: no cuenta como el recordatorio de hoy
prompt-show-how = Enséñame cómo
prompt-start-group = Empezar un estiramiento de grupo
# El evento de Discord que un recordatorio de grupo mantiene para su próxima vez, y el aviso a los administradores.
prompt-event-name = Estiramiento de grupo: { $name }
prompt-event-stretch = estiramiento
prompt-event-description = Un estiramiento de grupo en directo ({ $name }) en { $location }. La sala de espera se abre a la hora de inicio durante { $lobby } min; únete con el botón y sigue el ritmo durante unos { $session } min.
prompt-flagged = El recordatorio n.º { $number } está en pausa: { $reason }. Arregla el canal y usa /{ cmd-reminders } { cmd-reminders-resume } { $number }, o /{ cmd-reminders } { cmd-reminders-edit } { $number } para elegir otro canal.
# Se usa cuando un estiramiento no tiene frases propias para el recordatorio (una por día, por turnos).
prompt-fallback-1 = ¡Hora de una pausa para estirar! Ponte de pie, gira los hombros y respira despacio unas cuantas veces.
prompt-fallback-2 = Pausa para estirar: dos minutos lejos de la pantalla; tu espalda te lo agradecerá.
prompt-fallback-3 = Detente un momento y estírate: tu cuerpo lleva un buen rato sin moverse.
# La prueba de un recordatorio que menciona un rol muestra a quién mencionará, y no menciona a nadie.
prompt-test-pings = A su hora, este recordatorio mencionará a { $role } (una prueba no menciona a nadie).
