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
console-field-too-short = Legalább { $min } karakter.
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
console-client-status-change = Állapot módosítása
console-client-status-reason = Indoklás
console-client-status-submit = Állapot módosítása
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
console-contract-id = Szerződésazonosító
console-contract-client = Ügyfélazonosító
console-contracts-create = Új szerződés
console-contract-title = { $number } szerződés
console-contract-edit-title = A(z) { $number } szerződés módosítása
console-contract-number-hint = A szerződés száma a dokumentumokon; üresen hagyva az azonosító.
console-contract-end-hint = Az első már nem fedett nap (nem tartozik bele); üres, amíg a szerződés él.
console-contract-billing-start = Számlázás kezdete
console-contract-anchor-day = Ciklusnap (1–28)
console-contract-currency-hint = Három nagybetű; üresen hagyva az ügyfél pénzneme.
console-contract-payment-terms = Fizetési határidő (nap)
console-service-points-create = Új szolgáltatási pont
console-service-point-title = { $id } szolgáltatási pont
console-service-point-edit-title = A(z) { $id } szolgáltatási pont módosítása
console-service-point-contract = Szerződésazonosító
console-service-point-identifier = Azonosító (telefonszám, MAC-cím, felhasználónév)
console-service-point-identifiers-hint = Soronként egy: E.164 telefonszámok, MAC-címek, RADIUS-felhasználónevek.
console-service-point-country-hint = Két nagybetű; üresen hagyva az ügyfél országa.
console-subscriptions-create = Új előfizetés
console-subscription-title = { $id } előfizetés
console-subscription-edit-title = A(z) { $id } előfizetés módosítása
console-subscription-tariff-hint = Egy közzétett díjcsomag azonosítója, pl. FIBRE-100.
console-all = (mind)
console-history-fields = { $count ->
    [one] egy mező
   *[other] { $count } mező
}
console-clients-import = Ügyfelek importálása

## Fájlimport

console-nav-imports = Importálás
console-imports-title = Fájl importálása
console-imports-intro = A formátumokat a docs/formats.md írja le. Ugyanannak a fájlnak az újbóli importálása semmit sem változtat.
console-imports-none = Önnek nincs joga fájlt importálni.
console-import-kind = Mit importál
console-import-kind-value = { $kind ->
    [legal-entities] Kibocsátó cégek (YAML)
    [partners] Partnerek (CSV)
    [agents] Üzletkötők (CSV)
    [clients] Ügyfelek (CSV)
    [contracts] Szerződések (CSV)
    [service-points] Szolgáltatási pontok (CSV)
    [subscriptions] Előfizetések (CSV)
    [discounts] Kedvezményrendszerek (YAML)
    [usage] Forgalmi rekordok (CSV)
    [fx-rates] Árfolyamok (CSV)
    [holidays] Munkaszüneti napok (CSV)
    [payments] Befizetések (CSV)
   *[other] { $kind }
}
console-import-file = Fájl
console-import-file-hint = Egy { $type } fájl.
console-import-all-or-nothing = Az egész fájl elutasítása, ha bármelyik sor hibás
console-import-submit = Importálás
console-importing = Importálás…
console-import-result-ok = Importálva
console-import-result-rejected = { $count ->
    [one] Egy sort elutasított
   *[other] { $count } sort elutasított
}
console-import-count = { $what ->
    [created] Létrehozva
    [updated] Módosítva
    [unchanged] Változatlan
    [rejected] Elutasítva
    [duplicates] Ismétlődő
    [unresolved] Nem árazott
   *[other] { $what }
}
console-import-errors = Elutasított sorok
console-import-line = Sor
console-import-column = Oszlop
console-import-reason = Ok

## Díjcsomagok és kedvezményrendszerek

console-nav-tariffs = Díjcsomagok
console-tariffs-import = Díjcsomag közzététele
console-tariffs-import-intro = Válassza ki a díjcsomag YAML-fájlját és az általa megnevezett díjtáblázat-CSV-fájlokat; a díjtáblázatokat a fájlnevük alapján párosítjuk.
console-tariff-file = Díjcsomagfájl (YAML)
console-tariff-deck-files = Díjtáblázatfájlok (CSV)
console-tariff-deck-files-hint = Csak díjtáblázatot megnevező díjcsomagokhoz; több fájl is választható.
console-tariff-id = Díjcsomag-azonosító
console-tariff-name = Név
console-tariff-category = Kategória
console-tariff-versions = Változatok
console-tariff-latest = Legújabb változat kezdete
console-tariff-version-title = { $validFrom } óta érvényes változat
console-tariff-published = Közzétéve
console-tariff-content-hash = Tartalmi hash
console-tariff-recurring = Ismétlődő díjak
console-tariff-one-time = Egyszeri díjak
console-tariff-usage = Forgalmi díjak
console-tariff-code = Kód
console-tariff-amount = Összeg
console-tariff-period = Időszak
console-tariff-billed = Számlázás
console-tariff-on = Felszámítás alkalma
console-tariff-usage-type = Forgalomtípus
console-tariff-price = Ár
console-tariff-deck = Díjtáblázat
console-tariff-allowance = Díjmentes keret
console-tariff-rules = Egyéb szabályok
console-tariff-subscriptions = A díjcsomag előfizetései
console-deck-title = { $name } díjtáblázat
console-deck-file = Fájlnév
console-deck-rows = Díjtételek
console-deck-caption = A díjtáblázat tételei
console-deck-caption-first = Az első { $shown } tétel a(z) { $rows } közül
console-nav-discounts = Kedvezményrendszerek
console-discounts-import = Kedvezményrendszerek importálása
console-discount-id = Kedvezményazonosító
console-discount-kind = Fajta
console-discount-valid-from = Érvényesség kezdete
console-discount-valid-to = Érvényesség vége
console-discount-scope = Kikre vonatkozik
console-discount-on = Mire
console-discount-when = Mikor
console-discount-priority = Sorrend
console-discount-group = Csoport
console-discount-cap = Felső határ

