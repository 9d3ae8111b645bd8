/**
 * Discount schemes applied to one contract's cycle (RULES.md 19-22): which schemes apply, how they
 * stack, and the lines they add to the invoice. Pure and in the invoice currency: it works on the
 * charge lines after conversion and rounding (RULES.md 10, 11), so every line it reads has a net
 * at the currency's minor unit, and what it takes from a line is one too.
 *
 * The engine reads lines through `DiscountableLine` (a structural subset of an invoice line), so
 * the invoice module can call it without an import circle.
 */
import { Decimal } from 'decimal.js';
import { fromMinorUnits, roundedQuotient, roundToMinorUnit, toMinorUnits } from '../../core/money.ts';
import { localName } from '../tariff/definition.ts';
import type { DiscountScheme, LineSelector } from './definition.ts';
import { byOrder, schemeApplies, type DiscountContext } from './applicability.ts';

export type { DiscountContext };

/** The kinds this engine applies; `free-units` and `price-override` act in rating (RULES.md 22). */
export const CHARGE_DISCOUNT_KINDS = ['percentage', 'fixed', 'volume', 'commitment'] as const;

/** An invoice line as the engine reads it (an `InvoiceLine` is one). */
export interface DiscountableLine {
  kind: string;
  code: string;
  serviceCategory: string;
  usage?: { type: string } | undefined;
  /** At the invoice currency's minor unit. */
  net: string;
  vatCategory: string;
  vatRate: string;
}

/** A line the schemes add: a discount (negative) or a commitment's shortfall (positive). */
export interface SchemeLine {
  kind: 'discount' | 'commitment';
  schemeId: string;
  /** The scheme's name in the client's language. */
  name: string;
  serviceCategory: string;
  vatCategory: string;
  vatRate: string;
  /** At the invoice currency's minor unit: negative for a discount. */
  net: Decimal;
  /** Discounts: the indexes (in the invoice's lines) of the lines it took from. */
  discounted: number[];
}

export interface DiscountInput {
  /** The cycle's charge lines, priced in the invoice currency, in invoice order. */
  lines: readonly DiscountableLine[];
  /** The schemes in force (one version per id); the engine decides which apply. */
  schemes: readonly DiscountScheme[];
  context: DiscountContext;
  currency: string;
  language: string;
  /** An amount in a scheme's currency in the invoice currency (RULES.md 11), unrounded or rounded. */
  convert: (amount: Decimal, currency: string) => Decimal;
  /** The VAT group of a service category (RULES.md 13): where a commitment's shortfall goes. */
  vatOf: (serviceCategory: string) => { vatCategory: string; vatRate: string };
}

export interface DiscountOutcome {
  /** Lines to add after the charge lines, in scheme order (priority, id), then VAT group. */
  lines: SchemeLine[];
  /** What the discounts took from each charge line (the same indexes as the input lines). */
  taken: Decimal[];
  /** The schemes that applied and gave something, in order, with their total (discounts negative). */
  applied: { schemeId: string; amount: Decimal }[];
}

const ZERO = new Decimal(0);
const sum = (values: Iterable<Decimal>) => { let s = ZERO; for (const v of values) s = s.plus(v); return s; };


/** RULES.md 19: the schemes (of the kinds this engine applies) that apply to the contract's cycle, in stacking order (priority, then id). */
export function schemesThatApply(schemes: readonly DiscountScheme[], context: DiscountContext): DiscountScheme[] {
  return schemes
    .filter((s) => (CHARGE_DISCOUNT_KINDS as readonly string[]).includes(s.kind) && schemeApplies(s, context))
    .sort(byOrder);
}

/** The currencies a set of schemes needs rates for (fixed amounts, commitment minimums). */
export function schemeCurrencies(schemes: readonly DiscountScheme[]): string[] {
  return [...new Set(schemes.filter(hasAmountInCurrency).map((s) => s.currency))];
}

/** The kinds with an amount in a currency of their own (a fixed amount, a commitment's minimum): those that may need an exchange rate. */
export function hasAmountInCurrency(scheme: DiscountScheme): scheme is Extract<DiscountScheme, { kind: 'fixed' | 'commitment' }> {
  return scheme.kind === 'fixed' || scheme.kind === 'commitment';
}

