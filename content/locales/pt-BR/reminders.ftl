# Answers of /reminders.
reminders-language-set = As publicações deste servidor (lembretes, salas de espera, passos das sessões) agora estão em { $language }.
