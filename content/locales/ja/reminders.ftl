# Answers of /reminders.
reminders-language-set = このサーバーの投稿（お知らせ、参加受付、セッションの手順）は今後 { $language } になります。
# サーバーの投稿に使える各言語の名前（読む人の言葉で）。
language-name-en-US = 英語
language-name-fr = フランス語
language-name-de = ドイツ語
language-name-es-ES = スペイン語
language-name-pt-BR = ポルトガル語
language-name-ja = 日本語

## 確認
# $created は /reminders add では "yes"、edit では "no"。$kind は選択肢の名前、$schedule は
# 「09:00 毎日 (Asia/Tokyo)」（お知らせなら「 · デスクでできるストレッチ」付き）、$next は reminders-next-* のどれか。
reminders-saved = { $created ->
    [yes] リマインダー #{ $number } を保存しました：{ $kind }・<#{ $channel }>・{ $schedule }。{ $next }。
   *[no] リマインダー #{ $number } を更新しました：{ $kind }・<#{ $channel }>・{ $schedule }。{ $next }。
}
reminders-saved-event = 次回のグループストレッチはサーバーイベントとしても表示されます。
reminders-removed = リマインダー #{ $number } を削除しました。今後 <#{ $channel }> に投稿することはありません。
reminders-paused = リマインダー #{ $number } を一時停止しました。再開するには /{ cmd-reminders } { cmd-reminders-resume } { $number } を使ってください。
reminders-resumed = リマインダー #{ $number } を再開しました。{ $next }。
reminders-skipped = リマインダー #{ $number } は { $when } をスキップします。{ $next }。
reminders-still-loading = このサーバーのチャンネルをまだ読み込み中のため、数秒後にもう一度お試しください。
reminders-test-posted = テストを投稿しました。これはその日のリマインダーには数えられず、本番はいつもの時刻に届きます。
reminders-test-pending = 現在 Discord の応答が遅れています。テスト投稿は送信中で、その日のリマインダーには数えられません。
reminders-timezone-set = このサーバーの新しいリマインダーは今後 { $zone } を使います。既存のものはそれぞれのタイムゾーンのままなので、変更するには /{ cmd-reminders } { cmd-reminders-edit } を使ってください。
reminders-next-at = 次回：{ $when }
reminders-next-none = 予定された次回はありません
reminders-next-paused = 一時停止中です
reminders-next-flagged = 一時停止中です：{ $reason }
reminders-next-stopped = 停止しています

## /reminders の断り（それぞれ一文）
refuse-unknown-id = このサーバーにリマインダー #{ $number } はないので、番号は /{ cmd-reminders } { cmd-reminders-list } で確認してください。
refuse-too-many = このサーバーにはすでに上限の { $max } 件のリマインダーがあるため、先に /{ cmd-reminders } { cmd-reminders-remove } で1件削除してください。
refuse-no-channel = リマインダーを投稿するテキストチャンネルを選んでください。
refuse-other-server-channel = そのチャンネルはこのサーバーのものではないので、このサーバーのテキストチャンネルを選んでください。
refuse-voice-channel = <#{ $channel }> はボイスチャンネルなので、リマインダーにはテキストチャンネルかアナウンスチャンネルを選んでください。
refuse-category = それはチャンネルではなくカテゴリーなので、その中のテキストチャンネルを選んでください。
refuse-not-text = リマインダーはテキストチャンネルかアナウンスチャンネルにしか投稿できないため、そのどちらかを選んでください。
refuse-cannot-send = <#{ $channel }> にメッセージを送信できないので、そこで「チャンネルを見る」と「メッセージを送信」の権限を与えるか、別のチャンネルを選んでください。
refuse-cannot-embed = <#{ $channel }> で埋め込みリンクが使えず、リマインダーは埋め込みなので、そこで「埋め込みリンク」の権限を与えるか、別のチャンネルを選んでください。
refuse-other-server-role = そのロールはこのサーバーのものではないので、メンションするロールをこのサーバーから選んでください。
refuse-role-not-mentionable = ロール「{ $role }」はメンションできず、あなたも全員をメンションする権限がないため、ロールをメンション可能にするか、別のロールを選んでください。
refuse-everyone-role = リマインダーが @{ "\u200B" }everyone や @{ "\u200B" }here をメンションすることはないので、特定のロールを選ぶか、指定せずにおいてください。
refuse-event-needs-group = サーバーイベントはグループのリマインダー専用なので、{ opt-reminders-add-kind } を { choice-group } にするか、{ opt-reminders-add-event } を外してください。
refuse-event-needs-permission = サーバーイベントを追加するには「イベントの作成」権限が必要なので、権限を与えるか、{ opt-reminders-add-event } を False にしてください。
refuse-edit-nothing = 変更する内容がないので、新しい時刻やチャンネルなど、オプションを少なくとも1つ指定してください。
refuse-changed-meanwhile = そのリマインダーは同時に変更されたため、/{ cmd-reminders } { cmd-reminders-list } を確認してからもう一度お試しください。
refuse-nothing-to-skip = リマインダー #{ $number } は動いていないためスキップできる回がないので、先に再開してください。
refuse-test-failed-gone = <#{ $channel }> に投稿できなかったので、チャンネルがまだあるか、そこでメッセージの送信と埋め込みリンクができるか確認してください。
refuse-zone-unknown = リマインダー #{ $number } のタイムゾーンはもう認識されないため、/{ cmd-reminders } { cmd-reminders-edit } { $number } と { opt-reminders-edit-timezone } オプションで別のものを選んでください。
refuse-channel-gone = リマインダー #{ $number } のチャンネルがなくなったため、/{ cmd-reminders } { cmd-reminders-edit } { $number } と { opt-reminders-edit-channel } オプションで新しいチャンネルを選んでください。
refuse-test-failed = Discord がいまテスト投稿を受け付けなかったので、1分後にもう一度お試しください。
refuse-group-other-channel = このお知らせのリマインダーは今は別のチャンネルに投稿しているので、そちらのお知らせのボタンを使ってください。
refuse-group-unavailable = グループストレッチはいま開始できないため、1分後にもう一度お試しください。
refuse-no-such-page = { $pages ->
    [1] このサーバーのリマインダーは1ページに収まるので、{ opt-reminders-list-page } を省くか、1ページ目を選んでください。
   *[other] このサーバーのリマインダーは { $pages } ページあるので、1 から { $pages } のページを選んでください。
}

