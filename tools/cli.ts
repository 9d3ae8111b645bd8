/**
 * The `billstream` command line. Every command that changes data brings the projections and
 * sagas it depends on up to date before it returns, so a script of commands (import, then bill,
 * then list) always sees its own effects, even while a server shares the data directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, serverPort } from '../src/config.ts';
import { cliActor, cliContext, openBillstream, type Billstream } from '../src/main.ts';
import { uuidv7 } from '../src/core/ids.ts';
import { StoreUnavailableError } from '../src/eventstore/port.ts';
import { BillstreamError } from '../src/core/errors.ts';
import { ConsumerHeldElsewhereError } from '../src/processing/checkpointed-consumer.ts';
import { issueApiKey, revokeApiKey } from '../src/app/api-keys/service.ts';
import { ROLES, type Role } from '../src/domain/api-key/events.ts';
import { importLegalEntities } from '../src/import/legal-entities.ts';
import { importCsvEntities } from '../src/import/bulk.ts';
import { CSV_IMPORTS } from '../src/import/crm-files.ts';
import { nasFile } from '../src/import/nas.ts';
import { readCsvFile } from '../src/import/csv.ts';
import { importUsage, USAGE_COLUMNS } from '../src/import/usage.ts';
import { importTariffs } from '../src/import/tariffs.ts';
import { importDiscounts } from '../src/import/discounts.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../src/import/fx-rates.ts';
import { HOLIDAY_COLUMNS, importHolidays } from '../src/import/holidays.ts';
import { importPayments, PAYMENT_COLUMNS } from '../src/import/payments.ts';
import { paymentCommand, paymentsCommand, receivablesCommand, writeOffCommand } from './receivables-commands.ts';
import { rerateUsage } from '../src/app/usage/rerate.ts';
import { startTimeLowerBound } from '../src/domain/usage/validate.ts';
import { UNRESOLVED_USAGE } from '../projections/unresolved-usage.projection.ts';
import { findAll } from '../src/readstore/port.ts';
import { errorLine, summaryLine, type ImportSummary, type RowError } from '../src/import/summary.ts';
import { progressBar } from './progress.ts';
import { documentsCommand } from './document-commands.ts';
import { replayCheckCommand, verifyCommand } from './audit-commands.ts';
import { billRunCommand, billRunsCommand, creditNoteCommand, creditNotesCommand, invoiceCommand, invoicesCommand } from './billing-commands.ts';
import { dateProblem } from '../src/core/validate.ts';
import { discountsCommand } from './discount-commands.ts';
import { exportJournalCommand, importAccountsCommand, trialBalanceCommand } from './accounting-commands.ts';
import { usersCommand } from './user-commands.ts';
import { cardsCommand } from './card-commands.ts';
import { CARD_COLUMNS, importCards } from '../src/import/cards.ts';
import { ALL_PROJECTIONS, knownProjectionNames, projectionsNamed } from '../projections/index.ts';
import type { Projection } from '../src/processing/projection.ts';

const USAGE = `usage: billstream [--data DIR] <command>

commands:
  serve [--port N] [--radius [--address A] [--auth-port N] [--acct-port N]]
                                        serve the REST API (docs at /docs); with --radius the RADIUS server beside it
  radius [--address A] [--auth-port 1812] [--acct-port 1813] [--metrics-port N [--metrics-address 127.0.0.1]]
                                        the RADIUS server alone (docs/radius.md)
  import KIND FILE [--all-or-nothing] [--json]
                                        KIND, in dependency order: legal-entities, partners, agents, clients, contracts, service-points, tariffs (FILE or DIR), subscriptions, discounts (FILE or DIR); then usage, fx-rates, holidays, payments; nas (RADIUS clients, secrets sealed); cards (prepaid cards with their PINs, into an imported batch)
  discounts simulate FILE|DIR --clients ID,…|--all [--as-of DATE] [--json]
                                        what the schemes of FILE (added to those in force) would change on each client's
                                        last cycle ended by DATE (default today); records nothing
  usage unresolved [--json]             the usage records rating could not price, with the reason
  usage rerate [--unresolved] [--since DATE]
                                        rate again (after fixing the CRM or a tariff)
  bill-run --as-of DATE [--approve [--include-held]] [--issue-date DATE] [--threshold PCT] [--discount-threshold PCT] [--json]
                                        close every cycle ending on or before DATE, print the control report
  bill-run approve RUN [--include-held] [--issue-date DATE]
                                        approve a drafted run: issue its invoices (held ones only with --include-held)
  bill-run void RUN                     discard a run that is not issued: its cycles go to the next run
  bill-runs [--status S] [--json]       the runs, with status and counts
  invoices [--run RUN] [--client ID] [--json]
                                        issued invoices, then drafts (not issued yet)
  invoice show NUMBER [--json]          one invoice (a draft by its id): numbered lines, VAT groups, totals
  credit-note NUMBER --reason TEXT [--line N[=NET] ...] [--issue-date DATE] [--json]
                                        credit an issued invoice in full, or the given lines: N is the
                                        line's number in \`invoice show\`, NET the amount before VAT
  credit-notes [--invoice NUMBER] [--client ID] [--json]
  payments [--client ID] [--unallocated] [--json]
                                        payments received, what each settled and its unallocated credit (import: import payments FILE)
  payment allocate PAYMENT [NUMBER[=AMOUNT] ...] [--date DATE] [--json]
                                        allocate unallocated credit: to the invoices named (AMOUNT in the payment's currency), else oldest due first
  payment refund PAYMENT [--amount AMOUNT] [--date DATE] [--reference TEXT] [--json]
                                        pay unallocated credit back (all of it without --amount)
  write-off NUMBER --reason TEXT [--amount AMOUNT] [--date DATE] [--json]
                                        write off what is open on an issued invoice (all of it without --amount)
  receivables aging [--as-of DATE] [--json]
                                        what was open as of DATE (default today) per client and currency, by days past due
  documents --run RUN --out DIR         the run's print file: DIR/RUN-documents.zip (.docx, UBL, index.csv)
  verify [--json]                       walk the event log's hash chain, recompute every issued invoice, check every
                                        number series and the journal, render the documents again: exit 1 with the findings
  replay [PROJECTION ...]               rebuild read models from the event store
  import accounts FILE                  a legal entity's chart of accounts (YAML {legalEntityId, accounts: {role: {number, name}}})
  export journal [--from DATE] [--to DATE] [--entity ID] --format csv|json [--out FILE]
                                        the accounting journal of a period (stdout without --out)
  accounting trial-balance --entity ID [--from DATE] [--to DATE] [--json]
  replay --check [PROJECTION ...] [--json]
                                        rebuild into a scratch store and report every difference from the live one
  keys create --name NAME --role ROLE [--role ROLE] [--tenant ID] [--client ID]
  keys revoke KEY_ID
  users create NAME --roles ROLE[,ROLE…] [--client ID] [--partner ID] [--language LANG] [--json]
                                        a person who signs in to the console (/console); the password from
                                        BILLSTREAM_USER_PASSWORD, else from standard input (never an argument)
  users disable NAME | users enable NAME
                                        refuse a user's sign-ins and end its sessions, or allow them again
  users list [--json]                   the users, their roles, scope, language and status
  cards create-batch --name NAME --count N --face-value AMOUNT --currency CUR --tariff ID (--expires-on DATE | --valid-days N)
        [--pin-length N] [--time-zone ZONE] [--country CC] [--serial-prefix P] [--batch ID] (--out FILE | --pins-to-stdout | --imported)
                                        prepaid call cards (docs/prepaid.md); the PINs only in FILE (mode 0600) or on stdout
  cards list [--batch ID] [--status S] [--json] | cards show CARD [--json]
                                        cards with status, balance and expiry; one card with its calls
  cards activate CARD | cards block CARD --reason TEXT | cards unblock CARD
  cards recharge CARD (--amount A --currency CUR --reference R | --voucher)
                                        by a payment, or by a voucher card's PIN (BILLSTREAM_VOUCHER_PIN or stdin)

options:
  --data DIR    data directory of the embedded store (default ./data, env BILLSTREAM_DATA)
  BILLSTREAM_EVENTSTORE=esdb://…  BILLSTREAM_READSTORE=mongodb://…  select the distributed tier`;

export class UsageError extends Error {}

/** Exit codes: 0 done; 1 some rows or items were rejected; 2 wrong usage; 3 storage unavailable; 4 refused by a business rule; 5 serve's port is in use. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      json: { type: 'boolean', default: false },
      'all-or-nothing': { type: 'boolean', default: false },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
      roles: { type: 'string' },
      partner: { type: 'string' },
      language: { type: 'string' },
      tenant: { type: 'string' },
      client: { type: 'string' },
      unresolved: { type: 'boolean', default: false },
      since: { type: 'string' },
      'as-of': { type: 'string' },
      approve: { type: 'boolean', default: false },
      'include-held': { type: 'boolean', default: false },
      'issue-date': { type: 'string' },
      threshold: { type: 'string' },
      'discount-threshold': { type: 'string' },
      run: { type: 'string' },
      reason: { type: 'string' },
      line: { type: 'string', multiple: true },
      status: { type: 'string' },
      invoice: { type: 'string' },
      amount: { type: 'string' },
      date: { type: 'string' },
      reference: { type: 'string' },
      unallocated: { type: 'boolean', default: false },
      out: { type: 'string' },
      entity: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      check: { type: 'boolean', default: false },
      clients: { type: 'string' },
      all: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      radius: { type: 'boolean', default: false },
      address: { type: 'string' },
      'auth-port': { type: 'string' },
      'acct-port': { type: 'string' },
      'metrics-port': { type: 'string' },
      'metrics-address': { type: 'string' },
      count: { type: 'string' },
      'face-value': { type: 'string' },
      currency: { type: 'string' },
      tariff: { type: 'string' },
      'expires-on': { type: 'string' },
      'valid-days': { type: 'string' },
      'pin-length': { type: 'string' },
      'time-zone': { type: 'string' },
      country: { type: 'string' },
      'serial-prefix': { type: 'string' },
      batch: { type: 'string' },
      'pins-to-stdout': { type: 'boolean', default: false },
      imported: { type: 'boolean', default: false },
      voucher: { type: 'boolean', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  // A date the calendar does not have is wrong usage, refused before anything is opened or recorded.
  for (const flag of ['as-of', 'issue-date', 'date', 'expires-on', 'from', 'to'] as const) {
    const value = values[flag];
    const problem = value === undefined ? null : dateProblem(value);
    if (problem) throw new UsageError(`--${flag} ${value}: ${problem}`);
  }
  if (values.from !== undefined && values.to !== undefined && values.from > values.to) throw new UsageError(`--from ${values.from} is after --to ${values.to}: the period would be empty`);
  const config = loadConfig(process.env, { dataDir: values.data });

  switch (command) {
    case 'serve': {
      const { serve } = await import('./serve.ts');
      const { radiusListenOptions } = await import('./radius-commands.ts');
      const radius = values.radius ? radiusListenOptions(values) : null;
      if (radius && 'problem' in radius) throw new UsageError(radius.problem);
      if (!values.radius && (values.address ?? values['auth-port'] ?? values['acct-port']) !== undefined) throw new UsageError('--address, --auth-port and --acct-port go with serve --radius');
      if ((values['metrics-port'] ?? values['metrics-address']) !== undefined) throw new UsageError('--metrics-port and --metrics-address go with billstream radius (serve has /metrics on its own port)');
      await serve(config, { port: values.port === undefined ? serverPort(process.env) : parsePort(values.port), radius });
      return 0;
    }
    case 'radius': {
      const { metricsListenOptions, radiusCommand, radiusListenOptions } = await import('./radius-commands.ts');
      const listen = radiusListenOptions(values);
      if ('problem' in listen) throw new UsageError(listen.problem);
      const metrics = metricsListenOptions(values);
      if (metrics && 'problem' in metrics) throw new UsageError(metrics.problem);
      if (rest.length) throw new UsageError(`radius takes no arguments (${rest.join(' ')})`);
      return radiusCommand(config, listen, metrics);
    }
    case 'import': {
      const [kind, file] = rest;
      if (!kind || !file) throw new UsageError('import needs a kind and a file: billstream import legal-entities FILE');
      if (kind === 'accounts') return withBillstream(config, (billstream) => importAccountsCommand(billstream, file, { json: values.json }));
      return withBillstream(config, (billstream) => runImport(billstream, kind, file, { json: values.json, allOrNothing: values['all-or-nothing'] }));
    }
    case 'discounts':
      return withBillstream(config, (billstream) => discountsCommand(billstream, rest, {
        ...(values.clients !== undefined ? { clients: values.clients } : {}), all: values.all, ...(values['as-of'] !== undefined ? { asOf: values['as-of'] } : {}), json: values.json,
      }, (message) => new UsageError(message)));
    case 'usage':
      return withBillstream(config, (billstream) => usageCommand(billstream, rest, { json: values.json, unresolvedOnly: values.unresolved, since: values.since ?? null }));
    case 'replay':
      if (values.check) return withCheckedBillstream(config, (billstream) => replayCheckCommand(billstream, namedProjections(rest), { json: values.json }));
      return withBillstream(config, (billstream) => replay(billstream, rest));
    case 'bill-run':
      return withBillstream(config, (billstream) => billRunCommand(billstream, rest, {
        ...(values['as-of'] !== undefined ? { asOf: values['as-of'] } : {}), approve: values.approve, includeHeld: values['include-held'], json: values.json, language: config.language,
        ...(values['issue-date'] !== undefined ? { issueDate: values['issue-date'] } : {}), ...(values.threshold !== undefined ? { threshold: values.threshold } : {}),
        ...(values['discount-threshold'] !== undefined ? { discountThreshold: values['discount-threshold'] } : {}),
      }, (message) => new UsageError(message)));
    case 'bill-runs':
      return withBillstream(config, (billstream) => billRunsCommand(billstream, { ...(values.status !== undefined ? { status: values.status } : {}), json: values.json }, (message) => new UsageError(message)));
    case 'invoices':
      return withBillstream(config, (billstream) => invoicesCommand(billstream, { ...(values.run ? { run: values.run } : {}), ...(values.client ? { client: values.client } : {}), json: values.json }));
    case 'invoice':
      return withBillstream(config, (billstream) => invoiceCommand(billstream, rest, { json: values.json }, (message) => new UsageError(message)));
    case 'credit-notes':
      return withBillstream(config, (billstream) => creditNotesCommand(billstream, { ...(values.invoice ? { invoice: values.invoice } : {}), ...(values.client ? { client: values.client } : {}), json: values.json }));
    case 'credit-note':
      return withBillstream(config, (billstream) => creditNoteCommand(billstream, rest, {
        ...(values.reason !== undefined ? { reason: values.reason } : {}), ...(values.line ? { line: values.line } : {}), json: values.json,
        ...(values['issue-date'] !== undefined ? { issueDate: values['issue-date'] } : {}),
      }, (message) => new UsageError(message)));
    case 'documents':
      if (!values.run || !values.out) throw new UsageError('documents needs --run RUN and --out DIR');
      return withBillstream(config, (billstream) => documentsCommand(billstream, { run: values.run!, out: values.out! }));
    case 'export':
      if (rest[0] !== 'journal') throw new UsageError('export journal [--from DATE] [--to DATE] [--entity ID] --format csv|json [--out FILE]');
      return withBillstream(config, (billstream) => exportJournalCommand(billstream, {
        format: values.format ?? 'csv', ...(values.from ? { from: values.from } : {}), ...(values.to ? { to: values.to } : {}), ...(values.entity ? { entity: values.entity } : {}), ...(values.out ? { out: values.out } : {}),
      }, (message) => new UsageError(message)));
    case 'accounting':
      if (rest[0] !== 'trial-balance') throw new UsageError('accounting trial-balance --entity ID [--from DATE] [--to DATE] [--json]');
      return withBillstream(config, (billstream) => trialBalanceCommand(billstream, {
        json: values.json, ...(values.entity ? { entity: values.entity } : {}), ...(values.from ? { from: values.from } : {}), ...(values.to ? { to: values.to } : {}),
      }, (message) => new UsageError(message)));
    case 'receivables':
      return withBillstream(config, (billstream) => receivablesCommand(billstream, rest, { ...(values['as-of'] !== undefined ? { asOf: values['as-of'] } : {}), json: values.json }, (message) => new UsageError(message)));
    case 'payments':
      return withBillstream(config, (billstream) => paymentsCommand(billstream, { ...(values.client ? { client: values.client } : {}), unallocated: values.unallocated, json: values.json }));
    case 'payment':
      return withBillstream(config, (billstream) => paymentCommand(billstream, rest, {
        ...(values.amount !== undefined ? { amount: values.amount } : {}), ...(values.date !== undefined ? { date: values.date } : {}), ...(values.reference !== undefined ? { reference: values.reference } : {}), json: values.json,
      }, (message) => new UsageError(message)));
    case 'write-off':
      return withBillstream(config, (billstream) => writeOffCommand(billstream, rest, {
        ...(values.amount !== undefined ? { amount: values.amount } : {}), ...(values.reason !== undefined ? { reason: values.reason } : {}), ...(values.date !== undefined ? { date: values.date } : {}), json: values.json,
      }, (message) => new UsageError(message)));
    case 'verify':
      return withCheckedBillstream(config, (billstream) => verifyCommand(billstream, { json: values.json }));
    case 'keys':
      return withBillstream(config, async (billstream) => {
        const [action, id] = rest;
        if (action === 'create') {
          const roles = (values.role ?? []) as Role[];
          const unknown = roles.filter((r) => !ROLES.includes(r));
          if (unknown.length) throw new UsageError(`${unknown.map((r) => `--role ${r}`).join(', ')}: no such role; the roles are ${ROLES.join(', ')}`);
          if (!values.name || roles.length === 0) throw new UsageError(`keys create needs --name and --role (one of ${ROLES.join(', ')})`);
          const issued = await issueApiKey(billstream, { name: values.name, roles, tenantId: values.tenant ?? null, clientId: values.client ?? null }, cliContext(uuidv7(billstream.clock)));
          console.log(values.json ? JSON.stringify({ id: issued.document.id, key: issued.key, roles }) : `key ${issued.document.id} (${roles.join(', ')}): ${issued.key}\nstore it now: it is not shown again`);
          return 0;
        }
        if (action === 'revoke' && id) {
          await revokeApiKey(billstream, id, cliContext(uuidv7(billstream.clock)));
          console.log(`key ${id} revoked`);
          return 0;
        }
        throw new UsageError('keys create … | keys revoke KEY_ID');
      });
    case 'users':
      return withBillstream(config, (billstream) => usersCommand(billstream, rest, {
        ...(values.roles !== undefined ? { roles: values.roles } : {}), ...(values.client !== undefined ? { client: values.client } : {}),
        ...(values.partner !== undefined ? { partner: values.partner } : {}), ...(values.language !== undefined ? { language: values.language } : {}), json: values.json,
      }, (message) => new UsageError(message)));
    case 'cards':
      return withBillstream(config, (billstream) => cardsCommand(billstream, rest, values, (message) => new UsageError(message)));
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${text}: expected a port number`);
  return port;
}

async function withBillstream(config: ReturnType<typeof loadConfig>, work: (billstream: Billstream) => Promise<number>): Promise<number> {
  const billstream = await openBillstream(config);
  try {
    const code = await work(billstream);
    await catchUpShowingProgress(billstream);
    return code;
  } finally {
    await billstream.close();
  }
}

/**
 * What a command set off runs before the process ends: the views, and the sagas it started (a
 * tariff version for past days or a client's time zone rates usage again, which can take a
 * while on a large base). On a terminal, a count of the events appended meanwhile shows it moves.
 */
