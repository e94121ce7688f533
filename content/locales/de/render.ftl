# Die Beschriftungen der Dehnkarten (/childspose, /stretch info, stretchbot preview).
render-why = Warum üben?
render-hold = Halten
render-sets = Sätze
render-how-often = Wie oft
render-sets-range = { $min } bis { $max }
render-step = Schritt { $n } — { $title }
render-duration = Dauer und Wiederholungen
render-duration-text =
    Halten: { $hold }
    Sätze: { $sets }
    Wie oft: { $often }
render-steps-title = { $name }: Schritt für Schritt
render-safety-title = { $name }: sicher üben
render-coming-out = Aus der Haltung kommen
render-anatomy-title = { $name }: was sie bewirkt
render-benefits-title = { $name }: wem sie hilft
render-especially = Besonders hilfreich für:
render-where = Wo:
