# ストレッチカードの見出し（/childspose、/stretch info、stretchbot preview）。
render-why = なぜ行うのか
render-hold = キープ
render-sets = セット数
render-how-often = 頻度
render-sets-range = { $min }～{ $max }
render-step = ステップ { $n } — { $title }
render-duration = 時間と回数
render-duration-text =
    キープ：{ $hold }
    セット数：{ $sets }
    頻度：{ $often }
render-steps-title = { $name }：手順
render-safety-title = { $name }：安全のために
render-coming-out = ポーズのほどき方
render-anatomy-title = { $name }：働きかける部位
render-benefits-title = { $name }：おすすめの人
render-especially = 特におすすめなのは：
render-where = 場所：
