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
console-usage-subscription = Abonnement { $subscription } ({ $tariff }), Zyklus { $start } – { $end }
console-usage-allowance = Inklusivvolumen: { $used } von { $seconds } Sekunden genutzt
console-usage-lines = Nutzung nach Art, Ziel und Zeitzone
console-usage-destination = Ziel
console-usage-band = Zeitzone
console-usage-records = Datensätze
console-usage-quantity = Menge
console-usage-covered = Sekunden im Inklusivvolumen
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
console-rerate-intro = Nach der Korrektur eines Anschlusses, eines Abonnements oder eines Tarifs die Nutzung neu bewerten; jedes geänderte Ergebnis wird festgehalten.
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
console-api-key-revoke-named = { $name } widerrufen
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
