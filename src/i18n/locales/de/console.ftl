# Die Bedienoberfläche (console/, unter /console): jeder Text, den sie zeigt. Der Browser lädt sie
# als /console/locales/<Sprache>.ftl. Die Ids beginnen mit `console-` (die Dokumente lesen diesen Ordner ebenfalls).

## Rahmen

console-skip-to-content = Zum Inhalt springen
console-language = Sprache
console-nav-label = Hauptnavigation
console-signed-in-as = { $name } ({ $roles })
console-sign-out = Abmelden
console-loading = Wird geladen…
console-not-found = Diese Seite gibt es nicht
console-home = Startseite
console-nav-home = Startseite
console-home-title = Willkommen, { $name }
console-home-intro = Wählen Sie, woran Sie arbeiten möchten.
console-screen-failed = Diese Ansicht konnte nicht angezeigt werden
console-retry = Erneut versuchen
console-dismiss = Schließen
console-reload = Neu laden
console-refresh = Aktualisieren
console-conflict-title = Jemand anderes hat dies inzwischen geändert
console-conflict-detail = Ihre Änderung wurde nicht gespeichert. Laden Sie die aktuelle Fassung neu und nehmen Sie Ihre Änderung dann erneut vor.

## Anmeldung

console-sign-in-title = Bei billstream anmelden
console-sign-in-user = Benutzername
console-sign-in-password = Passwort
console-sign-in-submit = Anmelden
console-sign-in-wrong = Benutzername oder Passwort ist falsch.
console-sign-in-locked = Dieser Benutzer ist nach zu vielen Fehlversuchen gesperrt. { $detail }
console-session-expired = Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.

## Tabellen und Formulare

console-table-empty = Nichts anzuzeigen.
console-pager-label = Seiten von { $caption }
console-page-previous = Vorherige Seite
console-page-next = Nächste Seite
console-page-number = Seite { $page }
console-search = Suchen
console-none = (keine Angabe)
console-create = Anlegen
console-edit = Bearbeiten
console-save = Speichern
console-saving = Wird gespeichert…
console-cancel = Abbrechen
console-field-required = Pflichtfeld.
console-field-too-long = Höchstens { $max } Zeichen.
console-field-format = Nicht im erwarteten Format.
console-yes-no = { $value ->
    [true] ja
   *[false] nein
}
console-id-hint = Buchstaben, Ziffern und _ . : - (höchstens 64), beginnend mit einem Buchstaben oder einer Ziffer.
console-country-hint = Zwei Großbuchstaben (ISO 3166), z. B. DE.
console-currency-hint = Drei Großbuchstaben (ISO 4217), z. B. EUR.
console-language-hint = Ein Sprach-Tag, z. B. de oder en-GB.
console-time-zone-hint = Eine IANA-Zeitzone, z. B. Europe/Berlin.
console-updated-at = Zuletzt geändert
console-external-id = Externe Id

## Verlauf

console-history = Verlauf
console-history-caption = Was sich wann und durch wen geändert hat, das Neueste zuerst
console-history-when = Wann
console-history-who = Wer
console-history-what = Was sich geändert hat
console-history-set = { $field }: { $to }
console-history-changed = { $field }: { $from } → { $to }

## Kunden

console-nav-clients = Kunden
console-clients-title = Kunden
console-clients-create = Neuer Kunde
console-clients-search = Name beginnt mit
console-clients-caption = Alle Kunden
console-clients-caption-search = Kunden, deren Name mit „{ $name }“ beginnt
console-clients-none-found = Kein Kundenname beginnt mit „{ $name }“.
console-client-edit-title = { $name } ändern
console-client-id = Kunden-Id
console-client-name = Name
console-client-type = Art
console-client-type-value = { $type ->
    [person] Privatperson
    [company] Unternehmen
   *[other] { $type }
}
console-client-status = Status
console-client-status-value = { $status ->
    [prospect] Interessent
    [active] aktiv
    [suspended] gesperrt
    [closed] geschlossen
   *[other] { $status }
}
console-client-country = Land
console-client-language = Sprache der Dokumente
console-client-currency = Währung
console-client-time-zone = Zeitzone
console-client-vat-id = USt-IdNr.
console-client-email = E-Mail
console-client-city = Ort
console-client-partner = Partner-Id
console-client-agent = Vertreter-Id
console-address = Anschrift
console-address-line1 = Straße und Hausnummer
console-address-line2 = Adresszusatz
console-address-postal-code = Postleitzahl
console-address-city = Ort

## Verträge, Anschlüsse, Abonnements

console-nav-contracts = Verträge
console-contracts-caption = Verträge
console-contract-number = Nummer
console-contract-legal-entity = Rechnungssteller
console-contract-start = Beginn
console-contract-end = Ende
console-contract-cycle = Abrechnungszyklus
console-contract-cycle-value = { $cycle ->
    [monthly] monatlich
    [quarterly] vierteljährlich
    [yearly] jährlich
   *[other] { $cycle }
}
console-contract-currency = Währung
console-nav-service-points = Anschlüsse
console-service-points-caption = Anschlüsse
console-service-point-id = Anschluss-Id
console-service-point-identifiers = Kennungen
console-service-point-active = Aktiv
console-nav-subscriptions = Abonnements
console-subscriptions-caption = Abonnements
console-subscription-id = Abonnement-Id
console-subscription-service-point = Anschluss
console-subscription-tariff = Tarif
console-subscription-start = Beginn
console-subscription-end = Ende
console-subscription-quantity = Menge
