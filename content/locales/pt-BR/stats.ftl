# Check-ins, streaks and /stats (issue #17). Command keys follow commands.ftl's scheme:
# cmd-<command path>, opt-<command path>-<option>, choice-<choice>.

cmd-stats = estatisticas
    .description = Seus alongamentos e sequências, e os da equipe nesta semana.
cmd-stats-me = eu
    .description = Seus alongamentos, sequências e minutos, com um gráfico (só você vê).
cmd-stats-server = servidor
    .description = Os totais da equipe nesta semana, com um gráfico.
cmd-stats-share = compartilhar
    .description = Se /estatisticas servidor mostra seu nome neste servidor.
opt-stats-share-setting = opcao
    .description = sim: nomeado com seus alongamentos; não: contado sem ser nomeado
choice-on = sim
choice-off = não
cmd-stats-forget-me = esqueca-me
    .description = Apagar tudo o que o bot guarda sobre você (pergunta antes).

stats-checkin-button = Eu me alonguei
stats-checkin-count-name = Já se alongaram
stats-checkin-count-value = { $count ->
    [one] 1 pessoa
   *[other] { $count } pessoas
}
stats-checkin-done = { $streak ->
    [one] Muito bem! Sua sequência: 1 dia.
   *[other] Muito bem! Sua sequência: { $streak } dias.
}
stats-checkin-again = { $streak ->
    [one] Você já registrou este lembrete; sua sequência: 1 dia.
   *[other] Você já registrou este lembrete; sua sequência: { $streak } dias.
}
stats-checkin-server-only = Este botão só funciona no servidor onde foi publicado.

stats-me-title = Seus alongamentos
stats-me-empty = Nenhum alongamento registrado ainda: toque em "Eu me alonguei" num lembrete diário ou participe de um alongamento em grupo.
stats-me-week = Esta semana
stats-me-checkins = { $count ->
    [one] 1 alongamento
   *[other] { $count } alongamentos
}
stats-me-current = Sequência atual
stats-me-best = Melhor sequência
stats-days = { $count ->
    [one] 1 dia
   *[other] { $count } dias
}
stats-me-minutes = Minutos de alongamento nesta semana
stats-minutes = { $count } min
stats-me-footer = Uma sequência conta os dias com pelo menos um alongamento, no horário de { $zone }.

stats-server-title = Os alongamentos desta semana aqui
stats-server-people = Pessoas
stats-server-checkins = Alongamentos
stats-server-sessions = Alongamentos em grupo
stats-server-minutes = Minutos de alongamento
stats-server-named = Compartilham suas estatísticas
stats-server-nobody-named = Ninguém aqui compartilha o nome ainda; qualquer pessoa pode com /estatisticas compartilhar sim.
stats-server-named-line = { $person }: { $count }

stats-chart-alt = Gráfico de barras dos alongamentos por semana nas últimas 8 semanas, da mais antiga para a mais recente: { $weeks }.
stats-chart-week = semana de { $date }: { $count }

stats-share-on = A partir de agora, /estatisticas servidor mostra seu nome aqui com seus alongamentos.
stats-share-off = A partir de agora, /estatisticas servidor conta seus alongamentos aqui sem mostrar seu nome.

stats-forget-confirm = Isto apaga todos os alongamentos, sequências e configurações de estatísticas e de lembretes privados que o bot guarda sobre você, em todos os servidores; não dá para desfazer.
stats-forget-button = Apagar meus dados
stats-forget-done = Pronto: o bot não guarda mais nada sobre você.
stats-forget-not-yours = Só a pessoa que pediu pode confirmar.
