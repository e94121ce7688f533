# /help: was der Bot kann.
help-title = stretchbot: Zeit für deine Dehnpausen
help-description = Kurze, angeleitete Dehnübungen für dein Team, direkt im Kanal.
help-childspose = Kindhaltung (Balasana): Überblick, Schritte, Sicherheit, Anatomie, Nutzen oder alles davon.
help-stretch-info = Jede Dehnübung oder Routine aus der Bibliothek des Bots, genauso gezeigt.
help-stretch-start = Führe den Kanal durch eine Live-Gruppendehnung oder eine Routine aus mehreren: Man macht per Knopf mit.
help-stretch-control = Steuere die laufende Sitzung (wer sie gestartet hat oder wer Nachrichten verwalten darf).
help-reminders = Tägliche Dehn-Erinnerungen (jeden Tag eine andere Übung; wo: Schreibtisch, Boden oder alle) und geplante Gruppendehnungen (Server verwalten).
help-nudges = Persönliche Dehnpausen per Direktnachricht in deiner Arbeitszeit, mit Schlummern und Stopp mit einem Tipp (nur wenn du sie einschaltest).
help-stats = Deine Check-ins, Serien und ein Diagramm über 8 Wochen (me), die Woche des Teams (server), ob du genannt wirst (share), oder lösche, was der Bot über dich speichert (forget-me).
