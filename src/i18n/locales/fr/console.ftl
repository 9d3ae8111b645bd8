# La console d'exploitation (console/, servie sous /console) : tous ses textes. Le navigateur les
# charge depuis /console/locales/<langue>.ftl. Les identifiants commencent par `console-` (les documents lisent aussi ce dossier).

## Cadre

console-skip-to-content = Aller au contenu
console-language = Langue
console-nav-label = Navigation principale
console-signed-in-as = { $name } ({ $roles })
console-sign-out = Se déconnecter
console-loading = Chargement…
console-not-found = Cette page n'existe pas
console-home = Accueil
console-nav-home = Accueil
console-home-title = Bienvenue, { $name }
console-home-intro = Choisissez sur quoi travailler.
console-screen-failed = Cet écran n'a pas pu s'afficher
console-retry = Réessayer
console-dismiss = Fermer
console-reload = Recharger
console-refresh = Actualiser
console-conflict-title = Quelqu'un d'autre a modifié ceci entre-temps
console-conflict-detail = Votre modification n'a pas été enregistrée. Rechargez la version actuelle, puis refaites votre modification.

## Connexion

console-sign-in-title = Se connecter à billstream
console-sign-in-user = Nom d'utilisateur
console-sign-in-password = Mot de passe
console-sign-in-submit = Se connecter
console-sign-in-wrong = Nom d'utilisateur ou mot de passe incorrect.
console-sign-in-locked = Cet utilisateur est verrouillé après trop de tentatives échouées. { $detail }
console-session-expired = Votre session a expiré. Veuillez vous reconnecter.

## Tableaux et formulaires

console-table-empty = Rien à afficher.
console-pager-label = Pages de { $caption }
console-page-previous = Page précédente
console-page-next = Page suivante
console-page-number = Page { $page }
console-search = Rechercher
console-none = (aucun)
console-create = Créer
console-edit = Modifier
console-save = Enregistrer
console-saving = Enregistrement…
console-cancel = Annuler
console-field-required = Obligatoire.
console-field-too-long = { $max } caractères au plus.
console-field-format = Le format attendu n'est pas respecté.
console-yes-no = { $value ->
    [true] oui
   *[false] non
}
console-id-hint = Lettres, chiffres et _ . : - (64 au plus), en commençant par une lettre ou un chiffre.
console-country-hint = Deux majuscules (ISO 3166), p. ex. FR.
console-currency-hint = Trois majuscules (ISO 4217), p. ex. EUR.
console-language-hint = Une étiquette de langue, p. ex. fr ou en-GB.
console-time-zone-hint = Un fuseau horaire IANA, p. ex. Europe/Paris.
console-updated-at = Dernière modification
console-external-id = Identifiant externe

## Historique

console-history = Historique
console-history-caption = Ce qui a changé, quand et par qui, le plus récent en premier
console-history-when = Quand
console-history-who = Qui
console-history-what = Ce qui a changé
console-history-set = { $field } : { $to }
console-history-changed = { $field } : { $from } → { $to }

## Clients

console-nav-clients = Clients
console-clients-title = Clients
console-clients-create = Nouveau client
console-clients-search = Le nom commence par
console-clients-caption = Tous les clients
console-clients-caption-search = Clients dont le nom commence par « { $name } »
console-clients-none-found = Aucun nom de client ne commence par « { $name } ».
console-client-edit-title = Modifier { $name }
console-client-id = Identifiant client
console-client-name = Nom
console-client-type = Type
console-client-type-value = { $type ->
    [person] particulier
    [company] entreprise
   *[other] { $type }
}
console-client-status = Statut
console-client-status-value = { $status ->
    [prospect] prospect
    [active] actif
    [suspended] suspendu
    [closed] clos
   *[other] { $status }
}
console-client-country = Pays
console-client-language = Langue des documents
console-client-currency = Devise
console-client-time-zone = Fuseau horaire
console-client-vat-id = Numéro de TVA
console-client-email = Courriel
console-client-city = Ville
console-client-partner = Identifiant du partenaire
console-client-agent = Identifiant de l'agent
console-address = Adresse
console-address-line1 = Numéro et voie
console-address-line2 = Complément d'adresse
console-address-postal-code = Code postal
console-address-city = Ville

## Contrats, points de service, abonnements

console-nav-contracts = Contrats
console-contracts-caption = Contrats
console-contract-number = Numéro
console-contract-legal-entity = Entité émettrice
console-contract-start = Début
console-contract-end = Fin
console-contract-cycle = Cycle de facturation
console-contract-cycle-value = { $cycle ->
    [monthly] mensuel
    [quarterly] trimestriel
    [yearly] annuel
   *[other] { $cycle }
}
console-contract-currency = Devise
console-nav-service-points = Points de service
console-service-points-caption = Points de service
console-service-point-id = Identifiant du point de service
console-service-point-identifiers = Identifiants
console-service-point-active = Actif
console-nav-subscriptions = Abonnements
console-subscriptions-caption = Abonnements
console-subscription-id = Identifiant de l'abonnement
console-subscription-service-point = Point de service
console-subscription-tariff = Tarif
console-subscription-start = Début
console-subscription-end = Fin
console-subscription-quantity = Quantité
