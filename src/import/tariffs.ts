/**
 * `billstream import tariffs FILE|DIR` (FORMATS.md tariffs/*.yaml with their rate decks). A
 * tariff file is one version of a package; its decks are CSV files relative to it. A file with
 * any problem (in the YAML, a referenced deck, or its bands) is rejected whole, with the line and
 * column of each problem; good files are published. Decks are stored once per content.
 */
import fs from 'node:fs';
import path from 'node:path';
import { handleCommand, type CommandContext } from '../app/command-handler.ts';
import { deterministicId, uuidv7 } from '../core/ids.ts';
import type { AppDeps } from '../app/deps.ts';
import { readTariff, type PathIssue, type TariffDefinition } from '../domain/tariff/definition.ts';
import { bundledDictionary } from '../radius/codec/dictionary-files.ts';
import { attribute } from '../radius/codec/attributes.ts';
import { deckId, deckStream, tariffDecider, tariffStream } from '../domain/tariff/decider.ts';
import { compileBands } from '../rating/bands.ts';
import { parseDeck } from '../rating/deck.ts';
import { parseYamlWithPositions } from './yaml.ts';
import { textSource } from './csv.ts';
import { emptySummary, located, type ImportOptions, type ImportSummary, type RowError } from './summary.ts';
import { ValidationError } from '../core/errors.ts';

const MAX_DECK_ERRORS_SHOWN = 20;

export interface CheckedTariff {
  file: string;
  tariff: TariffDefinition;
  decks: { id: string; fileName: string; csv: string; rows: number }[];
  /** Where a refusal of publishing names a top-level field (the file's line and column, its label). */
  whereIs: (field: string) => Pick<RowError, 'line' | 'column'>;
  label: string | null;
}

export function tariffFiles(target: string): string[] {
  if (!fs.statSync(target).isDirectory()) return [target];
  return fs.readdirSync(target).filter((name) => /\.ya?ml$/i.test(name)).sort().map((name) => path.join(target, name));
}

/** Reads and checks one tariff file; its decks are read relative to it. */
export function checkTariffFile(file: string, label: string | null): Promise<{ checked: CheckedTariff | null; errors: RowError[] }> {
  return checkTariff(fs.readFileSync(file, 'utf8'), (deck) => {
    const deckFile = path.resolve(path.dirname(file), deck);
    return fs.existsSync(deckFile) ? fs.readFileSync(deckFile, 'utf8') : null;
  }, label, file);
}

/**
 * Checks one tariff (YAML text) and the decks it names, read through `readDeck` (null: no such
 * deck). `label` (the file's path when a folder is imported) is the `file` of every problem, so
 * that each names the file it is in.
 */
export async function checkTariff(
  text: string,
  readDeck: (name: string) => string | null,
  label: string | null,
  file = label ?? 'tariff',
): Promise<{ checked: CheckedTariff | null; errors: RowError[] }> {
  const at = (position: Pick<RowError, 'line' | 'column'>, reason: string): RowError => located(label, position, reason);
  const parsed = parseYamlWithPositions(text);
  if (parsed.errors.length) return { checked: null, errors: parsed.errors.map((e) => at(e, e.reason)) };
  const { tariff, issues } = readTariff(parsed.value);
  const errors: RowError[] = issues.map((issue) => at(parsed.positionOfIssue(issue), `${issue.path || 'tariff'}: ${issue.message}`));
  // An attribute name the dictionary lacks is wrong in the key; a value its type cannot hold, in the value.
  for (const issue of radiusAttributeIssues(tariff)) errors.push(at(issue.unknownName ? parsed.positionOfKey(issue.path) : parsed.positionOf(issue.path), `${issue.path}: ${issue.message}`));
  const decks: CheckedTariff['decks'] = [];
  for (const [i, component] of tariff.usage.entries()) {
    if (component.type !== 'voice') continue;
    const where = parsed.positionOf(`usage[${i}].deck`);
    if (component.bands) {
      const bands = compileBands(component.bands);
      if ('problems' in bands) for (const problem of bands.problems) errors.push(at(parsed.positionOf(`usage[${i}].bands`), `usage[${i}].bands: ${problem}`));
    }
    if (!component.deck) continue;
    const csv = readDeck(component.deck);
    if (csv === null) {
      errors.push(at(where, `usage[${i}].deck: ${component.deck} does not exist`));
      continue;
    }
    const result = await parseDeck(textSource(csv), component.deck);
    if (!result.deck) {
      for (const problem of result.errors.slice(0, MAX_DECK_ERRORS_SHOWN)) {
        errors.push(at(where, `usage[${i}].deck: ${problem.file}:${problem.line}:${problem.column}: ${problem.reason}`));
      }
      if (result.errors.length > MAX_DECK_ERRORS_SHOWN) errors.push(at(where, `usage[${i}].deck: and ${result.errors.length - MAX_DECK_ERRORS_SHOWN} more problems in ${component.deck}`));
      continue;
    }
    const id = deckId(csv);
    decks.push({ id, fileName: component.deck, csv, rows: result.deck.size });
    component.deck = id;
  }
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { checked: errors.length ? null : { file, tariff, decks, whereIs: (field) => parsed.positionOf(field), label }, errors };
}

