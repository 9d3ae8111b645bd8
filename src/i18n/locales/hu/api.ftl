# Az API hibaválaszainak címe (RFC 9457) HTTP-állapotkód szerint (src/api/problems.ts).

problem-title = { $status ->
    [400] Hibás kérés
    [401] Hitelesítés szükséges
    [403] Hozzáférés megtagadva
    [404] Nem található
    [405] Nem engedélyezett metódus
    [406] Nem elfogadható
    [408] Lejárt a kérés ideje
    [409] Ütközés
    [412] Nem teljesült előfeltétel
    [413] Túl nagy kérés
    [415] Nem támogatott tartalomtípus
    [422] Feldolgozhatatlan tartalom
    [431] Túl nagy fejlécmezők
    [500] Belső szerverhiba
    [503] A szolgáltatás nem érhető el
   *[other] Hiba
}

# Egy problématípus saját címe, ahol az állapotkódé nem mondaná meg, mi a hiba (bejelentkezés, munkamenet).
problem-title-wrong-credentials = hibás felhasználónév vagy jelszó
problem-title-user-locked = a felhasználó zárolva a sikertelen bejelentkezések miatt
problem-title-session-expired = a munkamenet lejárt
problem-title-csrf = hiányzó vagy hibás CSRF-token
problem-title-pdf-not-available = PDF nem érhető el
