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
console-field-too-short = Mindestens { $min } Zeichen.
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
console-event-type = { $type ->
    [ClientRegistered] Kunde angelegt
    [ClientDetailsChanged] Kundendaten geändert
    [ClientStatusChanged] Kundenstatus geändert
    [ClientCommunicationLogged] Kommunikation protokolliert
    [ContactPersonSaved] Ansprechpartner gespeichert
    [ContactPersonRemoved] Ansprechpartner entfernt
    [ContractConcluded] Vertrag geschlossen
    [ContractDetailsChanged] Vertragsdaten geändert
    [ServicePointRegistered] Anschluss angelegt
    [ServicePointDetailsChanged] Anschlussdaten geändert
    [ServicePointBlocked] Anschluss gesperrt
    [ServicePointUnblocked] Anschluss entsperrt
    [ServicePointCredentialsSet] Zugangsdaten gesetzt
    [ServicePointCredentialsCleared] Zugangsdaten gelöscht
    [SubscriptionStarted] Abonnement begonnen
    [SubscriptionDetailsChanged] Abonnementdaten geändert
    [TariffVersionPublished] Tarifversion veröffentlicht
    [DiscountVersionPublished] Rabattversion veröffentlicht
    [InvoiceDrafted] Rechnungsentwurf erstellt
    [InvoiceDraftAdopted] Entwurf übernommen
    [InvoiceDraftVoided] Entwurf verworfen
    [InvoiceIssued] Rechnung ausgestellt
    [InvoiceCredited] Rechnung gutgeschrieben
    [CreditNoteIssued] Gutschrift ausgestellt
    [InvoiceDocumentsRendered] Dokumente erstellt
    [CreditNoteDocumentsRendered] Dokumente der Gutschrift erstellt
    [InvoiceWrittenOff] Rechnung abgeschrieben
    [PaymentReceived] Zahlung eingegangen
    [PaymentAllocated] Zahlung zugeordnet
    [PaymentRefunded] Zahlung erstattet
   *[other] { $type }
}
console-history-caption = Was sich wann und durch wen geändert hat, das Neueste zuerst
console-history-when = Wann
console-history-who = Wer
console-history-what = Was sich geändert hat
console-history-set = { $field }: { $to }
console-history-changed = { $field }: { $from } → { $to }
# A part of a field the history shows (a name in one language: “Name › hu”).
console-history-part = { $field } › { $part }
console-history-withheld = (zurückgehalten)
# Fields of history events that no screen labels (the others use the screens' own labels).
console-contact-id = Kontakt-ID
console-contact-name = Kontaktperson
console-contact-role = Rolle der Kontaktperson
console-contact-phone = Telefon
console-communication-id = Eintrags-ID
console-communication-kind = Art des Kontakts
console-communication-kind-value = { $kind ->
    [note] Notiz
    [call] Anruf
    [email] E-Mail
   *[other] { $kind }
}
console-communication-at = Zeitpunkt
console-communication-author = Verfasser
console-communication-subject = Betreff
console-communication-body = Text
console-service-point-block-reason = Grund der Sperre
console-service-point-unblock-reason = Grund der Entsperrung
console-service-point-user-name = RADIUS-Benutzername
console-service-point-password = RADIUS-Passwort
console-tariff-radius = Netzzugang (RADIUS)
console-tariff-radius-rate-limit = Bandbreitenbegrenzung
console-tariff-radius-session-timeout = Sitzungsdauer höchstens (Sekunden)
console-tariff-radius-interim-interval = Zwischenmeldungen alle (Sekunden)
console-tariff-radius-framed-pool = Adresspool
console-tariff-radius-attributes = Weitere RADIUS-Attribute
console-discount-percent = Prozentsatz
console-discount-thresholds = Schwellen
console-discount-minimum = Mindestumsatz
console-discount-prefixes = Zielvorwahlen
console-discount-peak-price = Preis zur Hauptzeit
console-discount-offpeak-price = Preis zur Nebenzeit
console-discount-scope-everyone = Gilt für alle
console-discount-scope-clients = Gilt für die Kunden
console-discount-scope-contracts = Gilt für die Verträge
console-discount-scope-subscriptions = Gilt für die Abonnements
console-discount-scope-tariffs = Gilt für die Tarife
console-discount-scope-partners = Gilt für die Kunden der Partner
console-discount-on-charges = Auf die Entgelte
console-discount-on-usage-types = Auf die Nutzungsarten
console-discount-on-categories = Auf die Dienstkategorien
console-discount-on-codes = Auf die Entgeltcodes
console-discount-when-categories-active = Wenn diese Dienste aktiv sind
console-discount-when-tenure-months = Nach Monaten als Kunde
console-discount-when-first-cycles = Für die ersten Abrechnungszeiträume
console-invoice-from-run = Übernommen aus dem Lauf
console-invoice-fx-rates = Wechselkurse
console-invoice-usage-cutoff = Nutzung bis zum Ereignis
console-credit-note-id = Gutschrift-ID
console-credit-note-issue-date = Ausstellungsdatum der Gutschrift
console-credit-note-type-code = Code der Belegart
console-documents-docx = Dokument (.docx), SHA-256
console-documents-ubl = E-Rechnung (UBL), SHA-256
console-documents-pages = Seiten
console-documents-renderer = Version des Renderers
console-payment-national-currency = Landeswährung
console-payment-allocation-id = Zuordnungs-ID
console-payment-invoice-currency = Rechnungswährung
console-payment-payment-rate = Wechselkurs der Zahlung
console-payment-invoice-rate = Wechselkurs der Rechnung
console-payment-releases = Gibt Zuordnung frei
console-payment-refund-id = Erstattungs-ID

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
console-client-status-change = Status ändern
console-client-status-reason = Begründung
console-client-status-submit = Status ändern
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
console-contract-id = Vertrags-Id
console-contract-client = Kunden-Id
console-contracts-create = Neuer Vertrag
console-contract-title = Vertrag { $number }
console-contract-edit-title = Vertrag { $number } ändern
console-contract-number-hint = Die Vertragsnummer auf Dokumenten; leer gelassen die Id.
console-contract-end-hint = Der erste nicht mehr abgedeckte Tag (ausschließlich); leer, solange der Vertrag läuft.
console-contract-billing-start = Abrechnungsbeginn
console-contract-anchor-day = Zyklustag (1–28)
console-contract-currency-hint = Drei Großbuchstaben; leer gelassen die Währung des Kunden.
console-contract-payment-terms = Zahlungsziel (Tage)
console-service-points-create = Neuer Anschluss
console-service-point-title = Anschluss { $id }
console-service-point-edit-title = Anschluss { $id } ändern
console-service-point-contract = Vertrags-Id
console-service-point-identifier = Kennung (Rufnummer, MAC-Adresse, Benutzername)
console-service-point-identifiers-hint = Eine pro Zeile: E.164-Rufnummern, MAC-Adressen, RADIUS-Benutzernamen.
console-service-point-country-hint = Zwei Großbuchstaben; leer gelassen das Land des Kunden.
console-subscriptions-create = Neues Abonnement
console-subscription-title = Abonnement { $id }
console-subscription-edit-title = Abonnement { $id } ändern
console-subscription-tariff-hint = Die Id eines veröffentlichten Tarifs, z. B. FIBRE-100.
console-all = (alle)
console-history-fields = { $count ->
    [one] ein Feld
   *[other] { $count } Felder
}
console-clients-import = Kunden importieren