## Forgalom

console-nav-usage = Forgalom
console-nav-unresolved = Nem árazott forgalom
console-usage-of-client = Az ügyfél forgalma
console-usage-date = A ciklus egy napja
console-usage-choose-client = Adjon meg egy ügyfélazonosítót a ciklus forgalmának megtekintéséhez.
console-usage-no-subscriptions = Az ügyfélnek abban a ciklusban nincs előfizetése.
console-usage-of = { $client } forgalma a(z) { $date } napot tartalmazó ciklusban
console-usage-subscription = { $subscription } előfizetés ({ $tariff }), ciklus: { $start } – { $end }
console-usage-allowance = Díjmentes keret: { $seconds } másodpercből { $used } felhasználva
console-usage-lines = Forgalom típus, irány és időszak szerint
console-usage-destination = Irány
console-usage-band = Időszak
console-usage-records = Rekordok
console-usage-quantity = Mennyiség
console-usage-covered = Keretbe eső másodpercek
console-usage-charge = Díj
console-usage-total = Összesen
console-usage-none = Ebben a ciklusban nincs forgalom.
console-unresolved-reason = Ok
console-unresolved-reason-value = { $reason ->
    [unknown-identifier] ismeretlen azonosító
    [no-subscription] nincs előfizetés
    [no-rate] nincs díjtétel
   *[other] { $reason }
}
console-unresolved-start = Kezdete
console-unresolved-source = Forrás / rekord
console-unresolved-detail = Részletek
console-unresolved-none = Minden forgalmi rekord árazva van.
console-rerate-title = Újraárazás
console-rerate-intro = Egy szolgáltatási pont, előfizetés vagy díjcsomag javítása után árazza újra a forgalmat; minden megváltozott eredmény rögzítésre kerül.
console-rerate-unresolved-only = Csak a még nem árazott rekordok
console-rerate-since = Csak az ettől a naptól kezdődő rekordok
console-rerate-submit = Újraárazás
console-rerate-result = { $selected } kiválasztva: { $resolved } most árazva, { $changed } megváltozott, { $unchanged } változatlan, { $unresolved } továbbra sem árazott.

## Adminisztráció

console-nav-api-keys = API-kulcsok
console-api-keys-create = Új API-kulcs
console-api-key-id = Kulcsazonosító
console-api-key-name = Név
console-api-key-scope = Hatókör
console-api-key-created = Létrehozva
console-api-key-state = Állapot
console-api-key-revoked = visszavonva
console-api-key-revoke = Visszavonás
console-api-key-revoke-named = { $name } visszavonása
console-api-key-revoke-confirm = Visszavonja ezt: { $name }? Az ezt használó gépeket azonnal elutasítjuk.
console-api-key-tenant = Partnerazonosító
console-api-key-tenant-hint = A partner szerepkörhöz kötelező.
console-api-key-client = Ügyfélazonosító
console-api-key-client-hint = Az ügyfél szerepkörhöz kötelező.
console-api-key-issued = A(z) { $name } API-kulcs elkészült
console-api-key-secret = A kulcs
console-api-key-secret-once = Másolja ki a kulcsot most: csak ez egyszer látható, később nem olvasható ki.
console-scope-partner = { $id } partner
console-scope-client = { $id } ügyfél
console-roles = Szerepkörök
console-roles-required = Válasszon legalább egy szerepkört.
console-role = { $role ->
    [admin] adminisztrátor
    [operator] operátor
    [billing] számlázó
    [accountant] könyvelő
    [auditor] auditor
    [partner] partner
    [client] ügyfél
   *[other] { $role }
}
console-nav-users = Felhasználók
console-users-create = Új felhasználó
console-user-title = { $name } felhasználó
console-user-name = Felhasználónév
console-user-name-hint = Kisbetűk, számjegyek és . _ @ -; később nem módosítható.
console-user-password = Jelszó
console-user-password-hint = Legalább 12 karakter.
console-user-client-hint = Az ügyfél szerepkörhöz kötelező: az ügyfél, akinek az adatait a felhasználó látja.
console-user-partner-hint = A partner szerepkörhöz kötelező: a partner, akinek az ügyfeleit a felhasználó látja.
console-user-active = aktív
console-user-disabled = letiltva
console-user-locked = zárolva eddig: { $until }
console-user-last-sign-in = Utolsó bejelentkezés
console-user-failed-sign-ins = Egymást követő sikertelen bejelentkezések
console-user-disable = Letiltás
console-user-enable = Engedélyezés
console-user-set-password = Jelszó beállítása
console-user-password-set = A jelszó beállítva; a felhasználó munkamenetei véget értek.
