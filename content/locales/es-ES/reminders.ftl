# Answers of /reminders.
reminders-language-set = Las publicaciones de este servidor (recordatorios, salas de espera, pasos de las sesiones) ahora están en { $language }.
