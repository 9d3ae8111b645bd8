# Titel der API-Fehlerantworten (RFC 9457) nach HTTP-Status (src/api/problems.ts).

problem-title = { $status ->
    [400] Ungültige Anfrage
    [401] Nicht autorisiert
    [403] Verboten
    [404] Nicht gefunden
    [405] Methode nicht erlaubt
    [406] Nicht annehmbar
    [408] Zeitüberschreitung der Anfrage
    [409] Konflikt
    [412] Vorbedingung nicht erfüllt
    [413] Anfrage zu groß
    [415] Nicht unterstützter Medientyp
    [422] Nicht verarbeitbarer Inhalt
    [431] Header-Felder zu groß
    [500] Interner Serverfehler
    [503] Dienst nicht verfügbar
   *[other] Fehler
}

# Der eigene Titel eines Problemtyps, wo der des Status nicht sagen würde, was falsch ist (Anmeldung, Sitzungen).
problem-title-wrong-credentials = falscher Benutzername oder falsches Passwort
problem-title-user-locked = Benutzer nach fehlgeschlagenen Anmeldungen gesperrt
problem-title-session-expired = Sitzung abgelaufen
problem-title-csrf = fehlendes oder falsches CSRF-Token
problem-title-pdf-not-available = PDF nicht verfügbar