## Dateiimport

console-nav-imports = Importe
console-imports-title = Datei importieren
console-imports-intro = Die Formate beschreibt docs/formats.md. Dieselbe Datei erneut zu importieren ändert nichts.
console-imports-none = Sie dürfen keine Dateien importieren.
console-import-kind = Was importiert wird
console-import-kind-value = { $kind ->
    [legal-entities] Rechnungssteller (YAML)
    [partners] Partner (CSV)
    [agents] Vertreter (CSV)
    [clients] Kunden (CSV)
    [contracts] Verträge (CSV)
    [service-points] Anschlüsse (CSV)
    [subscriptions] Abonnements (CSV)
    [discounts] Rabattmodelle (YAML)
    [usage] Nutzungsdatensätze (CSV)
    [fx-rates] Wechselkurse (CSV)
    [holidays] Feiertage (CSV)
    [payments] Zahlungen (CSV)
   *[other] { $kind }
}
console-import-file = Datei
console-import-file-hint = Eine { $type }-Datei.
console-import-all-or-nothing = Die ganze Datei ablehnen, wenn eine Zeile fehlerhaft ist
console-import-submit = Importieren
console-importing = Wird importiert…
console-import-result-ok = Importiert
console-import-result-rejected = { $count ->
    [one] Eine Zeile wurde abgelehnt
   *[other] { $count } Zeilen wurden abgelehnt
}
console-import-count = { $what ->
    [created] Angelegt
    [updated] Geändert
    [unchanged] Unverändert
    [rejected] Abgelehnt
    [duplicates] Doppelt
    [unresolved] Nicht bewertet
   *[other] { $what }
}
console-import-errors = Abgelehnte Zeilen
console-import-line = Zeile
console-import-column = Spalte
console-import-reason = Grund

## Tarife und Rabattmodelle

