# Answers of /reminders.
reminders-language-set = Die Beiträge dieses Servers (Erinnerungen, Warteräume, Schritte der Sitzungen) sind jetzt auf { $language }.
