# グループストレッチのセッションがチャンネルに投稿する文（サーバーの言語で）。
# Markdown（**太字**）と Discord のタイムスタンプ（{ $time }）はそのまま。{ $who } はメンション。
# 日本語には複数形がないため、数のバリエーションは使いません。

## 時間の長さ
session-secs = { $secs }秒
session-mins = { $mins }分
session-mins-secs = { $mins }分{ $secs }秒

## 内容（待合室と最初のステップ）
session-sets = { $sets }セット
session-plan = { $sets } · { $hold }キープ · 約{ $about }
session-plan-per-side = { $sets } · 片側{ $hold }キープ · 約{ $about }
session-plan-chain = ストレッチ{ $count }種 · 約{ $about }

## 人のリスト
session-nobody = なし
session-and-more = ほか{ $count }人

## ステップ
session-step-fallback = ステップ { $step }
session-step-heading = ステップ { $step }/{ $steps }：{ $title }
session-step-heading-in-set = セット { $set }/{ $sets } · ステップ { $step }/{ $steps }：{ $title }
session-ends = 、{ $time }に終了
session-hold = **{ $heading }**：{ $duration }キープ{ $ends }
session-halfway = **キープの折り返し地点**{ $ends }
session-rest = **休憩**：セット { $set }/{ $sets }
session-rest-starts = **休憩**：セット { $set }/{ $sets } は { $time }に始まります
session-start-heading = **ストレッチしましょう：{ $name }** · { $plan }
session-catch-up = **少し時間が空きました。今はここです。**

## 左右それぞれ行うストレッチとルーティン
session-switch-sides = 反対側へ
session-switch-cue = 反対側に替えます。{ $cue }
session-side-title = { $side ->
    [left] { $title }（左側）
    [right] { $title }（右側）
   *[other] { $title }（{ $side }側）
}
session-side-cue = { $side ->
    [left] 左側：{ $cue }
    [right] 右側：{ $cue }
   *[other] { $side }側：{ $cue }
}
session-routine-breathing = 折り返し地点です。ゆっくり呼吸を続けて。心地よい伸びまで、痛みは決して我慢しないでください。

## まとめ
session-stopped-by = **{ $who } さんが途中で終了しました。**
session-took-part = **参加者：**
session-done-chain = **完了：{ $name }。お疲れさまでした！**
session-done = **完了：{ $name }、{ $sets }。お疲れさまでした！**
session-stretched-together = **一緒にストレッチした人：**

## ボタン
session-button-pause = 一時停止
session-button-resume = 再開
session-button-skip = ステップを飛ばす
session-button-stop = 終了
session-button-join = 参加
session-button-leave = 抜ける
session-button-start = 今すぐ開始
session-button-cancel = 中止

## 待合室のメッセージ
session-lobby-title = **グループストレッチ：{ $name }**
session-lobby-starts = { $time }に開始します。
session-lobby-paused-start = 少しの間一時停止中です。開始時刻は停止した分だけずれます。
session-lobby-in = **参加者（{ $count }人）：**
session-lobby-by-reminder = このサーバーのストレッチリマインダーによる予定です。
session-lobby-by = { $who } さんが開始しました。
session-lobby-join = **参加** を押して一緒にストレッチしましょう。{ $by }
session-lobby-paused = { $title } は一時停止中です。
session-lobby-under-way = { $title } は進行中です。
session-lobby-still-open = 最後のセットが始まるまでは参加できます。
session-lobby-closed-one-set = セッションの開始とともに参加の受付は終了しました。
session-lobby-closed-last-set = 最後のセットが始まったため、参加の受付は終了しました。
session-lobby-done = { $title } は終了しました。参加してくれた皆さん、ありがとうございました：
session-lobby-stopped = { $title } は { $who } さんにより途中で終了しました。参加者：
session-lobby-cancelled-by-starter = { $title } は開始した { $who } さんにより中止されました。
session-lobby-cancelled = { $title } は { $who } さんにより中止されました。
session-lobby-nobody-joined = { $title } は始まりませんでした：誰も参加しませんでした。
session-lobby-everyone-left = { $title } は始まりませんでした：全員が待合室を抜けました。
session-lobby-offline = { $title } はボットがオフラインの間に終了しました。
session-lobby-failed = { $title } はこちら側の問題により停止しました。
session-lobby-ended = { $title } は終了しました。

## お知らせ
session-paused = ⏸ { $who } さんが **一時停止** しました。再開ボタンか `/ストレッチ 再開` で再開できます。
session-resumed = ▶ { $who } さんが **再開** しました。
session-back = ▶ **戻りました** — 中断したところから続けます。
session-now-starts = セッションは { $time }に始まります。
session-now = 現在：**{ $what }**。
session-now-until = 現在：**{ $what }**（{ $time }まで）。
session-now-rest = 休憩
session-paused-for-restart = ⏸ 短い再起動のため一時停止します — 中断したところから続けます。
session-closed-after-downtime = ボットが約{ $mins }分オフラインになり、一時停止中のセッションが待てる時間を過ぎたため、このストレッチセッションを終了しました。まだポーズの途中なら、ゆっくり起き上がってください。新しいセッションはいつでも `/ストレッチ 開始` で始められます。
session-ended-while-offline = このセッションはボットがオフラインの間に終わったため、やり直さずに終了しました。まだポーズの途中なら、ゆっくり起き上がってください。一緒にストレッチしてくれてありがとうございました！
session-apology = 申し訳ありません。こちら側で問題が起き、このストレッチセッションを停止しました。まだポーズの途中なら、ゆっくり起き上がってください。`/ストレッチ 開始` で新しいセッションを始められます。
