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
console-event-type = { $type ->
    [ClientRegistered] ügyfél felvéve
    [ClientDetailsChanged] ügyfél adatai módosultak
    [ClientStatusChanged] ügyfél állapota módosult
    [ClientCommunicationLogged] kommunikáció rögzítve
    [ContactPersonSaved] kapcsolattartó mentve
    [ContactPersonRemoved] kapcsolattartó törölve
    [ContractConcluded] szerződés megkötve
    [ContractDetailsChanged] szerződés adatai módosultak
    [ServicePointRegistered] szolgáltatási pont felvéve
    [ServicePointDetailsChanged] szolgáltatási pont adatai módosultak
    [ServicePointBlocked] szolgáltatási pont letiltva
    [ServicePointUnblocked] szolgáltatási pont feloldva
    [ServicePointCredentialsSet] hozzáférési adatok beállítva
    [ServicePointCredentialsCleared] hozzáférési adatok törölve
    [SubscriptionStarted] előfizetés elindult
    [SubscriptionDetailsChanged] előfizetés adatai módosultak
    [TariffVersionPublished] díjcsomag-változat közzétéve
    [DiscountVersionPublished] kedvezményváltozat közzétéve
    [InvoiceDrafted] számlatervezet elkészült
    [InvoiceDraftAdopted] tervezet átvéve
    [InvoiceDraftVoided] tervezet érvénytelenítve
    [InvoiceIssued] számla kiállítva
    [InvoiceCredited] számla jóváírva
    [CreditNoteIssued] jóváíró számla kiállítva
    [InvoiceDocumentsRendered] dokumentumok elkészítve
    [CreditNoteDocumentsRendered] jóváíró számla dokumentumai elkészítve
    [InvoiceWrittenOff] számla leírva
    [PaymentReceived] befizetés érkezett
    [PaymentAllocated] befizetés párosítva
    [PaymentRefunded] befizetés visszatérítve
   *[other] { $type }
}
console-history-caption = Mi változott, mikor és ki módosította, a legújabb elöl
console-history-when = Mikor
console-history-who = Ki
console-history-what = Mi változott
console-history-set = { $field }: { $to }
console-history-changed = { $field }: { $from } → { $to }
# A part of a field the history shows (a name in one language: “Name › hu”).
console-history-part = { $field } › { $part }
console-history-withheld = (nem látható)
# Fields of history events that no screen labels (the others use the screens' own labels).
console-contact-id = Kapcsolattartó azonosítója
console-contact-name = Kapcsolattartó
console-contact-role = Kapcsolattartó szerepe
console-contact-phone = Telefon
console-communication-id = Bejegyzés azonosítója
console-communication-kind = Kapcsolatfelvétel módja
console-communication-kind-value = { $kind ->
    [note] feljegyzés
    [call] hívás
    [email] e-mail
   *[other] { $kind }
}
console-communication-at = Időpont
console-communication-author = Szerző
console-communication-subject = Tárgy
console-communication-body = Szöveg
console-service-point-block-reason = Letiltás oka
console-service-point-unblock-reason = Feloldás oka
console-service-point-user-name = RADIUS-felhasználónév
console-service-point-password = RADIUS-jelszó
console-tariff-radius = Hálózati hozzáférés (RADIUS)
console-tariff-radius-rate-limit = Sebességkorlát
console-tariff-radius-session-timeout = Munkamenet időkorlátja (másodperc)
console-tariff-radius-interim-interval = Köztes jelentések gyakorisága (másodperc)
console-tariff-radius-framed-pool = Címtartomány
console-tariff-radius-attributes = További RADIUS-attribútumok
console-discount-percent = Százalék
console-discount-thresholds = Küszöbök
console-discount-minimum = Minimális költés
console-discount-prefixes = Célszám-előtagok
console-discount-peak-price = Csúcsidei ár
console-discount-offpeak-price = Csúcsidőn kívüli ár
console-discount-scope-everyone = Mindenkire vonatkozik
console-discount-scope-clients = Érintett ügyfelek
console-discount-scope-contracts = Érintett szerződések
console-discount-scope-subscriptions = Érintett előfizetések
console-discount-scope-tariffs = Érintett díjcsomagok
console-discount-scope-partners = Érintett partnerek ügyfelei
console-discount-on-charges = Érintett díjak
console-discount-on-usage-types = Érintett forgalomtípusok
console-discount-on-categories = Érintett szolgáltatáskategóriák
console-discount-on-codes = Érintett díjkódok
console-discount-when-categories-active = Feltétel: aktív szolgáltatások
console-discount-when-tenure-months = Feltétel: ügyfélként eltöltött hónapok
console-discount-when-first-cycles = Feltétel: első számlázási időszakok száma
console-invoice-from-run = Átvéve a futásból
console-invoice-fx-rates = Árfolyamok
console-invoice-usage-cutoff = Forgalom eddig az eseményig
console-credit-note-id = Jóváíró számla azonosítója
console-credit-note-issue-date = Jóváíró számla kelte
console-credit-note-type-code = Bizonylattípus kódja
console-documents-docx = Dokumentum (.docx), SHA-256
console-documents-ubl = E-számla (UBL), SHA-256
console-documents-pages = Oldalak
console-documents-renderer = Megjelenítő verziója
console-payment-national-currency = Nemzeti pénznem
console-payment-allocation-id = Hozzárendelés azonosítója
console-payment-invoice-currency = Számla pénzneme
console-payment-payment-rate = A befizetés árfolyama
console-payment-invoice-rate = A számla árfolyama
console-payment-releases = Felszabadított hozzárendelés
console-payment-refund-id = Visszautalás azonosítója

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
console-tariff-category-value = { $category ->
    [voip] VoIP
    [internet] internet
    [wifi] Wi-Fi
    [pstn] vezetékes telefon
    [catv] kábeltévé
    [iptv] IPTV
    [vod] videotéka
    [bundle] csomag
   *[other] { $category }
}
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
console-tariff-unit = Egység: { $unit }
console-tariff-tiering = Sávozás: { $tiering ->
    [graduated] lépcsős (minden sáv a bele eső egységeket árazza)
    [volume] mennyiségi (az összesen elért sáv árazza az összes egységet)
   *[other] { $tiering }
}
console-tariff-tiers = Sávok:
console-tariff-tier = { $from } – { $upTo } { $unit }: { $price } / { $unit }
console-tariff-tier-above = { $from } { $unit } felett: { $price } / { $unit }
console-tariff-peak = Csúcsidő: { $days }, { $from }–{ $to }
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
console-discount-kind-value = { $kind ->
    [percentage] százalékos
    [fixed] fix összegű
    [volume] mennyiségi
    [commitment] elköteleződési
    [free-units] ingyenes egységek
    [price-override] egyedi ár
   *[other] { $kind }
}
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
console-usage-subscription = { $subscription } előfizetés ({ $tariff }), ciklus: { $period }
console-usage-allowance = { $type }: { $quantity } { $unit } keretből { $used } felhasználva
console-usage-allowances = Díjmentes keretek
console-usage-unit = { $type ->
    [voice] másodperc
    [data] { $unit }
   *[other] darab
}
console-usage-tariff-units = díjcsomag szerinti egység
console-usage-lines = Forgalom típus, irány és időszak szerint
console-usage-destination = Irány
console-usage-band = Időszak
console-usage-band-value = { $band ->
    [peak] csúcsidő
    [offpeak] csúcsidőn kívül
   *[other] { $band }
}
console-usage-records = Rekordok
console-usage-quantity = Mennyiség
console-usage-covered = A keret fedezte
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
console-rerate-intro = Egy ügyfél, szolgáltatási pont, előfizetés vagy szerződés javítása, ünnepnapok importja és egy díjcsomag közzététele magától újraárazza az érintett forgalmat. Itt árazza újra, ha egy hívószám egyik szolgáltatási pontról a másikra került; minden megváltozott eredmény rögzítésre kerül.
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
console-api-key-revoke-named = Visszavonás: { $name }
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

