# A client's statement of account (src/app/receivables/statement-docx.ts). Every id starts with "statement-".
statement-title = Statement of account
statement-client = Client
statement-period = Period { $from } – { $to }
statement-currency = Currency: { $currency }
statement-opening = Balance brought forward
statement-closing = Balance carried forward
statement-date = Date
statement-reference = Reference
statement-description = Description
statement-debit = Debit
statement-credit = Credit
statement-balance = Balance
# The description of each line (src/app/receivables/statement-docx.ts, describeIn).
statement-line-invoice = Invoice { $number }, due { $due }
statement-line-credit-note = Credit note on invoice { $number }
statement-line-write-off = Invoice { $number } written off
statement-line-write-off-reduced = Write-off of invoice { $number } reduced by a credit note
statement-line-payment = Payment
statement-line-payment-reference = Payment: { $reference }
statement-line-refund = Refund
statement-line-refund-reference = Refund: { $reference }
# A payment that settled an invoice in another currency: one line in each currency.
statement-line-applied = Payment in another currency: { $amount } applied to invoice { $invoice }
statement-line-settled = Invoice { $invoice } paid by payment { $payment } ({ $amount })
statement-nothing = No movements in this period.
