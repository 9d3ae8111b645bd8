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
console-event-type = { $type ->
    [ClientRegistered] client enregistré
    [ClientDetailsChanged] données du client modifiées
    [ClientStatusChanged] statut du client modifié
    [ClientCommunicationLogged] communication consignée
    [ContactPersonSaved] contact enregistré
    [ContactPersonRemoved] contact supprimé
    [ContractConcluded] contrat conclu
    [ContractDetailsChanged] données du contrat modifiées
    [ServicePointRegistered] point de service enregistré
    [ServicePointDetailsChanged] données du point de service modifiées
    [ServicePointBlocked] point de service bloqué
    [ServicePointUnblocked] point de service débloqué
    [ServicePointCredentialsSet] identifiants définis
    [ServicePointCredentialsCleared] identifiants effacés
    [SubscriptionStarted] abonnement démarré
    [SubscriptionDetailsChanged] données de l’abonnement modifiées
    [TariffVersionPublished] version de tarif publiée
    [DiscountVersionPublished] version de remise publiée
    [InvoiceDrafted] brouillon de facture établi
    [InvoiceDraftAdopted] brouillon repris
    [InvoiceDraftVoided] brouillon annulé
    [InvoiceIssued] facture émise
    [InvoiceCredited] facture créditée
    [CreditNoteIssued] avoir émis
    [InvoiceDocumentsRendered] documents générés
    [CreditNoteDocumentsRendered] documents de l'avoir générés
    [InvoiceWrittenOff] facture passée en perte
    [PaymentReceived] paiement reçu
    [PaymentAllocated] paiement affecté
    [PaymentRefunded] paiement remboursé
   *[other] { $type }
}
console-history-caption = Ce qui a changé, quand et par qui, le plus récent en premier
console-history-when = Quand
console-history-who = Qui
console-history-what = Ce qui a changé
console-history-set = { $field } : { $to }
console-history-changed = { $field } : { $from } → { $to }
# A part of a field the history shows (a name in one language: “Name › hu”).
console-history-part = { $field } › { $part }
console-history-withheld = (masqué)
# Fields of history events that no screen labels (the others use the screens' own labels).
console-contact-id = Identifiant du contact
console-contact-name = Personne à contacter
console-contact-role = Rôle du contact
console-contact-phone = Téléphone
console-communication-id = Identifiant de l'entrée
console-communication-kind = Type de contact
console-communication-kind-value = { $kind ->
    [note] note
    [call] appel
    [email] e-mail
   *[other] { $kind }
}
console-communication-at = Date et heure
console-communication-author = Auteur
console-communication-subject = Objet
console-communication-body = Texte
console-service-point-block-reason = Motif du blocage
console-service-point-unblock-reason = Motif du déblocage
console-service-point-user-name = Nom d'utilisateur RADIUS
console-service-point-password = Mot de passe RADIUS
console-tariff-radius = Accès au réseau (RADIUS)
console-tariff-radius-rate-limit = Limite de débit
console-tariff-radius-session-timeout = Durée maximale de session (secondes)
console-tariff-radius-interim-interval = Intervalle des mises à jour intermédiaires (secondes)
console-tariff-radius-framed-pool = Pool d'adresses
console-tariff-radius-attributes = Autres attributs RADIUS
console-discount-percent = Pourcentage
console-discount-thresholds = Paliers
console-discount-minimum = Dépense minimale
console-discount-prefixes = Préfixes de destination
console-discount-peak-price = Prix en heures pleines
console-discount-offpeak-price = Prix en heures creuses
console-discount-scope-everyone = S'applique à tous
console-discount-scope-clients = S'applique aux clients
console-discount-scope-contracts = S'applique aux contrats
console-discount-scope-subscriptions = S'applique aux abonnements
console-discount-scope-tariffs = S'applique aux tarifs
console-discount-scope-partners = S'applique aux clients des partenaires
console-discount-on-charges = Sur les frais
console-discount-on-usage-types = Sur les types de consommation
console-discount-on-categories = Sur les catégories de service
console-discount-on-codes = Sur les codes de frais
console-discount-when-categories-active = Si ces services sont actifs
console-discount-when-tenure-months = Après des mois comme client
console-discount-when-first-cycles = Pour les premières périodes
console-invoice-from-run = Reprise du cycle de facturation
console-invoice-fx-rates = Taux de change
console-invoice-usage-cutoff = Consommation incluse jusqu'à l'événement
console-credit-note-id = Identifiant de l'avoir
console-credit-note-issue-date = Date d'émission de l'avoir
console-credit-note-type-code = Code du type de document
console-documents-docx = Document (.docx), SHA-256
console-documents-ubl = Facture électronique (UBL), SHA-256
console-documents-pages = Pages
console-documents-renderer = Version du moteur de rendu
console-payment-national-currency = Monnaie nationale
console-payment-allocation-id = Identifiant de l'affectation
console-payment-invoice-currency = Monnaie de la facture
console-payment-payment-rate = Taux de change du paiement
console-payment-invoice-rate = Taux de change de la facture
console-payment-releases = Libère l'affectation
console-payment-refund-id = Identifiant du remboursement

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
console-tariff-category-value = { $category ->
    [voip] VoIP
    [internet] internet
    [wifi] Wi-Fi
    [pstn] ligne fixe
    [catv] télévision par câble
    [iptv] IPTV
    [vod] vidéo à la demande
    [bundle] offre groupée
   *[other] { $category }
}
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
console-tariff-unit = Unité : { $unit }
console-tariff-tiering = Paliers : { $tiering ->
    [graduated] progressifs (chaque palier tarife les unités qu’il contient)
    [volume] au volume (le palier atteint tarife toutes les unités)
   *[other] { $tiering }
}
console-tariff-tiers = Paliers :
console-tariff-tier = de { $from } à { $upTo } { $unit } : { $price } par { $unit }
console-tariff-tier-above = au-delà de { $from } { $unit } : { $price } par { $unit }
console-tariff-peak = Heures pleines : { $days }, { $from }–{ $to }
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
console-discount-kind-value = { $kind ->
    [percentage] pourcentage
    [fixed] montant fixe
    [volume] volume
    [commitment] engagement
    [free-units] unités gratuites
    [price-override] prix imposé
   *[other] { $kind }
}
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
console-usage-subscription = Abonnement { $subscription } ({ $tariff }), cycle { $period }
console-usage-allowance = { $type } : { $used } sur { $quantity } { $unit } utilisés
console-usage-allowances = Forfaits inclus
console-usage-unit = { $type ->
    [voice] secondes
    [data] { $unit }
   *[other] événements
}
console-usage-tariff-units = unités du tarif
console-usage-lines = Consommation par type, destination et plage horaire
console-usage-destination = Destination
console-usage-band = Plage horaire
console-usage-band-value = { $band ->
    [peak] heures pleines
    [offpeak] heures creuses
   *[other] { $band }
}
console-usage-records = Enregistrements
console-usage-quantity = Quantité
console-usage-covered = Couvert par le forfait
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
console-rerate-intro = Corriger un client, un point de service, un abonnement ou un contrat, importer des jours fériés ou publier un tarif valorise de nouveau la consommation concernée d'elle-même. Valorisez ici de nouveau après le déplacement d'un numéro d'un point de service à un autre ; chaque résultat modifié est enregistré.
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

