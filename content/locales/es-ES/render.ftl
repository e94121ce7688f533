# Las etiquetas de las fichas de estiramiento (/childspose, /stretch info, stretchbot preview).
render-why = ¿Por qué practicarla?
render-hold = Mantener
render-sets = Series
render-how-often = Con qué frecuencia
render-sets-range = de { $min } a { $max }
render-step = Paso { $n } — { $title }
render-duration = Duración y repeticiones
render-duration-text =
    Mantener: { $hold }
    Series: { $sets }
    Frecuencia: { $often }
render-steps-title = { $name }: paso a paso
render-safety-title = { $name }: con seguridad
render-coming-out = Salir de la postura
render-anatomy-title = { $name }: qué trabaja
render-benefits-title = { $name }: a quién ayuda
render-especially = Especialmente útil para:
render-where = Dónde:

## La ficha de una rutina (/estirar info para un archivo de rutina)
render-seq-hold = { $secs } s de mantenimiento
render-seq-hold-sides = { $secs } s de mantenimiento por lado ({ $sides })
render-seq-then = , luego{" "}
render-seq-live = Unos { $length } como sesión en directo: `{ $command }`.
render-side = { $side ->
    [left] izquierdo
    [right] derecho
   *[other] { $side }
}
render-position = { $position ->
    [floor] en el suelo
    [seated] sentado
   *[standing] de pie
}
render-equipment = { $equipment ->
    [chair] silla
    [wall] pared
    [mat] esterilla
   *[none] sin material
}
render-area = { $area ->
    [back] espalda
    [calves] gemelos
    [chest] pecho
    [forearms] antebrazos
    [glutes] glúteos
    [hamstrings] isquiotibiales
    [hips] caderas
    [neck] cuello
    [shoulders] hombros
    [thighs] muslos
    [upper-back] parte alta de la espalda
    [waist] cintura
    [wrists] muñecas
   *[other] { $area }
}
render-seq-length = { $min ->
    [0] { $sec } s
   *[other] { $sec ->
        [0] { $min } min
       *[other] { $min } min { $sec } s
    }
}
