# セッションの操作やボタンを使った本人にだけ見える返答（その人の言語で）。

## セッションの操作
answer-not-here = このボタンは別のチャンネルのストレッチセッションのものです。そちらのボタンを使ってください。
answer-ended = このストレッチセッションはすでに終了しています。
answer-too-fast = セッションの操作が速すぎます。少し待ってからもう一度お試しください。
answer-not-started = セッションはまだ始まっていません。
answer-already-started = セッションはすでに始まっています。
answer-already-paused = セッションはすでに一時停止中です。
answer-paused-resume-first = セッションは一時停止中です。先に再開してください。
answer-not-paused = セッションは一時停止していません。
answer-nothing-to-skip = これが最後のステップです。今すぐ終えるには「終了」を使ってください。
answer-out-of-order = 順番が前後して届きました。もう一度お試しください。
answer-too-many-adjustments = このセッションはこれ以上、一時停止・スキップ・早めの開始ができません（1セッションにつき最大{ $max }回）。時間が足りなければ、終了して新しいセッションを始めてください。
answer-only-starter = { $action ->
    [start] このセッションを開始できるのは、始めた本人か、ここでメッセージの管理ができる人だけです。
    [cancel] このセッションを中止できるのは、始めた本人か、ここでメッセージの管理ができる人だけです。
    [pause] このセッションを一時停止できるのは、始めた本人か、ここでメッセージの管理ができる人だけです。
    [resume] このセッションを再開できるのは、始めた本人か、ここでメッセージの管理ができる人だけです。
    [skip] このセッションのステップを飛ばせるのは、始めた本人か、ここでメッセージの管理ができる人だけです。
   *[stop] このセッションを終了できるのは、始めた本人か、ここでメッセージの管理ができる人だけです。
}
answer-starting-now = 今すぐ始めます！
answer-cancelled = 中止しました。待合室のメッセージにもそう表示されます。
answer-stopped = 終了しました。今からまとめを投稿します。
answer-pause-in-lobby = セッションはまだ始まっていません。今すぐ開始するか、中止できます。
answer-paused = 一時停止しました。全員の準備ができたら「再開」を押してください。
answer-resumed = 再開しました。
answer-skip-in-lobby = セッションはまだ始まっていません。「今すぐ開始」で始められます。
answer-skipped = 次のステップに進みました。
answer-join-closed-one-set = 参加の受付は終了しました：セッションはすでに始まっています。
answer-join-closed-last-set = 参加の受付は終了しました：最後のセットがすでに始まっています。
answer-already-in = すでに参加しています。
answer-in-starts = 参加しました！{ $time }に始まります。
answer-in-after-pause = 参加しました！一時停止が終わりしだい始まります。
answer-in-running = 参加しました！今のステップから加わってください。
answer-not-in = このセッションには参加していませんでした。
answer-left = セッションを抜けました。
answer-none-here = このチャンネルで進行中のストレッチセッションはありません。
answer-not-a-session-button = このボタンはどのストレッチセッションのものでもありません。

## お知らせのボタンとエラー
answer-apology = 申し訳ありません。こちら側で問題が起きました。少ししてからもう一度お試しください。
answer-group-server-only = このボタンは投稿されたサーバーの中でだけ使えます。
answer-group-open = 待合室を開き、あなたも参加しました。ほかの人はボタンから参加できます。
answer-group-running = ここではすでにグループストレッチが進行中です：{ $link }
answer-stretch-gone = そのストレッチはもうライブラリにありません。
answer-button-stale = このボタンはもう何もしません。
answer-manage-server = このコマンドを使うには「サーバー管理」の権限が必要です。
answer-guild-only = このコマンドはサーバーの中でだけ使えます。
answer-needs-the-bot = それを使うには私がこのサーバーにいる必要があるため、サーバーの管理者が <{ $link }> から私を追加できます。
answer-bad-option = オプションのひとつが理解できませんでした。確認してもう一度お試しください。

## /ストレッチ 開始
answer-restarting = ただいま再起動中です。1分ほどしてからもう一度お試しください。
answer-unknown-routine = 「{ $name }」というルーティンは見つかりません。リストから選んでください。
answer-chain-no-sets = { $name } はキープ時間が決まっていて1回だけ行います。セット数とキープ時間は指定しないでください。
answer-sets-range = { $name } は{ $min }〜{ $max }セットで行えます。その範囲の数を選んでください。
answer-hold-range = { $name } のキープ時間は{ $min }〜{ $max }秒の間で指定してください。
answer-lobby-range = 待合室を開いておける時間は0〜{ $max }秒です。
answer-server-full = このサーバーではすでに{ $count }件のストレッチセッションが進行中で、同時に開ける上限です。どれかに参加するか、終わってからもう一度お試しください。
answer-already-running-link = ここではすでにストレッチセッションが進行中です：{ $link }
answer-already-running = ここではすでにストレッチセッションが進行中です。
answer-cannot-post = このチャンネルに投稿できません。ここでメッセージを送信する権限があるか確認してください。
answer-starts-now = ストレッチセッションを今すぐ始めます。
answer-open = ストレッチセッションを開きました：{ $time }に始まり、ここにいる誰でも参加できます。
answer-unknown-stretch = 「{ $name }」というストレッチは見つかりません。入力しながらリストから選んでください。
answer-text-channel-only = グループストレッチはサーバーのテキストチャンネルで行います。
answer-missing-permissions = ここではストレッチを進行できません：このチャンネルで「{ $permissions }」の権限が必要です。
answer-cannot-send-here = ここでグループストレッチを始めるには、このチャンネルで「メッセージを送信」の権限が必要です。
answer-permission-view-channel = チャンネルを見る
answer-permission-send-messages = メッセージを送信
answer-permission-embed-links = 埋め込みリンク
