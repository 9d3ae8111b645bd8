/**
 * Charts of accounts: the import of a legal entity's overrides (a YAML or JSON file
 * `{legalEntityId, accounts: {role: {number, name}}}`, docs/accounting.md) and the chart in force.
 */
import { isMap, isScalar, type Node } from 'yaml';
import { readYaml, type Position } from '../../import/yaml.ts';
import type { RowError } from '../../import/summary.ts';
import { handleCommand, type CommandContext } from '../command-handler.ts';
import type { AppDeps } from '../deps.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { chartOfAccountsDecider, chartOfAccountsStream, effectiveChart, type Account } from '../../domain/accounting/chart.ts';
import { findLegalEntity } from '../legal-entities/service.ts';
import { chartStateKey, JOURNAL_STATE } from '../../../projections/journal.projection.ts';

export interface ChartFile {
  legalEntityId: string;
  accounts: Record<string, unknown>;
}

/**
 * A chart file read through the YAML reader (its limits), with where each field starts: the CLI
 * names the line and column of a refused role. `errors` are the file's syntax errors and broken
 * limits (then `chart` is null).
 */
export interface ChartFileRead {
  chart: ChartFile | null;
  errors: RowError[];
  /** Where a field's key starts (`legalEntityId`, `accounts`, `accounts.<role>`); the start of the file when absent. */
  positionOf(field: string): Position;
}

export function readChartFile(text: string): ChartFileRead {
  const read = readYaml(text);
  const keyOf = (map: unknown, key: string): Node | undefined => {
    if (!isMap(map)) return undefined;
    const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    return (pair?.key ?? undefined) as Node | undefined;
  };
  const positionOf = (field: string): Position => {
    const root = read.document?.contents;
    if (field.startsWith('accounts.')) {
      const accounts = isMap(root) ? root.get('accounts', true) : undefined;
      return read.positionOfNode(keyOf(accounts, field.slice('accounts.'.length)), read.positionOfNode(keyOf(root, 'accounts')));
    }
    return read.positionOfNode(keyOf(root, field));
  };
  if (read.errors.length) return { chart: null, errors: read.errors, positionOf };
  try {
    return { chart: chartOf(read.value), errors: [], positionOf };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { chart: null, errors: error.issues.map((issue) => ({ ...positionOf(issue.field), reason: `${issue.field}: ${issue.message}` })), positionOf };
  }
}

/** The file's content as a chart, or a validation error naming what is wrong with its shape. */
function chartOf(parsed: unknown): ChartFile {
  const file = parsed as Partial<ChartFile> | null;
  if (!file || typeof file !== 'object' || Array.isArray(file)) throw new ValidationError('a chart of accounts file is a mapping {legalEntityId, accounts}');
  const extra = Object.keys(file).filter((k) => k !== 'legalEntityId' && k !== 'accounts');
  if (extra.length) throw ValidationError.field(extra[0]!, `unknown field (a chart of accounts file has legalEntityId and accounts)`);
  if (typeof file.legalEntityId !== 'string' || file.legalEntityId === '') throw ValidationError.field('legalEntityId', 'required: the legal entity whose chart this is');
  if (!file.accounts || typeof file.accounts !== 'object' || Array.isArray(file.accounts)) throw ValidationError.field('accounts', 'required: a mapping of role to {number, name}');
  return { legalEntityId: file.legalEntityId, accounts: file.accounts };
}

/** Records a legal entity's chart overrides; refused whole when a role is unknown or an account malformed. */
export async function importChartOfAccounts(deps: AppDeps, chart: ChartFile, context: CommandContext): Promise<{ outcome: 'updated' | 'unchanged'; accounts: number }> {
  await deps.catchUp();
  if (!(await findLegalEntity(deps, chart.legalEntityId))) throw ValidationError.field('legalEntityId', `legal entity ${chart.legalEntityId} does not exist`);
  const result = await handleCommand(deps, chartOfAccountsDecider, chartOfAccountsStream(chart.legalEntityId), { type: 'ImportChartOfAccounts', legalEntityId: chart.legalEntityId, accounts: chart.accounts }, context);
  await deps.catchUp(result.position);
  return { outcome: result.events.length ? 'updated' : 'unchanged', accounts: Object.keys(chart.accounts).length };
}

/** The chart a legal entity's journal posts with now: every role, its account and whether it is the default's. */
export async function chartOfAccounts(deps: AppDeps, legalEntityId: string) {
  if (!(await findLegalEntity(deps, legalEntityId))) throw new NotFoundError(`legal entity ${legalEntityId} does not exist`);
  const state = await deps.readStore.get(JOURNAL_STATE, chartStateKey(legalEntityId));
  const overrides = (state?.accounts ?? {}) as Record<string, Account>;
  return { legalEntityId, accounts: effectiveChart(overrides) };
}
