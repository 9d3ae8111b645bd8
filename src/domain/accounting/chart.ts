/**
 * The chart of accounts of a legal entity: which account each posting role books to. A default
 * serves every legal entity; an operator overrides numbers and names per legal entity with an
 * import (`billstream import accounts FILE`), recorded as `ChartOfAccountsImported` on the stream
 * `chartOfAccounts-<legalEntityId>`. Each import states the whole set of overrides: roles it does
 * not name go back to the default. The journal books with the chart in force when it posts, so a
 * later import never rewrites entries already posted (a journal is immutable, as the books are).
 *
 * Roles are fixed names (`receivables`, `bank`, ...) or a family and its key:
 * `revenue:<serviceCategory>` and `vat-payable:<VAT category>:<rate>`. A family member with no
 * account of its own books to a sub-account of the family's account (`4000-voip`, `2400-S-27`),
 * so a new VAT rate or category never leaves a line without an account.
 */
import { Decimal } from 'decimal.js';
import { streamName } from '../../core/streams.ts';
import type { Decider } from '../../core/decider.ts';
import { ValidationError } from '../../core/errors.ts';
import { SERVICE_CATEGORIES } from '../catalog/decider.ts';

export const CHART_OF_ACCOUNTS_IMPORTED = 'ChartOfAccountsImported';

export interface Account {
  number: string;
  name: string;
}

export interface ChartOfAccountsImportedData {
  legalEntityId: string;
  /** Overrides by role; the default supplies every role not named. */
  accounts: Record<string, Account>;
}

export type ChartOfAccountsEvent = { type: typeof CHART_OF_ACCOUNTS_IMPORTED; data: ChartOfAccountsImportedData };

export function chartOfAccountsStream(legalEntityId: string): string {
  return streamName('chartOfAccounts', legalEntityId);
}

/** Roles with one account each. */
export const FIXED_ROLES = [
  'receivables',
  'bank',
  'customer-credit',
  'revenue',
  'vat-payable',
  'reverse-charge-memo',
  'reverse-charge-memo-contra',
  'fx-gain',
  'fx-loss',
  'write-off',
] as const;
export type FixedRole = (typeof FIXED_ROLES)[number];

const VAT_CATEGORIES = ['S', 'AE', 'O', 'Z', 'E'] as const;

export const DEFAULT_ACCOUNTS: Readonly<Record<FixedRole, Account>> = {
  'bank': { number: '1100', name: 'Bank' },
  'receivables': { number: '1200', name: 'Trade receivables' },
  'vat-payable': { number: '2400', name: 'VAT payable' },
  'customer-credit': { number: '2500', name: 'Customer credit (unallocated payments)' },
  'revenue': { number: '4000', name: 'Revenue' },
  'fx-gain': { number: '4900', name: 'Realised exchange gains' },
  'fx-loss': { number: '6900', name: 'Realised exchange losses' },
  'write-off': { number: '6800', name: 'Bad debts written off' },
  'reverse-charge-memo': { number: '9100', name: 'Reverse-charge supplies (memo)' },
  'reverse-charge-memo-contra': { number: '9199', name: 'Reverse-charge supplies (memo contra)' },
};

const CATEGORY_NAMES: Readonly<Record<string, string>> = {
  voip: 'VoIP', internet: 'Internet', wifi: 'WiFi', pstn: 'PSTN', catv: 'Cable TV', vod: 'Video on demand', bundle: 'Bundles',
};

export const revenueRole = (serviceCategory: string) => `revenue:${serviceCategory}`;
/** The rate as a plain decimal ("27", "5.5"), so `27` and `27.00` name one account. */
export const vatRole = (category: string, rate: string) => `vat-payable:${category}:${new Decimal(rate).toFixed()}`;

/** Why a role is not one this chart knows; null when it is. */
export function roleProblem(role: string): string | null {
  if ((FIXED_ROLES as readonly string[]).includes(role)) return null;
  const [family, ...keys] = role.split(':');
  if (family === 'revenue' && keys.length === 1) {
    return (SERVICE_CATEGORIES as readonly string[]).includes(keys[0]!) ? null : `revenue:${keys[0]}: no service category ${keys[0]} (known: ${SERVICE_CATEGORIES.join(', ')})`;
  }
  if (family === 'vat-payable' && keys.length === 2) {
    const [category, rate] = keys as [string, string];
    if (!(VAT_CATEGORIES as readonly string[]).includes(category)) return `${role}: no VAT category ${category} (known: ${VAT_CATEGORIES.join(', ')})`;
    if (!/^\d{1,2}(\.\d{1,2})?$/.test(rate)) return `${role}: the rate ${rate} is not a percentage such as 27 or 5.5`;
    return null;
  }
  return `unknown role ${JSON.stringify(role)}; roles are ${FIXED_ROLES.join(', ')}, revenue:<service category> and vat-payable:<VAT category>:<rate>`;
}

/** The default chart, as the roles an operator may override and what they are by default. */
export function defaultChart(): Record<string, Account> {
  const chart: Record<string, Account> = { ...DEFAULT_ACCOUNTS };
  for (const category of SERVICE_CATEGORIES) chart[revenueRole(category)] = familyMember('revenue', DEFAULT_ACCOUNTS.revenue, category, `Revenue ${CATEGORY_NAMES[category] ?? category}`);
  return chart;
}

