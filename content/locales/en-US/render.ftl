# The labels of the stretch cards (/childspose, /stretch info, stretchbot preview).
render-why = Why practise it?
render-hold = Hold
render-sets = Sets
render-how-often = How often
render-sets-range = { $min } to { $max }
render-step = Step { $n } — { $title }
render-duration = Duration and repetitions
render-duration-text =
    Hold: { $hold }
    Sets: { $sets }
    How often: { $often }
render-steps-title = { $name }: step by step
render-safety-title = { $name }: stay safe
render-coming-out = Coming out of the pose
render-anatomy-title = { $name }: what it works
render-benefits-title = { $name }: who it helps
render-especially = It is especially good for:
render-where = Where:

## A routine's card (/stretch info for a routine file)
render-seq-hold = { $secs } s hold
render-seq-hold-sides = { $secs } s hold per side ({ $sides })
render-seq-then = , then{" "}
render-seq-live = About { $length } as a live session: `{ $command }`.
render-side = { $side ->
    [left] left
    [right] right
   *[other] { $side }
}
render-position = { $position ->
    [floor] floor
    [seated] seated
   *[standing] standing
}
render-equipment = { $equipment ->
    [chair] chair
    [wall] wall
    [mat] mat
   *[none] none
}
render-area = { $area ->
    [back] back
    [calves] calves
    [chest] chest
    [forearms] forearms
    [glutes] glutes
    [hamstrings] hamstrings
    [hips] hips
    [neck] neck
    [shoulders] shoulders
    [thighs] thighs
    [upper-back] upper back
    [waist] waist
    [wrists] wrists
   *[other] { $area }
}
render-seq-length = { $min ->
    [0] { $sec } s
   *[other] { $sec ->
        [0] { $min } min
       *[other] { $min } min { $sec } s
    }
}
