# What billstream writes on invoice and credit-note lines (src/i18n/invoice-texts.ts). The
# invoice JSON keeps the codes beside these texts: a line's usage type and band, its code, the VAT
# group's category and mention key. Destination names come from the rate deck as they are.
# English keeps the codes themselves as words and writes dates as ISO 8601.

## Usage lines: "voice · Germany mobile · peak"

# $type: the usage type code (voice, data, sms, mms, vod)
invoice-usage-type = { $type ->
    [voice] voice
    [data] data
    [sms] sms
    [mms] mms
    [vod] vod
   *[other] { $type }
}
# $band: the rating band code (peak, offpeak)
invoice-usage-band = { $band ->
    [peak] peak
    [offpeak] offpeak
   *[other] { $band }
}

## Recurring fees: the fee's name (from the tariff, in its own language) and the days billed,
## $start and $end included.

invoice-recurring-charge = { $name } { $start }–{ $end }
invoice-recurring-credit = { $name }, unused days credited { $start }–{ $end }
# A part of the fee's period: $days of its $daysInPeriod days.
invoice-recurring-part = { $text } ({ $days }/{ $daysInPeriod } days)
# A one-time fee taken back (an end date withdrawn after its termination fee was billed, fewer units).
invoice-one-time-reversed = { $name }, taken back

## Credit notes

# A credited line: the invoice line's own text and the credited invoice's number.
invoice-credited-line = { $description } (credit of { $number })

## Legal mentions of the VAT groups (VAT Directive art. 226(11), (11a)), one per mention key of
## src/tax/vat.ts. Reverse charge carries the English words "Reverse charge" in every language.

vat-mention-AE = Reverse charge
vat-mention-O = Outside the scope of EU VAT
# Title IX (art. 131-166) holds every exemption; an exception that needs the precise article adds
# its own key.
vat-mention-E = Exempt from VAT (Directive 2006/112/EC, Title IX)
vat-mention-Z = Zero-rated
# A seller at home in a country without VAT (US).
vat-mention-no-vat = Not subject to VAT