async function catchUpShowingProgress(billstream: Billstream): Promise<void> {
  const start = (await billstream.eventStore.headPosition()) ?? 0;
  const progress = progressBar('processing what the command changed: new events');
  const timer = setInterval(() => {
    billstream.eventStore.headPosition().then((head) => progress.update((head ?? 0) - start), () => undefined);
  }, 500);
  try {
    await billstream.catchUp();
  } finally {
    clearInterval(timer);
    progress.finish();
  }
}

/**
 * For the commands that check an installation without changing it (verify, replay --check): no
 * saga or processor runs, so nothing is appended to the log they check (a saga's new event
 * would also take the place of events removed from its end), and an installation whose log lost
 * events the read models reflect is opened to be reported, not refused.
 */
async function withCheckedBillstream(config: ReturnType<typeof loadConfig>, work: (billstream: Billstream) => Promise<number>): Promise<number> {
  const billstream = await openBillstream(config, { allowTruncatedLog: true });
  try {
    return await work(billstream);
  } finally {
    await billstream.close();
  }
}

type Importer = (billstream: Billstream, file: string, onProgress: (done: number, total: number) => void, allOrNothing: boolean) => Promise<ImportSummary>;

const IMPORTERS: Record<string, Importer> = {
  'legal-entities': (billstream, file, onProgress, allOrNothing) =>
    // `logo:` paths are relative to the file's folder.
    importLegalEntities(billstream, readText(file), { actor: cliActor() }, { onProgress, allOrNothing, baseDir: path.dirname(path.resolve(file)) }),
  tariffs: (billstream, target, onProgress, allOrNothing) => {
    readable(target);
    return importTariffs(billstream, target, { actor: cliActor() }, { onProgress, allOrNothing });
  },
  discounts: (billstream, target, onProgress, allOrNothing) => {
    readable(target);
    return importDiscounts(billstream, target, { actor: cliActor() }, { onProgress, allOrNothing });
  },
  usage: (billstream, file, onProgress, allOrNothing) => {
    readable(file);
    return importUsage(billstream, () => readCsvFile(file, USAGE_COLUMNS), { actor: cliActor() }, { onProgress, allOrNothing, processInWorker: true });
  },
  'fx-rates': (billstream, file, onProgress, allOrNothing) => {
    readable(file);
    return importFxRates(billstream, () => readCsvFile(file, FX_RATE_COLUMNS), { actor: cliActor() }, { onProgress, allOrNothing });
  },
  payments: (billstream, file, onProgress, allOrNothing) => {
    readable(file);
    return importPayments(billstream, () => readCsvFile(file, PAYMENT_COLUMNS), { actor: cliActor() }, { onProgress, allOrNothing });
  },
  holidays: (billstream, file, onProgress, allOrNothing) => {
    readable(file);
    return importHolidays(billstream, () => readCsvFile(file, HOLIDAY_COLUMNS), { actor: cliActor() }, { onProgress, allOrNothing });
  },
  cards: (billstream, file, onProgress, allOrNothing) => {
    readable(file);
    return importCards(billstream, () => readCsvFile(file, CARD_COLUMNS), { actor: cliActor() }, { onProgress, allOrNothing });
  },
  nas: (billstream, file, onProgress, allOrNothing) => {
    readable(file);
    return importCsvEntities(billstream, () => readCsvFile(file, nasFile.columns), nasFile, { actor: cliActor() }, { onProgress, allOrNothing });
  },
  ...Object.fromEntries(
    Object.entries(CSV_IMPORTS).map(([kind, spec]): [string, Importer] => [
      kind,
      (billstream, file, onProgress, allOrNothing) => {
        readable(file);
        return importCsvEntities(billstream, () => readCsvFile(file, spec.columns), spec, { actor: cliActor() }, { onProgress, allOrNothing });
      },
    ]),
  ),
};

