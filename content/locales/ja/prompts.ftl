# 毎日のストレッチのお知らせ（サーバーの言語で投稿）。
prompt-title = ストレッチ休憩：{ $name }
prompt-title-plain = ストレッチ休憩
prompt-running = このチャンネルではすでにグループストレッチが進行中です：こちらから参加できます { $link }
prompt-group-test = 設定した時刻になると、ここでグループストレッチの参加受付が始まり、受付が終わるとセッションが始まります。
prompt-footer = リマインダー #{ $number } · 管理者は /{ cmd-reminders } で管理します
prompt-footer-test = リマインダー #{ $number } のテスト：今日の分には数えません
prompt-show-how = やり方を見る
prompt-start-group = グループストレッチを始める
# グループリマインダーが次回分として管理する Discord イベントと、管理者へのお知らせ。
prompt-event-name = グループストレッチ：{ $name }
prompt-event-stretch = ストレッチ
prompt-event-description = { $location } で行うライブのグループストレッチ（{ $name }）です。開始時刻に待合室が{ $lobby }分間開きます。ボタンから参加して、約{ $session }分間一緒に進めましょう。
prompt-flagged = リマインダー #{ $number } は一時停止中です：{ $reason }。チャンネルを直してから /{ cmd-reminders } { cmd-reminders-resume } { $number } を使うか、/{ cmd-reminders } { cmd-reminders-edit } { $number } で別のチャンネルを選んでください。
# ストレッチに独自のお知らせ文がないときに使います（1日1文、順番に）。
prompt-fallback-1 = ストレッチ休憩の時間です！立ち上がって肩を回し、ゆっくり数回呼吸しましょう。
prompt-fallback-2 = ストレッチ休憩：画面から2分離れましょう。背中が喜びます。
prompt-fallback-3 = 少し手を止めてストレッチしましょう。しばらく同じ姿勢が続いています。
# ロールにメンションするリマインダーのテストは、誰にメンションするかを示すだけで、誰にもメンションしません。
prompt-test-pings = 時間になると、このリマインダーは { $role } にメンションします（テストでは誰にもメンションしません）。
