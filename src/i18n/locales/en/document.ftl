# Printable invoices and credit notes (src/documents/docx.ts). Every id starts with "document-"
# so that the labels of other files of the same language never collide with these.

# "Label: value"; a language with a space before the colon says so here.
document-label = { $label }:

document-invoice = Invoice
document-credit-note = Credit note
document-supplier = Supplier
document-customer = Customer
document-number = Number
document-issue-date = Issue date
document-supply-period = Supply period
document-due-date = Due date
document-currency = Currency
document-vat-id = VAT id
document-corrects-invoice = Corrects invoice { $number } of { $date }
document-reason = Reason
document-lines = Lines
document-description = Description
document-quantity = Quantity
document-unit = Unit
document-unit-price = Unit price
document-vat-rate = VAT rate
document-net = Net
document-late-usage = usage of { $start } – { $end }
document-vat-summary = VAT summary
document-vat-category = VAT category
document-taxable = Taxable amount
document-vat = VAT
document-vat-in = VAT in { $currency }
document-total-net = Total net
document-total-vat = Total VAT
document-total = Total
document-amount-credited = Amount credited
document-exchange-rate = Exchange rate: 1 { $base } = { $rate } { $quote } ({ $date })
document-payment = Payment
document-iban = IBAN
document-bic = BIC
document-reference = Payment reference
document-pay-by = Please pay { $amount } by { $date }.
document-vat-category-name = { $category ->
    [S] Standard rate
    [AE] Reverse charge
    [E] Exempt
    [O] Outside the scope of VAT
    [Z] Zero rate
   *[other] { $category }
}
document-unit-name = { $unit ->
    [s] s
    [MON] month
    [QAN] quarter
    [ANN] year
    [pcs] pcs
   *[other] { $unit }
}
