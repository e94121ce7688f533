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

## ルーティンのカード（ルーティンファイルの info）
render-seq-hold = { $secs }秒キープ
render-seq-hold-sides = 左右それぞれ{ $secs }秒キープ（{ $sides }）
render-seq-then = 、次に
render-seq-live = ライブセッションで約{ $length }：`{ $command }`
render-side = { $side ->
    [left] 左
    [right] 右
   *[other] { $side }
}
render-position = { $position ->
    [floor] 床で
    [seated] 座って
   *[standing] 立って
}
render-equipment = { $equipment ->
    [chair] 椅子
    [wall] 壁
    [mat] マット
   *[none] 道具なし
}
render-area = { $area ->
    [back] 背中
    [calves] ふくらはぎ
    [chest] 胸
    [forearms] 前腕
    [glutes] お尻
    [hamstrings] ハムストリング
    [hips] 股関節
    [neck] 首
    [shoulders] 肩
    [thighs] 太もも
    [upper-back] 背中上部
    [waist] 腰回り
    [wrists] 手首
   *[other] { $area }
}
render-seq-length = { $min ->
    [0] { $sec }秒
   *[other] { $sec ->
        [0] { $min }分
       *[other] { $min }分{ $sec }秒
    }
}