## Facturation : cycles de facturation, factures et avoirs, paiements et créances, tableau de bord

console-downloading = Téléchargement…
console-show-all = Tout afficher ({ $count })
console-chart-loading = Dessin du graphique…
console-currency = Devise
console-amount = Montant
console-amount-hint = Un nombre décimal avec un point, p. ex. 12700.00.
console-net = HT
console-vat = TVA
console-gross = TTC
console-amount-due = Reste dû
console-percent = { $rate } %
console-period = { $start } – { $end }
console-cycle = Période
console-invoice = Facture
console-credit-note = Avoir
console-usage-type-value = { $type ->
    [voice] voix
    [data] données
    [sms] SMS
    [mms] MMS
    [vod] vidéo à la demande
   *[other] { $type }
}
console-run-status-value = { $status ->
    [started] préparation des factures
    [drafted] en attente d’approbation
    [approved] émission en cours
    [completed] terminé
    [failed] échoué
    [voided] annulé
    [superseded] remplacé
   *[other] { $status }
}
console-invoice-status-value = { $status ->
    [draft] brouillon
    [issued] émise
    [voided] annulée
   *[other] { $status }
}
console-payment-status-value = { $status ->
    [open] ouverte
    [partly-paid] partiellement payée
    [paid] payée
    [overdue] en retard
   *[other] { $status }
}
console-flag-code = { $code ->
    [total-changed] total modifié
    [zero-or-negative] total nul ou négatif
    [unresolved-usage] consommation non tarifée
    [missing-fx-rate] taux de change manquant
    [b2b-without-vat-id] entreprise sans numéro de TVA
    [no-legal-entity] aucune entité émettrice
    [invalid-time-zone] fuseau horaire invalide
    [no-vat-rate] aucun taux de TVA
    [waits-for-earlier-cycle] attend une période antérieure
    [no-holiday-calendar] aucun calendrier des jours fériés
    [incomplete-document] document incomplet
    [discount-share] remise importante
    [vat-id-of-seller-country] numéro de TVA du pays du vendeur
   *[other] { $code }
}
console-flag-blocking = ne peut pas être émise
# A held invoice's reason, from its flag's figures (the API's params; see openapi.yaml InvoiceFlag).
# Amounts, percentages and dates come formatted for the language; $count is a number.
console-flag-message-total-changed = le total { $total } s'écarte de { $change } de celui de la période précédente ({ $previousTotal } ; seuil { $threshold })
console-flag-message-zero-or-negative = total { $total }
console-flag-message-vat-id-of-seller-country = l'entreprise { $client } ({ $country }) est autoliquidée sur { $vatId }, un numéro de TVA de { $sellerCountry }, le pays du vendeur : un établissement dans ce pays y est imposé comme vente intérieure
console-flag-message-discount-share = les remises de { $discounts } { $share ->
        [none] dépassent les frais de { $charges }
       *[other] représentent { $share } des frais de { $charges }
    } (seuil { $threshold })
