# Lembretes pessoais por mensagem direta (/nudges): nomes do comando, respostas e o lembrete.
# As chaves de comando seguem o esquema de commands.ftl: cmd-<caminho>, opt-<caminho>-<opção>.

cmd-nudges = cutucadas
    .description = Lembretes pessoais de alongamento por mensagem direta, no seu horário de trabalho.
cmd-nudges-on = ativar
    .description = Ativa lembretes por mensagem direta em intervalos dentro de uma janela diária.
opt-nudges-on-every_minutes = a_cada_minutos
    .description = Minutos entre lembretes, 30-480 (padrão 90)
opt-nudges-on-from = de
    .description = Início da janela, HH:MM em 24 h (padrão 09:00)
opt-nudges-on-to = até
    .description = Fim da janela, HH:MM em 24 h (padrão 17:00)
opt-nudges-on-days = dias
    .description = weekdays (padrão), weekends, every day ou mon,wed,fri
opt-nudges-on-timezone = fuso_horário
    .description = Fuso horário IANA, como America/Sao_Paulo (padrão: o seu último, senão o do servidor)
cmd-nudges-off = desativar
    .description = Desativa seus lembretes.
cmd-nudges-pause = pausar
    .description = Dá uma pausa de alguns dias; os lembretes voltam sozinhos.
opt-nudges-pause-days = dias
    .description = Quantos dias, 1-60 (hoje conta como o primeiro)
cmd-nudges-status = status
    .description = Mostra suas configurações de lembrete e o próximo lembrete.

nudges-on = Lembretes ativados: a cada { $every } min das { $from } às { $to }, { $days } ({ $zone }); o próximo chega { $next }.
nudges-off = Lembretes desativados: ative de novo quando quiser com /nudges on.
nudges-off-already = Você não tem lembretes ativados: comece com /nudges on.
nudges-paused = Lembretes pausados até { $until }, depois voltam sozinhos; o próximo chega { $next }.
nudges-status-on = Lembretes ativados: a cada { $every } min das { $from } às { $to }, { $days } ({ $zone }); o próximo chega { $next }.
nudges-status-paused = Lembretes pausados até { $until } (a cada { $every } min das { $from } às { $to }, { $days }, { $zone }); o próximo chega { $next }.
nudges-status-off = Lembretes desativados: comece com /nudges on.
nudges-status-closed = Lembretes pausados porque o Discord não entrega minhas mensagens diretas a você: permita mensagens diretas de membros do servidor e depois use /nudges on.
nudges-closed-notice = Seus lembretes pararam porque o Discord não entrega minhas mensagens diretas a você: permita mensagens diretas de membros do servidor e depois use /nudges on.
nudges-bad-every = O intervalo deve ficar entre { $min } e { $max } minutos.
nudges-bad-window = A janela precisa terminar depois de começar, como das 09:00 às 17:00.
nudges-bad-pause = Uma pausa dura de 1 a { $max } dias.
nudges-days-every = todos os dias
nudges-days-weekdays = em dias úteis
nudges-days-weekends = nos fins de semana
nudges-day-mon = seg
nudges-day-tue = ter
nudges-day-wed = qua
nudges-day-thu = qui
nudges-day-fri = sex
nudges-day-sat = sáb
nudges-day-sun = dom

nudge-line = Hora de um alongamento rápido: { $name }.
nudge-footer = Você pediu estes lembretes com /nudges; “Parar lembretes” os desativa.
nudge-done = Feito
nudge-snooze = Em { $minutes } min
nudge-skip = Pular
nudge-stop = Parar lembretes
nudge-thanks-streak = { $streak ->
    [one] Muito bem, sua sequência: 1 dia; até o próximo.
   *[other] Muito bem, sua sequência: { $streak } dias; até o próximo.
}
nudge-skipped = Pulado: até o próximo.
nudge-snoozed = Adiado: eu lembro você de novo { $at }.
nudge-snooze-pending = Você já tem um lembrete adiado chegando { $at }, então este fica como está.
nudge-snooze-late = Isso passaria do fim da sua janela, então nada de adiar: até o próximo.
nudge-stopped = Lembretes desativados: ative de novo quando quiser com /nudges on.
nudge-gone = Esse lembrete não está mais registrado.
