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
