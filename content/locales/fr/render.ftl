# Les libellés des fiches d'étirement (/childspose, /stretch info, stretchbot preview).
render-why = Pourquoi la pratiquer ?
render-hold = Maintien
render-sets = Séries
render-how-often = À quelle fréquence
render-sets-range = { $min } à { $max }
render-step = Étape { $n } — { $title }
render-duration = Durée et répétitions
render-duration-text =
    Maintien : { $hold }
    Séries : { $sets }
    Fréquence : { $often }
render-steps-title = { $name } : étape par étape
render-safety-title = { $name } : en toute sécurité
render-coming-out = Sortir de la posture
render-anatomy-title = { $name } : ce qu'elle fait travailler
render-benefits-title = { $name } : à qui elle profite
render-especially = Particulièrement utile pour :
render-where = Où :

## La fiche d'un enchaînement (/étirement info pour un fichier d'enchaînement)
render-seq-hold = maintien de { $secs } s
render-seq-hold-sides = maintien de { $secs } s par côté ({ $sides })
render-seq-then = , puis{" "}
render-seq-live = Environ { $length } en séance en direct : `{ $command }`.
render-side = { $side ->
    [left] gauche
    [right] droit
   *[other] { $side }
}
render-position = { $position ->
    [floor] au sol
    [seated] assis
   *[standing] debout
}
render-equipment = { $equipment ->
    [chair] chaise
    [wall] mur
    [mat] tapis
   *[none] aucun matériel
}
render-area = { $area ->
    [back] dos
    [calves] mollets
    [chest] poitrine
    [forearms] avant-bras
    [glutes] fessiers
    [hamstrings] ischio-jambiers
    [hips] hanches
    [neck] nuque
    [shoulders] épaules
    [thighs] cuisses
    [upper-back] haut du dos
    [waist] taille
    [wrists] poignets
   *[other] { $area }
}
render-seq-length = { $min ->
    [0] { $sec } s
   *[other] { $sec ->
        [0] { $min } min
       *[other] { $min } min { $sec } s
    }
}
