# /help: lo que el bot puede hacer.
help-title = stretchbot: tómate tus pausas para estirar
help-description = Estiramientos cortos y guiados para tu equipo, directamente en el canal.
help-childspose = Postura del niño (Balasana): resumen, pasos, seguridad, anatomía, beneficios o todo a la vez.
help-stretch-info = Cualquier estiramiento o rutina de la biblioteca del bot, mostrado del mismo modo.
help-stretch-start = Guía al canal en un estiramiento de grupo en directo o en una rutina de varios: se une con un botón.
help-stretch-control = Controla la sesión en curso (quien la inició, o cualquiera con Gestionar mensajes).
help-reminders = Recordatorios diarios para estirar (un estiramiento distinto cada día; dónde: escritorio, suelo o cualquiera) y estiramientos de grupo programados (Gestionar servidor).
help-nudges = Pausas personales para estirar por mensaje directo en tu horario de trabajo, con posponer y parar con un toque (solo si las activas).
help-stats = Tus registros, rachas y un gráfico de 8 semanas (me), la semana del equipo (server), si apareces con tu nombre (share), o borra lo que el bot guarda sobre ti (forget-me).
