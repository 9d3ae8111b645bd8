/**
 * Why an invoice is held, in the console's language: each flag code has its message
 * (`console-flag-message-<code>` in console.ftl), made from the flag's `params` with the amounts,
 * percentages and dates formatted for the language. A flag without params (recorded before the
 * API gave them), a code the console has no message for, or params lacking a figure the message
 * needs are shown with the API's English `message`.
 */
import type { Schemas } from './api.ts';
import type { Args, I18n } from './i18n.tsx';

type Flag = Schemas['InvoiceFlag'];
type Params = Record<string, string>;
type Format = Pick<I18n, 't' | 'number' | 'money' | 'date'>;

/** The message of each code and its arguments from the params; null when a figure is missing. */
const FLAG_MESSAGES: Record<Flag['code'], { id: string; args: (p: Params, f: Format) => Args | null }> = {
  'total-changed': {
    id: 'console-flag-message-total-changed',
    args: (p, f) => (has(p, 'total', 'previousTotal', 'currency', 'changePercent', 'thresholdPercent')
      ? { total: f.money(p.total, p.currency!), previousTotal: f.money(p.previousTotal, p.currency!), change: percent(f, p.changePercent!), threshold: percent(f, p.thresholdPercent!) }
      : null),
  },
  'zero-or-negative': {
    id: 'console-flag-message-zero-or-negative',
    args: (p, f) => (has(p, 'total', 'currency') ? { total: f.money(p.total, p.currency!) } : null),
  },
  'discount-share': {
    id: 'console-flag-message-discount-share',
    args: (p, f) => (has(p, 'discounts', 'charges', 'currency', 'thresholdPercent')
      ? { discounts: f.money(p.discounts, p.currency!), charges: f.money(p.charges, p.currency!), share: p.sharePercent ? percent(f, p.sharePercent) : 'none', threshold: percent(f, p.thresholdPercent!) }
      : null),
  },
  'unresolved-usage': {
    id: 'console-flag-message-unresolved-usage',
    args: (p) => (has(p, 'records') ? { count: Number(p.records) } : null),
  },
  'missing-fx-rate': {
    id: 'console-flag-message-missing-fx-rate',
    args: (p, f) => (has(p, 'pairs', 'date') ? { pairs: p.pairs!, date: f.date(p.date) } : null),
  },
  'no-vat-rate': {
    id: 'console-flag-message-no-vat-rate',
    args: (p, f) => (has(p, 'country', 'date') ? { country: p.country!, date: f.date(p.date) } : null),
  },
  'b2b-without-vat-id': {
    id: 'console-flag-message-b2b-without-vat-id',
    args: (p) => (has(p, 'clientId', 'country') ? { client: p.clientId!, country: p.country!, vatId: p.vatId || 'none' } : null),
  },
  'vat-id-of-seller-country': {
    id: 'console-flag-message-vat-id-of-seller-country',
    args: (p) => (has(p, 'clientId', 'country', 'vatId', 'sellerCountry') ? { client: p.clientId!, country: p.country!, vatId: p.vatId!, sellerCountry: p.sellerCountry! } : null),
  },
  'no-legal-entity': {
    id: 'console-flag-message-no-legal-entity',
    args: (p) => (has(p, 'contractId') ? { contract: p.contractId!, legalEntity: p.legalEntityId || 'none' } : null),
  },
  'invalid-time-zone': {
    id: 'console-flag-message-invalid-time-zone',
    args: (p) => (has(p, 'clientId', 'timeZone') ? { client: p.clientId!, timeZone: p.timeZone! } : null),
  },
  'waits-for-earlier-cycle': {
    id: 'console-flag-message-waits-for-earlier-cycle',
    args: (p, f) => (has(p, 'cycleStart', 'cycleLastDay') && (p.status === 'held' || p.status === 'blocked')
      ? { cycle: f.t('console-period', { start: f.date(p.cycleStart), end: f.date(p.cycleLastDay) }), status: p.status }
      : null),
  },
  'no-holiday-calendar': {
    id: 'console-flag-message-no-holiday-calendar',
    args: (p) => (has(p, 'calls', 'calendars', 'since') ? { count: Number(p.calls), calendars: p.calendars!, since: p.since! } : null),
  },
  'incomplete-document': {
    id: 'console-flag-message-incomplete-document',
    args: (p) => (p.item === 'seller-vat-id' || p.item === 'buyer-vat-id' || p.item === 'seller-address' ? { item: p.item } : null),
  },
};

function has(params: Params, ...keys: string[]): boolean {
  return keys.every((key) => typeof params[key] === 'string' && params[key] !== '');
}

/** A percentage as the console writes one (`8,8 %` in German). */
function percent(f: Format, value: string): string {
  return f.t('console-percent', { rate: f.number(value) });
}

/** The flag's reason in the console's language, or the API's `message` when the console cannot say it from params. */
export function flagText(flag: Flag, f: Format): string {
  const known = Object.prototype.hasOwnProperty.call(FLAG_MESSAGES, flag.code) ? FLAG_MESSAGES[flag.code] : undefined;
  if (!known || !flag.params) return flag.message;
  const args = known.args(flag.params, f);
  if (!args) return flag.message;
  const text = f.t(known.id, args);
  return text === known.id ? flag.message : text;
}
