# /help: o que o bot sabe fazer.
help-title = stretchbot: faça suas pausas para alongar
help-description = Alongamentos curtos e guiados para sua equipe, direto no canal.
help-childspose = Postura da criança (Balasana): visão geral, passos, segurança, anatomia, benefícios ou tudo junto.
help-stretch-info = Qualquer alongamento ou rotina da biblioteca do bot, mostrado do mesmo jeito.
help-stretch-start = Conduza o canal em um alongamento em grupo ao vivo ou em uma rotina de vários: as pessoas entram pelo botão.
help-stretch-control = Controle a sessão em andamento (quem a iniciou, ou qualquer pessoa com Gerenciar mensagens).
help-reminders = Lembretes diários de alongamento (um alongamento diferente a cada dia; onde: mesa, chão ou qualquer) e alongamentos em grupo agendados (Gerenciar servidor).
help-nudges = Pausas pessoais para alongar por mensagem direta no seu horário de trabalho, com adiar e parar com um toque (só se você ativar).
help-stats = Seus registros, sequências e um gráfico de 8 semanas (me), a semana da equipe (server), se seu nome aparece (share), ou apague o que o bot guarda sobre você (forget-me).