/**
 * The radius section's extra reply attributes against the dictionary the RADIUS server encodes
 * with: a name it does not know, or a value its type cannot hold, would otherwise fail at the
 * first login of a subscriber.
 */
function radiusAttributeIssues(tariff: TariffDefinition): (PathIssue & { unknownName?: true })[] {
  const issues: (PathIssue & { unknownName?: true })[] = [];
  const extra = Object.entries(tariff.radius?.attributes ?? {});
  if (extra.length === 0) return issues;
  const dictionary = bundledDictionary();
  for (const [name, value] of extra) {
    const path = `radius.attributes.${name}`;
    if (!dictionary.attribute(name)) issues.push({ path, unknownName: true, message: `${name} is not an attribute of billstream's RADIUS dictionary (names as FreeRADIUS writes them, like Cisco-AVPair or Framed-MTU)` });
    else {
      try {
        attribute(dictionary, name, value);
      } catch (error) {
        // The codec's message names the attribute, its type and the value.
        issues.push({ path, message: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return issues;
}

/** The outcome of publishing a checked tariff: counted in a summary, or refused against the versions already stored. */
export type PublishOutcome = 'created' | 'updated' | 'unchanged' | { refused: RowError[] };

export async function publishTariff(billstream: AppDeps, checked: CheckedTariff, context: Omit<CommandContext, 'commandId'>): Promise<PublishOutcome> {
  try {
    return await publishCheckedTariff(billstream, checked, context);
  } catch (error) {
    // A version that breaks what every version shares (tariffDecider): named at its field, file kept.
    if (!(error instanceof ValidationError)) throw error;
    return { refused: error.issues.map((issue) => located(checked.label, checked.whereIs(issue.field), `${issue.field}: ${issue.message}`)) };
  }
}

/** Adds a publishing outcome to an import summary. */
export function countPublished(summary: ImportSummary, outcome: PublishOutcome): void {
  if (typeof outcome === 'string') summary[outcome] += 1;
  else {
    summary.rejected += 1;
    summary.errors.push(...outcome.refused);
  }
}

async function publishCheckedTariff(billstream: AppDeps, checked: CheckedTariff, context: Omit<CommandContext, 'commandId'>): Promise<'created' | 'updated' | 'unchanged'> {
  const recordedAt = billstream.clock.now().toString();
  for (const deck of checked.decks) {
    // Content addressed: the same deck published again is the same event id, which the store ignores.
    await billstream.eventStore.append(deckStream(deck.id), [{
      id: deterministicId('deck', deck.id),
      type: 'DeckPublished',
      data: { deckId: deck.id, fileName: deck.fileName, rows: deck.rows, csv: deck.csv },
      metadata: { correlationId: deck.id, causationId: null, tenantId: context.tenantId ?? null, actor: context.actor, recordedAt, schemaVersion: 1 },
    }], 'any');
  }
  const result = await handleCommand(billstream, tariffDecider, tariffStream(checked.tariff.id), { type: 'PublishTariffVersion', tariff: checked.tariff }, { ...context, commandId: uuidv7(billstream.clock) });
  if (result.events.length === 0) return 'unchanged';
  return result.revision === 0 ? 'created' : 'updated';
}

export async function importTariffs(billstream: AppDeps, target: string, context: Omit<CommandContext, 'commandId'>, options: ImportOptions = {}): Promise<ImportSummary> {
  const summary = emptySummary();
  const files = tariffFiles(target);
  const labelled = files.length > 1 || fs.statSync(target).isDirectory();
  const checked: CheckedTariff[] = [];
  for (const file of files) {
    const result = await checkTariffFile(file, labelled ? file : null);
    if (result.checked) checked.push(result.checked);
    else {
      summary.rejected += 1;
      summary.errors.push(...result.errors);
    }
  }
  if (options.allOrNothing && summary.rejected) return summary;
  for (const [done, tariff] of checked.entries()) {
    countPublished(summary, await publishTariff(billstream, tariff, context));
    options.onProgress?.(done + 1, checked.length);
  }
  return summary;
}