## Számlázás: számlázási futások, számlák és jóváírások, befizetések és kintlévőségek, irányítópult

console-downloading = Letöltés…
console-show-all = Mind a(z) { $count } megjelenítése
console-chart-loading = A diagram rajzolása…
console-currency = Pénznem
console-amount = Összeg
console-amount-hint = Tizedesponttal írt szám, pl. 12700.00.
console-net = Nettó
console-vat = ÁFA
console-gross = Bruttó
console-amount-due = Fizetendő
console-percent = { $rate }%
console-period = { $start } – { $end }
console-cycle = Időszak
console-invoice = Számla
console-credit-note = Jóváíró számla
console-usage-type-value = { $type ->
    [voice] hívás
    [data] adat
    [sms] SMS
    [mms] MMS
    [vod] videotéka
   *[other] { $type }
}
console-run-status-value = { $status ->
    [started] számlák készítése
    [drafted] jóváhagyásra vár
    [approved] kiállítás folyamatban
    [completed] kész
    [failed] sikertelen
    [voided] érvénytelenítve
    [superseded] felváltva
   *[other] { $status }
}
console-invoice-status-value = { $status ->
    [draft] tervezet
    [issued] kiállítva
    [voided] érvénytelenítve
   *[other] { $status }
}
console-payment-status-value = { $status ->
    [open] nyitott
    [partly-paid] részben fizetve
    [paid] kifizetve
    [overdue] lejárt
   *[other] { $status }
}
console-flag-code = { $code ->
    [total-changed] megváltozott végösszeg
    [zero-or-negative] nulla vagy negatív végösszeg
    [unresolved-usage] be nem árazott forgalom
    [missing-fx-rate] hiányzó árfolyam
    [b2b-without-vat-id] cég adószám nélkül
    [no-legal-entity] nincs kiállító cég
    [invalid-time-zone] érvénytelen időzóna
    [no-vat-rate] nincs ÁFA-kulcs
    [waits-for-earlier-cycle] korábbi időszakra vár
    [no-holiday-calendar] nincs ünnepnaptár
    [incomplete-document] hiányos bizonylat
    [discount-share] nagy kedvezmény
    [vat-id-of-seller-country] az eladó országának adószáma
   *[other] { $code }
}
console-flag-blocking = nem állítható ki
# A held invoice's reason, from its flag's figures (the API's params; see openapi.yaml InvoiceFlag).
# Amounts, percentages and dates come formatted for the language; $count is a number.
console-flag-message-total-changed = végösszeg: { $total }, az előző időszaké: { $previousTotal }, eltérés: { $change } (küszöb: { $threshold })
console-flag-message-zero-or-negative = végösszeg: { $total }
console-flag-message-vat-id-of-seller-country = cég: { $client } ({ $country }), fordított adózással számlázva a(z) { $vatId } adószámra, amely az eladó országáé ({ $sellerCountry }): az ottani telephely ott belföldön adózik
console-flag-message-discount-share = a kedvezmények ({ $discounts }) { $share ->
        [none] meghaladják a díjakat ({ $charges })
       *[other] a díjak ({ $charges }) { $share }-át teszik ki
    } (küszöb: { $threshold })