console-flag-message-unresolved-usage = { $count ->
        [one] { $count } enregistrement de consommation non tarifé sur les points de service de ce contrat pendant la période
       *[other] { $count } enregistrements de consommation non tarifés sur les points de service de ce contrat pendant la période
    }
console-flag-message-missing-fx-rate = aucun taux de change au { $date } ou avant pour { $pairs }
console-flag-message-no-vat-rate = aucun taux de TVA connu pour { $country } au { $date }
console-flag-message-b2b-without-vat-id = l'entreprise { $client } ({ $country }) { $vatId ->
        [none] n'a pas de numéro de TVA
       *[other] a un numéro de TVA invalide { $vatId }
    } : sans numéro, elle paie la TVA du pays { $country } comme un consommateur ; avec un numéro, l'autoliquidation s'appliquerait
console-flag-message-no-legal-entity = le contrat { $contract } n'a aucune entité émettrice qui puisse le facturer ({ $legalEntity ->
        [none] aucune indiquée
       *[other] { $legalEntity }
    })
console-flag-message-invalid-time-zone = le client { $client } a un fuseau horaire invalide « { $timeZone } »
console-flag-message-waits-for-earlier-cycle = attend la période { $cycle } du contrat, qui { $status ->
        [blocked] ne peut pas être émise
       *[held] est retenue
    } : les périodes d'un contrat sont émises dans l'ordre
