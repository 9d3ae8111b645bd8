/**
 * `billstream import discounts FILE|DIR` and `POST /discounts/import` (FORMATS.md
 * discounts/*.yaml): a file holds one scheme (a mapping) or a list of them; a folder's .yaml and
 * .yml files are read in name order. Each scheme is checked on its own (validate.ts, then every id
 * its scope names must exist) and reported with the file, the line and column of the bad value
 * (of the key, when the key is what is wrong), the scheme's id and the reason; the good schemes are
 * recorded (none with all-or-nothing). A scheme equal to the stored version for its validFrom
 * changes nothing, so an import is idempotent. A code in `on.codes` that no stored tariff has is a
 * warning, not a refusal: tariffs may be imported after the schemes that name their fees.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BillstreamError } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import type { CommandContext } from '../app/command-handler.ts';
import type { AppDeps } from '../app/deps.ts';
import { executeDiscountCommand, scopeIssues, type DiscountOutcome } from '../app/discounts/service.ts';
import { contentHash } from '../domain/tariff/decider.ts';
import type { DiscountScheme } from '../domain/discount/definition.ts';
import { readDiscountScheme } from '../domain/discount/validate.ts';
import { USAGE_TYPES } from '../domain/usage/events.ts';
import { TARIFFS, type TariffDocument } from '../../projections/tariffs.projection.ts';
import { parseYamlWithPositions, type Position } from './yaml.ts';
import { emptySummary, located, type ImportOptions, type ImportSummary, type RowError } from './summary.ts';

/** The schemes a file may hold: a folder of such files is bounded by the YAML reader's limits per file. */
const MAX_SCHEMES_PER_FILE = 1000;

export interface Entry {
  scheme: DiscountScheme;
  /** The file of a folder the scheme is in (its problems' `file`); null for a single file or text. */
  file: string | null;
  /** Where the scheme starts, and how problems are prefixed (`scheme TRIPLE-PLAY: `). */
  at: Position;
  prefix: string;
  positionOf(path: string): Position;
  /** `file:line` for a duplicate's message. */
  where: string;
}

/**
 * A discounts import's summary: the counts and errors of every import, and the warnings (present
 * when there are any), as the usage import lists its changed duplicates: each at its file, line
 * and column, nothing refused for it.
 */
export type ImportDiscountsSummary = ImportSummary & { warnings?: RowError[] };

export function discountFiles(target: string): string[] {
  if (!fs.statSync(target).isDirectory()) return [target];
  return fs.readdirSync(target).filter((name) => /\.ya?ml$/i.test(name)).sort().map((name) => path.join(target, name));
}

/**
 * Reads the schemes of one YAML text; `label` (the file's path, when a folder is imported) is the
 * `file` of every problem, so that each names the file it is in.
 */
export function readDiscountText(text: string, label: string | null): { entries: Entry[]; errors: RowError[]; rejected: number } {
  const parsed = parseYamlWithPositions(text);
  if (parsed.errors.length) return { entries: [], errors: parsed.errors.map((e) => located(label, e, e.reason)), rejected: 1 };
  const value = parsed.value;
  const items: { value: unknown; path: string }[] = Array.isArray(value) ? value.map((item, i) => ({ value: item, path: `[${i}]` })) : [{ value, path: '' }];
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
    return { entries: [], errors: [located(label, { line: 1, column: 1 }, 'holds no discount scheme (a scheme is a mapping: id, name, validFrom, scope, kind, …; a file holds one or a list of them)')], rejected: 1 };
  }
  if (items.length > MAX_SCHEMES_PER_FILE) {
    return { entries: [], errors: [located(label, { line: 1, column: 1 }, `holds ${items.length} schemes, more than the ${MAX_SCHEMES_PER_FILE} a file may have: split it`)], rejected: 1 };
  }
  const entries: Entry[] = [];
  const errors: RowError[] = [];
  let rejected = 0;
  for (const item of items) {
    const { scheme, issues } = readDiscountScheme(item.value);
    const name = scheme.id ? `scheme ${scheme.id}` : `scheme ${item.path || '(no id)'}`;
    const prefix = `${name}: `;
    const inItem = (p: string) => (item.path && p ? `${item.path}.${p}` : item.path || p);
    const positionOf = (p: string) => parsed.positionOf(inItem(p));
    const at = positionOf('');
    if (issues.length) {
      rejected += 1;
      errors.push(...issues.map((issue) => located(label, parsed.positionOfIssue({ path: inItem(issue.path), message: issue.message }), `${prefix}${issue.path || 'scheme'}: ${issue.message}`)));
      continue;
    }
    entries.push({ scheme, file: label, at, prefix, positionOf, where: `${label ?? 'line'}${label ? ':' : ' '}${at.line}` });
  }
  return { entries, errors, rejected };
}

/**
 * Reads and checks the schemes of YAML texts (one per file) as the import does, without writing:
 * the schemes that passed, and each problem with its position, in line order per file. The
 * import records the good ones; a discount simulation (src/app/discounts/simulate.ts) bills with them.
 */