console-nav-tariffs = Tarife
console-tariffs-import = Tarif veröffentlichen
console-tariffs-import-intro = Wählen Sie die YAML-Datei des Tarifs und die CSV-Dateien der Preistabellen, die er nennt; eine Preistabelle wird über ihren Dateinamen zugeordnet.
console-tariff-file = Tarifdatei (YAML)
console-tariff-deck-files = Preistabellen (CSV)
console-tariff-deck-files-hint = Nur für Tarife, die Preistabellen nennen; mehrere Dateien sind möglich.
console-tariff-id = Tarif-Id
console-tariff-name = Name
console-tariff-category = Kategorie
console-tariff-category-value = { $category ->
    [voip] VoIP
    [internet] Internet
    [wifi] WLAN
    [pstn] Festnetz
    [catv] Kabelfernsehen
    [iptv] IPTV
    [vod] Video on Demand
    [bundle] Paket
   *[other] { $category }
}
console-tariff-versions = Fassungen
console-tariff-latest = Neueste Fassung ab
console-tariff-version-title = Fassung ab { $validFrom }
console-tariff-published = Veröffentlicht
console-tariff-content-hash = Inhalts-Hash
console-tariff-recurring = Wiederkehrende Entgelte
console-tariff-one-time = Einmalige Entgelte
console-tariff-usage = Nutzungsentgelte
console-tariff-code = Code
console-tariff-amount = Betrag
console-tariff-period = Zeitraum
console-tariff-billed = Abrechnung
console-tariff-on = Berechnet bei
console-tariff-usage-type = Nutzungsart
console-tariff-price = Preis
console-tariff-deck = Preistabelle
console-tariff-allowance = Inklusivvolumen
console-tariff-rules = Weitere Regeln
console-tariff-unit = Einheit: { $unit }
console-tariff-tiering = Staffelung: { $tiering ->
    [graduated] gestaffelt (jede Stufe bepreist die Einheiten in ihr)
    [volume] Volumen (die erreichte Stufe bepreist alle Einheiten)
   *[other] { $tiering }
}
console-tariff-tiers = Stufen:
console-tariff-tier = { $from } bis { $upTo } { $unit }: { $price } je { $unit }
console-tariff-tier-above = über { $from } { $unit }: { $price } je { $unit }
console-tariff-peak = Hauptzeit: { $days }, { $from }–{ $to }
console-tariff-subscriptions = Abonnements dieses Tarifs
console-deck-title = Preistabelle { $name }
console-deck-file = Dateiname
console-deck-rows = Preise
console-deck-caption = Die Preise der Tabelle
console-deck-caption-first = Die ersten { $shown } von { $rows } Preisen
console-nav-discounts = Rabattmodelle
console-discounts-import = Rabattmodelle importieren
console-discount-id = Modell-Id
console-discount-kind = Art
console-discount-kind-value = { $kind ->
    [percentage] prozentual
    [fixed] fester Betrag
    [volume] Mengenrabatt
    [commitment] Mindestumsatz
    [free-units] Freieinheiten
    [price-override] Preisüberschreibung
   *[other] { $kind }
}
console-discount-valid-from = Gültig ab
console-discount-valid-to = Gültig bis
console-discount-scope = Gilt für
console-discount-on = Worauf
console-discount-when = Wann
console-discount-priority = Priorität
console-discount-group = Gruppe
console-discount-cap = Obergrenze

## Nutzung

console-nav-usage = Nutzung
console-nav-unresolved = Nicht bewertete Nutzung
console-usage-of-client = Nutzung dieses Kunden
console-usage-date = Ein Tag des Zyklus
console-usage-choose-client = Geben Sie eine Kunden-Id ein, um die Nutzung ihres Zyklus zu sehen.
console-usage-no-subscriptions = Der Kunde hat in diesem Zyklus kein Abonnement.
console-usage-of = Nutzung von { $client } im Zyklus mit dem { $date }
console-usage-subscription = Abonnement { $subscription } ({ $tariff }), Zyklus { $period }
console-usage-allowance = { $type }: { $used } von { $quantity } { $unit } verbraucht
console-usage-allowances = Inklusivvolumen
console-usage-unit = { $type ->
    [voice] Sekunden
    [data] { $unit }
   *[other] Ereignisse
}
console-usage-tariff-units = Tarifeinheiten
console-usage-lines = Nutzung nach Art, Ziel und Zeitzone
console-usage-destination = Ziel
console-usage-band = Zeitzone
console-usage-band-value = { $band ->
    [peak] Hauptzeit
    [offpeak] Nebenzeit
   *[other] { $band }
}
console-usage-records = Datensätze
console-usage-quantity = Menge
console-usage-covered = Durch das Inklusivvolumen gedeckt
console-usage-charge = Entgelt
console-usage-total = Summe
console-usage-none = Keine Nutzung in diesem Zyklus.
console-unresolved-reason = Grund
console-unresolved-reason-value = { $reason ->
    [unknown-identifier] unbekannte Kennung
    [no-subscription] kein Abonnement
    [no-rate] kein Preis
   *[other] { $reason }
}
console-unresolved-start = Beginn
console-unresolved-source = Quelle / Datensatz
console-unresolved-detail = Einzelheiten
console-unresolved-none = Jeder Nutzungsdatensatz ist bewertet.
console-rerate-title = Neu bewerten
console-rerate-intro = Die Korrektur eines Kunden, Anschlusses, Abonnements oder Vertrags, importierte Feiertage und ein neuer Tarif bewerten die betroffene Nutzung von selbst neu. Hier neu bewerten, nachdem eine Rufnummer von einem Anschluss zu einem anderen umgezogen ist; jedes geänderte Ergebnis wird festgehalten.
console-rerate-unresolved-only = Nur die noch nicht bewerteten Datensätze
console-rerate-since = Nur Datensätze ab
console-rerate-submit = Neu bewerten
console-rerate-result = { $selected } ausgewählt: { $resolved } jetzt bewertet, { $changed } geändert, { $unchanged } unverändert, { $unresolved } weiterhin nicht bewertet.