console-flag-message-unresolved-usage = { $count } be nem árazott forgalmi rekord a szerződés szolgáltatási pontjain az időszakban
console-flag-message-missing-fx-rate = nincs árfolyam { $date } napon vagy előtte: { $pairs }
console-flag-message-no-vat-rate = nincs ismert ÁFA-kulcs: { $country }, { $date }
console-flag-message-b2b-without-vat-id = cég: { $client } ({ $country }), { $vatId ->
        [none] nincs adószáma
       *[other] érvénytelen az adószáma: { $vatId }
    }; adószám nélkül fogyasztóként fizeti az ÁFÁ-t ({ $country }), adószámmal fordított adózás alá esne
console-flag-message-no-legal-entity = a szerződéshez ({ $contract }) nincs kiállító cég, amely kiállíthatná ({ $legalEntity ->
        [none] nincs megadva
       *[other] { $legalEntity }
    })
console-flag-message-invalid-time-zone = az ügyfél ({ $client }) időzónája érvénytelen: „{ $timeZone }”
console-flag-message-waits-for-earlier-cycle = a szerződés korábbi időszakára vár ({ $cycle }), amely { $status ->
        [blocked] nem állítható ki
       *[held] vissza van tartva
    }: egy szerződés időszakai sorrendben állíthatók ki