/** Whether a line is a charge a scheme may select: never a discount or shortfall line (RULES.md 20). */
const isCharge = (line: DiscountableLine) => line.kind !== 'discount' && line.kind !== 'commitment';

/** RULES.md 19, `on`: a line is selected when it matches every selector given (late usage is usage). */
export function selects(on: LineSelector, line: DiscountableLine): boolean {
  if (!isCharge(line)) return false;
  const charge = line.kind === 'late-usage' ? 'usage' : line.kind;
  if (on.charges && !(on.charges as string[]).includes(charge)) return false;
  if (on.usageTypes && !(line.usage && on.usageTypes.includes(line.usage.type))) return false;
  if (on.categories && !on.categories.includes(line.serviceCategory)) return false;
  if (on.codes && !on.codes.includes(line.code)) return false;
  return true;
}

/**
 * `amount` (at the minor unit) spread over `members` in proportion to `weights` (RULES.md 20):
 * each share rounded half-up, the last member in invoice order taking what rounding leaves, no
 * member more than its `room`; what the last cannot take goes to the members before it, nearest
 * first. `amount` must not exceed the members' room together.
 */
export function spread(amount: Decimal, members: number[], weights: Decimal[], room: Decimal[], currency: string): Map<number, Decimal> {
  // Weights of any precision, scaled to whole numbers together (proportions are unchanged).
  const scale = 10n ** BigInt(Math.max(0, ...members.map((i) => weights[i]!.decimalPlaces())));
  const scaled = weights.map((w) => BigInt(w.times(scale.toString()).toFixed(0)));
  const shares = spreadUnits(toMinorUnits(amount, currency), members, scaled, room.map((r) => toMinorUnits(r, currency)));
  return new Map([...shares].map(([i, share]) => [i, fromMinorUnits(share, currency)]));
}

const minUnits = (first: bigint, ...rest: bigint[]) => rest.reduce((m, v) => (v < m ? v : m), first);
const maxUnits = (a: bigint, b: bigint) => (a > b ? a : b);
const sumUnits = (values: Iterable<bigint>) => { let s = 0n; for (const v of values) s += v; return s; };

/** `spread` in minor units: what the engine runs (the Decimal form is its public face). */
function spreadUnits(amount: bigint, members: number[], weights: readonly bigint[], room: readonly bigint[]): Map<number, bigint> {
  const shares = new Map<number, bigint>();
  if (members.length === 0) return shares;
  let total = sumUnits(members.map((i) => weights[i]!));
  const weightOf = total > 0n ? (i: number) => weights[i]! : (i: number) => room[i]!;
  if (!(total > 0n)) total = sumUnits(members.map((i) => room[i]!));
  let left = amount;
  members.forEach((i, position) => {
    const share = position === members.length - 1
      ? minUnits(left, room[i]!)
      : maxUnits(0n, minUnits(roundedQuotient(amount * weightOf(i), total), room[i]!, left));
    shares.set(i, share);
    left -= share;
  });
  for (let position = members.length - 2; position >= 0 && left > 0n; position -= 1) {
    const i = members[position]!;
    const extra = minUnits(left, room[i]! - shares.get(i)!);
    shares.set(i, shares.get(i)! + extra);
    left -= extra;
  }
  return shares;
}

/** VAT rates as written ("27", "27.0") by their value, remembered: a handful per installation, read on every line. */
const rateKeys = new Map<string, string>();
function rateKey(vatRate: string): string {
  let key = rateKeys.get(vatRate);
  if (key === undefined) {
    if (rateKeys.size >= 1000) rateKeys.clear();
    key = new Decimal(vatRate).toString();
    rateKeys.set(vatRate, key);
  }
  return key;
}

const groupKey = (line: DiscountableLine) => `${line.vatCategory}|${rateKey(line.vatRate)}`;

/**
 * A percentage as written as the exact fraction numerator / denominator of an amount, at most
 * 100 %; null when it is not above 0. Remembered by its text: a few per installation, read per invoice.
 */