## Verwaltung

console-nav-api-keys = API-Schlüssel
console-api-keys-create = Neuer API-Schlüssel
console-api-key-id = Schlüssel-Id
console-api-key-name = Name
console-api-key-scope = Geltungsbereich
console-api-key-created = Angelegt
console-api-key-state = Zustand
console-api-key-revoked = widerrufen
console-api-key-revoke = Widerrufen
console-api-key-revoke-named = Widerrufen: { $name }
console-api-key-revoke-confirm = { $name } widerrufen? Maschinen, die ihn nutzen, werden sofort abgewiesen.
console-api-key-tenant = Partner-Id
console-api-key-tenant-hint = Für die Rolle Partner erforderlich.
console-api-key-client = Kunden-Id
console-api-key-client-hint = Für die Rolle Kunde erforderlich.
console-api-key-issued = API-Schlüssel { $name } ausgestellt
console-api-key-secret = Der Schlüssel
console-api-key-secret-once = Kopieren Sie den Schlüssel jetzt: Er wird nur dieses eine Mal angezeigt und kann nicht erneut gelesen werden.
console-scope-partner = Partner { $id }
console-scope-client = Kunde { $id }
console-roles = Rollen
console-roles-required = Wählen Sie mindestens eine Rolle.
console-role = { $role ->
    [admin] Administrator
    [operator] Betrieb
    [billing] Abrechnung
    [accountant] Buchhaltung
    [auditor] Prüfer
    [partner] Partner
    [client] Kunde
   *[other] { $role }
}
console-nav-users = Benutzer
console-users-create = Neuer Benutzer
console-user-title = Benutzer { $name }
console-user-name = Benutzername
console-user-name-hint = Kleinbuchstaben, Ziffern und . _ @ -; später nicht änderbar.
console-user-password = Passwort
console-user-password-hint = Mindestens 12 Zeichen.
console-user-client-hint = Für die Rolle Kunde erforderlich: der Kunde, dessen Daten der Benutzer sieht.
console-user-partner-hint = Für die Rolle Partner erforderlich: der Partner, dessen Kunden der Benutzer sieht.
console-user-active = aktiv
console-user-disabled = deaktiviert
console-user-locked = gesperrt bis { $until }
console-user-last-sign-in = Letzte Anmeldung
console-user-failed-sign-ins = Fehlgeschlagene Anmeldungen in Folge
console-user-disable = Deaktivieren
console-user-enable = Aktivieren
console-user-set-password = Passwort setzen
console-user-password-set = Das Passwort ist gesetzt; die Sitzungen des Benutzers wurden beendet.

## Abrechnung: Abrechnungsläufe, Rechnungen und Gutschriften, Zahlungen und Forderungen, Übersicht

console-downloading = Wird heruntergeladen…
console-show-all = Alle { $count } anzeigen
console-chart-loading = Das Diagramm wird gezeichnet…
console-currency = Währung
console-amount = Betrag
console-amount-hint = Eine Dezimalzahl mit Punkt, z. B. 12700.00.
console-net = Netto
console-vat = USt.
console-gross = Brutto
console-amount-due = Offener Betrag
console-percent = { $rate } %
console-period = { $start } – { $end }
console-cycle = Zeitraum
console-invoice = Rechnung
console-credit-note = Gutschrift
console-usage-type-value = { $type ->
    [voice] Telefonie
    [data] Daten
    [sms] SMS
    [mms] MMS
    [vod] Video auf Abruf
   *[other] { $type }
}
console-run-status-value = { $status ->
    [started] Rechnungen werden erstellt
    [drafted] wartet auf Freigabe
    [approved] Rechnungen werden ausgestellt
    [completed] abgeschlossen
    [failed] fehlgeschlagen
    [voided] verworfen
    [superseded] abgelöst
   *[other] { $status }
}
console-invoice-status-value = { $status ->
    [draft] Entwurf
    [issued] ausgestellt
    [voided] verworfen
   *[other] { $status }
}
console-payment-status-value = { $status ->
    [open] offen
    [partly-paid] teilweise bezahlt
    [paid] bezahlt
    [overdue] überfällig
   *[other] { $status }
}
console-flag-code = { $code ->
    [total-changed] Gesamtbetrag verändert
    [zero-or-negative] Gesamtbetrag null oder negativ
    [unresolved-usage] nicht bewertete Nutzung
    [missing-fx-rate] Wechselkurs fehlt
    [b2b-without-vat-id] Unternehmen ohne USt-IdNr.
    [no-legal-entity] kein Rechnungssteller
    [invalid-time-zone] ungültige Zeitzone
    [no-vat-rate] kein Steuersatz
    [waits-for-earlier-cycle] wartet auf einen früheren Zeitraum
    [no-holiday-calendar] kein Feiertagskalender
    [incomplete-document] unvollständiges Dokument
    [discount-share] hoher Rabatt
    [vat-id-of-seller-country] USt-IdNr. aus dem Land des Verkäufers
   *[other] { $code }
}
console-flag-blocking = nicht ausstellbar
# A held invoice's reason, from its flag's figures (the API's params; see openapi.yaml InvoiceFlag).
# Amounts, percentages and dates come formatted for the language; $count is a number.
console-flag-message-total-changed = Gesamtbetrag { $total } weicht um { $change } vom vorigen Zeitraum ab ({ $previousTotal }; Schwelle { $threshold })
console-flag-message-zero-or-negative = Gesamtbetrag { $total }
console-flag-message-vat-id-of-seller-country = Unternehmen { $client } in { $country } wird mit { $vatId } im Reverse-Charge-Verfahren abgerechnet, einer USt-IdNr. aus { $sellerCountry }, dem Land des Verkäufers: eine Niederlassung dort wird dort im Inland besteuert
console-flag-message-discount-share = Rabatte von { $discounts } { $share ->
        [none] übersteigen die Entgelte von { $charges }
       *[other] sind { $share } der Entgelte von { $charges }
    } (Schwelle { $threshold })