## 管理者の入力が時刻・曜日・タイムゾーンとして読めないとき（それぞれ一文）
input-time-empty = 09:30 や 17:00 のように、24時間表記の HH:MM で時刻を入力してください。
input-time-format = 「{ $input }」は時刻ではないので、09:30 や 17:00 のように24時間表記の HH:MM を使ってください。
input-time-minute-digits = { $second ->
    [none] 分は { $first } のように2桁で書いてください。
   *[other] 分は { $first } や { $second } のように2桁で書いてください。
}
input-time-hour-range = 「{ $input }」は時刻ではなく、24時間表記の時は 00 から 23 までです。
input-time-minute-range = 「{ $input }」は時刻ではなく、分は 00 から 59 までです。
input-time-twelve-hour = 24時間表記を使い、「{ $input }」は { $time } と書いてください。
input-days-empty = 「every day」「weekdays」「weekends」、または mon,wed,fri のような一覧で曜日を選んでください。
input-days-unknown = 「{ $input }」は曜日ではないので、mon, tue, wed, thu, fri, sat, sun（または英語の正式名）、「weekdays」「weekends」「every day」のいずれかを使ってください。
input-zone-empty = Asia/Tokyo や America/New_York のようなタイムゾーンを入力するか、候補から選んでください。
input-zone-wrong-case = タイムゾーン名は大文字と小文字を区別しますが、{ $zone } のことですか？
input-zone-abbreviation = 「{ $input }」は夏時間を考慮しない略称なので、{ $zone } のような地名を使ってください。
input-zone-offset = 「{ $input }」のような固定の時差は夏時間を考慮しないので、Asia/Tokyo や America/New_York のような地名を使ってください。
input-zone-unknown = 「{ $input }」は既知のタイムゾーンではないので、候補から選ぶか、Asia/Tokyo のような IANA 名を使ってください。
input-message-too-long = そのメッセージは { $count } 文字あるので、{ $max } 文字以内にしてください。

## リマインダーの曜日と、お知らせの「場所」（上の返答と /reminders list で）
days-every-day = 毎日
days-weekdays = 平日
days-weekends = 週末
days-none = 曜日なし
days-separator = 、
day-mon = 月
day-tue = 火
day-wed = 水
day-thu = 木
day-fri = 金
day-sat = 土
day-sun = 日
place-desk = デスクでできるストレッチ
place-floor = 床でするストレッチ
place-any = すべてのストレッチ

## /reminders list
list-empty = このサーバーにはまだリマインダーがありません。/{ cmd-reminders } { cmd-reminders-add } で追加してください。
list-title = このサーバーのリマインダー（{ $count }/{ $max }）
list-title-page = このサーバーのリマインダー（{ $count }/{ $max }） · { $page }/{ $pages } ページ
list-description = 時刻はあなた自身のタイムゾーンで表示されます。番号は { cmd-reminders-edit }・{ cmd-reminders-remove }・{ cmd-reminders-pause }・{ cmd-reminders-resume }・{ cmd-reminders-skip }・{ cmd-reminders-test } で使います。
list-description-more = ほかのページ：/{ cmd-reminders } { cmd-reminders-list } { opt-reminders-list-page }:1 ～ { opt-reminders-list-page }:{ $pages }。
list-kind-prompt = <#{ $channel }> へのお知らせ
list-kind-group = <#{ $channel }> でのグループストレッチ
list-pings = <@&{ $role }> をメンション
list-custom-message = カスタムメッセージ
list-server-event = サーバーイベント
list-paused = ⏸ 一時停止中
list-flagged = ⚠ 要対応：{ $reason }
list-stopped = 停止：ボットがこのサーバーから削除されました