console-flag-message-no-holiday-calendar = { $count ->
        [one] { $count } appel de cette période a été tarifé sans jours fériés
       *[other] { $count } appels de cette période ont été tarifés sans jours fériés
    } : aucun calendrier des jours fériés pour { $calendars }. Importez les jours fériés du pays (billstream import holidays FILE) : l'import valorise de nouveau ces appels
console-flag-message-incomplete-document = les documents de la facture manqueraient d'une mention obligatoire : { $item ->
        [seller-vat-id] l'entité émettrice n'a pas de numéro de TVA (directive TVA, art. 226, point 3)
        [buyer-vat-id] autoliquidation sans le numéro de TVA du client (art. 226, point 4)
       *[seller-address] l'entité émettrice n'a pas d'adresse (art. 226, point 5)
    }

## Cycles de facturation

console-nav-bill-runs = Cycles de facturation
console-bill-runs-caption = Cycles de facturation, par date d’arrêté
console-bill-runs-none = Aucun cycle de facturation pour l’instant.
console-bill-run-id = Identifiant du cycle
console-bill-run-as-of = Date d’arrêté
console-bill-run-as-of-hint = Chaque période de facturation se terminant à cette date ou avant, et pas encore facturée, reçoit une facture.
console-bill-run-status = Statut
console-bill-run-started = Lancé
console-bill-run-started-by = Lancé par
console-bill-run-drafted = Préparées
console-bill-run-held = Retenues
console-bill-run-issued = Émises
console-bill-run-start = Lancer un cycle de facturation
console-bill-run-start-intro = Le cycle prépare les factures et présente son rapport de contrôle ; rien n’est émis avant l’approbation.
console-bill-run-start-submit = Lancer le cycle
console-bill-run-change-threshold = Retenir si le total varie de plus de (%)
console-bill-run-change-threshold-hint = Par rapport à la facture précédente du client ; 50 si vide.
console-bill-run-discount-threshold = Retenir si les remises dépassent (% des montants facturés)
console-bill-run-discount-threshold-hint = 50 si vide.
console-bill-run-progress = { $phase ->
    [issuing] Émission des factures…
   *[drafting] Préparation des factures…
}
console-bill-run-progress-run = Cycle { $runId } : { $status }, lancé le { $started }
console-bill-run-title = Cycle de facturation { $runId }
console-bill-run-approved = Approuvé
console-bill-run-approved-value = par { $by } le { $at }, date d’émission { $issueDate }, { $includeHeld ->
    [true] factures retenues comprises
   *[false] sans les factures retenues
}
console-bill-run-result = Résultat
console-bill-run-result-value = { $issued } émises, { $held } non émises, { $superseded } reprises par un cycle ultérieur
console-bill-run-failed = Le cycle a échoué ({ $at }) : { $reason }
console-bill-run-voided = Annulé par { $by } le { $at }. Rien n’a été émis ; ses périodes passent au cycle suivant.
console-bill-run-superseded = Un cycle ultérieur a repris ses brouillons :
console-bill-run-invoices = Les factures du cycle
console-bill-run-documents = Télécharger le fichier d’impression (zip)
console-bill-run-approve-title = Approuver et émettre
console-bill-run-approve-intro = { $issue } factures sont prêtes à être émises ; { $held } sont retenues, dont { $blocked } ne peuvent pas être émises du tout.
console-bill-run-include-held = Émettre aussi les factures retenues ({ $held } émissibles)
console-bill-run-issue-date = Date d’émission
console-bill-run-issue-date-hint = Son année détermine la série de numéros.
console-bill-run-approve-submit = Approuver et émettre
console-bill-run-void-title = Annuler le cycle
console-bill-run-void-intro = L’annulation n’émet rien : les brouillons restent dans l’historique comme annulés et leurs périodes passent au cycle suivant.
console-bill-run-void-confirm = Annuler le cycle { $runId } ? Cette action est définitive.
console-bill-run-void-submit = Annuler le cycle

## Rapport de contrôle