console-flag-message-unresolved-usage = { $count ->
        [one] { $count } nicht bewerteter Nutzungsdatensatz der Anschlüsse dieses Vertrags im Zeitraum
       *[other] { $count } nicht bewertete Nutzungsdatensätze der Anschlüsse dieses Vertrags im Zeitraum
    }
console-flag-message-missing-fx-rate = kein Wechselkurs am oder vor dem { $date } für { $pairs }
console-flag-message-no-vat-rate = kein Steuersatz für { $country } am { $date } bekannt
console-flag-message-b2b-without-vat-id = Unternehmen { $client } in { $country } hat { $vatId ->
        [none] keine USt-IdNr.
       *[other] eine ungültige USt-IdNr. { $vatId }
    }: ohne sie zahlt es die Umsatzsteuer von { $country } wie ein Verbraucher, mit ihr gälte das Reverse-Charge-Verfahren
console-flag-message-no-legal-entity = Vertrag { $contract } hat keinen Rechnungssteller, der ihn abrechnen könnte ({ $legalEntity ->
        [none] keiner angegeben
       *[other] { $legalEntity }
    })
console-flag-message-invalid-time-zone = Kunde { $client } hat eine ungültige Zeitzone „{ $timeZone }“
console-flag-message-waits-for-earlier-cycle = wartet auf den Zeitraum { $cycle } des Vertrags, der { $status ->
        [blocked] nicht ausstellbar
       *[held] zurückgehalten
    } ist: die Zeiträume eines Vertrags werden der Reihe nach ausgestellt
console-flag-message-no-holiday-calendar = { $count ->
        [one] { $count } Anruf dieses Zeitraums wurde ohne Feiertage bewertet
       *[other] { $count } Anrufe dieses Zeitraums wurden ohne Feiertage bewertet
    }: kein Feiertagskalender für { $calendars }. Die Feiertage des Landes importieren (billstream import holidays FILE): der Import bewertet diese Anrufe neu
console-flag-message-incomplete-document = den Dokumenten der Rechnung würde eine gesetzliche Pflichtangabe fehlen: { $item ->
        [seller-vat-id] der Rechnungssteller hat keine USt-IdNr. (MwSt-Systemrichtlinie Art. 226 Nr. 3)
        [buyer-vat-id] Reverse Charge ohne die USt-IdNr. des Kunden (Art. 226 Nr. 4)
       *[seller-address] der Rechnungssteller hat keine Anschrift (Art. 226 Nr. 5)
    }

## Abrechnungsläufe

