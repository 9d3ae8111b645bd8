/**
 * How an entity's history names the fields of its events and writes their values: with the
 * labels and formats its screens use (the form's or detail's message where one exists), in the
 * console's language. An event's data is flattened one level (`address.city`); a field no entry
 * names (a later event's) is shown by its own name, never as an empty label.
 */
import type { I18n } from './i18n.tsx';

/** Writes a value as the screens do; `seen` answers the event's other fields, then earlier events' (an amount's currency). */
export type ValueFormat = (value: unknown, i18n: I18n, seen: (field: string) => unknown) => string;

export interface FieldSpec {
  /** The message naming the field. */
  label: string;
  value?: ValueFormat;
  /** Shown as one value (a period, a seller), not field by field. */
  whole?: boolean;
  /** The event's own (a status change's reason): shown with each event that says it, not compared with the ones before. */
  eventOwn?: boolean;
}

export type Fields = Record<string, FieldSpec>;

export interface EntityHistory {
  /** Fields naming the entity the screen is about: not repeated on every line. */
  idKeys: string[];
  fields: Fields;
  /** What a field means in one event type (a payment's `date` is not an allocation's). */
  events?: Record<string, Fields>;
  /**
   * The event types that each say the entity's new state (its registration, changes, versions):
   * each line of one says what changed against the ones before. Any other event (a contact saved,
   * an allocation) stands alone, its fields as it states them.
   */
  versions: string[];
  /** An event's data as the history compares it (a status change as `status`). */
  normalize?: Record<string, (data: Record<string, unknown>) => Record<string, unknown>>;
}

export type HistoryEntity = 'client' | 'contract' | 'service-point' | 'subscription' | 'tariff' | 'discount' | 'invoice' | 'credit-note' | 'payment';

