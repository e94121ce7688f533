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

## Die Karte einer Abfolge (/dehnen info für eine Abfolge-Datei)
render-seq-hold = { $secs } s halten
render-seq-hold-sides = { $secs } s pro Seite halten ({ $sides })
render-seq-then = , dann{" "}
render-seq-live = Etwa { $length } als Live-Session: `{ $command }`.
render-side = { $side ->
    [left] links
    [right] rechts
   *[other] { $side }
}
render-position = { $position ->
    [floor] am Boden
    [seated] im Sitzen
   *[standing] im Stehen
}
render-equipment = { $equipment ->
    [chair] Stuhl
    [wall] Wand
    [mat] Matte
   *[none] nichts nötig
}
render-area = { $area ->
    [back] Rücken
    [calves] Waden
    [chest] Brust
    [forearms] Unterarme
    [glutes] Gesäß
    [hamstrings] hintere Oberschenkel
    [hips] Hüften
    [neck] Nacken
    [shoulders] Schultern
    [thighs] Oberschenkel
    [upper-back] oberer Rücken
    [waist] Taille
    [wrists] Handgelenke
   *[other] { $area }
}
render-seq-length = { $min ->
    [0] { $sec } s
   *[other] { $sec ->
        [0] { $min } min
       *[other] { $min } min { $sec } s
    }
}