console-nav-bill-runs = Abrechnungsläufe
console-bill-runs-caption = Abrechnungsläufe nach Stichtag
console-bill-runs-none = Noch kein Abrechnungslauf.
console-bill-run-id = Lauf-ID
console-bill-run-as-of = Stichtag
console-bill-run-as-of-hint = Jeder noch nicht abgerechnete Abrechnungszeitraum, der an diesem Tag oder früher endet, erhält eine Rechnung.
console-bill-run-status = Status
console-bill-run-started = Gestartet
console-bill-run-started-by = Gestartet von
console-bill-run-drafted = Erstellt
console-bill-run-held = Zurückgehalten
console-bill-run-issued = Ausgestellt
console-bill-run-start = Abrechnungslauf starten
console-bill-run-start-intro = Der Lauf erstellt die Rechnungsentwürfe und zeigt seinen Prüfbericht; vor der Freigabe wird nichts ausgestellt.
console-bill-run-start-submit = Lauf starten
console-bill-run-change-threshold = Zurückhalten, wenn sich der Gesamtbetrag um mehr als (%) ändert
console-bill-run-change-threshold-hint = Gegenüber der vorigen Rechnung des Kunden; 50, wenn leer.
console-bill-run-discount-threshold = Zurückhalten, wenn Rabatte mehr ausmachen als (% der Entgelte)
console-bill-run-discount-threshold-hint = 50, wenn leer.
console-bill-run-progress = { $phase ->
    [issuing] Die Rechnungen werden ausgestellt…
   *[drafting] Die Rechnungen werden erstellt…
}
console-bill-run-progress-run = Lauf { $runId }: { $status }, gestartet { $started }
console-bill-run-title = Abrechnungslauf { $runId }
console-bill-run-approved = Freigegeben
console-bill-run-approved-value = von { $by } am { $at }, Rechnungsdatum { $issueDate }, { $includeHeld ->
    [true] mit den zurückgehaltenen Rechnungen
   *[false] ohne die zurückgehaltenen Rechnungen
}
console-bill-run-result = Ergebnis
console-bill-run-result-value = { $issued } ausgestellt, { $held } nicht ausgestellt, { $superseded } von einem späteren Lauf übernommen
console-bill-run-failed = Der Lauf ist fehlgeschlagen ({ $at }): { $reason }
console-bill-run-voided = Verworfen von { $by } am { $at }. Nichts wurde ausgestellt; die Zeiträume gehen in den nächsten Lauf.
console-bill-run-superseded = Ein späterer Lauf hat seine Entwürfe übernommen:
console-bill-run-invoices = Die Rechnungen des Laufs
console-bill-run-documents = Druckdatei herunterladen (zip)
console-bill-run-approve-title = Freigeben und ausstellen
console-bill-run-approve-intro = { $issue } Rechnungen sind bereit zur Ausstellung; { $held } sind zurückgehalten, davon können { $blocked } gar nicht ausgestellt werden.
console-bill-run-include-held = Auch die zurückgehaltenen Rechnungen ausstellen ({ $held } ausstellbar)
console-bill-run-issue-date = Rechnungsdatum
console-bill-run-issue-date-hint = Sein Jahr bestimmt den Nummernkreis.
console-bill-run-approve-submit = Freigeben und ausstellen
console-bill-run-void-title = Lauf verwerfen
console-bill-run-void-intro = Verwerfen stellt nichts aus: Die Entwürfe bleiben als verworfen in der Historie, ihre Zeiträume gehen in den nächsten Lauf.
console-bill-run-void-confirm = Lauf { $runId } verwerfen? Das kann nicht rückgängig gemacht werden.
console-bill-run-void-submit = Lauf verwerfen

## Prüfbericht

console-report-title = Prüfbericht
console-report-invoices = Rechnungen
console-report-held = Zurückgehalten
console-report-blocked = Nicht ausstellbar
console-report-nothing-to-bill = Zeiträume ohne abzurechnende Posten
console-report-warning = { $message } ({ $invoices } Rechnungen)
console-report-deferred = { $cycles } fällige Zeiträume wurden für einen späteren Lauf gelassen.
console-report-supersedes = Dieser Lauf hat die nicht freigegebenen Läufe abgelöst
console-report-language-fallback = { $invoices } Rechnungen auf Englisch: Für die Sprache des Kunden ({ $language }) gibt es keine Texte.
console-report-unassigned-usage = { $records } Nutzungsdatensätze von { $identifiers } unbekannten Kennungen ({ $first } bis { $last }) gehören zu keinem Anschluss: Sie werden niemandem berechnet, bis die Kennungen erfasst sind.
console-report-per-currency = Summen je Währung
console-report-per-legal-entity = Summen je Rechnungssteller
console-report-per-vat-group = Umsatzsteuer je Gruppe
console-report-per-service-category = Netto je Dienstkategorie
console-report-held-invoices = Zurückgehaltene Rechnungen
console-report-held-caption = Zurückgehaltene Rechnungen mit den Gründen
console-report-none-held = Keine Rechnung ist zurückgehalten.
console-report-reasons = Gründe
console-report-discounts = Rabatte je Rabattmodell
console-vat-category = Steuerkategorie
console-vat-rate = Steuersatz
console-vat-taxable = Bemessungsgrundlage
console-vat-national = USt. in Landeswährung
console-vat-mention = Hinweis
console-vat-groups = Steuergruppen

## Rechnungen und Gutschriften

