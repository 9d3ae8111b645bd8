/**
 * The CRM files of FORMATS.md (clients, contracts, service points, subscriptions), and those of
 * the entities they name (partners, agents): columns, parsing and defaults.
 */
import type { FieldIssue } from '../core/errors.ts';
import { normalizeVatId } from '../core/vat-id.ts';
import type { ClientDetails, ClientStatus } from '../domain/client/decider.ts';
import type { AgentDetails } from '../domain/agent/decider.ts';
import type { PartnerDetails } from '../domain/partner/decider.ts';
import type { BillingCycle, ContractDetails } from '../domain/contract/decider.ts';
import { parseIdentifiers } from '../domain/service-point/identifiers.ts';
import type { SubscriptionDetails } from '../domain/subscription/decider.ts';
import { agentKind, clientKind, contractKind, partnerKind, subscriptionKind, type EntityKind } from '../app/crm/commands.ts';
import { servicePointWithCredentialsKind, type PointRow } from '../app/radius/credentials.ts';
import type { CsvRow } from './csv.ts';
import type { CsvEntityImport, ParsedRow } from './bulk.ts';

/** The row's cells by column, a column the file lacks read as null. */
function cells<K extends string>(row: CsvRow, columns: { required: readonly K[]; optional: readonly K[] }): Record<K, string | null> {
  const out = {} as Record<K, string | null>;
  for (const column of [...columns.required, ...columns.optional]) out[column] = row.values[column] ?? null;
  return out;
}

const CLIENT_COLUMNS = {
  required: ['client_id', 'type', 'name', 'country', 'language', 'currency', 'vat_id', 'time_zone', 'email', 'address_line1', 'city', 'postal_code', 'partner_id'],
  optional: ['external_id', 'agent_id', 'status'],
} as const;
const CONTRACT_COLUMNS = {
  required: ['contract_id', 'client_id', 'legal_entity_id', 'start_date', 'end_date', 'billing_cycle', 'cycle_anchor_day', 'currency', 'payment_terms_days'],
  optional: ['billing_start', 'number', 'external_id', 'agent_id'],
} as const;
const SERVICE_POINT_COLUMNS = {
  required: ['service_point_id', 'contract_id', 'identifiers', 'address_line1', 'city', 'postal_code', 'country'],
  // password: the RADIUS password of the point's user-name identifier, sealed on import (src/app/radius/credentials.ts).
  optional: ['external_id', 'password'],
} as const;
const SUBSCRIPTION_COLUMNS = {
  required: ['subscription_id', 'service_point_id', 'tariff_id', 'start_date', 'end_date', 'quantity'],
  optional: ['external_id'],
} as const;

function csvColumns(columns: { required: readonly string[]; optional: readonly string[] }) {
  return { required: [...columns.required], optional: [...columns.optional] };
}

/** Only the columns the file has become details: a column the file lacks leaves the stored value alone. */
function has(row: CsvRow, column: string): boolean {
  return row.columnOf(column) > 0;
}

/** A whole number as written; its range is the decider's to check, so that -1 is told the bounds as 366 is. */
function wholeNumber(value: string | null, field: string, issues: FieldIssue[]): number | undefined {
  if (value === null) return undefined;
  if (!/^-?\d+$/.test(value)) {
    issues.push({ field, message: `${JSON.stringify(value)} is not a whole number` });
    return undefined;
  }
  return Number(value) + 0; // -0 is 0
}

function upper(value: string | null | undefined): string | null {
  return value ? value.toUpperCase() : null;
}

function address(values: { address_line1: string | null; city: string | null; postal_code: string | null }): { line1: string; city: string; postalCode?: string } | null {
  if (!values.address_line1 && !values.city && !values.postal_code) return null;
  return { line1: values.address_line1 ?? '', city: values.city ?? '', ...(values.postal_code ? { postalCode: values.postal_code } : {}) };
}

