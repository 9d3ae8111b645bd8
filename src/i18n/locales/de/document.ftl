# Druckbare Rechnungen und Gutschriften (src/documents/docx.ts). Jede Id beginnt mit "document-",
# damit die Texte anderer Dateien derselben Sprache nie mit diesen kollidieren.

# „Bezeichnung: Wert“.
document-label = { $label }:

document-invoice = Rechnung
document-credit-note = Rechnungskorrektur (Gutschrift)
document-supplier = Leistender Unternehmer
document-customer = Leistungsempfänger
document-number = Rechnungsnummer
document-issue-date = Rechnungsdatum
document-supply-period = Leistungszeitraum
document-due-date = Fällig am
document-currency = Währung
document-vat-id = USt-IdNr.
document-corrects-invoice = Korrigiert die Rechnung { $number } vom { $date }
document-reason = Grund
document-lines = Positionen
document-description = Bezeichnung
document-quantity = Menge
document-unit = Einheit
document-unit-price = Einzelpreis
document-vat-rate = USt-Satz
document-net = Netto
document-late-usage = Nutzung vom { $start } bis { $end }
document-vat-summary = Umsatzsteuer
document-vat-category = Steuerkategorie
document-taxable = Bemessungsgrundlage
document-vat = USt
document-vat-in = USt in { $currency }
document-total-net = Summe netto
document-total-vat = Summe USt
document-total = Gesamtbetrag
document-amount-credited = Gutgeschriebener Betrag
document-exchange-rate = Umrechnungskurs: 1 { $base } = { $rate } { $quote } ({ $date })
document-payment = Zahlung
document-iban = IBAN
document-bic = BIC
document-reference = Verwendungszweck
document-pay-by = Bitte zahlen Sie { $amount } bis zum { $date }.
document-vat-category-name = { $category ->
    [S] Regelsteuersatz
    [AE] Steuerschuldnerschaft des Leistungsempfängers
    [E] Steuerfrei
    [O] Nicht steuerbar
    [Z] Nullsatz
   *[other] { $category }
}
document-unit-name = { $unit ->
    [s] s
    [MON] Monat
    [QAN] Quartal
    [ANN] Jahr
    [pcs] Stk.
   *[other] { $unit }
}
