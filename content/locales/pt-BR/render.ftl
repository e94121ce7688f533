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

## O cartão de uma rotina (/alongamento info para um arquivo de rotina)
render-seq-hold = { $secs } s de permanência
render-seq-hold-sides = { $secs } s de permanência por lado ({ $sides })
render-seq-then = , depois{" "}
render-seq-live = Cerca de { $length } como sessão ao vivo: `{ $command }`.
render-side = { $side ->
    [left] esquerdo
    [right] direito
   *[other] { $side }
}
render-position = { $position ->
    [floor] no chão
    [seated] sentado
   *[standing] em pé
}
render-equipment = { $equipment ->
    [chair] cadeira
    [wall] parede
    [mat] tapete
   *[none] sem equipamento
}
render-area = { $area ->
    [back] costas
    [calves] panturrilhas
    [chest] peito
    [forearms] antebraços
    [glutes] glúteos
    [hamstrings] posteriores da coxa
    [hips] quadris
    [neck] pescoço
    [shoulders] ombros
    [thighs] coxas
    [upper-back] parte superior das costas
    [waist] cintura
    [wrists] punhos
   *[other] { $area }
}
render-seq-length = { $min ->
    [0] { $sec } s
   *[other] { $sec ->
        [0] { $min } min
       *[other] { $min } min { $sec } s
    }
}