const percentFractions = new Map<string, { numerator: bigint; denominator: bigint } | null>();
function percentFraction(written: string): { numerator: bigint; denominator: bigint } | null {
  let fraction = percentFractions.get(written);
  if (fraction === undefined) {
    if (percentFractions.size >= 1000) percentFractions.clear();
    const percent = Decimal.min(new Decimal(written), 100);
    const places = percent.decimalPlaces();
    fraction = percent.gt(0) ? { numerator: BigInt(percent.times(new Decimal(10).pow(places)).toFixed(0)), denominator: 100n * 10n ** BigInt(places) } : null;
    percentFractions.set(written, fraction);
  }
  return fraction;
}

/** A volume scheme's thresholds read and in ascending order, once per version (the schemes in force share their versions' arrays). */
const sortedThresholds = new WeakMap<object, { from: Decimal; percent: string }[]>();
function thresholdsOf(thresholds: readonly { from: string; percent: string }[]): { from: Decimal; percent: string }[] {
  let sorted = sortedThresholds.get(thresholds);
  if (sorted === undefined) {
    sorted = thresholds.map((t) => ({ from: new Decimal(t.from), percent: t.percent })).sort((a, b) => a.from.comparedTo(b.from));
    sortedThresholds.set(thresholds, sorted);
  }
  return sorted;
}

/**
 * What every scheme reads of the charge lines, read once per invoice: the stacking and the
 * exclusive groups read each line once per scheme and per combination tried. Amounts are kept in
 * minor units (`toMinorUnits`): every amount the engine reads and writes is at the invoice
 * currency's minor unit, and the many small operations per invoice cost a tenth of decimal.js's.
 */
interface PreparedLines {
  lines: readonly DiscountableLine[];
  currency: string;
  nets: bigint[];
  /** Each line's VAT group (`groupKey`). */
  groups: string[];
}

function prepare(lines: readonly DiscountableLine[], currency: string): PreparedLines {
  const nets = lines.map((line) => toMinorUnits(line.net, currency));
  return { lines, currency, nets, groups: lines.map(groupKey) };
}

/** An amount of a scheme (in `from`, or the invoice currency) in the invoice currency, rounded to its minor unit, in minor units. */
function schemeAmountUnits(amount: string, from: string | null, input: Pick<DiscountInput, 'currency' | 'convert'>): bigint {
  const decimal = from === null ? new Decimal(amount) : input.convert(new Decimal(amount), from);
  return toMinorUnits(roundToMinorUnit(decimal, input.currency), input.currency);
}

interface Stacked {
  remainders: bigint[];
  /** Per scheme id, what it took from each line. */
  takes: Map<string, Map<number, bigint>>;
}

/**
 * What one discounting scheme takes from each selected line's remainder (RULES.md 20, 22):
 * percentages and volume per VAT group, the group's sum rounded once and spread back over its
 * lines; a fixed amount, or a total bounded by `cap`, spread
 * over all the selected lines at once.
 */
function takesOf(scheme: DiscountScheme, prepared: PreparedLines, remainders: bigint[], input: Pick<DiscountInput, 'currency' | 'convert'>): Map<number, bigint> {
  const { lines } = prepared;
  const selected = lines.flatMap((line, i) => (selects(scheme.on ?? {}, line) ? [i] : []));
  const open = selected.filter((i) => remainders[i]! > 0n);
  if (open.length === 0) return new Map();
  // Only the selected lines' remainders bound a discount (RULES.md 20): a credit line on the same
  // invoice (a refund of days paid before) takes nothing away from the discount on this cycle's charges.
  const cap = scheme.cap === null || scheme.cap === undefined ? null : schemeAmountUnits(scheme.cap, null, input);
  const room = remainders;

  if (scheme.kind === 'fixed') {
    const amount = schemeAmountUnits(scheme.amount, scheme.currency, input);
    const bound = minUnits(amount, sumUnits(open.map((i) => room[i]!)), ...(cap !== null ? [cap] : []));
    return bound > 0n ? spreadUnits(bound, open, remainders, room) : new Map();
  }

  let percent: string;
  if (scheme.kind === 'percentage') percent = scheme.percent;
  else if (scheme.kind === 'volume') {
    // The selected lines' total before discounts decides the threshold (so a discount before it never moves it down a step).
    const base = fromMinorUnits(sumUnits(selected.map((i) => prepared.nets[i]!)), prepared.currency);
    const reached = thresholdsOf(scheme.thresholds).filter((t) => base.gte(t.from));
    if (reached.length === 0) return new Map();
    percent = reached.at(-1)!.percent;
  } else return new Map();
  const fraction = percentFraction(percent);
  if (fraction === null) return new Map();
  const { numerator, denominator } = fraction;

  const groups = new Map<string, number[]>();
  for (const i of open) {
    const key = prepared.groups[i]!;
    const members = groups.get(key);
    if (members) members.push(i);
    else groups.set(key, [i]);
  }
  // Each group's sum rounded once. Spreading in proportion to the unrounded shares is spreading
  // in proportion to the remainders: the percentage is a common factor.
  const perGroup = [...groups.values()].map((members) => ({ members, amount: roundedQuotient(numerator * sumUnits(members.map((i) => remainders[i]!)), denominator) }));
  const total = sumUnits(perGroup.map((g) => g.amount));
  if (cap !== null && total > cap) return cap > 0n ? spreadUnits(cap, open, remainders, room) : new Map();
  const takes = new Map<number, bigint>();
  for (const { members, amount } of perGroup) for (const [i, share] of spreadUnits(amount, members, remainders, room)) takes.set(i, share);
  return takes;
}

