# A bill run's control report as `billstream bill-run` prints it (tools/billing-commands.ts), in
# the operator's language (BILLSTREAM_LANGUAGE, default English). Codes (run status, VAT category,
# currency, flag codes) and the flags' own messages are printed as they are; counts and amounts
# come formatted for the language.

cli-run = bill run { $runId } as of { $asOf }: { $status }
cli-run-failed = failed at { $at }: { $reason }
cli-run-invoices = { $invoices } invoices, { $held } held ({ $blocked } cannot be issued)
cli-run-currency = { $currency }: { $invoices } invoices, net { $net }, VAT { $vat }, total { $total }
cli-run-vat-group = VAT { $category } { $rate } % ({ $currency }): taxable { $taxable }, VAT { $amount }
cli-run-service-category = { $category } ({ $currency }): net { $net }
cli-run-discount = discount { $schemeId } ({ $currency }): { $amount } on { $invoices } invoice(s)
cli-run-legal-entity = legal entity { $legalEntityId } ({ $currency }): { $invoices } invoices, total { $total }
# $flags: each flag's code and message, as the run recorded them.
cli-run-held = held: contract { $contractId } { $start }..{ $end }: { $flags }
cli-run-language-fallback = language { $language }: no translations, { $invoices } invoice(s) written in English
cli-run-result = issued { $issued }, held { $held }, superseded by a later run { $superseded }
cli-run-approve-hint = approve with: billstream bill-run approve { $runId } [--include-held]; discard with: billstream bill-run void { $runId }
cli-run-voided = voided by { $by } at { $at }: nothing was issued; its drafts stay in the history as voided, its cycles go to the next run
cli-run-superseded = superseded by run { $runId }, which drafted the same cycles
