# Texte der Rechnungs- und Gutschriftspositionen (src/i18n/invoice-texts.ts).

## Verbrauchspositionen

invoice-usage-type = { $type ->
    [voice] Telefonie
    [data] Daten
    [sms] SMS
    [mms] MMS
    [vod] Video on Demand
   *[other] { $type }
}
invoice-usage-band = { $band ->
    [peak] Hauptzeit
    [offpeak] Nebenzeit
   *[other] { $band }
}

## Wiederkehrende Entgelte

invoice-recurring-charge = { $name } { $start }–{ $end }
invoice-recurring-credit = { $name }, Gutschrift nicht genutzter Tage { $start }–{ $end }
invoice-recurring-part = { $text } ({ $days }/{ $daysInPeriod } Tage)
# A one-time fee taken back.
invoice-one-time-reversed = { $name }, storniert

## Gutschriften

invoice-credited-line = { $description } (Gutschrift zu Rechnung { $number })

## Pflichtangaben zur Umsatzsteuer

vat-mention-AE = Steuerschuldnerschaft des Leistungsempfängers / Reverse charge
vat-mention-O = Nicht im Anwendungsbereich der EU-Mehrwertsteuer
vat-mention-E = Steuerfrei (Richtlinie 2006/112/EG, Titel IX)
vat-mention-Z = Nullsteuersatz
vat-mention-no-vat = Nicht umsatzsteuerbar