/** Stacks discounting schemes in order, each on what the ones before it left (RULES.md 20). */
function stack(ordered: readonly DiscountScheme[], prepared: PreparedLines, input: DiscountInput): Stacked {
  const remainders = prepared.lines.map((line, i) => (isCharge(line) ? prepared.nets[i]! : 0n));
  const takes = new Map<string, Map<number, bigint>>();
  for (const scheme of ordered) {
    const taken = takesOf(scheme, prepared, remainders, input);
    for (const [i, amount] of taken) remainders[i] = remainders[i]! - amount;
    takes.set(scheme.id, taken);
  }
  return { remainders, takes };
}

const totalOf = (taken: Map<number, bigint> | undefined) => sumUnits(taken?.values() ?? []);

/** Beyond this many combinations of group members, groups are decided one after the other (never in practice: a few schemes per contract). */
const MAX_GROUP_COMBINATIONS = 4096;

/**
 * RULES.md 20, exclusive groups: of each group's members, the one with which the invoice's
 * discount is largest applies; ties: lower priority, then id. The invoice's discount, not the
 * member's own: a member that takes less itself but leaves more to the schemes after it gives the
 * client more, so the choice is made on the whole stacking (the schemes outside any group, the
 * other groups' choices, and the shortfalls of commitments, which a discount can cause). Every
 * combination of members is tried, groups in the order of their first member and members in
 * order (priority, id), and a later combination wins only with a strictly larger discount: so
 * removing a scheme never lowers a total.
 */
function resolveGroups(discounting: DiscountScheme[], commitments: DiscountScheme[], prepared: PreparedLines, input: DiscountInput): DiscountScheme[] {
  const free = discounting.filter((s) => !s.group);
  const groups = new Map<string, DiscountScheme[]>();
  for (const s of discounting) if (s.group) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  const members = [...groups.values()];
  if (members.length === 0) return free;
  // What the invoice's total loses with these schemes: the discounts, less the shortfalls they cause.
  const discountWith = (chosen: DiscountScheme[]) => {
    const { takes, remainders } = stack([...free, ...chosen].sort(byOrder), prepared, input);
    return sumUnits([...takes.values()].map(totalOf)) - sumUnits(commitments.map((c) => shortfallOf(c, remainders, prepared, input)));
  };
  const combinations = members.reduce((n, m) => n * m.length, 1);
  let best: { chosen: DiscountScheme[]; amount: bigint } | null = null;
  if (combinations <= MAX_GROUP_COMBINATIONS) {
    const index = members.map(() => 0);
    for (let n = 0; n < combinations; n += 1) {
      const chosen = members.map((m, g) => m[index[g]!]!);
      const amount = discountWith(chosen);
      if (!best || amount > best.amount) best = { chosen, amount };
      // The next combination, the last group's member moving fastest.
      for (let g = members.length - 1; g >= 0; g -= 1) {
        index[g] = (index[g]! + 1) % members[g]!.length;
        if (index[g] !== 0) break;
      }
    }
    return [...free, ...best!.chosen].sort(byOrder);
  }
  const winners: DiscountScheme[] = [];
  for (const group of members) {
    let choice: { scheme: DiscountScheme; amount: bigint } | null = null;
    for (const member of group) {
      const amount = discountWith([...winners, member]);
      if (!choice || amount > choice.amount) choice = { scheme: member, amount };
    }
    winners.push(choice!.scheme);
  }
  return [...free, ...winners].sort(byOrder);
}