console-flag-message-no-holiday-calendar = az időszak { $count } hívásának árazása ünnepnapok nélkül történt: nincs ünnepnaptár ehhez: { $calendars }. Importálja az ország ünnepnapjait (billstream import holidays FILE): az import újraárazza ezeket a hívásokat
console-flag-message-incomplete-document = a számla bizonylataiból hiányozna egy törvény által előírt adat: { $item ->
        [seller-vat-id] a kiállító cégnek nincs adószáma (ÁFA-irányelv 226. cikk 3. pont)
        [buyer-vat-id] fordított adózás a vevő adószáma nélkül (226. cikk 4. pont)
       *[seller-address] a kiállító cégnek nincs címe (226. cikk 5. pont)
    }

## Számlázási futások

console-nav-bill-runs = Számlázási futások
console-bill-runs-caption = Számlázási futások fordulónap szerint
console-bill-runs-none = Még nem volt számlázási futás.
console-bill-run-id = Futás azonosítója
console-bill-run-as-of = Fordulónap
console-bill-run-as-of-hint = Minden, ezen a napon vagy korábban záruló, még nem számlázott időszak számlát kap.
console-bill-run-status = Állapot
console-bill-run-started = Indítva
console-bill-run-started-by = Indította
console-bill-run-drafted = Elkészült
console-bill-run-held = Visszatartva
console-bill-run-issued = Kiállítva
console-bill-run-start = Számlázási futás indítása
console-bill-run-start-intro = A futás elkészíti a számlák tervezetét és az ellenőrző jelentést; jóváhagyás előtt semmi sem kerül kiállításra.
console-bill-run-start-submit = A futás indítása
console-bill-run-change-threshold = Visszatartás, ha a végösszeg ennél jobban változik (%)
console-bill-run-change-threshold-hint = Az ügyfél előző számlájához képest; üresen hagyva 50.
console-bill-run-discount-threshold = Visszatartás, ha a kedvezmény meghaladja (a díjak %-a)
console-bill-run-discount-threshold-hint = Üresen hagyva 50.
console-bill-run-progress = { $phase ->
    [issuing] A számlák kiállítása…
   *[drafting] A számlák elkészítése…
}
console-bill-run-progress-run = { $runId } futás: { $status }, indítva { $started }
console-bill-run-title = { $runId } számlázási futás
console-bill-run-approved = Jóváhagyva
console-bill-run-approved-value = { $by }, { $at }, kiállítás dátuma { $issueDate }, { $includeHeld ->
    [true] a visszatartott számlákkal együtt
   *[false] a visszatartott számlák nélkül
}
console-bill-run-result = Eredmény
console-bill-run-result-value = { $issued } kiállítva, { $held } nem került kiállításra, { $superseded } egy későbbi futásba került át
console-bill-run-failed = A futás sikertelen ({ $at }): { $reason }
console-bill-run-voided = Érvénytelenítette { $by }, { $at }. Semmi sem került kiállításra; az időszakok a következő futásba kerülnek.
console-bill-run-superseded = Egy későbbi futás átvette a tervezeteit:
console-bill-run-invoices = A futás számlái
console-bill-run-documents = A nyomtatási csomag letöltése (zip)
console-bill-run-approve-title = Jóváhagyás és kiállítás
console-bill-run-approve-intro = { $issue } számla kiállítható; { $held } visszatartva, ebből { $blocked } egyáltalán nem állítható ki.
console-bill-run-include-held = A visszatartott számlák kiállítása is ({ $held } kiállítható)
console-bill-run-issue-date = Kiállítás dátuma
console-bill-run-issue-date-hint = Az éve választja ki a sorszámtartományt.
console-bill-run-approve-submit = Jóváhagyás és kiállítás
console-bill-run-void-title = A futás érvénytelenítése
console-bill-run-void-intro = Az érvénytelenítés semmit sem állít ki: a tervezetek érvénytelenítettként a történetben maradnak, az időszakok a következő futásba kerülnek.
console-bill-run-void-confirm = Érvényteleníti a(z) { $runId } futást? Ez nem vonható vissza.
console-bill-run-void-submit = A futás érvénytelenítése

## Ellenőrző jelentés