console-nav-invoices = Rechnungen
console-invoices-caption = Rechnungen nach Nummer (Entwürfe zuerst)
console-invoices-none = Keine passende Rechnung.
console-invoice-number = Rechnungsnummer
console-invoice-id = Rechnungs-ID
console-invoice-status = Status
console-invoice-buyer = Kunde
console-invoice-seller = Rechnungssteller
console-invoice-issue-date = Rechnungsdatum
console-invoice-due-date = Fälligkeit
console-invoice-held = Zurückgehalten
console-invoice-held-yes = { $count ->
    [one] zurückgehalten (ein Grund)
   *[other] zurückgehalten ({ $count } Gründe)
}
console-invoice-draft-of = Entwurf { $id }
console-invoice-title = Rechnung { $number }
console-invoice-actions = Dokumente und Aktionen
console-invoice-download-document = Dokument herunterladen (.docx)
console-invoice-download-ubl = E-Rechnung herunterladen (UBL)
console-invoice-flags = Warum sie zurückgehalten ist
console-invoice-lines = Positionen
console-invoice-lines-caption = Die Positionen der Rechnung, ab 0 nummeriert
console-invoice-discounts = Rabatte und die betroffenen Positionen
console-invoice-discount-line = Position { $line }: { $description }, { $amount }, auf
console-invoice-discount-touched = Position { $line }: { $description } ({ $net })
console-invoice-fx = Verwendete Wechselkurse:
console-invoice-fx-rate = 1 { $base } = { $rate } { $quote } ({ $date })
console-invoice-credit-notes-caption = Gutschriften zu dieser Rechnung
console-line-number = Nr.
console-line-kind = Art
console-line-kind-value = { $kind ->
    [usage] Nutzung
    [late-usage] nachträgliche Nutzung
    [recurring] Grundgebühr
    [one-time] einmalige Gebühr
    [discount] Rabatt
    [commitment] Mindestumsatz-Differenz
   *[other] { $kind }
}
console-line-description = Beschreibung
console-line-quantity = Menge
console-line-discounts-lines = Rabatt auf die Positionen { $lines }
console-nav-credit-notes = Gutschriften
console-credit-notes-caption = Gutschriften nach Nummer
console-credit-notes-none = Keine passende Gutschrift.
console-credit-note-title = Gutschrift { $number }
console-credit-note-lines-caption = Die gutgeschriebenen Positionen (negativ), nach der Rechnungsposition, die sie gutschreiben
console-credit-note-create = Gutschrift ausstellen
console-credit-note-create-title = Rechnung { $number } gutschreiben
console-credit-note-not-issued = Nur eine ausgestellte Rechnung kann gutgeschrieben werden.
console-credit-note-submit = Gutschrift ausstellen
console-credit-reason = Grund
console-credit-reason-hint = Wird auf die Gutschrift gedruckt.
console-credit-mode = Was gutgeschrieben wird
console-credit-mode-all = Alles, was noch nicht gutgeschrieben ist
console-credit-mode-lines = Ausgewählte Positionen
console-credit-lines = Gutzuschreibende Positionen
console-credit-line-choose = Position { $line } gutschreiben: { $description }
console-credit-line-amount = Gutzuschreibender Nettobetrag auf Position { $line }
console-credit-line-left = Vor Steuer; leer: alles, was übrig ist ({ $amount }).
console-credit-line-net = Netto der Position: { $net }
console-credit-choose-a-line = Wählen Sie mindestens eine Position.

## Zahlungen und Forderungen

console-nav-payments = Zahlungen
console-payments-caption = Zahlungen nach Datum
console-payments-none = Keine passende Zahlung.
console-payment-id = Zahlungs-ID
console-payment-id-hint = Ihre ID der Zahlung (die Transaktions-ID der Bank): dieselbe ID ist dieselbe Zahlung.
console-payment-date = Eingangsdatum
console-payment-invoice-number = Angegebene Rechnungsnummer
console-payment-invoice-number-hint = Wie vom Zahler angegeben; leer oder unbekannt: die Zahlung wird Guthaben des Kunden.
console-payment-reference = Verwendungszweck
console-payment-remaining = Nicht zugeordnet
console-payment-unallocated-only = Nicht zugeordnetes Guthaben
console-payment-unallocated-yes = nur mit Restguthaben
console-payment-record = Zahlung erfassen
console-payment-record-submit = Zahlung erfassen
console-payment-title = Zahlung { $id }
console-payment-rate = Wechselkurs
console-payment-rate-value = 1 { $currency } = { $rate } { $national }
console-payment-allocations = Zuordnungen
console-payment-allocations-none = Keiner Rechnung zugeordnet.
console-payment-allocation-date = Zuordnungsdatum
console-payment-invoice-amount = In der Währung der Rechnung
console-payment-refunds = Erstattungen
console-payment-refunds-none = Nichts erstattet.
console-payment-allocate-title = Guthaben zuordnen
console-payment-allocate-intro = Ohne angegebene Rechnung geht das Guthaben an die offenen Rechnungen des Kunden, die am längsten fällige zuerst.
console-payment-allocate-invoice = Rechnungsnummer
console-payment-allocate-invoice-hint = Leer: die offenen Rechnungen des Kunden, die am längsten fällige zuerst.
console-payment-allocate-amount-hint = In { $currency }; leer: so viel, wie offen oder übrig ist.
console-payment-allocate-invoice-needed = Geben Sie die Rechnung an, der der Betrag zugeordnet wird.
console-payment-allocate-submit = Zuordnen
console-payment-refund-title = Guthaben erstatten
console-payment-refund-date = Erstattungsdatum
console-payment-refund-amount-hint = In { $currency }; leer: das ganze nicht zugeordnete Guthaben.
console-payment-refund-submit = Erstatten
console-payment-status = Zahlungsstatus
console-nav-accounts = Kundenkonten
console-account-title = Konto von { $clientId }
console-account-choose-client = Geben Sie eine Kunden-ID ein, um Saldo und Kontoauszug zu sehen.
console-account-client = Der Kunde
console-balance-title = Saldo heute ({ $date })
console-balance-none = Nichts ist offen und es gibt kein Guthaben.
console-balance-receivable = Offen auf Rechnungen
console-balance-unallocated = Nicht zugeordnetes Guthaben
console-balance-balance = Saldo
console-balance-open-items = Offene Rechnungen in { $currency }
console-balance-no-open-items = Keine offene Rechnung.
console-statement-title = Kontoauszug
console-statement-from = Von
console-statement-to = Bis
console-statement-choose = Wählen Sie den ersten und letzten Tag des Auszugs.
console-statement-downloads = Kontoauszug herunterladen
console-statement-download-csv = Als CSV herunterladen
console-statement-download-docx = Als Dokument herunterladen (.docx)
console-statement-summary = Je Währung: Anfangssaldo, Soll, Haben, Endsaldo
console-statement-lines = Buchungen des Zeitraums
console-statement-empty = Keine Buchung in diesem Zeitraum.
console-statement-opening = Anfang
console-statement-debits = Soll
console-statement-credits = Haben
console-statement-closing = Ende
console-statement-date = Datum
console-statement-kind = Buchung
console-statement-kind-value = { $kind ->
    [invoice] Rechnung
    [credit-note] Gutschrift
    [payment] Zahlung
    [allocation] Zuordnung
    [refund] Erstattung
    [write-off] Abschreibung
   *[other] { $kind }
}
console-statement-reference = Referenz
console-statement-debit = Soll
console-statement-credit = Haben
console-statement-balance = Saldo
console-nav-aging = Altersstruktur
console-aging-title = Altersstruktur der Forderungen zum { $date }
console-aging-as-of = Stichtag
console-aging-intro = Was an diesem Tag auf ausgestellten Rechnungen offen war, nach Tagen seit Fälligkeit.
console-aging-bucket = { $bucket ->
    [current] noch nicht fällig
    [days30] 1–30 Tage
    [days60] 31–60 Tage
    [days90] 61–90 Tage
   *[older] über 90 Tage
}
console-aging-total = Summe
console-aging-totals = Summen
console-aging-totals-caption = Offene Beträge je Währung, nach Tagen der Überfälligkeit
console-aging-clients = Je Kunde
console-aging-clients-caption = Offene Beträge je Kunde und Währung, nach Tagen der Überfälligkeit
console-aging-none = Nichts war offen.
console-aging-unallocated-note = Nicht zugeordnetes Guthaben ist hier nicht abgezogen: siehe das Konto des jeweiligen Kunden.

