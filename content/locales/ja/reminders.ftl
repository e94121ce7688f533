# Answers of /reminders.
reminders-language-set = このサーバーの投稿（お知らせ、参加受付、セッションの手順）は今後 { $language } になります。