console-report-title = Ellenőrző jelentés
console-report-invoices = Számlák
console-report-held = Visszatartva
console-report-blocked = Nem állítható ki
console-report-nothing-to-bill = Időszakok számlázandó tétel nélkül
console-report-warning = { $message } ({ $invoices } számla)
console-report-deferred = { $cycles } esedékes időszak egy későbbi futásra maradt.
console-report-supersedes = Ez a futás felváltotta a jóvá nem hagyott futásokat
console-report-language-fallback = { $invoices } számla angolul: az ügyfél nyelvén ({ $language }) nincsenek szövegek.
console-report-unassigned-usage = { $records } forgalmi rekord { $identifiers } ismeretlen azonosítóval ({ $first } – { $last }) egyik szolgáltatási ponthoz sem tartozik: senkinek sincs kiszámlázva, amíg az azonosítókat fel nem veszik.
console-report-per-currency = Összesen pénznemenként
console-report-per-legal-entity = Összesen kiállító cégenként
console-report-per-vat-group = ÁFA csoportonként
console-report-per-service-category = Nettó szolgáltatáskategóriánként
console-report-held-invoices = Visszatartott számlák
console-report-held-caption = Visszatartott számlák az okokkal
console-report-none-held = Nincs visszatartott számla.
console-report-reasons = Okok
console-report-discounts = Kedvezmények konstrukciónként
console-vat-category = ÁFA-kategória
console-vat-rate = ÁFA-kulcs
console-vat-taxable = Adóalap
console-vat-national = ÁFA a nemzeti pénznemben
console-vat-mention = Megjegyzés
console-vat-groups = ÁFA-csoportok

## Számlák és jóváírások

console-nav-invoices = Számlák
console-invoices-caption = Számlák sorszám szerint (elöl a tervezetek)
console-invoices-none = Nincs ilyen számla.
console-invoice-number = Számla sorszáma
console-invoice-id = Számla azonosítója
console-invoice-status = Állapot
console-invoice-buyer = Vevő
console-invoice-seller = Eladó
console-invoice-issue-date = Kiállítás dátuma
console-invoice-due-date = Fizetési határidő
console-invoice-held = Visszatartva
console-invoice-held-yes = { $count ->
    [one] visszatartva (egy ok)
   *[other] visszatartva ({ $count } ok)
}
console-invoice-draft-of = { $id } tervezet
console-invoice-title = { $number } számla
console-invoice-actions = Bizonylatok és műveletek
console-invoice-download-document = A bizonylat letöltése (.docx)
console-invoice-download-ubl = Az e-számla letöltése (UBL)
console-invoice-flags = A visszatartás okai
console-invoice-lines = Tételek
console-invoice-lines-caption = A számla tételei, 0-tól számozva
console-invoice-discounts = Kedvezmények és az érintett tételek
console-invoice-discount-line = { $line }. tétel: { $description }, { $amount }, érintett tételek:
console-invoice-discount-touched = { $line }. tétel: { $description } ({ $net })
console-invoice-fx = Felhasznált árfolyamok:
console-invoice-fx-rate = 1 { $base } = { $rate } { $quote } ({ $date })
console-invoice-credit-notes-caption = A számla jóváíró számlái
console-line-number = Sorszám
console-line-kind = Fajta
console-line-kind-value = { $kind ->
    [usage] forgalom
    [late-usage] késve érkezett forgalom
    [recurring] havidíj
    [one-time] egyszeri díj
    [discount] kedvezmény
    [commitment] vállalási hiány
   *[other] { $kind }
}
console-line-description = Megnevezés
console-line-quantity = Mennyiség
console-line-discounts-lines = kedvezmény a következő tételekre: { $lines }
console-nav-credit-notes = Jóváíró számlák
console-credit-notes-caption = Jóváíró számlák sorszám szerint
console-credit-notes-none = Nincs ilyen jóváíró számla.
console-credit-note-title = { $number } jóváíró számla
console-credit-note-lines-caption = A jóváírt tételek (negatív), a jóváírt számlatétel szerint
console-credit-note-create = Jóváíró számla kiállítása
console-credit-note-create-title = A(z) { $number } számla jóváírása
console-credit-note-not-issued = Csak kiállított számla írható jóvá.
console-credit-note-submit = A jóváíró számla kiállítása
console-credit-reason = Indok
console-credit-reason-hint = A jóváíró számlán megjelenik.
console-credit-mode = Mit írjon jóvá
console-credit-mode-all = Mindent, amit még nem írtak jóvá
console-credit-mode-lines = A kiválasztott tételeket
console-credit-lines = Jóváírandó tételek
console-credit-line-choose = A(z) { $line }. tétel jóváírása: { $description }
console-credit-line-amount = A(z) { $line }. tételen jóváírandó nettó összeg
console-credit-line-left = ÁFA nélkül; üresen: a teljes maradék ({ $amount }).
console-credit-line-net = A tétel nettója: { $net }
console-credit-choose-a-line = Válasszon legalább egy tételt.