## Übersicht

console-dashboard-title = Übersicht
console-dashboard-as-of = Zahlen zum { $date }
console-dashboard-months = Angezeigte Monate
console-dashboard-show = Anzeigen
console-dashboard-months-value = { $months ->
    [one] der laufende Monat
   *[other] die letzten { $months } Monate
}
console-dashboard-receivables = Forderungen
console-dashboard-receivables-none = Nichts ist offen.
console-dashboard-open = Offen ({ $currency })
console-dashboard-overdue = davon überfällig
console-dashboard-invoices-overdue = { $count ->
    [one] eine Rechnung überfällig
   *[other] { $count } Rechnungen überfällig
}
console-dashboard-aging-link = Die Altersstruktur
console-dashboard-revenue = Umsatz je Monat und Rechnungssteller
console-dashboard-revenue-intro = Nettobeträge der im Monat ausgestellten Rechnungen abzüglich der im Monat ausgestellten Gutschriften; ein Diagramm je Währung.
console-dashboard-revenue-in = Nettoumsatz in { $currency }
console-dashboard-revenue-none = In diesen Monaten wurde keine Rechnung ausgestellt.
console-dashboard-revenue-caption = Umsatz je Monat, Rechnungssteller und Währung
console-dashboard-revenue-description = Gestapeltes Balkendiagramm: Nettoumsatz in { $currency } je Monat von { $from } bis { $to }, ein Balkenteil je Rechnungssteller ({ $entities }). Die Tabelle darunter enthält die Zahlen.
console-dashboard-month = Monat
console-dashboard-invoices-issued = Ausgestellte Rechnungen
console-dashboard-invoices-caption = Ausgestellte Rechnungen je Monat
console-dashboard-invoices-description = Balkendiagramm: ausgestellte Rechnungen je Monat, { $total } in den letzten { $months } Monaten. Die Tabelle darunter enthält die Zahlen.
console-dashboard-usage = Nutzung je Tag und Art
console-dashboard-usage-none = Keine Nutzung erfasst.
console-dashboard-usage-caption = Nutzungsdatensätze je Tag und Art
console-dashboard-usage-description = Liniendiagramm: Nutzungsdatensätze je Tag an den letzten { $days } Tagen mit Nutzung, eine Linie je Art ({ $types }), jede mit eigenem Symbol und eigener Strichart. Die Tabelle darunter enthält die Zahlen.
console-dashboard-day = Tag
console-dashboard-unresolved-count = { $count ->
    [0] Jeder Nutzungsdatensatz ist bewertet.
    [one] Ein Nutzungsdatensatz ist nicht bewertet.
   *[other] { $count } Nutzungsdatensätze sind nicht bewertet.
}
console-dashboard-unresolved-caption = Nicht bewertete Nutzungsdatensätze je Grund
console-dashboard-last-runs = Die letzten Abrechnungsläufe
console-dashboard-run-invoices = Rechnungen