console-report-title = Rapport de contrôle
console-report-invoices = Factures
console-report-held = Retenues
console-report-blocked = Impossibles à émettre
console-report-nothing-to-bill = Périodes sans rien à facturer
console-report-warning = { $message } ({ $invoices } factures)
console-report-deferred = { $cycles } périodes échues ont été laissées pour un cycle ultérieur.
console-report-supersedes = Ce cycle a remplacé les cycles non approuvés
console-report-language-fallback = { $invoices } factures en anglais : il n’y a pas de textes dans la langue du client ({ $language }).
console-report-unassigned-usage = { $records } enregistrements d’usage de { $identifiers } identifiants inconnus (du { $first } au { $last }) n’appartiennent à aucun point de service : ils ne sont facturés à personne tant que les identifiants ne sont pas ajoutés.
console-report-per-currency = Totaux par devise
console-report-per-legal-entity = Totaux par entité émettrice
console-report-per-vat-group = TVA par groupe
console-report-per-service-category = HT par catégorie de service
console-report-held-invoices = Factures retenues
console-report-held-caption = Factures retenues avec leurs motifs
console-report-none-held = Aucune facture n’est retenue.
console-report-reasons = Motifs
console-report-discounts = Remises par offre
console-vat-category = Catégorie de TVA
console-vat-rate = Taux de TVA
console-vat-taxable = Base imposable
console-vat-national = TVA en monnaie nationale
console-vat-mention = Mention
console-vat-groups = Groupes de TVA

## Factures et avoirs

console-nav-invoices = Factures
console-invoices-caption = Factures, par numéro (brouillons d’abord)
console-invoices-none = Aucune facture ne correspond.
console-invoice-number = Numéro de facture
console-invoice-id = Identifiant de la facture
console-invoice-status = Statut
console-invoice-buyer = Client facturé
console-invoice-seller = Émetteur
console-invoice-issue-date = Date d’émission
console-invoice-due-date = Échéance
console-invoice-held = Retenue
console-invoice-held-yes = { $count ->
    [one] retenue (un motif)
   *[other] retenue ({ $count } motifs)
}
console-invoice-draft-of = Brouillon { $id }
console-invoice-title = Facture { $number }
console-invoice-actions = Documents et actions
console-invoice-download-document = Télécharger le document (.docx)
console-invoice-download-ubl = Télécharger la facture électronique (UBL)
console-invoice-flags = Pourquoi elle est retenue
console-invoice-lines = Lignes
console-invoice-lines-caption = Les lignes de la facture, numérotées à partir de 0
console-invoice-discounts = Remises et lignes concernées
console-invoice-discount-line = ligne { $line } : { $description }, { $amount }, sur
console-invoice-discount-touched = ligne { $line } : { $description } ({ $net })
console-invoice-fx = Taux de change utilisés :
console-invoice-fx-rate = 1 { $base } = { $rate } { $quote } ({ $date })
console-invoice-credit-notes-caption = Avoirs de cette facture
console-line-number = N°
console-line-kind = Type
console-line-kind-value = { $kind ->
    [usage] consommation
    [late-usage] consommation tardive
    [recurring] abonnement
    [one-time] frais ponctuels
    [discount] remise
    [commitment] complément d’engagement
   *[other] { $kind }
}
console-line-description = Désignation
console-line-quantity = Quantité
console-line-discounts-lines = remise sur les lignes { $lines }
console-nav-credit-notes = Avoirs
console-credit-notes-caption = Avoirs, par numéro
console-credit-notes-none = Aucun avoir ne correspond.
console-credit-note-title = Avoir { $number }
console-credit-note-lines-caption = Les lignes créditées (négatives), par ligne de facture créditée
console-credit-note-create = Émettre un avoir
console-credit-note-create-title = Créditer la facture { $number }
console-credit-note-not-issued = Seule une facture émise peut être créditée.
console-credit-note-submit = Émettre l’avoir
console-credit-reason = Motif
console-credit-reason-hint = Imprimé sur l’avoir.
console-credit-mode = Que créditer
console-credit-mode-all = Tout ce qui n’est pas encore crédité
console-credit-mode-lines = Les lignes choisies
console-credit-lines = Lignes à créditer
console-credit-line-choose = Créditer la ligne { $line } : { $description }
console-credit-line-amount = Montant HT à créditer sur la ligne { $line }
console-credit-line-left = Hors TVA ; vide : tout le reste ({ $amount }).
console-credit-line-net = HT de la ligne : { $net }
console-credit-choose-a-line = Choisissez au moins une ligne.