export const clientsFile: CsvEntityImport<ClientDetails> = {
  kind: clientKind,
  idColumn: 'client_id',
  columns: csvColumns(CLIENT_COLUMNS),
  fieldColumns: {
    id: 'client_id', type: 'type', name: 'name', country: 'country', language: 'language', currency: 'currency', vatId: 'vat_id',
    timeZone: 'time_zone', email: 'email', address: 'address_line1', 'address.line1': 'address_line1', 'address.city': 'city', 'address.postalCode': 'postal_code', partnerId: 'partner_id', agentId: 'agent_id', externalId: 'external_id',
    status: 'status',
  },
  parse(row): ParsedRow<ClientDetails> {
    const v = cells(row, CLIENT_COLUMNS);
    const details: Partial<ClientDetails> = {
      type: (v.type ?? '') as ClientDetails['type'],
      name: v.name ?? '',
      country: upper(v.country) ?? '',
      language: v.language ?? 'en',
      currency: upper(v.currency) ?? '',
      vatId: v.vat_id ? normalizeVatId(v.vat_id) : null,
      timeZone: v.time_zone ?? '',
      email: v.email,
      address: address(v),
      partnerId: v.partner_id,
    };
    if (has(row, 'external_id') && v.external_id) details.externalId = v.external_id;
    if (has(row, 'agent_id')) details.agentId = v.agent_id;
    // How a new client starts, as REST's `status`; empty: the one default of both (the client decider's).
    if (v.status) (details as Partial<ClientDetails> & { status?: ClientStatus }).status = v.status as ClientStatus;
    return { id: v.client_id, details, issues: v.client_id ? [] : [{ field: 'id', message: 'is required' }] };
  },
  create(id, parsed) {
    // Imported clients are found by the id of the system they came from.
    return { agentId: null, externalId: id, ...parsed } as ClientDetails;
  },
};

export const contractsFile: CsvEntityImport<ContractDetails> = {
  kind: contractKind,
  idColumn: 'contract_id',
  columns: csvColumns(CONTRACT_COLUMNS),
  fieldColumns: {
    id: 'contract_id', clientId: 'client_id', legalEntityId: 'legal_entity_id', startDate: 'start_date', endDate: 'end_date', billingCycle: 'billing_cycle',
    cycleAnchorDay: 'cycle_anchor_day', currency: 'currency', paymentTermsDays: 'payment_terms_days', billingStart: 'billing_start', number: 'number',
    externalId: 'external_id', agentId: 'agent_id',
  },
  parse(row): ParsedRow<ContractDetails> {
    const v = cells(row, CONTRACT_COLUMNS);
    const issues: FieldIssue[] = [];
    const details: Partial<ContractDetails> = {
      clientId: v.client_id ?? '',
      legalEntityId: v.legal_entity_id ?? '',
      startDate: v.start_date ?? '',
      endDate: v.end_date,
      billingCycle: (v.billing_cycle ?? 'monthly') as BillingCycle,
      cycleAnchorDay: wholeNumber(v.cycle_anchor_day, 'cycleAnchorDay', issues) ?? 1,
      // Empty: the client's currency, filled in when the contract is checked against its client.
      currency: upper(v.currency) ?? '',
      paymentTermsDays: wholeNumber(v.payment_terms_days, 'paymentTermsDays', issues) ?? 15,
    };
    if (has(row, 'billing_start')) details.billingStart = v.billing_start;
    if (has(row, 'number') && v.number) details.number = v.number;
    if (has(row, 'external_id') && v.external_id) details.externalId = v.external_id;
    if (has(row, 'agent_id')) details.agentId = v.agent_id;
    if (!v.contract_id) issues.push({ field: 'id', message: 'is required' });
    return { id: v.contract_id, details, issues };
  },
  create(id, parsed) {
    return { number: id, billingStart: null, agentId: null, externalId: id, ...parsed } as ContractDetails;
  },
};

