# Der Kontrollbericht eines Abrechnungslaufs, wie `billstream bill-run` ihn ausgibt (BILLSTREAM_LANGUAGE).

cli-run = Abrechnungslauf { $runId } zum { $asOf }: { $status ->
        [drafting] in Erstellung
        [drafted] Entwürfe erstellt
        [approved] freigegeben
        [completed] abgeschlossen
        [failed] fehlgeschlagen
        [voided] verworfen
        [superseded] ersetzt
       *[other] { $status }
    }
cli-run-failed = fehlgeschlagen am { $at }: { $reason }
cli-run-invoices = { $invoices ->
        [one] { $invoices } Rechnung
       *[other] { $invoices } Rechnungen
    }, { $held } zurückgehalten ({ $blocked } nicht ausstellbar)
cli-run-currency = { $currency }: { $invoices ->
        [one] { $invoices } Rechnung
       *[other] { $invoices } Rechnungen
    }, netto { $net }, USt. { $vat }, gesamt { $total }
cli-run-vat-group = USt. { $category } { $rate } % ({ $currency }): Bemessungsgrundlage { $taxable }, USt. { $amount }
cli-run-service-category = { $category } ({ $currency }): netto { $net }
cli-run-discount = Rabatt { $schemeId } ({ $currency }): { $amount } auf { $invoices } Rechnung(en)
cli-run-legal-entity = Rechnungssteller { $legalEntityId } ({ $currency }): { $invoices ->
        [one] { $invoices } Rechnung
       *[other] { $invoices } Rechnungen
    }, gesamt { $total }
cli-run-held = zurückgehalten: Vertrag { $contractId } { $start }..{ $end }: { $flags }
cli-run-language-fallback = Sprache { $language }: keine Übersetzung, { $invoices ->
        [one] { $invoices } Rechnung
       *[other] { $invoices } Rechnungen
    } auf Englisch
cli-run-unassigned-usage = { $records ->
        [one] { $records } Nutzungsdatensatz
       *[other] { $records } Nutzungsdatensätze
    } von { $identifiers } unbekannten Kennungen, { $first } bis { $last }, gehören zu keinem Anschluss und werden niemandem berechnet: billstream usage unresolved
cli-run-result = ausgestellt { $issued }, zurückgehalten { $held }, von einem späteren Lauf ersetzt { $superseded }
cli-run-approve-hint = freigeben mit: billstream bill-run approve { $runId } [--include-held]; verwerfen mit: billstream bill-run void { $runId }
cli-run-voided = verworfen von { $by } am { $at }: nichts wurde ausgestellt; die Entwürfe bleiben als verworfen in der Historie, ihre Zyklen gehen in den nächsten Lauf
cli-run-superseded = ersetzt durch Lauf { $runId }, der dieselben Zyklen erstellt hat
cli-run-nothing-to-bill = { $cycles ->
        [one] { $cycles } Zyklus
       *[other] { $cycles } Zyklen
    } ohne Abzurechnendes: ohne Rechnung abgeschlossen, keine Nummer verbraucht
cli-run-supersedes = ersetzt Lauf { $runId }, der einige derselben Zyklen erstellt hatte: er kann nicht mehr freigegeben werden
cli-run-deferred = { $cycles ->
        [one] { $cycles } Zyklus wartet
       *[other] { $cycles } Zyklen warten
    } auf einen späteren Lauf: { $reasons }
cli-run-warning = Warnung: { $message } ({ $invoices ->
        [one] { $invoices } Rechnung
       *[other] { $invoices } Rechnungen
    })