function familyMember(_family: string, parent: Account, key: string, name: string): Account {
  return { number: `${parent.number}-${key}`, name };
}

/** The account of a role in a chart given as overrides over the default. */
export function accountFor(overrides: Readonly<Record<string, Account>>, role: string): Account {
  const own = overrides[role];
  if (own) return own;
  if ((FIXED_ROLES as readonly string[]).includes(role)) return DEFAULT_ACCOUNTS[role as FixedRole];
  const [family, ...keys] = role.split(':');
  if (family === 'revenue') {
    const category = keys.join(':');
    return familyMember('revenue', accountFor(overrides, 'revenue'), category, `Revenue ${CATEGORY_NAMES[category] ?? category}`);
  }
  if (family === 'vat-payable') {
    const [category, rate] = keys;
    const parent = accountFor(overrides, 'vat-payable');
    return familyMember('vat-payable', parent, `${category}-${rate}`, `${parent.name} ${category} ${rate} %`);
  }
  throw new RangeError(roleProblem(role) ?? `role ${role} has no account`);
}

/** The full chart of a legal entity: the default's roles, the overrides' and any family members they add. */
export function effectiveChart(overrides: Readonly<Record<string, Account>>): { role: string; number: string; name: string; overridden: boolean }[] {
  const roles = new Set([...Object.keys(defaultChart()), ...Object.keys(overrides)]);
  return [...roles].sort().map((role) => ({ role, ...accountFor(overrides, role), overridden: role in overrides }));
}

/**
 * The name of an account number in a chart, family members included: a VAT account exists for
 * each category and rate the journal meets (`2400-S-27`), so it is named from its number.
 */
export function accountNames(overrides: Readonly<Record<string, Account>>): (number: string) => string | null {
  const names = new Map(effectiveChart(overrides).map((a) => [a.number, a.name]));
  const vatParent = `${accountFor(overrides, 'vat-payable').number}-`;
  return (number) => {
    const name = names.get(number);
    if (name !== undefined) return name;
    if (!number.startsWith(vatParent)) return null;
    const [category, rate, ...rest] = number.slice(vatParent.length).split('-');
    return category && rate && rest.length === 0 ? accountFor(overrides, `vat-payable:${category}:${rate}`).name : null;
  };
}

export interface ChartIssue {
  role: string;
  message: string;
}

/** Every reason an imported chart is refused: unknown roles, empty numbers or names, a number used by two roles. */
export function chartIssues(accounts: Record<string, unknown>): ChartIssue[] {
  const issues: ChartIssue[] = [];
  for (const [role, account] of Object.entries(accounts)) {
    const problem = roleProblem(role);
    if (problem) {
      issues.push({ role, message: problem });
      continue;
    }
    const a = account as Partial<Account> | null;
    if (!a || typeof a !== 'object' || typeof a.number !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9.\-/]{0,31}$/.test(a.number)) {
      issues.push({ role, message: `${role}: number must be 1 to 32 letters, digits, '.', '-' or '/'` });
    } else if (typeof a.name !== 'string' || a.name.trim() === '' || a.name.length > 200) {
      issues.push({ role, message: `${role}: name must be a non-empty text of at most 200 characters` });
    }
    const extra = a && typeof a === 'object' ? Object.keys(a).filter((k) => k !== 'number' && k !== 'name') : [];
    if (extra.length) issues.push({ role, message: `${role}: unknown field ${extra.join(', ')} (an account has number and name)` });
  }
  if (issues.length) return issues;
  // Two roles on one account would merge what the books keep apart; a role on its own default is fine.
  const byNumber = new Map<string, string>();
  for (const { role, number } of effectiveChart(accounts as Record<string, Account>)) {
    const other = byNumber.get(number);
    if (other) issues.push({ role, message: `${role}: account ${number} is already ${other}'s` });
    else byNumber.set(number, role);
  }
  return issues;
}

export type ChartOfAccountsCommand = { type: 'ImportChartOfAccounts'; legalEntityId: string; accounts: Record<string, unknown> };
export interface ChartOfAccountsState { accounts: Record<string, Account> | null }

/** Accounts in one canonical form (roles sorted), so an import of the same chart in another order changes nothing. */
function canonical(accounts: Record<string, Account>): Record<string, Account> {
  return Object.fromEntries(Object.keys(accounts).sort().map((role) => [role, { number: accounts[role]!.number, name: accounts[role]!.name.trim() }]));
}

export const chartOfAccountsDecider: Decider<ChartOfAccountsState, ChartOfAccountsCommand, ChartOfAccountsEvent> = {
  initialState: () => ({ accounts: null }),
  evolve: (_state, event) => ({ accounts: event.data.accounts }),
  decide(command, state) {
    const issues = chartIssues(command.accounts);
    // Refused whole: a chart stored with an unknown role left out would post to the default without anyone noticing.
    if (issues.length) throw new ValidationError(`chart of accounts of ${command.legalEntityId} refused: ${issues.map((i) => i.message).join('; ')}`, issues.map((i) => ({ field: `accounts.${i.role}`, message: i.message })));
    const accounts = canonical(command.accounts as Record<string, Account>);
    if (state.accounts && JSON.stringify(state.accounts) === JSON.stringify(accounts)) return [];
    return [{ type: CHART_OF_ACCOUNTS_IMPORTED, data: { legalEntityId: command.legalEntityId, accounts } }];
  },
};
