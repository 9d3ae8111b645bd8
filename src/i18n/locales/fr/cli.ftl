# Le rapport de contrôle d'une facturation, tel que `billstream bill-run` l'affiche (BILLSTREAM_LANGUAGE).

cli-run = facturation { $runId } au { $asOf } : { $status ->
        [drafting] en préparation
        [drafted] brouillons prêts
        [approved] approuvée
        [completed] terminée
        [failed] échouée
        [voided] abandonnée
        [superseded] remplacée
       *[other] { $status }
    }
cli-run-failed = échec le { $at } : { $reason }
cli-run-invoices = { $invoices ->
        [one] { $invoices } facture
       *[other] { $invoices } factures
    }, { $held } retenue(s) ({ $blocked } impossible(s) à émettre)
cli-run-currency = { $currency } : { $invoices ->
        [one] { $invoices } facture
       *[other] { $invoices } factures
    }, HT { $net }, TVA { $vat }, TTC { $total }
cli-run-vat-group = TVA { $category } { $rate } % ({ $currency }) : base { $taxable }, TVA { $amount }
cli-run-service-category = { $category } ({ $currency }) : HT { $net }
cli-run-discount = remise { $schemeId } ({ $currency }) : { $amount } sur { $invoices } facture(s)
cli-run-legal-entity = entité émettrice { $legalEntityId } ({ $currency }) : { $invoices ->
        [one] { $invoices } facture
       *[other] { $invoices } factures
    }, TTC { $total }
cli-run-held = retenue : contrat { $contractId } { $start }..{ $end } : { $flags }
cli-run-language-fallback = langue { $language } : pas de traduction, { $invoices ->
        [one] { $invoices } facture rédigée
       *[other] { $invoices } factures rédigées
    } en anglais
cli-run-unassigned-usage = { $records ->
        [one] { $records } enregistrement d'usage
       *[other] { $records } enregistrements d'usage
    } de { $identifiers } identifiant(s) inconnu(s), du { $first } au { $last }, n'appartiennent à aucun point de service et ne sont facturés à personne : billstream usage unresolved
cli-run-result = émises { $issued }, retenues { $held }, reprises par une facturation ultérieure { $superseded }
cli-run-approve-hint = approuver : billstream bill-run approve { $runId } [--include-held] ; abandonner : billstream bill-run void { $runId }
cli-run-voided = abandonnée par { $by } le { $at } : rien n'a été émis ; ses brouillons restent dans l'historique comme abandonnés, ses cycles passent à la facturation suivante
cli-run-superseded = remplacée par la facturation { $runId }, qui a préparé les mêmes cycles
cli-run-nothing-to-bill = { $cycles ->
        [one] { $cycles } cycle
       *[other] { $cycles } cycles
    } sans rien à facturer : clos sans facture, aucun numéro utilisé
cli-run-supersedes = remplace la facturation { $runId }, qui avait préparé certains des mêmes cycles : elle ne peut plus être approuvée
cli-run-deferred = { $cycles ->
        [one] { $cycles } cycle reporté
       *[other] { $cycles } cycles reportés
    } à une facturation ultérieure : { $reasons }
cli-run-warning = avertissement : { $message } ({ $invoices ->
        [one] { $invoices } facture
       *[other] { $invoices } factures
    })
