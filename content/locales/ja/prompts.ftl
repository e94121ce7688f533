# 毎日のストレッチのお知らせ（サーバーの言語で投稿）。
prompt-title = ストレッチ休憩：{ $name }
prompt-title-plain = ストレッチ休憩
prompt-running = このチャンネルではすでにグループストレッチが進行中です：こちらから参加できます { $link }
prompt-group-test = 設定した時刻になると、ここでグループストレッチの参加受付が始まり、受付が終わるとセッションが始まります。
prompt-footer = リマインダー #{ $number } · 管理者は /reminders で管理します
prompt-footer-test = リマインダー #{ $number } のテスト：今日の分には数えません
prompt-show-how = やり方を見る
prompt-start-group = グループストレッチを始める
