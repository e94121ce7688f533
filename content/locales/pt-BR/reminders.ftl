# Answers of /reminders.
reminders-language-set = As publicações deste servidor (lembretes, salas de espera, passos das sessões) agora estão em { $language }.
# O nome de cada idioma em que o servidor pode publicar, como quem lê o diz.
language-name-en-US = inglês
language-name-fr = francês
language-name-de = alemão
language-name-es-ES = espanhol
language-name-pt-BR = português
language-name-ja = japonês

## Confirmações
# $created é "yes" em /reminders add e "no" em edit; $kind é o nome da opção; $schedule é
# "09:00 todos os dias (America/Sao_Paulo)", com " · alongamentos na mesa" num lembrete; $next é
# um dos reminders-next-*.
reminders-saved = { $created ->
    [yes] Lembrete nº { $number } salvo: { $kind } em <#{ $channel }> às { $schedule }. { $next }.
   *[no] Lembrete nº { $number } atualizado: { $kind } em <#{ $channel }> às { $schedule }. { $next }.
}
reminders-saved-event = Um evento do servidor mostra o próximo alongamento em grupo.
reminders-removed = Lembrete nº { $number } removido: ele não vai mais publicar em <#{ $channel }>.
reminders-paused = O lembrete nº { $number } está pausado: use /{ cmd-reminders } { cmd-reminders-resume } { $number } para ativá-lo de novo.
reminders-resumed = O lembrete nº { $number } está funcionando de novo. { $next }.
reminders-skipped = O lembrete nº { $number } vai pular { $when }. { $next }.
reminders-still-loading = Ainda estou carregando os canais deste servidor: tente de novo em alguns segundos.
reminders-test-posted = Teste publicado. Ele não conta como o lembrete do dia, que ainda chega no horário.
reminders-test-pending = O Discord está lento agora: a publicação de teste está a caminho e não conta como o lembrete do dia.
reminders-timezone-set = Os novos lembretes deste servidor agora usam { $zone }. Os que já existem mantêm o próprio fuso: altere um com /{ cmd-reminders } { cmd-reminders-edit }.
reminders-next-at = Próximo: { $when }
reminders-next-none = Sem próximo horário
reminders-next-paused = Ele está pausado
reminders-next-flagged = Ele está pausado: { $reason }
reminders-next-stopped = Ele está parado

## Recusas de /reminders: uma frase cada
refuse-unknown-id = Não existe lembrete nº { $number } neste servidor: veja os números em /{ cmd-reminders } { cmd-reminders-list }.
refuse-too-many = Este servidor já tem { $max } lembretes, o máximo possível: remova um primeiro com /{ cmd-reminders } { cmd-reminders-remove }.
refuse-no-channel = Escolha o canal de texto em que o lembrete deve publicar.
refuse-other-server-channel = Esse canal não é deste servidor: escolha um dos canais de texto deste servidor.
refuse-voice-channel = <#{ $channel }> é um canal de voz: escolha um canal de texto ou de anúncios para os lembretes.
refuse-category = Isso é uma categoria, não um canal: escolha um canal de texto dentro dela.
refuse-not-text = Lembretes só podem publicar em um canal de texto ou de anúncios: escolha um desses.
refuse-cannot-send = Não consigo enviar mensagens em <#{ $channel }>: me dê Ver canal e Enviar mensagens lá, ou escolha outro canal.
refuse-cannot-embed = Não consigo incorporar links em <#{ $channel }>, e lembretes são incorporações: me dê Inserir links lá, ou escolha outro canal.
refuse-other-server-role = Esse cargo não é deste servidor: escolha um dos cargos deste servidor para mencionar.
refuse-role-not-mentionable = O cargo "{ $role }" não pode ser mencionado, e você não pode mencionar todos: torne o cargo mencionável, ou escolha outro.
refuse-everyone-role = Lembretes nunca mencionam @{ "\u200B" }everyone nem @{ "\u200B" }here: escolha um cargo específico para mencionar, ou deixe sem.
refuse-event-needs-group = Eventos do servidor são só para lembretes em grupo: defina { opt-reminders-add-kind } como { choice-group }, ou tire { opt-reminders-add-event }.
refuse-event-needs-permission = Preciso da permissão Criar eventos para adicionar um evento ao servidor: conceda-a para mim, ou defina { opt-reminders-add-event } como False.
refuse-edit-nothing = Nada para alterar: informe pelo menos uma opção, como um novo horário ou canal.
refuse-changed-meanwhile = Esse lembrete mudou no mesmo instante: confira /{ cmd-reminders } { cmd-reminders-list } e tente de novo.
refuse-nothing-to-skip = O lembrete nº { $number } não está ativo, então não há nada para pular: retome-o primeiro.
refuse-test-failed-gone = Não consegui publicar em <#{ $channel }>: confira se ele ainda existe e se posso enviar mensagens e incorporar links lá.
refuse-zone-unknown = O fuso horário do lembrete nº { $number } não é mais reconhecido: escolha outro com /{ cmd-reminders } { cmd-reminders-edit } { $number } e a opção { opt-reminders-edit-timezone }.
refuse-channel-gone = O canal do lembrete nº { $number } não existe mais: escolha um novo com /{ cmd-reminders } { cmd-reminders-edit } { $number } e a opção { opt-reminders-edit-channel }.
refuse-test-failed = O Discord não aceitou a publicação de teste agora: tente de novo daqui a um minuto.
refuse-group-other-channel = O lembrete deste convite agora publica em outro canal: use o botão de um convite de lá.
refuse-group-unavailable = Alongamentos em grupo não podem começar agora: tente de novo daqui a um minuto.
refuse-no-such-page = { $pages ->
    [1] Os lembretes deste servidor cabem em uma página: deixe { opt-reminders-list-page } de fora, ou escolha a página 1.
   *[other] Os lembretes deste servidor ocupam { $pages } páginas: escolha uma página de 1 a { $pages }.
}

