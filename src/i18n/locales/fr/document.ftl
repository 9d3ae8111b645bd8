# Factures et avoirs imprimables (src/documents/docx.ts). Chaque identifiant commence par
# « document- » pour ne jamais entrer en collision avec les textes des autres fichiers.

# « Libellé : valeur » : une espace avant les deux-points.
document-label = { $label } :

document-invoice = Facture
document-credit-note = Avoir
document-supplier = Fournisseur
document-customer = Client
document-number = Numéro
document-issue-date = Date d'émission
document-supply-period = Période de prestation
document-due-date = Date d'échéance
document-currency = Devise
document-vat-id = N° de TVA
document-corrects-invoice = Rectifie la facture { $number } du { $date }
document-reason = Motif
document-lines = Lignes
document-description = Désignation
document-quantity = Quantité
document-unit = Unité
document-unit-price = Prix unitaire
document-vat-rate = Taux de TVA
document-net = Montant HT
document-late-usage = consommation du { $start } au { $end }
document-vat-summary = Récapitulatif de TVA
document-vat-category = Catégorie de TVA
document-taxable = Base imposable
document-vat = TVA
document-vat-in = TVA en { $currency }
document-total-net = Total HT
document-total-vat = Total TVA
document-total = Total TTC
document-amount-credited = Montant crédité
document-exchange-rate = Taux de change : 1 { $base } = { $rate } { $quote } ({ $date })
document-payment = Paiement
document-iban = IBAN
document-bic = BIC
document-reference = Référence de paiement
document-pay-by = Merci de régler { $amount } au plus tard le { $date }.
document-vat-category-name = { $category ->
    [S] Taux normal
    [AE] Autoliquidation
    [E] Exonéré
    [O] Hors du champ de la TVA
    [Z] Taux zéro
   *[other] { $category }
}
document-unit-name = { $unit ->
    [s] s
    [MON] mois
    [QAN] trimestre
    [ANN] an
    [pcs] pièce(s)
   *[other] { $unit }
}
