# A számlázási futás ellenőrző jelentése, ahogy a `billstream bill-run` kiírja (BILLSTREAM_LANGUAGE).

cli-run = számlázási futás { $runId }, fordulónap { $asOf }: { $status ->
        [drafting] tervezetek készülnek
        [drafted] tervezetek elkészültek
        [approved] jóváhagyva
        [completed] befejezve
        [failed] sikertelen
        [voided] elvetve
        [superseded] felváltva
       *[other] { $status }
    }
cli-run-failed = sikertelen ekkor: { $at }: { $reason }
cli-run-invoices = { $invoices } számla, { $held } visszatartva (ebből { $blocked } nem állítható ki)
cli-run-currency = { $currency }: { $invoices } számla, nettó { $net }, áfa { $vat }, bruttó { $total }
cli-run-vat-group = áfa { $category } { $rate } % ({ $currency }): adóalap { $taxable }, áfa { $amount }
cli-run-service-category = { $category } ({ $currency }): nettó { $net }
cli-run-discount = kedvezmény { $schemeId } ({ $currency }): { $amount }, { $invoices } számlán
cli-run-legal-entity = kibocsátó { $legalEntityId } ({ $currency }): { $invoices } számla, bruttó { $total }
cli-run-held = visszatartva: szerződés { $contractId } { $start }..{ $end }: { $flags }
cli-run-language-fallback = { $language } nyelv: nincs fordítás, { $invoices } számla angolul készült
cli-run-unassigned-usage = { $records } forgalmi rekord { $identifiers } ismeretlen azonosítóval ({ $first } – { $last }) egyik szolgáltatási ponthoz sem tartozik, senkinek sincs kiszámlázva: billstream usage unresolved
cli-run-result = kiállítva { $issued }, visszatartva { $held }, későbbi futás vette át { $superseded }
cli-run-approve-hint = jóváhagyás: billstream bill-run approve { $runId } [--include-held]; elvetés: billstream bill-run void { $runId }
cli-run-voided = elvetette { $by } ekkor: { $at }: semmi sem lett kiállítva; a tervezetek elvetettként maradnak az előzményekben, a ciklusaik a következő futásba kerülnek
cli-run-superseded = felváltotta a(z) { $runId } futás, amely ugyanezeket a ciklusokat tervezte meg
cli-run-nothing-to-bill = { $cycles } ciklusban nincs mit számlázni: számla nélkül lezárva, sorszám nem fogyott
cli-run-supersedes = felváltja a(z) { $runId } futást, amely ugyanezen ciklusok némelyikét tervezte meg: az már nem hagyható jóvá
cli-run-deferred = { $cycles } ciklus egy későbbi futásra vár: { $reasons }
cli-run-warning = figyelmeztetés: { $message } ({ $invoices } számla)