## Befizetések és kintlévőségek

console-nav-payments = Befizetések
console-payments-caption = Befizetések dátum szerint
console-payments-none = Nincs ilyen befizetés.
console-payment-id = Befizetés azonosítója
console-payment-id-hint = A befizetés saját azonosítója (a banki tranzakció azonosítója): ugyanaz az azonosító ugyanazt a befizetést jelenti.
console-payment-date = Beérkezés napja
console-payment-invoice-number = Megadott számlaszám
console-payment-invoice-number-hint = Ahogy a befizető megadta; üresen vagy ismeretlen számmal a befizetés az ügyfél követelése lesz.
console-payment-reference = Közlemény
console-payment-remaining = Fel nem osztott
console-payment-unallocated-only = Fel nem osztott összeg
console-payment-unallocated-yes = csak ha maradt belőle
console-payment-record = Befizetés rögzítése
console-payment-record-submit = A befizetés rögzítése
console-payment-title = { $id } befizetés
console-payment-rate = Árfolyam
console-payment-rate-value = 1 { $currency } = { $rate } { $national }
console-payment-allocations = Párosítások
console-payment-allocations-none = Nincs számlához párosítva.
console-payment-allocation-date = Párosítás dátuma
console-payment-invoice-amount = A számla pénznemében
console-payment-refunds = Visszautalások
console-payment-refunds-none = Nem volt visszautalás.
console-payment-allocate-title = A maradék párosítása
console-payment-allocate-intro = Ha nincs megadott számla, az összeg az ügyfél nyitott számláira kerül, a legrégebben esedékessel kezdve.
console-payment-allocate-invoice = Számla sorszáma
console-payment-allocate-invoice-hint = Üresen: az ügyfél nyitott számlái, a legrégebben esedékessel kezdve.
console-payment-allocate-amount-hint = { $currency } pénznemben; üresen: amennyi nyitott vagy maradt.
console-payment-allocate-invoice-needed = Adja meg a számlát, amelyre az összeg kerül.
console-payment-allocate-submit = Párosítás
console-payment-refund-title = A maradék visszautalása
console-payment-refund-date = Visszautalás dátuma
console-payment-refund-amount-hint = { $currency } pénznemben; üresen: a teljes fel nem osztott összeg.
console-payment-refund-submit = Visszautalás
console-payment-status = Fizetési állapot
console-nav-accounts = Ügyfélszámlák
console-account-title = { $clientId } folyószámlája
console-account-choose-client = Adja meg az ügyfél azonosítóját az egyenleg és a kivonat megtekintéséhez.
console-account-client = Az ügyfél
console-balance-title = Mai egyenleg ({ $date })
console-balance-none = Nincs nyitott tétel és nincs túlfizetés.
console-balance-receivable = Nyitott számlákon fizetendő
console-balance-unallocated = Fel nem osztott befizetés
console-balance-balance = Egyenleg
console-balance-open-items = Nyitott számlák ({ $currency })
console-balance-no-open-items = Nincs nyitott számla.
console-statement-title = Folyószámla-kivonat
console-statement-from = Ettől
console-statement-to = Eddig
console-statement-choose = Válassza ki a kivonat első és utolsó napját.
console-statement-downloads = A kivonat letöltése
console-statement-download-csv = Letöltés CSV-ként
console-statement-download-docx = Letöltés dokumentumként (.docx)
console-statement-summary = Pénznemenként: nyitó egyenleg, terhelések, jóváírások, záró egyenleg
console-statement-lines = Az időszak tételei
console-statement-empty = Ebben az időszakban nincs tétel.
console-statement-opening = Nyitó
console-statement-debits = Terhelések
console-statement-credits = Jóváírások
console-statement-closing = Záró
console-statement-date = Dátum
console-statement-kind = Tétel
console-statement-kind-value = { $kind ->
    [invoice] számla
    [credit-note] jóváíró számla
    [payment] befizetés
    [allocation] párosítás
    [refund] visszautalás
    [write-off] leírás
   *[other] { $kind }
}
console-statement-reference = Hivatkozás
console-statement-debit = Tartozik
console-statement-credit = Követel
console-statement-balance = Egyenleg
console-nav-aging = Korosítás
console-aging-title = Kintlévőségek korosítása { $date } napon
console-aging-as-of = Fordulónap
console-aging-intro = Ami aznap nyitott volt a kiállított számlákon, a fizetési határidő óta eltelt napok szerint.
console-aging-bucket = { $bucket ->
    [current] még nem esedékes
    [days30] 1–30 nap
    [days60] 31–60 nap
    [days90] 61–90 nap
   *[older] 90 napon túl
}
console-aging-total = Összesen
console-aging-totals = Összesen
console-aging-totals-caption = Nyitott összegek pénznemenként, a késés napjai szerint
console-aging-clients = Ügyfelenként
console-aging-clients-caption = Nyitott összegek ügyfelenként és pénznemenként, a késés napjai szerint
console-aging-none = Nem volt nyitott tétel.
console-aging-unallocated-note = A fel nem osztott befizetések itt nincsenek levonva: lásd az ügyfelek folyószámláját.