const text = (value: unknown): string => (value === null || value === undefined || value === '' ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** Formats that write nothing for an empty value but the dash every other empty value gets. */
const unlessEmpty = (format: (value: unknown, i18n: I18n, seen: (field: string) => unknown) => string): ValueFormat => (value, i18n, seen) =>
  value === null || value === undefined || value === '' ? '—' : format(value, i18n, seen);

const date: ValueFormat = unlessEmpty((value, { date }) => date(String(value)));
const dateTime: ValueFormat = unlessEmpty((value, { dateTime }) => dateTime(String(value)));
const number: ValueFormat = unlessEmpty((value, { number }) => (typeof value === 'number' || /^-?\d+(\.\d+)?$/.test(String(value)) ? number(value as number | string) : text(value)));
const yesNo: ValueFormat = unlessEmpty((value, { t }) => (typeof value === 'boolean' ? t('console-yes-no', { value: String(value) }) : text(value)));
const list: ValueFormat = unlessEmpty((value) => (Array.isArray(value) && value.every((v) => typeof v !== 'object') ? value.join(', ') : text(value)));
/** A code in its language, by the select message the screens use (`console-client-status-value`, `status`). */
const code = (message: string, arg: string): ValueFormat => unlessEmpty((value, { t }) => (typeof value === 'string' ? t(message, { [arg]: value }) : text(value)));
const codes = (message: string, arg: string): ValueFormat => unlessEmpty((value, i18n, seen) => (Array.isArray(value) ? value.map((v) => code(message, arg)(v, i18n, seen)).join(', ') : code(message, arg)(value, i18n, seen)));
/** An amount in the currency the event (or the history before it) names in one of `currencyFields`. */
const money = (...currencyFields: string[]): ValueFormat => unlessEmpty((value, i18n, seen) => {
  const currency = currencyFields.map(seen).find((c): c is string => typeof c === 'string' && /^[A-Z]{3}$/.test(c));
  return currency && typeof value === 'string' ? i18n.money(value, currency) : number(value, i18n, seen);
});
/** A billing period as the invoices show it: to its last day (the API's end is exclusive). */
const period: ValueFormat = unlessEmpty((value, { t, date }) => {
  const p = value as { start?: string; end?: string };
  if (typeof p !== 'object' || !p.start || !p.end) return text(value);
  const end = new Date(`${p.end}T00:00:00Z`);
  if (Number.isNaN(end.getTime())) return text(value);
  end.setUTCDate(end.getUTCDate() - 1);
  return t('console-period', { start: date(p.start), end: date(end.toISOString().slice(0, 10)) });
});
/** A seller or buyer by name and id, as the invoice's facts name them. */
const party: ValueFormat = unlessEmpty((value) => {
  const p = value as { id?: string; name?: string };
  return typeof p === 'object' && p.name ? (p.id ? `${p.name} (${p.id})` : p.name) : text(value);
});
/** A sealed secret the API withholds. */
const secret: ValueFormat = unlessEmpty((value, { t }) => (value === 'withheld' ? t('console-history-withheld') : text(value)));

const f = (label: string, value?: ValueFormat, whole?: boolean): FieldSpec => ({ label, ...(value ? { value } : {}), ...(whole ? { whole } : {}) });

const ADDRESS: Fields = {
  address: f('console-address'),
  'address.line1': f('console-address-line1'),
  'address.line2': f('console-address-line2'),
  'address.postalCode': f('console-address-postal-code'),
  'address.city': f('console-address-city'),
};

const CLIENT: EntityHistory = {
  idKeys: ['clientId'],
  versions: ['ClientRegistered', 'ClientDetailsChanged', 'ClientStatusChanged'],
  // A status change says where the client went: "Status: active → suspended", as a change of details would.
  normalize: { ClientStatusChanged: ({ to, reason }) => ({ status: to, reason }) },
  fields: {
    type: f('console-client-type', code('console-client-type-value', 'type')),
    name: f('console-client-name'),
    country: f('console-client-country'),
    language: f('console-client-language'),
    currency: f('console-client-currency'),
    vatId: f('console-client-vat-id'),
    timeZone: f('console-client-time-zone'),
    email: f('console-client-email'),
    ...ADDRESS,
    partnerId: f('console-client-partner'),
    agentId: f('console-client-agent'),
    externalId: f('console-external-id'),
    status: f('console-client-status', code('console-client-status-value', 'status')),
    reason: { label: 'console-client-status-reason', eventOwn: true },
  },
  events: {
    ContactPersonSaved: {
      contactId: f('console-contact-id'),
      name: f('console-contact-name'),
      role: f('console-contact-role'),
      email: f('console-client-email'),
      phone: f('console-contact-phone'),
    },
    ContactPersonRemoved: { contactId: f('console-contact-id') },
    ClientCommunicationLogged: {
      entryId: f('console-communication-id'),
      kind: f('console-communication-kind', code('console-communication-kind-value', 'kind')),
      at: f('console-communication-at', dateTime),
      author: f('console-communication-author'),
      subject: f('console-communication-subject'),
      body: f('console-communication-body'),
    },
  },
};

const CONTRACT: EntityHistory = {
  idKeys: ['contractId'],
  versions: ['ContractConcluded', 'ContractDetailsChanged'],
  fields: {
    clientId: f('console-contract-client'),
    legalEntityId: f('console-contract-legal-entity'),
    number: f('console-contract-number'),
    startDate: f('console-contract-start', date),
    endDate: f('console-contract-end', date),
    billingStart: f('console-contract-billing-start', date),
    billingCycle: f('console-contract-cycle', code('console-contract-cycle-value', 'cycle')),
    cycleAnchorDay: f('console-contract-anchor-day', number),
    currency: f('console-contract-currency'),
    paymentTermsDays: f('console-contract-payment-terms', number),
    agentId: f('console-client-agent'),
    externalId: f('console-external-id'),
  },
};

const SERVICE_POINT: EntityHistory = {
  idKeys: ['servicePointId'],
  versions: ['ServicePointRegistered', 'ServicePointDetailsChanged'],
  fields: {
    clientId: f('console-contract-client'),
    contractId: f('console-service-point-contract'),
    identifiers: f('console-service-point-identifiers', list),
    ...ADDRESS,
    country: f('console-client-country'),
    active: f('console-service-point-active', yesNo),
    externalId: f('console-external-id'),
  },
  events: {
    ServicePointBlocked: { reason: f('console-service-point-block-reason') },
    ServicePointUnblocked: { reason: f('console-service-point-unblock-reason') },
    ServicePointCredentialsSet: { userName: f('console-service-point-user-name'), sealed: f('console-service-point-password', secret) },
    ServicePointCredentialsCleared: { userName: f('console-service-point-user-name') },
  },
};

const SUBSCRIPTION: EntityHistory = {
  idKeys: ['subscriptionId'],
  versions: ['SubscriptionStarted', 'SubscriptionDetailsChanged'],
  fields: {
    servicePointId: f('console-subscription-service-point'),
    contractId: f('console-service-point-contract'),
    clientId: f('console-contract-client'),
    tariffId: f('console-subscription-tariff'),
    startDate: f('console-subscription-start', date),
    endDate: f('console-subscription-end', date),
    quantity: f('console-subscription-quantity', number),
    externalId: f('console-external-id'),
  },
};

/** What every tariff and scheme version carries; a name in one language (`name.hu`) is "Name › hu". */
const VERSIONED: Fields = {
  validFrom: f('console-discount-valid-from', date),
  contentHash: f('console-tariff-content-hash'),
};

const TARIFF: EntityHistory = {
  idKeys: ['id', 'tariffId'],
  versions: ['TariffVersionPublished'],
  fields: {
    name: f('console-tariff-name'),
    currency: f('console-contract-currency'),
    ...VERSIONED,
    category: f('console-tariff-category', code('console-tariff-category-value', 'category')),
    recurring: f('console-tariff-recurring'),
    oneTime: f('console-tariff-one-time'),
    usage: f('console-tariff-usage'),
    radius: f('console-tariff-radius'),
    'radius.rateLimit': f('console-tariff-radius-rate-limit'),
    'radius.sessionTimeout': f('console-tariff-radius-session-timeout', number),
    'radius.interimInterval': f('console-tariff-radius-interim-interval', number),
    'radius.framedPool': f('console-tariff-radius-framed-pool'),
    'radius.attributes': f('console-tariff-radius-attributes'),
  },
};

const DISCOUNT: EntityHistory = {
  idKeys: ['id', 'discountId'],
  versions: ['DiscountVersionPublished'],
  fields: {
    name: f('console-tariff-name'),
    ...VERSIONED,
    validTo: f('console-discount-valid-to', date),
    kind: f('console-discount-kind', code('console-discount-kind-value', 'kind')),
    scope: f('console-discount-scope'),
    'scope.everyone': f('console-discount-scope-everyone', yesNo),
    'scope.clients': f('console-discount-scope-clients', list),
    'scope.contracts': f('console-discount-scope-contracts', list),
    'scope.subscriptions': f('console-discount-scope-subscriptions', list),
    'scope.tariffs': f('console-discount-scope-tariffs', list),
    'scope.partners': f('console-discount-scope-partners', list),
    on: f('console-discount-on'),
    'on.charges': f('console-discount-on-charges', codes('console-line-kind-value', 'kind')),
    'on.usageTypes': f('console-discount-on-usage-types', codes('console-usage-type-value', 'type')),
    'on.categories': f('console-discount-on-categories', codes('console-tariff-category-value', 'category')),
    'on.codes': f('console-discount-on-codes', list),
    when: f('console-discount-when'),
    'when.categoriesActive': f('console-discount-when-categories-active', codes('console-tariff-category-value', 'category')),
    'when.tenureMonths': f('console-discount-when-tenure-months', number),
    'when.firstCycles': f('console-discount-when-first-cycles', number),
    priority: f('console-discount-priority', number),
    group: f('console-discount-group'),
    cap: f('console-discount-cap', number),
    percent: f('console-discount-percent', number),
    amount: f('console-amount', money('currency')),
    currency: f('console-currency'),
    thresholds: f('console-discount-thresholds'),
    minimum: f('console-discount-minimum', money('currency')),
    category: f('console-tariff-category', code('console-tariff-category-value', 'category')),
    usageType: f('console-tariff-usage-type', code('console-usage-type-value', 'type')),
    quantity: f('console-usage-quantity', number),
    prefixes: f('console-discount-prefixes', list),
    peak: f('console-discount-peak-price', money('currency')),
    offpeak: f('console-discount-offpeak-price', money('currency')),
  },
};

/** What the documents of an invoice or a credit note record (InvoiceDocumentsRendered, CreditNoteDocumentsRendered). */
const DOCUMENTS: Fields = {
  number: f('console-invoice-number'),
  docx: f('console-documents-docx'),
  ubl: f('console-documents-ubl'),
  pages: f('console-documents-pages', number),
  seller: f('console-invoice-seller', party, true),
  buyer: f('console-invoice-buyer', party, true),
  language: f('console-client-language'),
  renderer: f('console-documents-renderer', number),
};

/** An invoice's amounts are in its currency: the draft's `invoice.currency`. */
const invoiceMoney = money('currency', 'invoice.currency');

const INVOICE: EntityHistory = {
  idKeys: ['invoiceId'],
  versions: ['InvoiceDrafted'],
  fields: {
    runId: f('console-bill-run-id'),
    contractId: f('console-contract-id'),
    clientId: f('console-contract-client'),
    legalEntityId: f('console-contract-legal-entity'),
    period: f('console-cycle', period, true),
    paymentTermsDays: f('console-contract-payment-terms', number),
    language: f('console-client-language'),
    seller: f('console-invoice-seller', party, true),
    buyer: f('console-invoice-buyer', party, true),
    invoice: f('console-invoice'),
    'invoice.currency': f('console-currency'),
    'invoice.lines': f('console-invoice-lines'),
    'invoice.vat': f('console-vat-groups'),
    'invoice.fx': f('console-payment-rate'),
    'invoice.fxRates': f('console-invoice-fx-rates'),
    'invoice.mentions': f('console-vat-mention'),
    'invoice.totalNet': f('console-net', invoiceMoney),
    'invoice.totalVat': f('console-vat', invoiceMoney),
    'invoice.total': f('console-gross', invoiceMoney),
    'invoice.discounts': f('console-invoice-discounts'),
    flags: f('console-invoice-flags'),
    usageCutoff: f('console-invoice-usage-cutoff', number),
    fromRunId: f('console-invoice-from-run'),
    number: f('console-invoice-number'),
    issueDate: f('console-invoice-issue-date', date),
    dueDate: f('console-invoice-due-date', date),
  },
  events: {
    InvoiceDocumentsRendered: DOCUMENTS,
    InvoiceCredited: {
      creditNoteId: f('console-credit-note-id'),
      invoiceNumber: f('console-invoice-number'),
      issueDate: f('console-credit-note-issue-date', date),
      reason: f('console-credit-reason'),
      lines: f('console-invoice-lines'),
      vat: f('console-vat-groups'),
      totalNet: f('console-net', invoiceMoney),
      totalVat: f('console-vat', invoiceMoney),
      total: f('console-gross', invoiceMoney),
    },
  },
};

const CREDIT_NOTE: EntityHistory = {
  idKeys: ['creditNoteId', 'id'],
  versions: [],
  fields: {
    invoiceId: f('console-invoice-id'),
    invoiceNumber: f('console-invoice'),
    number: f('console-credit-note'),
    issueDate: f('console-invoice-issue-date', date),
    reason: f('console-credit-reason'),
    lines: f('console-invoice-lines'),
    vat: f('console-vat-groups'),
    totalNet: f('console-net', money('currency')),
    totalVat: f('console-vat', money('currency')),
    total: f('console-gross', money('currency')),
    typeCode: f('console-credit-note-type-code'),
    clientId: f('console-contract-client'),
    contractId: f('console-contract-id'),
    legalEntityId: f('console-contract-legal-entity'),
    currency: f('console-currency'),
  },
  events: { CreditNoteDocumentsRendered: { ...DOCUMENTS, number: f('console-credit-note') } },
};

const PAYMENT: EntityHistory = {
  idKeys: ['paymentId'],
  versions: [],
  fields: {
    clientId: f('console-contract-client'),
    legalEntityId: f('console-contract-legal-entity'),
    date: f('console-payment-date', date),
    amount: f('console-amount', money('currency')),
    currency: f('console-currency'),
    reference: f('console-payment-reference'),
    invoiceNumber: f('console-payment-invoice-number'),
    invoiceId: f('console-invoice-id'),
    nationalCurrency: f('console-payment-national-currency'),
    rate: f('console-payment-rate', number),
  },
  events: {
    PaymentAllocated: {
      allocationId: f('console-payment-allocation-id'),
      invoiceNumber: f('console-invoice'),
      date: f('console-payment-allocation-date', date),
      invoiceAmount: f('console-payment-invoice-amount', money('invoiceCurrency')),
      invoiceCurrency: f('console-payment-invoice-currency'),
      paymentRate: f('console-payment-payment-rate', number),
      invoiceRate: f('console-payment-invoice-rate', number),
      releases: f('console-payment-releases'),
    },
    PaymentRefunded: {
      refundId: f('console-payment-refund-id'),
      date: f('console-payment-refund-date', date),
    },
  },
};

export const HISTORIES: Record<HistoryEntity, EntityHistory> = {
  client: CLIENT,
  contract: CONTRACT,
  'service-point': SERVICE_POINT,
  subscription: SUBSCRIPTION,
  tariff: TARIFF,
  discount: DISCOUNT,
  invoice: INVOICE,
  'credit-note': CREDIT_NOTE,
  payment: PAYMENT,
};

/** What an entity's history knows of a field of an event, if anything. */
export function fieldSpec(history: EntityHistory | undefined, eventType: string, field: string): FieldSpec | undefined {
  return history?.events?.[eventType]?.[field] ?? history?.fields[field];
}

/**
 * The field's label in the console's language: its message, or for a part of a named object
 * (`name.hu`) the object's label with the part, or else the field's own name (a field of a
 * later event this console does not know yet).
 */
export function fieldLabel(history: EntityHistory | undefined, eventType: string, field: string, { t }: Pick<I18n, 't'>): string {
  const spec = fieldSpec(history, eventType, field);
  if (spec) return t(spec.label);
  const dot = field.indexOf('.');
  if (dot > 0) {
    const parent = fieldSpec(history, eventType, field.slice(0, dot));
    if (parent) return t('console-history-part', { field: t(parent.label), part: field.slice(dot + 1) });
  }
  return field;
}

/** The value as the screens write it; a value no format is given for as it is stored. */
export function fieldValue(history: EntityHistory | undefined, eventType: string, field: string, value: unknown, i18n: I18n, seen: (field: string) => unknown): string {
  const format = fieldSpec(history, eventType, field)?.value;
  return format ? format(value, i18n, seen) : text(value);
}