export async function checkDiscountTexts(
  deps: Pick<AppDeps, 'eventStore'>,
  texts: { text: string; label: string | null }[],
): Promise<{ valid: Entry[]; errors: RowError[]; rejected: number }> {
  const valid: Entry[] = [];
  const errors: RowError[] = [];
  let rejected = 0;
  const known = new Set<string>();
  /** id@validFrom -> the content and where it was first given: the same version twice with other content is refused. */
  const versions = new Map<string, { hash: string; where: string }>();
  for (const { text, label } of texts) {
    const read = readDiscountText(text, label);
    rejected += read.rejected;
    // The file's problems in the order of its lines, whichever check found them.
    const fileErrors = [...read.errors];
    for (const entry of read.entries) {
      const problems = (await scopeIssues(deps, entry.scheme, known)).map((issue) => located(entry.file, entry.positionOf(issue.path), `${entry.prefix}${issue.path}: ${issue.message}`));
      const key = `${entry.scheme.id}@${entry.scheme.validFrom}`;
      const hash = contentHash(entry.scheme);
      const earlier = versions.get(key);
      if (earlier && earlier.hash !== hash) {
        problems.push(located(entry.file, entry.positionOf('validFrom'), `${entry.prefix}validFrom: the version from ${entry.scheme.validFrom} is given twice with different content (also at ${earlier.where})`));
      }
      if (problems.length) {
        rejected += 1;
        fileErrors.push(...problems);
        continue;
      }
      if (!earlier) versions.set(key, { hash, where: entry.where });
      valid.push(entry);
    }
    errors.push(...fileErrors.sort((a, b) => a.line - b.line || a.column - b.column));
  }
  return { valid, errors, rejected };
}

/** Imports the schemes of YAML texts (one per file); the store-dependent checks of every scheme come before any write. */
async function importTexts(
  deps: AppDeps,
  texts: { text: string; label: string | null }[],
  context: Omit<CommandContext, 'commandId'>,
  options: ImportOptions,
): Promise<ImportDiscountsSummary> {
  const summary: ImportDiscountsSummary = emptySummary();
  const { valid, errors, rejected } = await checkDiscountTexts(deps, texts);
  summary.rejected += rejected;
  summary.errors.push(...errors);
  if (options.allOrNothing && summary.rejected) return summary;
  const warnings = await unknownCodeWarnings(deps, valid);
  if (warnings.length) summary.warnings = warnings;
  // A scheme counts once however many of its versions the files give (docs/discounts.md): created
  // when its id was new, else updated when a version was added or revised, else unchanged.
  const outcomes = new Map<string, DiscountOutcome>();
  for (const [done, entry] of valid.entries()) {
    try {
      const { outcome } = await executeDiscountCommand(deps, { type: 'DefineDiscountScheme', scheme: entry.scheme }, { ...context, commandId: uuidv7(deps.clock) }, { scopeChecked: true });
      const before = outcomes.get(entry.scheme.id);
      if (before === undefined || OUTCOME_WEIGHT[outcome] > OUTCOME_WEIGHT[before]) outcomes.set(entry.scheme.id, outcome);
    } catch (error) {
      if (!(error instanceof BillstreamError)) throw error;
      summary.rejected += 1;
      summary.errors.push(located(entry.file, entry.at, `${entry.prefix}${error.message}`));
    }
    options.onProgress?.(done + 1, valid.length);
  }
  for (const outcome of outcomes.values()) summary[outcome] += 1;
  return summary;
}

/**
 * The codes of `on.codes` that no stored tariff has: a typo (`NET-FE` for `NET-FEE`) would select
 * no line on any invoice, silently. Codes are those of the tariffs' fees (any version) and of the
 * usage lines (`USAGE-VOICE`, …), compared as the bill run compares them: exactly.
 */
async function unknownCodeWarnings(deps: AppDeps, entries: Entry[]): Promise<RowError[]> {
  if (!entries.some((entry) => entry.scheme.on?.codes?.length)) return [];
  const known = new Set<string>(USAGE_TYPES.map((type) => `USAGE-${type.toUpperCase()}`));
  // The tariffs read model: tariffs imported just before (an import does not wait for it) count too.
  await deps.catchUp();
  let after: string | null = null;
  do {
    const page = await deps.readStore.find(TARIFFS, {}, { limit: 1000, ...(after ? { after } : {}) });
    for (const tariff of page.items as unknown as TariffDocument[]) {
      for (const version of tariff.versions) for (const fee of [...version.recurring, ...version.oneTime]) known.add(fee.code);
    }
    after = page.next;
  } while (after);
  const warnings: RowError[] = [];
  for (const entry of entries) {
    for (const [i, code] of (entry.scheme.on?.codes ?? []).entries()) {
      if (!known.has(code)) warnings.push(located(entry.file, entry.positionOf(`on.codes[${i}]`), `${entry.prefix}on.codes[${i}]: no tariff has a fee with code ${code} (yet)`));
    }
  }
  return warnings;
}

/** Which outcome of one scheme's versions names the scheme's: a new id first, then any change. */
const OUTCOME_WEIGHT: Record<DiscountOutcome, number> = { unchanged: 0, updated: 1, created: 2 };

/** One YAML text (a REST body): the `FileImporter` of POST /discounts/import. */
export function importDiscountText(deps: AppDeps, text: string, context: Omit<CommandContext, 'commandId'>, options: ImportOptions = {}): Promise<ImportDiscountsSummary> {
  return importTexts(deps, [{ text, label: null }], context, options);
}

/** A file or a folder of files (the CLI). Problems name their file (`FOLDER/offers.yaml`) when a folder is imported. */
export function importDiscounts(deps: AppDeps, target: string, context: Omit<CommandContext, 'commandId'>, options: ImportOptions = {}): Promise<ImportDiscountsSummary> {
  const files = discountFiles(target);
  const labelled = files.length > 1 || fs.statSync(target).isDirectory();
  const texts = files.map((file) => ({ text: fs.readFileSync(file, 'utf8'), label: labelled ? file : null }));
  return importTexts(deps, texts, context, options);
}
