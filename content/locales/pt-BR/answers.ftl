# Respostas que só a pessoa que usou um controle da sessão ou um botão vê (no idioma dela).

## Controles da sessão
answer-not-here = Esse botão pertence a uma sessão de alongamento de outro canal: use os botões de lá.
answer-ended = Esta sessão de alongamento já terminou.
answer-too-fast = Você está usando os controles da sessão rápido demais; espere um momento e tente de novo.
answer-not-started = A sessão ainda não começou.
answer-already-started = A sessão já começou.
answer-already-paused = A sessão já está pausada.
answer-paused-resume-first = A sessão está pausada; retome-a primeiro.
answer-not-paused = A sessão não está pausada.
answer-nothing-to-skip = Este é o último passo; use Encerrar para terminar a sessão agora.
answer-out-of-order = Isso chegou fora de ordem; tente de novo.
answer-too-many-adjustments = Esta sessão não pode mais ser pausada, pulada ou iniciada antes (no máximo { $max } vezes por sessão); encerre-a e comece outra se precisar de mais tempo.
answer-only-starter = { $action ->
    [start] Só quem iniciou esta sessão, ou alguém que possa gerenciar mensagens aqui, pode começá-la.
    [cancel] Só quem iniciou esta sessão, ou alguém que possa gerenciar mensagens aqui, pode cancelá-la.
    [pause] Só quem iniciou esta sessão, ou alguém que possa gerenciar mensagens aqui, pode pausá-la.
    [resume] Só quem iniciou esta sessão, ou alguém que possa gerenciar mensagens aqui, pode retomá-la.
    [skip] Só quem iniciou esta sessão, ou alguém que possa gerenciar mensagens aqui, pode pular um passo dela.
   *[stop] Só quem iniciou esta sessão, ou alguém que possa gerenciar mensagens aqui, pode encerrá-la.
}
answer-starting-now = Começando agora!
answer-cancelled = Cancelada. A mensagem da sala de espera mostra isso.
answer-stopped = Encerrada. Estou publicando o encerramento agora.
answer-pause-in-lobby = A sessão ainda não começou; você pode começá-la agora ou cancelá-la.
answer-paused = Pausada. Aperte Retomar quando todos estiverem prontos.
answer-resumed = Retomada.
answer-skip-in-lobby = A sessão ainda não começou; use Começar agora para iniciar.
answer-skipped = Passamos para o próximo passo.
answer-join-closed-one-set = As entradas estão fechadas: a sessão já começou.
answer-join-closed-last-set = As entradas estão fechadas: a última série já começou.
answer-already-in = Você já está participando.
answer-in-starts = Você está dentro! Começamos { $time }.
answer-in-after-pause = Você está dentro! Começamos assim que a pausa terminar.
answer-in-running = Você está dentro! Entre no passo atual.
answer-not-in = Você não estava nesta sessão.
answer-left = Você saiu da sessão.
answer-none-here = Não há nenhuma sessão de alongamento em andamento neste canal.
answer-not-a-session-button = Esse botão não pertence a nenhuma sessão de alongamento.

## Botões de um lembrete, e erros
answer-apology = Desculpe, algo deu errado do nosso lado. Tente de novo em um instante.
answer-group-server-only = Este botão só funciona no servidor em que foi publicado.
answer-group-open = Sala de espera aberta, e você está dentro. Os outros podem entrar pelo botão.
answer-group-running = Já há um alongamento em grupo em andamento aqui: { $link }
answer-stretch-gone = Esse alongamento não está mais na minha biblioteca.
answer-button-stale = Este botão não faz mais nada.
answer-manage-server = Você precisa da permissão Gerenciar servidor para usar este comando.
answer-guild-only = Este comando só funciona em um servidor.
answer-needs-the-bot = Para isso preciso estar aqui: um admin pode me adicionar com <{ $link }>.
answer-bad-option = Uma das opções não fez sentido para mim; confira e tente de novo.

## /alongamento iniciar
answer-restarting = Estou reiniciando agora; tente de novo em um minuto.
answer-unknown-routine = Não conheço nenhuma rotina chamada "{ $name }"; escolha uma da lista.
answer-chain-no-sets = { $name } define as próprias permanências e é feita uma vez só: deixe de fora séries e permanência.
answer-sets-range = { $name } pode ser feito em { $min } a { $max } séries; escolha um número nesse intervalo.
answer-hold-range = A permanência de { $name } deve durar entre { $min } e { $max } segundos.
answer-lobby-range = A sala de espera pode ficar aberta entre 0 e { $max } segundos.
answer-server-full = Este servidor já tem { $count } sessões de alongamento em andamento, o máximo permitido ao mesmo tempo; participe de uma delas ou tente de novo quando alguma terminar.
answer-already-running-link = Já há uma sessão de alongamento em andamento aqui: { $link }
answer-already-running = Já há uma sessão de alongamento em andamento aqui.
answer-cannot-post = Não consigo publicar neste canal; verifique se tenho permissão para enviar mensagens aqui.
answer-starts-now = Sua sessão de alongamento começa agora.
answer-open = Sua sessão de alongamento está aberta: ela começa { $time } e qualquer pessoa aqui pode participar.
answer-unknown-stretch = Não conheço nenhum alongamento chamado "{ $name }": escolha um da lista enquanto digita.
answer-text-channel-only = Alongamentos em grupo acontecem no canal de texto de um servidor.
answer-missing-permissions = Não consigo conduzir um alongamento aqui: preciso da permissão { $permissions } neste canal.
answer-cannot-send-here = Você precisa da permissão Enviar mensagens neste canal para iniciar um alongamento em grupo aqui.
answer-permission-view-channel = Ver canal
answer-permission-send-messages = Enviar mensagens
answer-permission-embed-links = Inserir links
