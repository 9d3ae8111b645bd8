# API problems (src/api/problems.ts): the title of a problem answer (RFC 9457) by HTTP status, in the
# language the request accepts (Accept-Language); the detail and the problem type stay in English.

problem-title = { $status ->
    [400] Bad request
    [401] Unauthorized
    [403] Forbidden
    [404] Not found
    [405] Method not allowed
    [406] Not acceptable
    [408] Request timeout
    [409] Conflict
    [412] Precondition failed
    [413] Payload too large
    [415] Unsupported media type
    [422] Unprocessable content
    [431] Request header fields too large
    [500] Internal server error
    [503] Service unavailable
   *[other] Error
}

# A problem type's own title, where its status's would not say what went wrong (sign-in and sessions; a PDF where LibreOffice is not installed).
problem-title-wrong-credentials = wrong user name or password
problem-title-user-locked = user locked after failed sign-ins
problem-title-session-expired = session expired
problem-title-csrf = missing or wrong CSRF token
problem-title-pdf-not-available = PDF not available
