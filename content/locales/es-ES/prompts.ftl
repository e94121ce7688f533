# El recordatorio diario para estirar (en el idioma del servidor).
prompt-title = Pausa para estirar: { $name }
prompt-title-plain = Pausa para estirar
prompt-running = Ya hay un estiramiento de grupo en curso en este canal: únete aquí { $link }
prompt-group-test = A la hora fijada, aquí se abre una sala de espera de estiramiento de grupo y la sesión empieza cuando se cierra.
prompt-footer = Recordatorio n.º { $number } · los administradores lo gestionan con /reminders
prompt-footer-test = Prueba del recordatorio n.º { $number }: no cuenta como el recordatorio de hoy
prompt-show-how = Enséñame cómo
prompt-start-group = Empezar un estiramiento de grupo
