/**
 * Who may call each operation of openapi.yaml: the one table the authorization tests read
 * (test/e2e/api-authorization.test.ts tries every operation with a key of every role, and
 * expects 403 exactly where this table says no). docs/operations.md (API keys and roles) says the
 * same in words.
 *
 * Rows are tried in order and the first whose method and path match decides. `method` is an
 * HTTP method, `write` (any method but GET) or `*`; `path` is the spec's path, `*` matching any
 * characters. `admin` may do everything and is never listed. A GET matches the last row at the
 * latest (every staff role reads); a write that no row matches fails the test, so a new route's
 * writers are decided here, on purpose, rather than by a default.
 */
import type { Role } from '../../src/domain/api-key/events.ts';

/** The staff roles but admin: every one of them reads everything staff may read. */
export const READERS = ['operator', 'billing', 'accountant', 'auditor'] as const satisfies Role[];
/** Staff, and partner and client keys scoped to their own clients. */
const READERS_AND_SCOPED = [...READERS, 'partner', 'client'] as const satisfies Role[];

export interface RouteRoles {
  method: 'get' | 'post' | 'put' | 'delete' | 'patch' | 'write' | '*';
  path: string;
  /** The roles besides admin that may call it. */
  roles: readonly Role[];
  /** Needs neither key nor session (signing in and out): anyone may call it, so the rules of the roles say nothing about it. */
  anyone?: true;
  why?: string;
}

export const ROUTE_ROLES: readonly RouteRoles[] = [
  // An auditor names the actors of the log (apikey:<id>) from the keys' own events in /audit/events.
  { method: '*', path: '/api-keys*', roles: [], why: 'keys are listed, issued and revoked by admins only' },
  { method: '*', path: '/users*', roles: [], why: 'people are created, disabled and given passwords by admins only, as keys are' },
  { method: '*', path: '/auth/*', roles: READERS_AND_SCOPED, anyone: true, why: 'signing in, reading one\'s session and signing out need neither key nor session' },

  { method: 'get', path: '/audit/events', roles: ['auditor', 'accountant'], why: 'the whole log: every client and amount' },
  { method: 'get', path: '/card*', roles: ['operator', 'auditor'], why: 'prepaid card stock and balances: support staff and auditors (billing and accounting have no business with cards that are cash)' },
  { method: 'write', path: '/card*', roles: ['operator'], why: 'generating, activating, recharging and blocking cards is the operators\' work' },
  { method: 'get', path: '/radius/auth-log', roles: ['operator', 'auditor'], why: 'who tried to connect and why they were refused: support staff and auditors' },
  { method: 'get', path: '/radius/sessions', roles: ['operator', 'auditor'], why: 'who is online and what each session used: network support staff and auditors (like usage, not partners or clients)' },
  { method: 'get', path: '/radius/sessions/{sessionId}', roles: ['operator', 'auditor'], why: 'one session and its reports: network support staff and auditors' },

  { method: 'get', path: '/accounting/*', roles: ['accountant', 'auditor'] },
  { method: 'write', path: '/accounting/*', roles: ['accountant'], why: 'the chart of accounts is the accountant\'s' },

  { method: 'get', path: '/payments/{paymentId}/history', roles: READERS, why: 'histories name the actors: staff only' },
  { method: 'get', path: '/payments*', roles: READERS_AND_SCOPED },
  { method: 'write', path: '/payments*', roles: ['accountant'], why: 'payments, their allocation and refunds are recorded by accountants' },
  { method: 'write', path: '/invoices/{idOrNumber}/write-offs', roles: ['accountant'] },
  { method: 'get', path: '/clients/{id}/balance', roles: READERS_AND_SCOPED },
  { method: 'get', path: '/clients/{id}/statement', roles: READERS_AND_SCOPED },
  { method: 'get', path: '/receivables/*', roles: READERS_AND_SCOPED },

  { method: 'write', path: '/bill-runs*', roles: ['billing'], why: 'starting, approving and voiding runs is the billing desk\'s' },
  { method: 'post', path: '/invoices/{idOrNumber}/credit-notes', roles: ['billing'] },

  { method: 'post', path: '/tariffs/import', roles: ['operator', 'billing'] },
  { method: 'get', path: '/discounts', roles: READERS },
  { method: 'get', path: '/discounts/{id}', roles: READERS },
  { method: 'get', path: '/discounts/{id}/history', roles: READERS },
  { method: 'post', path: '/discounts', roles: ['operator'], why: 'discount schemes are pricing, like tariffs: operators define them' },
  { method: 'put', path: '/discounts/{id}', roles: ['operator'] },
  { method: 'post', path: '/discounts/import', roles: ['operator'] },
  { method: 'post', path: '/discounts/simulate', roles: ['operator', 'billing'], why: 'a simulation records nothing: those who price and those who bill ask it' },
  { method: 'write', path: '/usage*', roles: ['operator', 'billing'] },
  { method: 'write', path: '/fx-rates*', roles: ['operator', 'billing'] },
  { method: 'write', path: '/holidays*', roles: ['operator', 'billing'] },

  { method: 'write', path: '/radius/nas*', roles: ['operator'], why: 'which devices may talk RADIUS to billstream, and with which secret, is the network operators\' (secrets are never returned to anyone)' },
  { method: 'write', path: '/service-points/{id}/credentials', roles: ['operator'], why: 'a subscriber\'s RADIUS password is set by operators, like the rest of the CRM; it is never returned' },
  { method: 'post', path: '/service-points/{id}/*block', roles: ['operator'], why: 'blocking cuts a subscriber off the network (RADIUS): the operators\', like the rest of the CRM' },
  ...['/legal-entities', '/clients', '/agents', '/partners', '/contracts', '/service-points', '/subscriptions', '/services'].map(
    (base) => ({ method: 'write', path: `${base}*`, roles: ['operator'], why: 'CRM data is the operators\'' }) as const,
  ),

  { method: 'get', path: '/dashboard', roles: READERS, why: 'sums every client\'s revenue, receivables and usage: staff only' },

  { method: 'get', path: '*', roles: READERS },
];

function globMatches(glob: string, path: string): boolean {
  const pattern = glob.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`).test(path);
}

/** The row that decides an operation of the spec, or undefined when none does (a write nobody decided). */
export function rolesFor(method: string, path: string): RouteRoles | undefined {
  return ROUTE_ROLES.find((row) =>
    (row.method === '*' || row.method === method || (row.method === 'write' && method !== 'get')) && globMatches(row.path, path));
}
