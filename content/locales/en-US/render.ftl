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