/** RULES.md 22, commitment: how far the selected charges after discounts fall below the minimum (at most `cap`); zero when they reach it. */
function shortfallOf(scheme: DiscountScheme, remainders: bigint[], prepared: PreparedLines, input: Pick<DiscountInput, 'currency' | 'convert'>): bigint {
  if (scheme.kind !== 'commitment') return 0n;
  const after = sumUnits(prepared.lines.flatMap((line, i) => (selects(scheme.on ?? {}, line) ? [remainders[i]!] : [])));
  let shortfall = schemeAmountUnits(scheme.minimum, scheme.currency, input) - after;
  if (scheme.cap !== null && scheme.cap !== undefined) shortfall = minUnits(shortfall, schemeAmountUnits(scheme.cap, null, input));
  return maxUnits(0n, shortfall);
}

/**
 * RULES.md 19-22 for one contract's cycle: the schemes that apply, stacked, and the lines they add
 * (one per scheme and VAT group it touched; a commitment's shortfall line).
 */
export function applyDiscountSchemes(input: DiscountInput): DiscountOutcome {
  const { lines, currency } = input;
  const applying = schemesThatApply(input.schemes, input.context);
  if (applying.length === 0) return { lines: [], taken: lines.map(() => ZERO), applied: [] };
  const discounting = applying.filter((s) => s.kind !== 'commitment');
  const commitments = applying.filter((s) => s.kind === 'commitment');
  const prepared = prepare(lines, currency);
  const ordered = resolveGroups(discounting, commitments, prepared, input);
  const { remainders, takes } = stack(ordered, prepared, input);
  const amount = (units: bigint) => fromMinorUnits(units, currency);

  const out: SchemeLine[] = [];
  const applied: DiscountOutcome['applied'] = [];
  const takenUnits = lines.map(() => 0n);
  for (const scheme of ordered) {
    const schemeTakes = takes.get(scheme.id)!;
    const groups = new Map<string, number[]>();
    for (const [i, units] of [...schemeTakes].sort(([a], [b]) => a - b)) {
      if (!(units > 0n)) continue;
      takenUnits[i] = takenUnits[i]! + units;
      const key = prepared.groups[i]!;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    }
    if (groups.size === 0) continue;
    const name = localName(scheme.name, input.language);
    let total = 0n;
    for (const members of groups.values()) {
      const first = lines[members[0]!]!;
      const net = -sumUnits(members.map((i) => schemeTakes.get(i)!));
      total += net;
      out.push({ kind: 'discount', schemeId: scheme.id, name, serviceCategory: first.serviceCategory, vatCategory: first.vatCategory, vatRate: first.vatRate, net: amount(net), discounted: members });
    }
    applied.push({ schemeId: scheme.id, amount: amount(total) });
  }

  // RULES.md 22, commitment: after every discount, a shortfall of the selected charges below the minimum.
  for (const scheme of commitments) {
    if (scheme.kind !== 'commitment') continue;
    const shortfall = shortfallOf(scheme, remainders, prepared, input);
    if (!(shortfall > 0n)) continue;
    const vat = input.vatOf(scheme.category);
    out.push({ kind: 'commitment', schemeId: scheme.id, name: localName(scheme.name, input.language), serviceCategory: scheme.category, ...vat, net: amount(shortfall), discounted: [] });
    applied.push({ schemeId: scheme.id, amount: amount(shortfall) });
  }
  // Read only by checks of the stacking (the invoice takes the lines): written out when asked for.
  return { lines: out, get taken() { return takenUnits.map((units) => (units === 0n ? ZERO : amount(units))); }, applied };
}
