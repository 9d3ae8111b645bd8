/**
 * `billstream import discounts FILE|DIR` and `POST /discounts/import` (FORMATS.md
 * discounts/*.yaml): a file holds one scheme (a mapping) or a list of them; a folder's .yaml and
 * .yml files are read in name order. Each scheme is checked on its own (validate.ts, then every id
 * its scope names must exist) and reported with the file, the line and column of the bad value,
 * the scheme's id and the reason; the good schemes are recorded (none with all-or-nothing). A
 * scheme equal to the stored version for its validFrom changes nothing, so an import is idempotent.
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
import { parseYamlWithPositions, type Position } from './yaml.ts';
import { emptySummary, type ImportOptions, type ImportSummary, type RowError } from './summary.ts';

/** The schemes a file may hold: a folder of such files is bounded by the YAML reader's limits per file. */
const MAX_SCHEMES_PER_FILE = 1000;

export interface Entry {
  scheme: DiscountScheme;
  /** Where the scheme starts, and how problems are prefixed (`offers.yaml: scheme TRIPLE-PLAY: `). */
  at: Position;
  prefix: string;
  positionOf(path: string): Position;
  /** `file:line` for a duplicate's message. */
  where: string;
}

export function discountFiles(target: string): string[] {
  if (!fs.statSync(target).isDirectory()) return [target];
  return fs.readdirSync(target).filter((name) => /\.ya?ml$/i.test(name)).sort().map((name) => path.join(target, name));
}

/** Reads the schemes of one YAML text; `label` (a file's name, when a folder is imported) prefixes every reason. */
export function readDiscountText(text: string, label: string | null): { entries: Entry[]; errors: RowError[]; rejected: number } {
  const filePrefix = label ? `${label}: ` : '';
  const parsed = parseYamlWithPositions(text);
  if (parsed.errors.length) return { entries: [], errors: parsed.errors.map((e) => ({ ...e, reason: filePrefix + e.reason })), rejected: 1 };
  const value = parsed.value;
  const items: { value: unknown; path: string }[] = Array.isArray(value) ? value.map((item, i) => ({ value: item, path: `[${i}]` })) : [{ value, path: '' }];
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
    return { entries: [], errors: [{ line: 1, column: 1, reason: `${filePrefix}holds no discount scheme (a scheme is a mapping: id, name, validFrom, scope, kind, …; a file holds one or a list of them)` }], rejected: 1 };
  }
  if (items.length > MAX_SCHEMES_PER_FILE) {
    return { entries: [], errors: [{ line: 1, column: 1, reason: `${filePrefix}holds ${items.length} schemes, more than the ${MAX_SCHEMES_PER_FILE} a file may have: split it` }], rejected: 1 };
  }
  const entries: Entry[] = [];
  const errors: RowError[] = [];
  let rejected = 0;
  for (const item of items) {
    const { scheme, issues } = readDiscountScheme(item.value);
    const name = scheme.id ? `scheme ${scheme.id}` : `scheme ${item.path || '(no id)'}`;
    const prefix = `${filePrefix}${name}: `;
    const positionOf = (p: string) => parsed.positionOf(item.path && p ? `${item.path}.${p}` : item.path || p);
    const at = positionOf('');
    if (issues.length) {
      rejected += 1;
      errors.push(...issues.map((issue) => ({ ...positionOf(issue.path), reason: `${prefix}${issue.path || 'scheme'}: ${issue.message}` })));
      continue;
    }
    entries.push({ scheme, at, prefix, positionOf, where: `${label ?? 'line'}${label ? ':' : ' '}${at.line}` });
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
      const problems = (await scopeIssues(deps, entry.scheme, known)).map((issue) => ({ ...entry.positionOf(issue.path), reason: `${entry.prefix}${issue.path}: ${issue.message}` }));
      const key = `${entry.scheme.id}@${entry.scheme.validFrom}`;
      const hash = contentHash(entry.scheme);
      const earlier = versions.get(key);
      if (earlier && earlier.hash !== hash) {
        problems.push({ ...entry.positionOf('validFrom'), reason: `${entry.prefix}validFrom: the version from ${entry.scheme.validFrom} is given twice with different content (also at ${earlier.where})` });
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
): Promise<ImportSummary> {
  const summary = emptySummary();
  const { valid, errors, rejected } = await checkDiscountTexts(deps, texts);
  summary.rejected += rejected;
  summary.errors.push(...errors);
  if (options.allOrNothing && summary.rejected) return summary;
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
      summary.errors.push({ ...entry.at, reason: `${entry.prefix}${error.message}` });
    }
    options.onProgress?.(done + 1, valid.length);
  }
  for (const outcome of outcomes.values()) summary[outcome] += 1;
  return summary;
}

/** Which outcome of one scheme's versions names the scheme's: a new id first, then any change. */
const OUTCOME_WEIGHT: Record<DiscountOutcome, number> = { unchanged: 0, updated: 1, created: 2 };

/** One YAML text (a REST body): the `FileImporter` of POST /discounts/import. */
export function importDiscountText(deps: AppDeps, text: string, context: Omit<CommandContext, 'commandId'>, options: ImportOptions = {}): Promise<ImportSummary> {
  return importTexts(deps, [{ text, label: null }], context, options);
}

/** A file or a folder of files (the CLI). Problems name the file when a folder is imported. */
export function importDiscounts(deps: AppDeps, target: string, context: Omit<CommandContext, 'commandId'>, options: ImportOptions = {}): Promise<ImportSummary> {
  const files = discountFiles(target);
  const labelled = files.length > 1 || fs.statSync(target).isDirectory();
  const texts = files.map((file) => ({ text: fs.readFileSync(file, 'utf8'), label: labelled ? path.basename(file) : null }));
  return importTexts(deps, texts, context, options);
}
