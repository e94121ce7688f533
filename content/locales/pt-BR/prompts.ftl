# O lembrete diário de alongamento (no idioma do servidor).
prompt-title = Pausa para alongar: { $name }
prompt-title-plain = Pausa para alongar
prompt-running = Já há um alongamento em grupo em andamento neste canal: participe aqui { $link }
prompt-group-test = No horário definido, uma sala de espera de alongamento em grupo abre aqui e a sessão começa quando ela fecha.
prompt-footer = Lembrete nº { $number } · os admins o gerenciam com /reminders
prompt-footer-test = Teste do lembrete nº { $number }: não conta como o lembrete de hoje
prompt-show-how = Mostre como
prompt-start-group = Iniciar um alongamento em grupo