export const servicePointsFile: CsvEntityImport<PointRow> = {
  kind: servicePointWithCredentialsKind,
  idColumn: 'service_point_id',
  columns: csvColumns(SERVICE_POINT_COLUMNS),
  fieldColumns: { id: 'service_point_id', contractId: 'contract_id', identifiers: 'identifiers', address: 'address_line1', 'address.line1': 'address_line1', 'address.city': 'city', 'address.postalCode': 'postal_code', country: 'country', externalId: 'external_id', password: 'password' },
  parse(row): ParsedRow<PointRow> {
    const v = cells(row, SERVICE_POINT_COLUMNS);
    const issues: FieldIssue[] = [];
    const parsedIdentifiers = parseIdentifiers(v.identifiers ?? '');
    for (const problem of parsedIdentifiers.problems) issues.push({ field: 'identifiers', message: problem });
    const details: Partial<PointRow> = {
      contractId: v.contract_id ?? '',
      identifiers: parsedIdentifiers.identifiers,
      address: address(v) ?? { line1: '', city: '' },
      country: upper(v.country) ?? '',
    };
    if (has(row, 'external_id') && v.external_id) details.externalId = v.external_id;
    // The column present and the cell empty: no RADIUS login (any password set before is cleared).
    if (has(row, 'password')) details.password = v.password;
    if (!v.service_point_id) issues.push({ field: 'id', message: 'is required' });
    return { id: v.service_point_id, details, issues };
  },
  create(id, parsed) {
    return { clientId: '', active: true, externalId: id, ...parsed } as PointRow;
  },
};

export const subscriptionsFile: CsvEntityImport<SubscriptionDetails> = {
  kind: subscriptionKind,
  idColumn: 'subscription_id',
  columns: csvColumns(SUBSCRIPTION_COLUMNS),
  fieldColumns: { id: 'subscription_id', servicePointId: 'service_point_id', tariffId: 'tariff_id', startDate: 'start_date', endDate: 'end_date', quantity: 'quantity', externalId: 'external_id' },
  parse(row): ParsedRow<SubscriptionDetails> {
    const v = cells(row, SUBSCRIPTION_COLUMNS);
    const issues: FieldIssue[] = [];
    const details: Partial<SubscriptionDetails> = {
      servicePointId: v.service_point_id ?? '',
      tariffId: v.tariff_id ?? '',
      startDate: v.start_date ?? '',
      endDate: v.end_date,
      quantity: wholeNumber(v.quantity, 'quantity', issues) ?? 1,
    };
    if (has(row, 'external_id') && v.external_id) details.externalId = v.external_id;
    if (!v.subscription_id) issues.push({ field: 'id', message: 'is required' });
    return { id: v.subscription_id, details, issues };
  },
  create(id, parsed) {
    return { contractId: '', clientId: '', externalId: id, ...parsed } as SubscriptionDetails;
  },
};

/** partners.csv and agents.csv: `{kind}_id, name, email` and optionally `external_id`. */
function namedEntityFile<D extends { name: string; email: string | null; externalId: string | null }>(kind: EntityKind<D>, idColumn: string): CsvEntityImport<D> {
  const columns = { required: [idColumn, 'name', 'email'], optional: ['external_id'] } as const;
  return {
    kind,
    idColumn,
    columns: csvColumns(columns),
    fieldColumns: { id: idColumn, name: 'name', email: 'email', externalId: 'external_id' },
    parse(row): ParsedRow<D> {
      const v = cells(row, columns);
      const details = { name: v.name ?? '', email: v.email } as Partial<D>;
      if (has(row, 'external_id') && v.external_id) details.externalId = v.external_id;
      const id = v[idColumn] ?? null;
      return { id, details, issues: id ? [] : [{ field: 'id', message: 'is required' }] };
    },
    create(id, parsed) {
      return { externalId: id, ...parsed } as D;
    },
  };
}

export const partnersFile = namedEntityFile<PartnerDetails>(partnerKind, 'partner_id');
export const agentsFile = namedEntityFile<AgentDetails>(agentKind, 'agent_id');

/**
 * In the order an installation is loaded: each file names only entities of the files before it
 * (and subscriptions the tariffs, a folder of their own, imported before them).
 */
export const CSV_IMPORTS: Record<string, CsvEntityImport<object>> = {
  partners: partnersFile as unknown as CsvEntityImport<object>,
  agents: agentsFile as unknown as CsvEntityImport<object>,
  clients: clientsFile as unknown as CsvEntityImport<object>,
  contracts: contractsFile as unknown as CsvEntityImport<object>,
  'service-points': servicePointsFile as unknown as CsvEntityImport<object>,
  subscriptions: subscriptionsFile as unknown as CsvEntityImport<object>,
};
