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