## Paiements et créances

console-nav-payments = Paiements
console-payments-caption = Paiements, par date
console-payments-none = Aucun paiement ne correspond.
console-payment-id = Identifiant du paiement
console-payment-id-hint = Votre identifiant du paiement (celui de l’opération bancaire) : le même identifiant désigne le même paiement.
console-payment-date = Date de réception
console-payment-invoice-number = Numéro de facture indiqué
console-payment-invoice-number-hint = Tel que le payeur l’a indiqué ; vide ou inconnu : le paiement devient un avoir du client.
console-payment-reference = Référence
console-payment-remaining = Non affecté
console-payment-unallocated-only = Crédit non affecté
console-payment-unallocated-yes = seulement s’il en reste
console-payment-record = Enregistrer un paiement
console-payment-record-submit = Enregistrer le paiement
console-payment-title = Paiement { $id }
console-payment-rate = Taux de change
console-payment-rate-value = 1 { $currency } = { $rate } { $national }
console-payment-allocations = Affectations
console-payment-allocations-none = Affecté à aucune facture.
console-payment-allocation-date = Date d’affectation
console-payment-invoice-amount = Dans la devise de la facture
console-payment-refunds = Remboursements
console-payment-refunds-none = Rien n’a été remboursé.
console-payment-allocate-title = Affecter le crédit
console-payment-allocate-intro = Sans facture indiquée, le crédit va aux factures ouvertes du client, la plus anciennement échue d’abord.
console-payment-allocate-invoice = Numéro de facture
console-payment-allocate-invoice-hint = Vide : les factures ouvertes du client, la plus anciennement échue d’abord.
console-payment-allocate-amount-hint = En { $currency } ; vide : autant qu’il en reste à payer ou disponible.
console-payment-allocate-invoice-needed = Indiquez la facture à laquelle le montant est affecté.
console-payment-allocate-submit = Affecter
console-payment-refund-title = Rembourser le crédit
console-payment-refund-date = Date du remboursement
console-payment-refund-amount-hint = En { $currency } ; vide : tout le crédit non affecté.
console-payment-refund-submit = Rembourser
console-payment-status = Statut de paiement
console-nav-accounts = Comptes clients
console-account-title = Compte de { $clientId }
console-account-choose-client = Saisissez un identifiant de client pour voir son solde et son relevé.
console-account-client = Le client
console-balance-title = Solde aujourd’hui ({ $date })
console-balance-none = Rien n’est ouvert et il n’y a pas de crédit.
console-balance-receivable = Dû sur les factures ouvertes
console-balance-unallocated = Crédit non affecté
console-balance-balance = Solde
console-balance-open-items = Factures ouvertes en { $currency }
console-balance-no-open-items = Aucune facture ouverte.
console-statement-title = Relevé de compte
console-statement-from = Du
console-statement-to = Au
console-statement-choose = Choisissez le premier et le dernier jour du relevé.
console-statement-downloads = Télécharger le relevé
console-statement-download-csv = Télécharger en CSV
console-statement-download-docx = Télécharger en document (.docx)
console-statement-summary = Par devise : solde d’ouverture, débits, crédits, solde de clôture
console-statement-lines = Écritures de la période
console-statement-empty = Aucune écriture sur cette période.
console-statement-opening = Ouverture
console-statement-debits = Débits
console-statement-credits = Crédits
console-statement-closing = Clôture
console-statement-date = Date
console-statement-kind = Écriture
console-statement-kind-value = { $kind ->
    [invoice] facture
    [credit-note] avoir
    [payment] paiement
    [allocation] affectation
    [refund] remboursement
    [write-off] passage en perte
   *[other] { $kind }
}
console-statement-reference = Référence
console-statement-debit = Débit
console-statement-credit = Crédit
console-statement-balance = Solde
console-nav-aging = Balance âgée
console-aging-title = Balance âgée des créances au { $date }
console-aging-as-of = Au
console-aging-intro = Ce qui restait dû ce jour-là sur les factures émises, par nombre de jours après l’échéance.
console-aging-bucket = { $bucket ->
    [current] non échu
    [days30] 1 à 30 jours
    [days60] 31 à 60 jours
    [days90] 61 à 90 jours
   *[older] plus de 90 jours
}
console-aging-total = Total
console-aging-totals = Totaux
console-aging-totals-caption = Montants dus par devise, par jours de retard
console-aging-clients = Par client
console-aging-clients-caption = Montants dus par client et par devise, par jours de retard
console-aging-none = Rien n’était dû.
console-aging-unallocated-note = Le crédit non affecté n’est pas déduit ici : voir le compte de chaque client.

