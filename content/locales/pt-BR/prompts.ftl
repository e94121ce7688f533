# O lembrete diário de alongamento (no idioma do servidor).
prompt-title = Pausa para alongar: { $name }
prompt-title-plain = Pausa para alongar
prompt-running = Já há um alongamento em grupo em andamento neste canal: participe aqui { $link }
prompt-group-test = No horário definido, uma sala de espera de alongamento em grupo abre aqui e a sessão começa quando ela fecha.
prompt-footer = Lembrete nº { $number } · os admins o gerenciam com /{ cmd-reminders }
prompt-footer-test = Teste do lembrete nº { $number }: não conta como o lembrete de hoje
prompt-show-how = Mostre como
prompt-start-group = Iniciar um alongamento em grupo
# O evento do Discord que um lembrete em grupo mantém para a próxima vez, e o aviso aos admins.
prompt-event-name = Alongamento em grupo: { $name }
prompt-event-stretch = alongamento
prompt-event-description = Um alongamento em grupo ao vivo ({ $name }) em { $location }. A sala de espera abre no horário de início por { $lobby } min; participe pelo botão e acompanhe por cerca de { $session } min.
prompt-flagged = O lembrete nº { $number } está pausado: { $reason }. Corrija o canal e use /{ cmd-reminders } { cmd-reminders-resume } { $number }, ou /{ cmd-reminders } { cmd-reminders-edit } { $number } para escolher outro canal.
# Usado quando um alongamento não tem frases próprias de lembrete (uma por dia, em rodízio).
prompt-fallback-1 = Hora de uma pausa para alongar! Levante-se, gire os ombros e respire devagar algumas vezes.
prompt-fallback-2 = Pausa para alongar: dois minutos longe da tela; suas costas vão agradecer.
prompt-fallback-3 = Pare um momento e alongue-se: seu corpo está parado há um bom tempo.
# O teste de um lembrete que menciona um cargo mostra quem ele vai mencionar, e não menciona ninguém.
prompt-test-pings = No horário, este lembrete vai mencionar { $role } (um teste não menciona ninguém).