## O que um admin digitou e não é um horário, dias ou um fuso horário (uma frase cada)
input-time-empty = Digite um horário no formato de 24 horas HH:MM, como 09:30 ou 17:00.
input-time-format = "{ $input }" não é um horário: use o formato de 24 horas HH:MM, como 09:30 ou 17:00.
input-time-minute-digits = { $second ->
    [none] Os minutos precisam de dois dígitos, como { $first }.
   *[other] Os minutos precisam de dois dígitos, como { $first } ou { $second }.
}
input-time-hour-range = "{ $input }" não é um horário: as horas vão de 00 a 23 no relógio de 24 horas.
input-time-minute-range = "{ $input }" não é um horário: os minutos vão de 00 a 59.
input-time-twelve-hour = Use o relógio de 24 horas: escreva "{ $input }" como { $time }.
input-days-empty = Escolha os dias: "every day", "weekdays", "weekends" ou uma lista como mon,wed,fri.
input-days-unknown = "{ $input }" não é um dia: use mon, tue, wed, thu, fri, sat, sun (ou os nomes completos em inglês), "weekdays", "weekends" ou "every day".
input-zone-empty = Digite um fuso horário como America/Sao_Paulo ou Europe/Lisbon, ou escolha um das sugestões.
input-zone-wrong-case = Nomes de fusos horários diferenciam maiúsculas de minúsculas: você quis dizer { $zone }?
input-zone-abbreviation = "{ $input }" é uma abreviação que ignora o horário de verão: use um nome de lugar como { $zone }.
input-zone-offset = Deslocamentos fixos como "{ $input }" ignoram o horário de verão: use um nome de lugar como America/Sao_Paulo ou Europe/Lisbon.
input-zone-unknown = "{ $input }" não é um fuso horário conhecido: escolha um das sugestões ou use um nome IANA como America/Sao_Paulo.
input-message-too-long = Essa mensagem tem { $count } caracteres: mantenha em no máximo { $max }.

## Os dias de um lembrete e o "onde" de um convite, acima e em /reminders list
days-every-day = todos os dias
days-weekdays = em dias úteis
days-weekends = nos fins de semana
days-none = nenhum dia
days-separator = { ", " }
day-mon = seg
day-tue = ter
day-wed = qua
day-thu = qui
day-fri = sex
day-sat = sáb
day-sun = dom
place-desk = alongamentos na mesa
place-floor = alongamentos no chão
place-any = todos os alongamentos

## /reminders list
list-empty = Este servidor ainda não tem lembretes: adicione um com /{ cmd-reminders } { cmd-reminders-add }.
list-title = Lembretes deste servidor ({ $count }/{ $max })
list-title-page = Lembretes deste servidor ({ $count }/{ $max }) · página { $page } de { $pages }
list-description = Os horários aparecem no seu próprio fuso. Use o número com { cmd-reminders-edit }, { cmd-reminders-remove }, { cmd-reminders-pause }, { cmd-reminders-resume }, { cmd-reminders-skip } ou { cmd-reminders-test }.
list-description-more = Há mais nas outras páginas: /{ cmd-reminders } { cmd-reminders-list } { opt-reminders-list-page }:1 a { opt-reminders-list-page }:{ $pages }.
list-kind-prompt = Convite em <#{ $channel }>
list-kind-group = Alongamento em grupo em <#{ $channel }>
list-pings = menciona <@&{ $role }>
list-custom-message = mensagem personalizada
list-server-event = evento do servidor
list-paused = ⏸ Pausado
list-flagged = ⚠ Sinalizado: { $reason }
list-stopped = Parado: o bot foi removido deste servidor
