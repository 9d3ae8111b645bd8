# A bill run's control report as `billstream bill-run` prints it (tools/billing-commands.ts), in
# the operator's language (BILLSTREAM_LANGUAGE, default English). Codes (run status, VAT category,
# currency, flag codes), the flags' and warnings' own messages and deferral reasons are printed as
# they are; counts and amounts come formatted for the language.

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
# $records unresolved usage records whose identifier names no service point, with $identifiers distinct identifiers, started $first to $last.
cli-run-unassigned-usage = { $records } usage record(s) of { $identifiers } unknown identifier(s), { $first } to { $last }, belong to no service point and are billed to no one: billstream usage unresolved
cli-run-result = issued { $issued }, held { $held }, superseded by a later run { $superseded }
cli-run-approve-hint = approve with: billstream bill-run approve { $runId } [--include-held]; discard with: billstream bill-run void { $runId }
cli-run-voided = voided by { $by } at { $at }: nothing was issued; its drafts stay in the history as voided, its cycles go to the next run
cli-run-superseded = superseded by run { $runId }, which drafted the same cycles
cli-run-nothing-to-bill = { $cycles } cycle(s) with nothing to bill: closed without an invoice, no number spent
# $runId: an unapproved run this one replaces (it drafted some of the same cycles).
cli-run-supersedes = supersedes run { $runId }, which drafted some of the same cycles: it can no longer be approved
# $reasons: why, as the run recorded it.
cli-run-deferred = { $cycles } cycle(s) left for a later run: { $reasons }
# $message: as the run recorded it (what the invoices' documents will lack without being held).
cli-run-warning = warning: { $message } ({ $invoices } invoice(s))
