# Check-ins, streaks and /stats (issue #17). Command keys follow commands.ftl's scheme:
# cmd-<command path>, opt-<command path>-<option>, choice-<choice>.

cmd-stats = 記録
    .description = あなたのストレッチ記録と連続日数、今週のチームの様子。
cmd-stats-me = 自分
    .description = あなたの記録、連続日数、ストレッチした分数とグラフ（あなただけに表示）。
cmd-stats-server = サーバー
    .description = 今週のチームの合計とグラフ。
cmd-stats-share = 公開
    .description = このサーバーの /記録 サーバー にあなたの名前を表示するかどうか。
opt-stats-share-setting = 設定
    .description = オン：記録とともに名前を表示、オフ：数には入るが名前は出さない
choice-on = オン
choice-off = オフ
cmd-stats-forget-me = 記録を削除
    .description = ボットが保存しているあなたのデータをすべて削除します（確認あり）。

stats-checkin-button = ストレッチした
stats-checkin-count-name = ストレッチした人
stats-checkin-count-value = { $count } 人
stats-checkin-done = いいですね！連続 { $streak } 日です。
stats-checkin-again = このリマインダーにはすでに記録済みです。連続 { $streak } 日です。
stats-checkin-server-only = このボタンは投稿されたサーバーでのみ使えます。

stats-me-title = あなたのストレッチ
stats-me-empty = まだ記録がありません。毎日のリマインダーで「ストレッチした」を押すか、グループストレッチに参加してください。
stats-me-week = 今週
stats-me-checkins = { $count } 回
stats-me-current = 現在の連続日数
stats-me-best = 最長の連続日数
stats-days = { $count } 日
stats-me-minutes = 今週ストレッチした分数
stats-minutes = { $count } 分
stats-me-footer = 連続日数は、{ $zone } の時刻で1回以上記録した日を数えます。

stats-server-title = 今週のこのサーバーのストレッチ
stats-server-people = 人数
stats-server-checkins = 記録
stats-server-sessions = グループストレッチ
stats-server-minutes = ストレッチした分数
stats-server-named = 記録を公開している人
stats-server-nobody-named = ここではまだ誰も名前を公開していません。/記録 公開 オン で公開できます。
stats-server-named-line = { $person }：{ $count }

stats-chart-alt = 過去8週間の週ごとの記録数の棒グラフ（古い順）：{ $weeks }。
stats-chart-week = { $date } の週：{ $count }

stats-share-on = これから /記録 サーバー で、あなたの名前と記録がこのサーバーに表示されます。
stats-share-off = これから /記録 サーバー では、あなたの記録は名前なしで数えられます。

stats-forget-confirm = ボットが保存しているあなたの記録、連続日数、統計とリマインダーの設定を、すべてのサーバーから削除します。元に戻せません。
stats-forget-button = データを削除
stats-forget-done = 完了しました。ボットはもうあなたのデータを保存していません。
stats-forget-not-yours = 確認できるのはリクエストした本人だけです。