## Irányítópult

console-dashboard-title = Irányítópult
console-dashboard-as-of = Adatok { $date } szerint
console-dashboard-months = Megjelenített hónapok
console-dashboard-show = Mutasd
console-dashboard-months-value = { $months ->
    [one] az aktuális hónap
   *[other] az utolsó { $months } hónap
}
console-dashboard-receivables = Kintlévőségek
console-dashboard-receivables-none = Nincs nyitott tétel.
console-dashboard-open = Nyitott ({ $currency })
console-dashboard-overdue = ebből lejárt
console-dashboard-invoices-overdue = { $count ->
    [one] egy lejárt számla
   *[other] { $count } lejárt számla
}
console-dashboard-aging-link = A korosítási jelentés
console-dashboard-revenue = Árbevétel havonta és kiállító cégenként
console-dashboard-revenue-intro = A hónapban kiállított számlák nettó összege, csökkentve a hónapban kiállított jóváíró számlákkal; pénznemenként egy diagram.
console-dashboard-revenue-in = Nettó árbevétel ({ $currency })
console-dashboard-revenue-none = Ezekben a hónapokban nem volt kiállított számla.
console-dashboard-revenue-caption = Árbevétel havonta, kiállító cégenként és pénznemenként
console-dashboard-revenue-description = Halmozott oszlopdiagram: nettó árbevétel { $currency } pénznemben havonta, { $from } és { $to } között, kiállító cégenként egy oszloprész ({ $entities }). Az adatokat az alábbi táblázat tartalmazza.
console-dashboard-month = Hónap
console-dashboard-invoices-issued = Kiállított számlák
console-dashboard-invoices-caption = Kiállított számlák havonta
console-dashboard-invoices-description = Oszlopdiagram: kiállított számlák havonta, az utolsó { $months } hónapban összesen { $total }. Az adatokat az alábbi táblázat tartalmazza.
console-dashboard-usage = Forgalom naponta, típusonként
console-dashboard-usage-none = Nincs rögzített forgalom.
console-dashboard-usage-caption = Forgalmi rekordok naponta és típusonként
console-dashboard-usage-description = Vonaldiagram: forgalmi rekordok naponta az utolsó { $days } forgalmas napon, típusonként egy vonal ({ $types }), mindegyik saját jelölővel és vonaltípussal. Az adatokat az alábbi táblázat tartalmazza.
console-dashboard-day = Nap
console-dashboard-unresolved-count = { $count ->
    [0] Minden forgalmi rekord be van árazva.
    [one] Egy forgalmi rekord nincs beárazva.
   *[other] { $count } forgalmi rekord nincs beárazva.
}
console-dashboard-unresolved-caption = Be nem árazott forgalmi rekordok okonként
console-dashboard-last-runs = Az utolsó számlázási futások
console-dashboard-run-invoices = Számlák
