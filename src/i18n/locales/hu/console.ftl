# A kezelőfelület (console/, a /console címen): minden szövege. A böngésző a
# /console/locales/<nyelv>.ftl címről tölti le. Az azonosítók `console-` előtagúak (a dokumentumok is ezt a mappát olvassák).

## Keret

console-skip-to-content = Ugrás a tartalomra
console-language = Nyelv
console-nav-label = Fő navigáció
console-signed-in-as = { $name } ({ $roles })
console-sign-out = Kijelentkezés
console-loading = Betöltés…
console-not-found = Nincs ilyen oldal
console-home = Kezdőlap
console-nav-home = Kezdőlap
console-home-title = Üdvözöljük, { $name }
console-home-intro = Válassza ki, min szeretne dolgozni.
console-screen-failed = Ezt a képernyőt nem sikerült megjeleníteni
console-retry = Újra
console-dismiss = Bezárás
console-reload = Újratöltés
console-refresh = Frissítés
console-conflict-title = Valaki más időközben módosította
console-conflict-detail = A módosítása nem lett mentve. Töltse újra az aktuális változatot, majd végezze el újra a módosítást.

## Bejelentkezés

console-sign-in-title = Bejelentkezés a billstreambe
console-sign-in-user = Felhasználónév
console-sign-in-password = Jelszó
console-sign-in-submit = Bejelentkezés
console-sign-in-wrong = Hibás felhasználónév vagy jelszó.
console-sign-in-locked = A felhasználó a túl sok sikertelen kísérlet miatt zárolva van. { $detail }
console-session-expired = A munkamenete lejárt. Kérjük, jelentkezzen be újra.

## Táblázatok és űrlapok

console-table-empty = Nincs megjeleníthető adat.
console-pager-label = { $caption } oldalai
console-page-previous = Előző oldal
console-page-next = Következő oldal
console-page-number = { $page }. oldal
console-search = Keresés
console-none = (nincs)
console-create = Létrehozás
console-edit = Módosítás
console-save = Mentés
console-saving = Mentés…
console-cancel = Mégse
console-field-required = Kötelező.
console-field-too-long = Legfeljebb { $max } karakter.
console-field-format = Nem a várt formátumú.
console-yes-no = { $value ->
    [true] igen
   *[false] nem
}
console-id-hint = Betűk, számjegyek és _ . : - (legfeljebb 64), betűvel vagy számjeggyel kezdve.
console-country-hint = Két nagybetű (ISO 3166), pl. HU.
console-currency-hint = Három nagybetű (ISO 4217), pl. HUF.
console-language-hint = Nyelvi címke, pl. hu vagy en-GB.
console-time-zone-hint = IANA időzóna, pl. Europe/Budapest.
console-updated-at = Utolsó módosítás
console-external-id = Külső azonosító

## Előzmények

console-history = Előzmények
console-history-caption = Mi változott, mikor és ki módosította, a legújabb elöl
console-history-when = Mikor
console-history-who = Ki
console-history-what = Mi változott
console-history-set = { $field }: { $to }
console-history-changed = { $field }: { $from } → { $to }

## Ügyfelek

console-nav-clients = Ügyfelek
console-clients-title = Ügyfelek
console-clients-create = Új ügyfél
console-clients-search = A név eleje
console-clients-caption = Minden ügyfél
console-clients-caption-search = Ügyfelek, akiknek a neve így kezdődik: „{ $name }”
console-clients-none-found = Nincs ügyfél, akinek a neve így kezdődik: „{ $name }”.
console-client-edit-title = { $name } módosítása
console-client-id = Ügyfélazonosító
console-client-name = Név
console-client-type = Típus
console-client-type-value = { $type ->
    [person] magánszemély
    [company] cég
   *[other] { $type }
}
console-client-status = Állapot
console-client-status-value = { $status ->
    [prospect] érdeklődő
    [active] aktív
    [suspended] felfüggesztett
    [closed] lezárt
   *[other] { $status }
}
console-client-country = Ország
console-client-language = A dokumentumok nyelve
console-client-currency = Pénznem
console-client-time-zone = Időzóna
console-client-vat-id = Adószám
console-client-email = E-mail
console-client-city = Település
console-client-partner = Partnerazonosító
console-client-agent = Üzletkötő-azonosító
console-address = Cím
console-address-line1 = Utca, házszám
console-address-line2 = Cím 2. sora
console-address-postal-code = Irányítószám
console-address-city = Település

## Szerződések, szolgáltatási pontok, előfizetések

console-nav-contracts = Szerződések
console-contracts-caption = Szerződések
console-contract-number = Szám
console-contract-legal-entity = Kibocsátó cég
console-contract-start = Kezdete
console-contract-end = Vége
console-contract-cycle = Számlázási ciklus
console-contract-cycle-value = { $cycle ->
    [monthly] havi
    [quarterly] negyedéves
    [yearly] éves
   *[other] { $cycle }
}
console-contract-currency = Pénznem
console-nav-service-points = Szolgáltatási pontok
console-service-points-caption = Szolgáltatási pontok
console-service-point-id = Szolgáltatási pont azonosítója
console-service-point-identifiers = Azonosítók
console-service-point-active = Aktív
console-nav-subscriptions = Előfizetések
console-subscriptions-caption = Előfizetések
console-subscription-id = Előfizetés azonosítója
console-subscription-service-point = Szolgáltatási pont
console-subscription-tariff = Díjcsomag
console-subscription-start = Kezdete
console-subscription-end = Vége
console-subscription-quantity = Mennyiség
