# Answers of /reminders.
reminders-language-set = Les publications de ce serveur (rappels, salles d'attente, étapes des séances) sont désormais en { $language }.