function readable(file: string): void {
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function readText(file: string): string {
  readable(file);
  return fs.readFileSync(file, 'utf8');
}

async function runImport(billstream: Billstream, kind: string, file: string, options: { json: boolean; allOrNothing: boolean }): Promise<number> {
  const importer = IMPORTERS[kind];
  if (!importer) throw new UsageError(`cannot import ${kind}: known kinds are ${Object.keys(IMPORTERS).join(', ')}`);
  const progress = progressBar(`importing ${path.basename(file)}`);
  const summary = await importer(billstream, file, (done, total) => progress.update(done, total || undefined), options.allOrNothing);
  progress.finish();
  if (options.json) {
    console.log(JSON.stringify(summary));
  } else {
    for (const error of summary.errors) console.error(errorLine(file, error));
    const usage = summary as ImportSummary & { duplicates?: number; changedDuplicates?: number; warnings?: RowError[]; unresolved?: number };
    for (const warning of usage.warnings ?? []) console.error(errorLine(file, { ...warning, reason: `warning: ${warning.reason}` }));
    const changed = usage.changedDuplicates ? ` (${usage.changedDuplicates} with other content than the record kept)` : '';
    const extra = usage.duplicates === undefined ? '' : `, ${usage.duplicates} duplicates${changed}, ${usage.unresolved ?? 0} unresolved`;
    console.log(summaryLine(file, summary) + extra + (options.allOrNothing && summary.rejected ? ' (nothing imported: --all-or-nothing)' : ''));
  }
  return summary.rejected > 0 ? 1 : 0;
}

async function usageCommand(billstream: Billstream, args: string[], options: { json: boolean; unresolvedOnly: boolean; since: string | null }): Promise<number> {
  const [action] = args;
  if (action === 'unresolved') {
    await billstream.catchUp();
    const records = (await findAll(billstream.readStore, UNRESOLVED_USAGE, {}, { sort: { field: 'startTime' } })).map(({ id: _id, ...record }) => record);
    if (options.json) console.log(JSON.stringify(records));
    else {
      for (const r of records) console.log(`${String(r.startTime)}  ${String(r.source)}/${String(r.recordId)}  ${String(r.identifier)}  ${String(r.type)}  ${String(r.reason)}: ${String(r.detail)}`);
      console.log(`${records.length} unresolved usage records`);
    }
    return 0;
  }
  if (action === 'rerate') {
    const since = options.since === null ? null : startTimeLowerBound(options.since);
    if (since && 'problem' in since) throw new UsageError(`--since: ${since.problem}`);
    const summary = await rerateUsage(billstream, { unresolvedOnly: options.unresolvedOnly, since: options.since }, { actor: cliActor() });
    console.log(options.json ? JSON.stringify(summary) : `rerated ${summary.selected} records: ${summary.resolved} resolved, ${summary.changed} changed, ${summary.unchanged} unchanged, ${summary.unresolved} unresolved`);
    return 0;
  }
  throw new UsageError('usage unresolved [--json] | usage rerate [--unresolved] [--since DATE]');
}

/** The projections named on the command line (a group's member names its group); every one when none is named. */
function namedProjections(names: string[]): Projection[] {
  if (names.length === 0) return ALL_PROJECTIONS;
  const { chosen, unknown } = projectionsNamed(names);
  if (unknown.length) throw new UsageError(`unknown projection ${unknown.join(', ')}; known: ${knownProjectionNames()}`);
  return chosen;
}

async function replay(billstream: Billstream, names: string[]): Promise<number> {
  const consumerNames = new Set(namedProjections(names).map((projection) => `projection:${projection.name}`));
  const chosen = billstream.consumers.filter((c) => consumerNames.has(c.name));
  for (const consumer of chosen) {
    const started = performance.now();
    const applied = await consumer.rebuild();
    console.log(`${consumer.name}: rebuilt from ${applied} events in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  }
  return 0;
}

export async function runCli(argv: string[]): Promise<void> {
  // `billstream invoices | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`billstream: ${(error as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError) {
      // A wrong setting is wrong usage too, but the usage text would hide the one line that matters.
      console.error(`billstream: ${error.message}`);
      process.exitCode = 2;
    } else if (error instanceof StoreUnavailableError || error instanceof ConsumerHeldElsewhereError) {
      console.error(`billstream: ${error.message}`);
      process.exitCode = 3;
    } else if (error instanceof BillstreamError) {
      console.error(`billstream: ${error.message}`);
      process.exitCode = 4;
    } else if ((error as { code?: string }).code === 'EADDRINUSE') {
      // serve's own status: the port is checked before the data folder is opened, so nothing was written.
      console.error(`billstream: ${(error as Error).message}`);
      process.exitCode = 5;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  }
}
