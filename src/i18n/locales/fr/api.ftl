# Titre des réponses d'erreur de l'API (RFC 9457) selon le statut HTTP (src/api/problems.ts).

problem-title = { $status ->
    [400] Requête incorrecte
    [401] Non autorisé
    [403] Interdit
    [404] Introuvable
    [405] Méthode non autorisée
    [406] Non acceptable
    [408] Délai de requête dépassé
    [409] Conflit
    [412] Précondition non remplie
    [413] Requête trop volumineuse
    [415] Type de média non pris en charge
    [422] Contenu non traitable
    [431] Champs d'en-tête trop volumineux
    [500] Erreur interne du serveur
    [503] Service indisponible
   *[other] Erreur
}

# Le titre propre d'un type de problème, là où celui du statut ne dirait pas ce qui ne va pas (connexion, sessions).
problem-title-wrong-credentials = nom d'utilisateur ou mot de passe incorrect
problem-title-user-locked = utilisateur bloqué après des échecs de connexion
problem-title-session-expired = session expirée
problem-title-csrf = jeton CSRF absent ou incorrect
problem-title-pdf-not-available = PDF indisponible
