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
console-history-caption = What changed, when and by whom, newest first
console-history-when = When
console-history-who = Who
console-history-what = What changed
console-history-set = { $field }: { $to }
console-history-changed = { $field }: { $from } → { $to }

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
console-usage-subscription = Subscription { $subscription } ({ $tariff }), cycle { $start } – { $end }
console-usage-allowance = Allowance: { $used } of { $seconds } seconds used
console-usage-lines = Usage by type, destination and band
console-usage-destination = Destination
console-usage-band = Band
console-usage-records = Records
console-usage-quantity = Quantity
console-usage-covered = Seconds in the allowance
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
console-rerate-intro = After fixing a service point, a subscription or a tariff, rate the usage again; each changed result is recorded.
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
