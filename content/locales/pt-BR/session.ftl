# O que uma sessão de alongamento em grupo publica no canal (no idioma do servidor).
# O Markdown (**negrito**) e os carimbos de data/hora do Discord ({ $time }) ficam como estão; { $who } é uma menção.

## Durações
session-secs = { $secs } s
session-mins = { $mins } min
session-mins-secs = { $mins } min { $secs } s

## O plano, na sala de espera e no primeiro passo
session-sets = { $sets ->
    [one] { $sets } série
   *[other] { $sets } séries
}
session-plan = { $sets } · { $hold } de permanência · cerca de { $about }
session-plan-per-side = { $sets } · { $hold } de permanência por lado · cerca de { $about }
session-plan-chain = { $count ->
    [one] { $count } alongamento · cerca de { $about }
   *[other] { $count } alongamentos · cerca de { $about }
}

## Listas de pessoas
session-nobody = ninguém
session-and-more = e mais { $count }

## Passos
session-step-fallback = Passo { $step }
session-step-heading = Passo { $step } de { $steps }: { $title }
session-step-heading-in-set = Série { $set } de { $sets } · Passo { $step } de { $steps }: { $title }
session-ends = , termina { $time }
session-hold = **{ $heading }**: mantenha por { $duration }{ $ends }
session-halfway = **Metade da permanência**{ $ends }
session-rest = **Descanso**: série { $set } de { $sets }
session-rest-starts = **Descanso**: a série { $set } de { $sets } começa { $time }
session-start-heading = **Vamos alongar: { $name }** · { $plan }
session-catch-up = **Perdemos um pouco de tempo — é aqui que estamos.**

## Alongamentos feitos de cada lado, e rotinas
session-switch-sides = Troque de lado
session-switch-cue = Troque de lado. { $cue }
session-side-title = { $side ->
    [left] { $title } (lado esquerdo)
    [right] { $title } (lado direito)
   *[other] { $title } (lado { $side })
}
session-side-cue = { $side ->
    [left] Lado esquerdo: { $cue }
    [right] Lado direito: { $cue }
   *[other] Lado { $side }: { $cue }
}
session-routine-breathing = Metade do caminho. Continue respirando devagar; tensão leve, nunca dor.

## O encerramento
session-stopped-by = **Encerrada antes da hora por { $who }.**
session-took-part = **Participaram:**
session-done-chain = **Pronto: { $name }. Belo alongamento!**
session-done = **Pronto: { $name }, { $sets }. Belo alongamento!**
session-stretched-together = **Alongamos juntos:**

## Botões
session-button-pause = Pausar
session-button-resume = Retomar
session-button-skip = Pular passo
session-button-stop = Encerrar
session-button-join = Participar
session-button-leave = Sair
session-button-start = Começar agora
session-button-cancel = Cancelar

## A mensagem da sala de espera
session-lobby-title = **Alongamento em grupo: { $name }**
session-lobby-starts = Começa { $time }.
session-lobby-paused-start = Pausado por um momento; o início se move junto com a pausa.
session-lobby-in = **Participando ({ $count }):**
session-lobby-by-reminder = Agendado pelo lembrete de alongamento deste servidor.
session-lobby-by = Iniciado por { $who }.
session-lobby-join = Clique em **Participar** para alongar junto. { $by }
session-lobby-paused = { $title } está pausado.
session-lobby-under-way = { $title } está em andamento.
session-lobby-still-open = Você ainda pode participar até a última série começar.
session-lobby-closed-one-set = As entradas fecharam quando a sessão começou.
session-lobby-closed-last-set = A última série começou, então as entradas estão fechadas.
session-lobby-done = { $title } terminou. Obrigado a todos que participaram:
session-lobby-stopped = { $title } foi encerrado antes da hora por { $who }. Participaram:
session-lobby-cancelled-by-starter = { $title } foi cancelado por quem o iniciou, { $who }.
session-lobby-cancelled = { $title } foi cancelado por { $who }.
session-lobby-nobody-joined = { $title } não começou: ninguém participou.
session-lobby-everyone-left = { $title } não começou: todos saíram da sala de espera.
session-lobby-offline = { $title } foi fechado enquanto o bot estava offline.
session-lobby-failed = { $title } parou por causa de um problema do nosso lado.
session-lobby-ended = { $title } terminou.

## Avisos
session-paused = ⏸ **Pausado** por { $who }. Retome com o botão Retomar ou com `/alongamento retomar`.
session-resumed = ▶ **Retomado** por { $who }.
session-back = ▶ **Voltamos** — continuando de onde paramos.
session-now-starts = A sessão começa { $time }.
session-now = Agora: **{ $what }**.
session-now-until = Agora: **{ $what }**, até { $time }.
session-now-rest = Descanso
session-paused-for-restart = ⏸ Pausado para uma reinicialização rápida — continuaremos de onde paramos.
session-closed-after-downtime = O bot ficou offline por cerca de { $mins } min, mais do que uma sessão pausada espera, então encerrei esta sessão de alongamento. Se você ainda estiver na postura, saia dela devagar. Comece outra com `/alongamento iniciar` quando quiser.
session-ended-while-offline = Esta sessão terminou enquanto o bot estava offline, então a encerrei em vez de repeti-la. Se você ainda estiver na postura, saia dela devagar. Obrigado por alongarem juntos!
session-apology = Desculpe, algo deu errado do nosso lado e esta sessão de alongamento precisou parar. Se você ainda estiver na postura, saia dela devagar. Você pode começar outra com `/alongamento iniciar`.
