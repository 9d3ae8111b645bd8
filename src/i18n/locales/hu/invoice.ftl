# Számlák és jóváíró számlák tételeinek szövegei (src/i18n/invoice-texts.ts).

## Forgalmi tételek

invoice-usage-type = { $type ->
    [voice] hívás
    [data] adatforgalom
    [sms] SMS
    [mms] MMS
    [vod] videotéka
   *[other] { $type }
}
invoice-usage-band = { $band ->
    [peak] csúcsidő
    [offpeak] csúcsidőn kívül
   *[other] { $band }
}

## Ismétlődő díjak

invoice-recurring-charge = { $name } { $start } – { $end }
invoice-recurring-credit = { $name }, fel nem használt napok jóváírása { $start } – { $end }
invoice-recurring-part = { $text } ({ $days }/{ $daysInPeriod } nap)
# A one-time fee taken back.
invoice-one-time-reversed = { $name }, sztornó

## Jóváíró számlák

invoice-credited-line = { $description } (a(z) { $number } számú számla jóváírása)

## Áfa-záradékok

vat-mention-AE = Fordított adózás / Reverse charge
vat-mention-O = Az uniós héa hatályán kívül
vat-mention-E = Adómentes (2006/112/EK irányelv, IX. cím)
vat-mention-Z = Nulla százalékos adómérték
vat-mention-no-vat = Nem tartozik áfa hatálya alá
