/**
 * Charts of accounts: the import of a legal entity's overrides (a YAML or JSON file
 * `{legalEntityId, accounts: {role: {number, name}}}`, docs/accounting.md) and the chart in force.
 */
import { parse as parseYaml } from 'yaml';
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

/** The file's content as a chart, or a validation error naming what is wrong with its shape. */
export function parseChartFile(text: string): ChartFile {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ValidationError(`not a YAML (or JSON) file: ${(error as Error).message}`);
  }
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
