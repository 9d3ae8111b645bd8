/** `billstream discounts simulate FILE|DIR --clients ID,…|--all [--as-of DATE] [--json]` (docs/discounts.md#simulation). */
import fs from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import type { Billstream } from '../src/main.ts';
import { operatorToday } from '../src/core/clock.ts';
import { discountFiles } from '../src/import/discounts.ts';
import { errorLine } from '../src/import/summary.ts';
import { SimulationSchemesError, simulateDiscountTexts, type SimulationResult } from '../src/app/discounts/simulate.ts';
import { addDays } from '../src/core/calendar-date.ts';
import { formatMoney } from '../src/core/money.ts';
import { count, table } from './table.ts';

export async function discountsCommand(
  billstream: Billstream,
  args: string[],
  options: { clients?: string; all: boolean; asOf?: string; json: boolean },
  usageError: (message: string) => Error,
): Promise<number> {
  const [action, target, ...extra] = args;
  const usage = 'discounts simulate FILE|DIR --clients ID,…|--all [--as-of DATE] [--json]';
  if (action !== 'simulate' || !target || extra.length > 0) throw usageError(usage);
  if (options.all === (options.clients !== undefined)) throw usageError(`discounts simulate needs either --clients ID,… or --all: ${usage}`);
  const clients = options.all ? 'all' as const : options.clients!.split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (clients !== 'all' && clients.length === 0) throw usageError(`--clients ${JSON.stringify(options.clients)}: names no client`);
  let files: string[];
  try {
    files = discountFiles(target);
  } catch (error) {
    throw usageError(`cannot read ${target}: ${(error as Error).message}`);
  }
  const labelled = files.length > 1 || fs.statSync(target).isDirectory();
  const texts = files.map((file) => ({ text: fs.readFileSync(file, 'utf8'), label: labelled ? file : null }));
  await billstream.catchUp();
  const asOf = options.asOf ?? operatorToday(billstream.clock);
  let result: SimulationResult;
  try {
    result = await simulateDiscountTexts(billstream, texts, { clients, asOf });
  } catch (error) {
    if (!(error instanceof SimulationSchemesError)) throw error;
    for (const problem of error.errors) console.error(errorLine(labelled ? path.basename(target) : target, problem));
    console.error(`billstream: nothing simulated: ${count(error.errors.length, 'problem')} in the schemes`);
    return 1;
  }
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
    return 0;
  }
  printSimulation(result);
  return 0;
}

function printSimulation(result: SimulationResult): void {
  const rows: string[][] = [];
  let contracts = 0;
  let changed = 0;
  for (const client of result.clients) {
    if (client.contracts.length === 0) rows.push([client.clientId, '', '', '', '', '', '', 'no contract']);
    for (const c of client.contracts) {
      contracts += 1;
      const change = c.before && c.after ? new Decimal(c.after.total).minus(c.before.total) : null;
      if (change && !change.isZero()) changed += 1;
      const lines = [
        ...c.lines.map((l) => `+${l.code} ${l.net}`),
        ...c.removed.map((l) => `-${l.code} ${l.net}`),
      ].join(', ');
      rows.push([
        client.clientId, c.contractId, c.cycle ? `${c.cycle.start}..${addDays(c.cycle.end, -1)}` : '', c.currency,
        c.before?.total ?? '', c.after?.total ?? '', change ? (change.gt(0) ? '+' : '') + formatMoney(change, c.currency) : '', c.note ?? lines,
      ]);
    }
  }
  console.log(`discount simulation as of ${result.asOf}: ${count(result.clients.length, 'client')}, ${count(contracts, 'contract')}, ${changed} changed (totals with VAT; nothing recorded)`);
  for (const line of table([
    { header: 'client' }, { header: 'contract' }, { header: 'cycle' }, { header: 'currency' },
    { header: 'before', right: true }, { header: 'after', right: true }, { header: 'change', right: true }, { header: 'lines added (+) and removed (-), net' },
  ], rows)) console.log(line);
}
