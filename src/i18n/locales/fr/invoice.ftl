# Textes des lignes de factures et d'avoirs (src/i18n/invoice-texts.ts).

## Lignes de consommation

invoice-usage-type = { $type ->
    [voice] appels
    [data] données
    [sms] SMS
    [mms] MMS
    [vod] vidéo à la demande
   *[other] { $type }
}
invoice-usage-band = { $band ->
    [peak] heures pleines
    [offpeak] heures creuses
   *[other] { $band }
}

## Frais récurrents

invoice-recurring-charge = { $name } du { $start } au { $end }
invoice-recurring-credit = { $name }, jours non utilisés crédités du { $start } au { $end }
invoice-recurring-part = { $text } ({ $days }/{ $daysInPeriod } jours)
# A one-time fee taken back.
invoice-one-time-reversed = { $name }, annulé

## Avoirs

invoice-credited-line = { $description } (avoir sur la facture { $number })

## Mentions légales de TVA

vat-mention-AE = Autoliquidation / Reverse charge
vat-mention-O = Hors du champ d'application de la TVA de l'UE
vat-mention-E = Exonéré de TVA (directive 2006/112/CE, titre IX)
vat-mention-Z = Taux zéro
vat-mention-no-vat = Non soumis à la TVA
