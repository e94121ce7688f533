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