## Tableau de bord

console-dashboard-title = Tableau de bord
console-dashboard-as-of = Chiffres au { $date }
console-dashboard-months = Mois affichés
console-dashboard-show = Afficher
console-dashboard-months-value = { $months ->
    [one] le mois en cours
   *[other] les { $months } derniers mois
}
console-dashboard-receivables = Créances
console-dashboard-receivables-none = Rien n’est dû.
console-dashboard-open = Dû ({ $currency })
console-dashboard-overdue = dont en retard
console-dashboard-invoices-overdue = { $count ->
    [one] une facture en retard
   *[other] { $count } factures en retard
}
console-dashboard-aging-link = La balance âgée
console-dashboard-revenue = Chiffre d’affaires par mois et par entité émettrice
console-dashboard-revenue-intro = Montants HT des factures émises dans le mois, moins les avoirs émis dans le mois ; un graphique par devise.
console-dashboard-revenue-in = Chiffre d’affaires HT en { $currency }
console-dashboard-revenue-none = Aucune facture émise au cours de ces mois.
console-dashboard-revenue-caption = Chiffre d’affaires par mois, entité émettrice et devise
console-dashboard-revenue-description = Histogramme empilé : chiffre d’affaires HT en { $currency } par mois, de { $from } à { $to }, une part de barre par entité émettrice ({ $entities }). Le tableau ci-dessous donne les chiffres.
console-dashboard-month = Mois
console-dashboard-invoices-issued = Factures émises
console-dashboard-invoices-caption = Factures émises par mois
console-dashboard-invoices-description = Histogramme : factures émises par mois, { $total } sur les { $months } derniers mois. Le tableau ci-dessous donne les chiffres.
console-dashboard-usage = Consommation par jour et par type
console-dashboard-usage-none = Aucune consommation enregistrée.
console-dashboard-usage-caption = Enregistrements de consommation par jour et par type
console-dashboard-usage-description = Graphique linéaire : enregistrements de consommation par jour sur les { $days } derniers jours avec consommation, une ligne par type ({ $types }), chacune avec son symbole et son tracé. Le tableau ci-dessous donne les chiffres.
console-dashboard-day = Jour
console-dashboard-unresolved-count = { $count ->
    [0] Chaque enregistrement de consommation est tarifé.
    [one] Un enregistrement de consommation n’est pas tarifé.
   *[other] { $count } enregistrements de consommation ne sont pas tarifés.
}
console-dashboard-unresolved-caption = Enregistrements de consommation non tarifés par motif
console-dashboard-last-runs = Les derniers cycles de facturation
console-dashboard-run-invoices = Factures
