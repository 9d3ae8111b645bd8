# Nyomtatható számlák és jóváíró számlák (src/documents/docx.ts). Minden azonosító "document-"
# előtaggal kezdődik, hogy más fájlok címkéivel ne ütközzön.

# „Címke: érték”.
document-label = { $label }:

document-invoice = Számla
document-credit-note = Jóváíró számla
document-supplier = Eladó
document-customer = Vevő
document-number = Sorszám
document-issue-date = Kiállítás dátuma
document-supply-period = Teljesítési időszak
document-due-date = Fizetési határidő
document-currency = Pénznem
document-vat-id = Adószám
document-corrects-invoice = A(z) { $number } számú, { $date } keltű számla helyesbítése
document-reason = Indok
document-lines = Tételek
document-description = Megnevezés
document-quantity = Mennyiség
document-unit = Egység
document-unit-price = Egységár
document-vat-rate = Áfakulcs
document-net = Nettó
document-late-usage = { $start } – { $end } közötti forgalom
document-vat-summary = Áfaösszesítő
document-vat-category = Áfakategória
document-taxable = Adóalap
document-vat = Áfa
document-vat-in = Áfa { $currency } pénznemben
document-total-net = Nettó összesen
document-total-vat = Áfa összesen
document-total = Bruttó összesen
document-amount-credited = Jóváírt összeg
document-exchange-rate = Árfolyam: 1 { $base } = { $rate } { $quote } ({ $date })
document-payment = Fizetés
document-iban = IBAN
document-bic = BIC
document-reference = Közlemény
document-pay-by = Kérjük, fizessen { $amount } összeget { $date } napjáig.
document-vat-category-name = { $category ->
    [S] Általános kulcs
    [AE] Fordított adózás
    [E] Adómentes
    [O] Az áfa hatályán kívül
    [Z] Nulla kulcs
   *[other] { $category }
}
document-unit-name = { $unit ->
    [s] mp
    [MON] hónap
    [QAN] negyedév
    [ANN] év
    [pcs] db
   *[other] { $unit }
}
