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
console-field-too-short = { $min } caractères au moins.
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
console-client-status-change = Changer le statut
console-client-status-reason = Motif
console-client-status-submit = Changer le statut
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
console-contract-id = Identifiant du contrat
console-contract-client = Identifiant client
console-contracts-create = Nouveau contrat
console-contract-title = Contrat { $number }
console-contract-edit-title = Modifier le contrat { $number }
console-contract-number-hint = Le numéro du contrat sur les documents ; l'identifiant s'il est laissé vide.
console-contract-end-hint = Le premier jour qui n'est plus couvert (exclu) ; vide tant que le contrat court.
console-contract-billing-start = Début de la facturation
console-contract-anchor-day = Jour du cycle (1–28)
console-contract-currency-hint = Trois majuscules ; la devise du client si elle est laissée vide.
console-contract-payment-terms = Délai de paiement (jours)
console-service-points-create = Nouveau point de service
console-service-point-title = Point de service { $id }
console-service-point-edit-title = Modifier le point de service { $id }
console-service-point-contract = Identifiant du contrat
console-service-point-identifier = Identifiant (numéro, adresse MAC, nom d'utilisateur)
console-service-point-identifiers-hint = Un par ligne : numéros E.164, adresses MAC, noms d'utilisateur RADIUS.
console-service-point-country-hint = Deux majuscules ; le pays du client s'il est laissé vide.
console-subscriptions-create = Nouvel abonnement
console-subscription-title = Abonnement { $id }
console-subscription-edit-title = Modifier l'abonnement { $id }
console-subscription-tariff-hint = L'identifiant d'un tarif publié, p. ex. FIBRE-100.
console-all = (tous)
console-history-fields = { $count ->
    [one] un champ
   *[other] { $count } champs
}
console-clients-import = Importer des clients

## Imports de fichiers

console-nav-imports = Imports
console-imports-title = Importer un fichier
console-imports-intro = Les formats sont décrits dans docs/formats.md. Importer de nouveau le même fichier ne change rien.
console-imports-none = Vous n'êtes autorisé à importer aucun fichier.
console-import-kind = Quoi importer
console-import-kind-value = { $kind ->
    [legal-entities] Entités émettrices (YAML)
    [partners] Partenaires (CSV)
    [agents] Agents (CSV)
    [clients] Clients (CSV)
    [contracts] Contrats (CSV)
    [service-points] Points de service (CSV)
    [subscriptions] Abonnements (CSV)
    [discounts] Remises (YAML)
    [usage] Enregistrements de consommation (CSV)
    [fx-rates] Taux de change (CSV)
    [holidays] Jours fériés (CSV)
    [payments] Paiements (CSV)
   *[other] { $kind }
}
console-import-file = Fichier
console-import-file-hint = Un fichier { $type }.
console-import-all-or-nothing = Rejeter tout le fichier si une ligne est erronée
console-import-submit = Importer
console-importing = Import en cours…
console-import-result-ok = Importé
console-import-result-rejected = { $count ->
    [one] Une ligne a été rejetée
   *[other] { $count } lignes ont été rejetées
}
console-import-count = { $what ->
    [created] Créés
    [updated] Modifiés
    [unchanged] Inchangés
    [rejected] Rejetés
    [duplicates] Doublons
    [unresolved] Non valorisés
   *[other] { $what }
}
console-import-errors = Lignes rejetées
console-import-line = Ligne
console-import-column = Colonne
console-import-reason = Motif

## Tarifs et remises

console-nav-tariffs = Tarifs
console-tariffs-import = Publier un tarif
console-tariffs-import-intro = Choisissez le fichier YAML du tarif et les fichiers CSV des grilles tarifaires qu'il nomme ; une grille est associée par son nom de fichier.
console-tariff-file = Fichier du tarif (YAML)
console-tariff-deck-files = Grilles tarifaires (CSV)
console-tariff-deck-files-hint = Seulement pour les tarifs qui nomment des grilles ; plusieurs fichiers peuvent être choisis.
console-tariff-id = Identifiant du tarif
console-tariff-name = Nom
console-tariff-category = Catégorie
console-tariff-versions = Versions
console-tariff-latest = Dernière version à partir du
console-tariff-version-title = Version à partir du { $validFrom }
console-tariff-published = Publiée
console-tariff-content-hash = Empreinte du contenu
console-tariff-recurring = Frais récurrents
console-tariff-one-time = Frais ponctuels
console-tariff-usage = Frais de consommation
console-tariff-code = Code
console-tariff-amount = Montant
console-tariff-period = Période
console-tariff-billed = Facturation
console-tariff-on = Facturé lors de
console-tariff-usage-type = Type de consommation
console-tariff-price = Prix
console-tariff-deck = Grille tarifaire
console-tariff-allowance = Forfait inclus
console-tariff-rules = Autres règles
console-tariff-subscriptions = Abonnements à ce tarif
console-deck-title = Grille tarifaire { $name }
console-deck-file = Nom du fichier
console-deck-rows = Tarifs
console-deck-caption = Les tarifs de la grille
console-deck-caption-first = Les { $shown } premiers tarifs sur { $rows }
console-nav-discounts = Remises
console-discounts-import = Importer des remises
console-discount-id = Identifiant de la remise
console-discount-kind = Type
console-discount-valid-from = Valable à partir du
console-discount-valid-to = Valable jusqu'au
console-discount-scope = S'applique à
console-discount-on = Sur
console-discount-when = Quand
console-discount-priority = Priorité
console-discount-group = Groupe
console-discount-cap = Plafond

## Consommation

console-nav-usage = Consommation
console-nav-unresolved = Consommation non valorisée
console-usage-of-client = Consommation de ce client
console-usage-date = Un jour du cycle
console-usage-choose-client = Saisissez un identifiant client pour voir la consommation de son cycle.
console-usage-no-subscriptions = Le client n'a aucun abonnement dans ce cycle.
console-usage-of = Consommation de { $client } dans le cycle contenant le { $date }
console-usage-subscription = Abonnement { $subscription } ({ $tariff }), cycle du { $start } au { $end }
console-usage-allowance = Forfait : { $used } secondes utilisées sur { $seconds }
console-usage-lines = Consommation par type, destination et plage horaire
console-usage-destination = Destination
console-usage-band = Plage horaire
console-usage-records = Enregistrements
console-usage-quantity = Quantité
console-usage-covered = Secondes dans le forfait
console-usage-charge = Montant
console-usage-total = Total
console-usage-none = Aucune consommation dans ce cycle.
console-unresolved-reason = Motif
console-unresolved-reason-value = { $reason ->
    [unknown-identifier] identifiant inconnu
    [no-subscription] aucun abonnement
    [no-rate] aucun tarif
   *[other] { $reason }
}
console-unresolved-start = Début
console-unresolved-source = Source / enregistrement
console-unresolved-detail = Détail
console-unresolved-none = Tous les enregistrements de consommation sont valorisés.
console-rerate-title = Valoriser de nouveau
console-rerate-intro = Après avoir corrigé un point de service, un abonnement ou un tarif, valorisez de nouveau la consommation ; chaque résultat modifié est enregistré.
console-rerate-unresolved-only = Seulement les enregistrements pas encore valorisés
console-rerate-since = Seulement les enregistrements à partir du
console-rerate-submit = Valoriser de nouveau
console-rerate-result = { $selected } sélectionnés : { $resolved } désormais valorisés, { $changed } modifiés, { $unchanged } inchangés, { $unresolved } toujours non valorisés.

## Administration

console-nav-api-keys = Clés d'API
console-api-keys-create = Nouvelle clé d'API
console-api-key-id = Identifiant de la clé
console-api-key-name = Nom
console-api-key-scope = Périmètre
console-api-key-created = Créée
console-api-key-state = État
console-api-key-revoked = révoquée
console-api-key-revoke = Révoquer
console-api-key-revoke-named = Révoquer { $name }
console-api-key-revoke-confirm = Révoquer { $name } ? Les machines qui l'utilisent seront refusées aussitôt.
console-api-key-tenant = Identifiant du partenaire
console-api-key-tenant-hint = Obligatoire pour le rôle partenaire.
console-api-key-client = Identifiant client
console-api-key-client-hint = Obligatoire pour le rôle client.
console-api-key-issued = Clé d'API { $name } émise
console-api-key-secret = La clé
console-api-key-secret-once = Copiez la clé maintenant : elle n'est affichée que cette fois et ne pourra plus être lue.
console-scope-partner = partenaire { $id }
console-scope-client = client { $id }
console-roles = Rôles
console-roles-required = Choisissez au moins un rôle.
console-role = { $role ->
    [admin] administrateur
    [operator] exploitation
    [billing] facturation
    [accountant] comptable
    [auditor] auditeur
    [partner] partenaire
    [client] client
   *[other] { $role }
}
console-nav-users = Utilisateurs
console-users-create = Nouvel utilisateur
console-user-title = Utilisateur { $name }
console-user-name = Nom d'utilisateur
console-user-name-hint = Minuscules, chiffres et . _ @ - ; il ne pourra plus être modifié.
console-user-password = Mot de passe
console-user-password-hint = Au moins 12 caractères.
console-user-client-hint = Obligatoire pour le rôle client : le client dont l'utilisateur voit les données.
console-user-partner-hint = Obligatoire pour le rôle partenaire : le partenaire dont l'utilisateur voit les clients.
console-user-active = actif
console-user-disabled = désactivé
console-user-locked = verrouillé jusqu'au { $until }
console-user-last-sign-in = Dernière connexion
console-user-failed-sign-ins = Échecs de connexion consécutifs
console-user-disable = Désactiver
console-user-enable = Activer
console-user-set-password = Définir le mot de passe
console-user-password-set = Le mot de passe est défini ; les sessions de l'utilisateur ont pris fin.
