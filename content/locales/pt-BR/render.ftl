# Os rótulos dos cartões de alongamento (/childspose, /stretch info, stretchbot preview).
render-why = Por que praticar?
render-hold = Manter
render-sets = Séries
render-how-often = Com que frequência
render-sets-range = { $min } a { $max }
render-step = Passo { $n } — { $title }
render-duration = Duração e repetições
render-duration-text =
    Manter: { $hold }
    Séries: { $sets }
    Frequência: { $often }
render-steps-title = { $name }: passo a passo
render-safety-title = { $name }: com segurança
render-coming-out = Saindo da postura
render-anatomy-title = { $name }: o que ela trabalha
render-benefits-title = { $name }: para quem ajuda
render-especially = Especialmente útil para:
render-where = Onde:
