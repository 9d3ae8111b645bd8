# The operator console (console/, served at /console): every text it shows. Served to the browser
# as /console/locales/<language>.ftl. Ids start with `console-` (the documents read this folder too).

## Shell

console-skip-to-content = Skip to content
console-language = Language
console-nav-label = Main navigation
console-signed-in-as = { $name } ({ $roles })
console-sign-out = Sign out
console-loading = Loading…
console-not-found = There is no such page
console-home = Home
console-nav-home = Home
console-home-title = Welcome, { $name }
console-home-intro = Choose what to work on.
console-screen-failed = This screen failed to show
console-retry = Try again
console-dismiss = Dismiss
console-reload = Reload
console-refresh = Refresh
console-conflict-title = Someone else changed this in the meantime
console-conflict-detail = Your change was not saved. Reload to see the current version, then make your change again.

## Sign-in

console-sign-in-title = Sign in to billstream
console-sign-in-user = User name
console-sign-in-password = Password
console-sign-in-submit = Sign in
console-sign-in-wrong = Wrong user name or password.
console-sign-in-locked = This user is locked after too many failed attempts. { $detail }
console-session-expired = Your session expired. Please sign in again.

## Tables and forms

console-table-empty = Nothing to show.
console-pager-label = Pages of { $caption }
console-page-previous = Previous page
console-page-next = Next page
console-page-number = Page { $page }
console-search = Search
console-none = (none)
console-create = Create
console-edit = Edit
console-save = Save
console-saving = Saving…
console-cancel = Cancel
console-field-required = Required.
console-field-too-long = At most { $max } characters.
console-field-too-short = At least { $min } characters.
console-field-format = Not in the expected format.
console-yes-no = { $value ->
    [true] yes
   *[false] no
}
console-id-hint = Letters, digits and _ . : - (at most 64), starting with a letter or digit.
console-country-hint = Two capital letters (ISO 3166), e.g. HU.
console-currency-hint = Three capital letters (ISO 4217), e.g. HUF.
console-language-hint = A language tag, e.g. hu or en-GB.
console-time-zone-hint = An IANA time zone, e.g. Europe/Budapest.
console-updated-at = Last changed
console-external-id = External id

## History

console-history = History
console-event-type = { $type ->
    [ClientRegistered] client registered
    [ClientDetailsChanged] client details changed
    [ClientStatusChanged] client status changed
    [ClientCommunicationLogged] communication logged
    [ContactPersonSaved] contact person saved
    [ContactPersonRemoved] contact person removed
    [ContractConcluded] contract concluded
    [ContractDetailsChanged] contract details changed
    [ServicePointRegistered] service point registered
    [ServicePointDetailsChanged] service point details changed
    [ServicePointBlocked] service point blocked
    [ServicePointUnblocked] service point unblocked
    [ServicePointCredentialsSet] credentials set
    [ServicePointCredentialsCleared] credentials cleared
    [SubscriptionStarted] subscription started
    [SubscriptionDetailsChanged] subscription details changed
    [TariffVersionPublished] tariff version published
    [DiscountVersionPublished] discount version published
    [InvoiceDrafted] invoice drafted
    [InvoiceDraftAdopted] draft adopted
    [InvoiceDraftVoided] draft voided
    [InvoiceIssued] invoice issued
    [InvoiceCredited] invoice credited
    [CreditNoteIssued] credit note issued
    [InvoiceDocumentsRendered] documents rendered
    [CreditNoteDocumentsRendered] credit note documents rendered
    [InvoiceWrittenOff] invoice written off
    [PaymentReceived] payment received
    [PaymentAllocated] payment allocated
    [PaymentRefunded] payment refunded
   *[other] { $type }
}
console-history-caption = What changed, when and by whom, newest first
console-history-when = When
console-history-who = Who
console-history-what = What changed
console-history-set = { $field }: { $to }
console-history-changed = { $field }: { $from } → { $to }
# A part of a field the history shows (a name in one language: “Name › hu”).
console-history-part = { $field } › { $part }
console-history-withheld = (withheld)
# Fields of history events that no screen labels (the others use the screens' own labels).
console-contact-id = Contact id
console-contact-name = Contact person
console-contact-role = Role of the contact
console-contact-phone = Phone
console-communication-id = Entry id
console-communication-kind = Kind of contact
console-communication-kind-value = { $kind ->
    [note] note
    [call] call
    [email] e-mail
   *[other] { $kind }
}
console-communication-at = Happened at
console-communication-author = Author
console-communication-subject = Subject
console-communication-body = Text
console-service-point-block-reason = Reason for blocking
console-service-point-unblock-reason = Reason for unblocking
console-service-point-user-name = RADIUS user name
console-service-point-password = RADIUS password
console-tariff-radius = Network access (RADIUS)
console-tariff-radius-rate-limit = Rate limit
console-tariff-radius-session-timeout = Session timeout (seconds)
console-tariff-radius-interim-interval = Interim update interval (seconds)
console-tariff-radius-framed-pool = Address pool
console-tariff-radius-attributes = Further RADIUS attributes
console-discount-percent = Percentage
console-discount-thresholds = Thresholds
console-discount-minimum = Minimum spend
console-discount-prefixes = Destination prefixes
console-discount-peak-price = Peak price
console-discount-offpeak-price = Off-peak price
console-discount-scope-everyone = Applies to everyone
console-discount-scope-clients = Applies to clients
console-discount-scope-contracts = Applies to contracts
console-discount-scope-subscriptions = Applies to subscriptions
console-discount-scope-tariffs = Applies to tariffs
console-discount-scope-partners = Applies to partners' clients
console-discount-on-charges = On charges
console-discount-on-usage-types = On usage types
console-discount-on-categories = On service categories
console-discount-on-codes = On charge codes
console-discount-when-categories-active = When these services are active
console-discount-when-tenure-months = After months as a client
console-discount-when-first-cycles = For the first cycles
console-invoice-from-run = Taken over from run
console-invoice-fx-rates = Exchange rates
console-invoice-usage-cutoff = Usage included up to event
console-credit-note-id = Credit note id
console-credit-note-issue-date = Credit note issue date
console-credit-note-type-code = Document type code
console-documents-docx = Document (.docx), SHA-256
console-documents-ubl = E-invoice (UBL), SHA-256
console-documents-pages = Pages
console-documents-renderer = Renderer version
console-payment-national-currency = National currency
console-payment-allocation-id = Allocation id
console-payment-invoice-currency = Invoice currency
console-payment-payment-rate = Exchange rate of the payment
console-payment-invoice-rate = Exchange rate of the invoice
console-payment-releases = Releases allocation
console-payment-refund-id = Refund id

## Clients

console-nav-clients = Clients
console-clients-title = Clients
console-clients-create = New client
console-clients-search = Name starts with
console-clients-caption = All clients
console-clients-caption-search = Clients whose name starts with “{ $name }”
console-clients-none-found = No client's name starts with “{ $name }”.
console-client-edit-title = Change { $name }
console-client-id = Client id
console-client-name = Name
console-client-type = Type
console-client-type-value = { $type ->
    [person] person
    [company] company
   *[other] { $type }
}
console-client-status = Status
console-client-status-value = { $status ->
    [prospect] prospect
    [active] active
    [suspended] suspended
    [closed] closed
   *[other] { $status }
}
console-client-status-change = Change the status
console-client-status-reason = Reason
console-client-status-submit = Change status
console-client-country = Country
console-client-language = Language of documents
console-client-currency = Currency
console-client-time-zone = Time zone
console-client-vat-id = VAT id
console-client-email = E-mail
console-client-city = City
console-client-partner = Partner id
console-client-agent = Agent id
console-address = Address
console-address-line1 = Street and number
console-address-line2 = Address line 2
console-address-postal-code = Postal code
console-address-city = City

## Contracts, service points, subscriptions

console-nav-contracts = Contracts
console-contracts-caption = Contracts
console-contract-number = Number
console-contract-legal-entity = Legal entity
console-contract-start = Start
console-contract-end = End
console-contract-cycle = Billing cycle
console-contract-cycle-value = { $cycle ->
    [monthly] monthly
    [quarterly] quarterly
    [yearly] yearly
   *[other] { $cycle }
}
console-contract-currency = Currency
console-nav-service-points = Service points
console-service-points-caption = Service points
console-service-point-id = Service point id
console-service-point-identifiers = Identifiers
console-service-point-active = Active
console-nav-subscriptions = Subscriptions
console-subscriptions-caption = Subscriptions
console-subscription-id = Subscription id
console-subscription-service-point = Service point
console-subscription-tariff = Tariff
console-subscription-start = Start
console-subscription-end = End
console-subscription-quantity = Quantity
console-contract-id = Contract id
console-contract-client = Client id
console-contracts-create = New contract
console-contract-title = Contract { $number }
console-contract-edit-title = Change contract { $number }
console-contract-number-hint = The contract's number on documents; the id when left empty.
console-contract-end-hint = The first day no longer covered (exclusive); empty while it runs.
console-contract-billing-start = Billing starts
console-contract-anchor-day = Cycle day (1–28)
console-contract-currency-hint = Three capital letters; the client's currency when left empty.
console-contract-payment-terms = Payment terms (days)
console-service-points-create = New service point
console-service-point-title = Service point { $id }
console-service-point-edit-title = Change service point { $id }
console-service-point-contract = Contract id
console-service-point-identifier = Identifier (number, MAC address, user name)
console-service-point-identifiers-hint = One per line: E.164 numbers, MAC addresses, RADIUS user names.
console-service-point-country-hint = Two capital letters; the client's country when left empty.
console-subscriptions-create = New subscription
console-subscription-title = Subscription { $id }
console-subscription-edit-title = Change subscription { $id }
console-subscription-tariff-hint = The id of a published tariff, e.g. FIBRE-100.
console-all = (all)
console-history-fields = { $count ->
    [one] one field
   *[other] { $count } fields
}
console-clients-import = Import clients

## File imports

console-nav-imports = Imports
console-imports-title = Import a file
console-imports-intro = The formats are described in docs/formats.md. Importing the same file again changes nothing.
console-imports-none = You may not import any file.
console-import-kind = What to import
console-import-kind-value = { $kind ->
    [legal-entities] Legal entities (YAML)
    [partners] Partners (CSV)
    [agents] Agents (CSV)
    [clients] Clients (CSV)
    [contracts] Contracts (CSV)
    [service-points] Service points (CSV)
    [subscriptions] Subscriptions (CSV)
    [discounts] Discount schemes (YAML)
    [usage] Usage records (CSV)
    [fx-rates] Exchange rates (CSV)
    [holidays] Public holidays (CSV)
    [payments] Payments (CSV)
   *[other] { $kind }
}
console-import-file = File
console-import-file-hint = A { $type } file.
console-import-all-or-nothing = Reject the whole file when any row is bad
console-import-submit = Import
console-importing = Importing…
console-import-result-ok = Imported
console-import-result-rejected = { $count ->
    [one] One row was rejected
   *[other] { $count } rows were rejected
}
console-import-count = { $what ->
    [created] Created
    [updated] Updated
    [unchanged] Unchanged
    [rejected] Rejected
    [duplicates] Duplicates
    [unresolved] Not rated
   *[other] { $what }
}
console-import-errors = Rejected rows
console-import-line = Line
console-import-column = Column
console-import-reason = Reason

## Tariffs and discount schemes

console-nav-tariffs = Tariffs
console-tariffs-import = Publish a tariff
console-tariffs-import-intro = Choose the tariff's YAML file and the rate deck CSV files it names; a deck is matched by its file name.
console-tariff-file = Tariff file (YAML)
console-tariff-deck-files = Rate deck files (CSV)
console-tariff-deck-files-hint = Only for tariffs that name decks; several files may be chosen.
console-tariff-id = Tariff id
console-tariff-name = Name
console-tariff-category = Category
console-tariff-category-value = { $category ->
    [voip] VoIP
    [internet] internet
    [wifi] Wi-Fi
    [pstn] fixed line
    [catv] cable TV
    [iptv] IPTV
    [vod] video on demand
    [bundle] bundle
   *[other] { $category }
}
console-tariff-versions = Versions
console-tariff-latest = Latest version from
console-tariff-version-title = Version from { $validFrom }
console-tariff-published = Published
console-tariff-content-hash = Content hash
console-tariff-recurring = Recurring charges
console-tariff-one-time = One-time charges
console-tariff-usage = Usage charges
console-tariff-code = Code
console-tariff-amount = Amount
console-tariff-period = Period
console-tariff-billed = Billed
console-tariff-on = Charged on
console-tariff-usage-type = Usage type
console-tariff-price = Price
console-tariff-deck = Rate deck
console-tariff-allowance = Allowance
console-tariff-rules = Other rules
console-tariff-unit = Unit: { $unit }
console-tariff-tiering = Tiering: { $tiering ->
    [graduated] graduated (each tier prices the units within it)
    [volume] volume (the tier the total reaches prices every unit)
   *[other] { $tiering }
}
console-tariff-tiers = Tiers:
console-tariff-tier = { $from } to { $upTo } { $unit }: { $price } per { $unit }
console-tariff-tier-above = above { $from } { $unit }: { $price } per { $unit }
console-tariff-peak = Peak hours: { $days }, { $from }–{ $to }
console-tariff-subscriptions = Subscriptions to this tariff
console-deck-title = Rate deck { $name }
console-deck-file = File name
console-deck-rows = Rates
console-deck-caption = The rates of the deck
console-deck-caption-first = The first { $shown } of { $rows } rates
console-nav-discounts = Discount schemes
console-discounts-import = Import discount schemes
console-discount-id = Scheme id
console-discount-kind = Kind
console-discount-kind-value = { $kind ->
    [percentage] percentage
    [fixed] fixed amount
    [volume] volume
    [commitment] commitment
    [free-units] free units
    [price-override] price override
   *[other] { $kind }
}
console-discount-valid-from = Valid from
console-discount-valid-to = Valid until
console-discount-scope = Applies to
console-discount-on = On
console-discount-when = When
console-discount-priority = Priority
console-discount-group = Group
console-discount-cap = Cap

## Usage

console-nav-usage = Usage
console-nav-unresolved = Unresolved usage
console-usage-of-client = Usage of this client
console-usage-date = A day of the cycle
console-usage-choose-client = Enter a client id to see the usage of its cycle.
console-usage-no-subscriptions = The client has no subscription in that cycle.
console-usage-of = Usage of { $client } in the cycle containing { $date }
console-usage-subscription = Subscription { $subscription } ({ $tariff }), cycle { $period }
console-usage-allowance = { $type } allowance: { $used } of { $quantity } { $unit } used
console-usage-allowances = Allowances
console-usage-unit = { $type ->
    [voice] seconds
    [data] { $unit }
   *[other] events
}
console-usage-tariff-units = tariff units
console-usage-lines = Usage by type, destination and band
console-usage-destination = Destination
console-usage-band = Band
console-usage-band-value = { $band ->
    [peak] peak
    [offpeak] offpeak
   *[other] { $band }
}
console-usage-records = Records
console-usage-quantity = Quantity
console-usage-covered = Covered by the allowance
console-usage-charge = Charge
console-usage-total = Total
console-usage-none = No usage in this cycle.
console-unresolved-reason = Reason
console-unresolved-reason-value = { $reason ->
    [unknown-identifier] unknown identifier
    [no-subscription] no subscription
    [no-rate] no rate
   *[other] { $reason }
}
console-unresolved-start = Started
console-unresolved-source = Source / record
console-unresolved-detail = Detail
console-unresolved-none = Every usage record is rated.
console-rerate-title = Rate again
console-rerate-intro = Fixing a client, service point, subscription or contract, importing holidays or publishing a tariff rates the usage it concerns again by itself. Rate again here after a number moved from one service point to another; each changed result is recorded.
console-rerate-unresolved-only = Only the records not rated yet
console-rerate-since = Only records from
console-rerate-submit = Rate again
console-rerate-result = { $selected } selected: { $resolved } now rated, { $changed } changed, { $unchanged } unchanged, { $unresolved } still not rated.

## Administration

console-nav-api-keys = API keys
console-api-keys-create = New API key
console-api-key-id = Key id
console-api-key-name = Name
console-api-key-scope = Scope
console-api-key-created = Created
console-api-key-state = State
console-api-key-revoked = revoked
console-api-key-revoke = Revoke
console-api-key-revoke-named = Revoke { $name }
console-api-key-revoke-confirm = Revoke { $name }? Machines using it are refused at once.
console-api-key-tenant = Partner id
console-api-key-tenant-hint = Required for the role partner.
console-api-key-client = Client id
console-api-key-client-hint = Required for the role client.
console-api-key-issued = API key { $name } issued
console-api-key-secret = The key
console-api-key-secret-once = Copy the key now: it is shown only this once and cannot be read again.
console-scope-partner = partner { $id }
console-scope-client = client { $id }
console-roles = Roles
console-roles-required = Choose at least one role.
console-role = { $role ->
    [admin] administrator
    [operator] operator
    [billing] billing
    [accountant] accountant
    [auditor] auditor
    [partner] partner
    [client] client
   *[other] { $role }
}
console-nav-users = Users
console-users-create = New user
console-user-title = User { $name }
console-user-name = User name
console-user-name-hint = Lower-case letters, digits and . _ @ -; it cannot be changed later.
console-user-password = Password
console-user-password-hint = At least 12 characters.
console-user-client-hint = Required for the role client: the client whose data the user sees.
console-user-partner-hint = Required for the role partner: the partner whose clients the user sees.
console-user-active = active
console-user-disabled = disabled
console-user-locked = locked until { $until }
console-user-last-sign-in = Last sign-in
console-user-failed-sign-ins = Failed sign-ins in a row
console-user-disable = Disable
console-user-enable = Enable
console-user-set-password = Set password
console-user-password-set = The password is set; the user's sessions have ended.

## Billing: bill runs, invoices and credit notes, payments and receivables, the dashboard

console-downloading = Downloading…
console-show-all = Show all { $count }
console-chart-loading = Drawing the chart…
console-currency = Currency
console-amount = Amount
console-amount-hint = A decimal with a point, e.g. 12700.00.
console-net = Net
console-vat = VAT
console-gross = Gross
console-amount-due = Amount due
console-percent = { $rate } %
console-period = { $start } – { $end }
console-cycle = Period
console-invoice = Invoice
console-credit-note = Credit note
console-usage-type-value = { $type ->
    [voice] voice
    [data] data
    [sms] SMS
    [mms] MMS
    [vod] video on demand
   *[other] { $type }
}
console-run-status-value = { $status ->
    [started] drafting
    [drafted] waiting for approval
    [approved] issuing
    [completed] completed
    [failed] failed
    [voided] voided
    [superseded] superseded
   *[other] { $status }
}
console-invoice-status-value = { $status ->
    [draft] draft
    [issued] issued
    [voided] voided
   *[other] { $status }
}
console-payment-status-value = { $status ->
    [open] open
    [partly-paid] partly paid
    [paid] paid
    [overdue] overdue
   *[other] { $status }
}
console-flag-code = { $code ->
    [total-changed] total changed
    [zero-or-negative] zero or negative total
    [unresolved-usage] unresolved usage
    [missing-fx-rate] exchange rate missing
    [b2b-without-vat-id] business without VAT id
    [no-legal-entity] no legal entity
    [invalid-time-zone] invalid time zone
    [no-vat-rate] no VAT rate
    [waits-for-earlier-cycle] waits for an earlier cycle
    [no-holiday-calendar] no holiday calendar
    [incomplete-document] incomplete document
    [discount-share] large discount
    [vat-id-of-seller-country] VAT id of the seller's country
   *[other] { $code }
}
console-flag-blocking = cannot be issued
# A held invoice's reason, from its flag's figures (the API's params; see openapi.yaml InvoiceFlag).
# Amounts, percentages and dates come formatted for the language; $count is a number.
console-flag-message-total-changed = total { $total } differs from the previous cycle's { $previousTotal } by { $change } (threshold { $threshold })
console-flag-message-zero-or-negative = total { $total }
console-flag-message-vat-id-of-seller-country = company { $client } in { $country } is reverse charged on { $vatId }, a VAT id of { $sellerCountry }, the seller's own country: an establishment there is taxed there at home
console-flag-message-discount-share = discounts of { $discounts } { $share ->
        [none] are more than the charges of { $charges }
       *[other] are { $share } of the charges of { $charges }
    } (threshold { $threshold })
console-flag-message-unresolved-usage = { $count ->
        [one] { $count } unresolved usage record of this contract's service points in the period
       *[other] { $count } unresolved usage records of this contract's service points in the period
    }
console-flag-message-missing-fx-rate = no exchange rate on or before { $date } for { $pairs }
console-flag-message-no-vat-rate = no VAT rate known for { $country } on { $date }
console-flag-message-b2b-without-vat-id = company { $client } in { $country } has { $vatId ->
        [none] no VAT id
       *[other] an invalid VAT id { $vatId }
    }: without one it pays { $country } VAT as a consumer would, with one it would be reverse charged
console-flag-message-no-legal-entity = contract { $contract } has no legal entity that could issue it ({ $legalEntity ->
        [none] none named
       *[other] { $legalEntity }
    })
console-flag-message-invalid-time-zone = client { $client } has an invalid time zone “{ $timeZone }”
console-flag-message-waits-for-earlier-cycle = waits for the contract's cycle { $cycle }, which is { $status ->
        [blocked] blocked
       *[held] held
    }: a contract's cycles are issued in order
console-flag-message-no-holiday-calendar = { $count ->
        [one] { $count } voice call of this cycle was rated without public holidays
       *[other] { $count } voice calls of this cycle were rated without public holidays
    }: no holiday calendar for { $calendars }. Add the country's holidays (billstream import holidays FILE): the import rates these calls again
console-flag-message-incomplete-document = the invoice's documents would lack an item the law requires: { $item ->
        [seller-vat-id] the legal entity has no VAT id (VAT Directive art. 226(3))
        [buyer-vat-id] reverse charge without the customer's VAT id (art. 226(4))
       *[seller-address] the legal entity has no address (art. 226(5))
    }

## Bill runs

console-nav-bill-runs = Bill runs
console-bill-runs-caption = Bill runs, by as-of date
console-bill-runs-none = No bill run yet.
console-bill-run-id = Run id
console-bill-run-as-of = As of
console-bill-run-as-of-hint = Every billing cycle ending on or before this date that is not billed yet gets an invoice.
console-bill-run-status = Status
console-bill-run-started = Started
console-bill-run-started-by = Started by
console-bill-run-drafted = Drafted
console-bill-run-held = Held
console-bill-run-issued = Issued
console-bill-run-start = Start a bill run
console-bill-run-start-intro = The run drafts the invoices and shows its control report; nothing is issued before it is approved.
console-bill-run-start-submit = Start the run
console-bill-run-change-threshold = Hold when the total changes by more than (%)
console-bill-run-change-threshold-hint = Against the client's previous invoice; 50 when left empty.
console-bill-run-discount-threshold = Hold when discounts exceed (% of the charges)
console-bill-run-discount-threshold-hint = 50 when left empty.
console-bill-run-progress = { $phase ->
    [issuing] Issuing the invoices…
   *[drafting] Drafting the invoices…
}
console-bill-run-progress-run = Run { $runId }: { $status }, started { $started }
console-bill-run-title = Bill run { $runId }
console-bill-run-approved = Approved
console-bill-run-approved-value = by { $by } at { $at }, issue date { $issueDate }, { $includeHeld ->
    [true] held invoices included
   *[false] held invoices left out
}
console-bill-run-result = Result
console-bill-run-result-value = { $issued } issued, { $held } left unissued, { $superseded } taken over by a later run
console-bill-run-failed = The run failed at { $at }: { $reason }
console-bill-run-voided = Voided by { $by } at { $at }. Nothing was issued; its cycles go to the next run.
console-bill-run-superseded = A later run took over its drafts:
console-bill-run-invoices = The run's invoices
console-bill-run-documents = Download the print file (zip)
console-bill-run-approve-title = Approve and issue
console-bill-run-approve-intro = { $issue } invoices are ready to issue; { $held } are held, of which { $blocked } cannot be issued at all.
console-bill-run-include-held = Issue the held invoices too ({ $held } that can be issued)
console-bill-run-issue-date = Issue date
console-bill-run-issue-date-hint = Its year chooses the number series.
console-bill-run-approve-submit = Approve and issue
console-bill-run-void-title = Void the run
console-bill-run-void-intro = Voiding issues nothing: the drafts stay in the history as voided and their cycles go to the next run.
console-bill-run-void-confirm = Void run { $runId }? This cannot be undone.
console-bill-run-void-submit = Void the run

## Control report

console-report-title = Control report
console-report-invoices = Invoices
console-report-held = Held
console-report-blocked = Cannot be issued
console-report-nothing-to-bill = Cycles with nothing to bill
console-report-warning = { $message } ({ $invoices } invoices)
console-report-deferred = { $cycles } due cycles were left for a later run.
console-report-supersedes = This run replaced the unapproved runs
console-report-language-fallback = { $invoices } invoices in English: there are no texts in the client's language { $language }.
console-report-unassigned-usage = { $records } usage records of { $identifiers } unknown identifiers ({ $first } to { $last }) belong to no service point: they are billed to no one until the identifiers are added.
console-report-per-currency = Totals per currency
console-report-per-legal-entity = Totals per legal entity
console-report-per-vat-group = VAT per group
console-report-per-service-category = Net per service category
console-report-held-invoices = Held invoices
console-report-held-caption = Held invoices with the reasons
console-report-none-held = No invoice is held.
console-report-reasons = Reasons
console-report-discounts = Discounts per scheme
console-vat-category = VAT category
console-vat-rate = VAT rate
console-vat-taxable = Taxable amount
console-vat-national = VAT in the national currency
console-vat-mention = Mention
console-vat-groups = VAT groups

## Invoices and credit notes

console-nav-invoices = Invoices
console-invoices-caption = Invoices, by number (drafts first)
console-invoices-none = No invoice matches.
console-invoice-number = Invoice number
console-invoice-id = Invoice id
console-invoice-status = Status
console-invoice-buyer = Buyer
console-invoice-seller = Seller
console-invoice-issue-date = Issue date
console-invoice-due-date = Due date
console-invoice-held = Held
console-invoice-held-yes = { $count ->
    [one] held (one reason)
   *[other] held ({ $count } reasons)
}
console-invoice-draft-of = Draft { $id }
console-invoice-title = Invoice { $number }
console-invoice-actions = Documents and actions
console-invoice-download-document = Download the document (.docx)
console-invoice-download-ubl = Download the e-invoice (UBL)
console-invoice-flags = Why it is held
console-invoice-lines = Lines
console-invoice-lines-caption = The invoice's lines, numbered from 0
console-invoice-discounts = Discounts and the lines they touched
console-invoice-discount-line = line { $line }: { $description }, { $amount }, on
console-invoice-discount-touched = line { $line }: { $description } ({ $net })
console-invoice-fx = Exchange rates used:
console-invoice-fx-rate = 1 { $base } = { $rate } { $quote } ({ $date })
console-invoice-credit-notes-caption = Credit notes of this invoice
console-line-number = No.
console-line-kind = Kind
console-line-kind-value = { $kind ->
    [usage] usage
    [late-usage] late usage
    [recurring] recurring fee
    [one-time] one-time fee
    [discount] discount
    [commitment] commitment shortfall
   *[other] { $kind }
}
console-line-description = Description
console-line-quantity = Quantity
console-line-discounts-lines = discounts lines { $lines }
console-nav-credit-notes = Credit notes
console-credit-notes-caption = Credit notes, by number
console-credit-notes-none = No credit note matches.
console-credit-note-title = Credit note { $number }
console-credit-note-lines-caption = The credited lines (negative), by the invoice line they credit
console-credit-note-create = Issue a credit note
console-credit-note-create-title = Credit invoice { $number }
console-credit-note-not-issued = Only an issued invoice can be credited.
console-credit-note-submit = Issue the credit note
console-credit-reason = Reason
console-credit-reason-hint = Printed on the credit note.
console-credit-mode = What to credit
console-credit-mode-all = Everything not credited yet
console-credit-mode-lines = Chosen lines
console-credit-lines = Lines to credit
console-credit-line-choose = Credit line { $line }: { $description }
console-credit-line-amount = Net amount to credit on line { $line }
console-credit-line-left = Before VAT; empty: all that is left ({ $amount }).
console-credit-line-net = Line net: { $net }
console-credit-choose-a-line = Choose at least one line.

## Payments and receivables

console-nav-payments = Payments
console-payments-caption = Payments, by date
console-payments-none = No payment matches.
console-payment-id = Payment id
console-payment-id-hint = Your id of the payment (the bank's transaction id): the same id is the same payment.
console-payment-date = Date received
console-payment-invoice-number = Invoice number given
console-payment-invoice-number-hint = As the payer wrote it; empty or unknown: the payment is the client's credit.
console-payment-reference = Reference
console-payment-remaining = Unallocated
console-payment-unallocated-only = Unallocated credit
console-payment-unallocated-yes = only with credit left
console-payment-record = Record a payment
console-payment-record-submit = Record the payment
console-payment-title = Payment { $id }
console-payment-rate = Exchange rate
console-payment-rate-value = 1 { $currency } = { $rate } { $national }
console-payment-allocations = Allocations
console-payment-allocations-none = Not allocated to any invoice.
console-payment-allocation-date = Allocation date
console-payment-invoice-amount = In the invoice's currency
console-payment-refunds = Refunds
console-payment-refunds-none = Nothing refunded.
console-payment-allocate-title = Allocate the credit
console-payment-allocate-intro = With no invoice named, the credit goes to the client's open invoices, the oldest due first.
console-payment-allocate-invoice = Invoice number
console-payment-allocate-invoice-hint = Empty: the client's open invoices, oldest due first.
console-payment-allocate-amount-hint = In { $currency }; empty: as much as is open or left.
console-payment-allocate-invoice-needed = Name the invoice the amount goes to.
console-payment-allocate-submit = Allocate
console-payment-refund-title = Refund the credit
console-payment-refund-date = Refund date
console-payment-refund-amount-hint = In { $currency }; empty: all the unallocated credit.
console-payment-refund-submit = Refund
console-payment-status = Payment status
console-nav-accounts = Client accounts
console-account-title = Account of { $clientId }
console-account-choose-client = Enter a client id to see its balance and statement.
console-account-client = The client
console-balance-title = Balance today ({ $date })
console-balance-none = Nothing is open and there is no credit.
console-balance-receivable = Due on open invoices
console-balance-unallocated = Unallocated credit
console-balance-balance = Balance
console-balance-open-items = Open invoices in { $currency }
console-balance-no-open-items = No open invoice.
console-statement-title = Statement of account
console-statement-from = From
console-statement-to = To
console-statement-choose = Choose the first and last day of the statement.
console-statement-downloads = Download the statement
console-statement-download-csv = Download as CSV
console-statement-download-docx = Download as document (.docx)
console-statement-summary = Per currency: opening balance, debits, credits, closing balance
console-statement-lines = Entries of the period
console-statement-empty = No entry in this period.
console-statement-opening = Opening
console-statement-debits = Debits
console-statement-credits = Credits
console-statement-closing = Closing
console-statement-date = Date
console-statement-kind = Entry
console-statement-kind-value = { $kind ->
    [invoice] invoice
    [credit-note] credit note
    [payment] payment
    [allocation] allocation
    [refund] refund
    [write-off] write-off
   *[other] { $kind }
}
console-statement-reference = Reference
console-statement-debit = Debit
console-statement-credit = Credit
console-statement-balance = Balance
console-nav-aging = Aging report
console-aging-title = Aging of receivables as of { $date }
console-aging-as-of = As of
console-aging-intro = What was open on issued invoices on that day, by days past the due date.
console-aging-bucket = { $bucket ->
    [current] not yet due
    [days30] 1–30 days
    [days60] 31–60 days
    [days90] 61–90 days
   *[older] over 90 days
}
console-aging-total = Total
console-aging-totals = Totals
console-aging-totals-caption = Open amounts per currency, by days overdue
console-aging-clients = Per client
console-aging-clients-caption = Open amounts per client and currency, by days overdue
console-aging-none = Nothing was open.
console-aging-unallocated-note = Unallocated credit is not deducted here: see each client's account.

## Dashboard

console-dashboard-title = Dashboard
console-dashboard-as-of = Figures as of { $date }
console-dashboard-months = Months shown
console-dashboard-show = Show
console-dashboard-months-value = { $months ->
    [one] the current month
   *[other] the last { $months } months
}
console-dashboard-receivables = Receivables
console-dashboard-receivables-none = Nothing is open.
console-dashboard-open = Open ({ $currency })
console-dashboard-overdue = of which overdue
console-dashboard-invoices-overdue = { $count ->
    [one] one invoice overdue
   *[other] { $count } invoices overdue
}
console-dashboard-aging-link = The aging report
console-dashboard-revenue = Revenue per month and legal entity
console-dashboard-revenue-intro = Net amounts of the invoices issued in the month less the credit notes issued in it; one chart per currency.
console-dashboard-revenue-in = Net revenue in { $currency }
console-dashboard-revenue-none = No invoice issued in these months.
console-dashboard-revenue-caption = Revenue per month, legal entity and currency
console-dashboard-revenue-description = Stacked bar chart: net revenue in { $currency } per month from { $from } to { $to }, one bar part per legal entity ({ $entities }). The table below gives the figures.
console-dashboard-month = Month
console-dashboard-invoices-issued = Invoices issued
console-dashboard-invoices-caption = Invoices issued per month
console-dashboard-invoices-description = Bar chart: invoices issued per month, { $total } in the last { $months } months. The table below gives the figures.
console-dashboard-usage = Usage per day by type
console-dashboard-usage-none = No usage recorded.
console-dashboard-usage-caption = Usage records per day and type
console-dashboard-usage-description = Line chart: usage records per day on the last { $days } days with usage, one line per type ({ $types }), each with its own symbol and dash. The table below gives the figures.
console-dashboard-day = Day
console-dashboard-unresolved-count = { $count ->
    [0] Every usage record is rated.
    [one] One usage record is not rated.
   *[other] { $count } usage records are not rated.
}
console-dashboard-unresolved-caption = Unresolved usage records per reason
console-dashboard-last-runs = The last bill runs
console-dashboard-run-invoices = Invoices
