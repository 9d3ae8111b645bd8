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
import { roundToMinorUnit } from '../../core/money.ts';
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
  return [...new Set(schemes.flatMap((s) => (s.kind === 'fixed' || s.kind === 'commitment' ? [s.currency] : [])))];
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
  const shares = new Map<number, Decimal>();
  if (members.length === 0) return shares;
  let total = sum(members.map((i) => weights[i]!));
  const weightOf = total.gt(0) ? (i: number) => weights[i]! : (i: number) => room[i]!;
  if (!total.gt(0)) total = sum(members.map((i) => room[i]!));
  let left = amount;
  members.forEach((i, position) => {
    const share = position === members.length - 1
      ? Decimal.min(left, room[i]!)
      : Decimal.max(ZERO, Decimal.min(roundToMinorUnit(amount.times(weightOf(i)).dividedBy(total), currency), room[i]!, left));
    shares.set(i, share);
    left = left.minus(share);
  });
  for (let position = members.length - 2; position >= 0 && left.gt(0); position -= 1) {
    const i = members[position]!;
    const extra = Decimal.min(left, room[i]!.minus(shares.get(i)!));
    shares.set(i, shares.get(i)!.plus(extra));
    left = left.minus(extra);
  }
  return shares;
}

const groupKey = (line: DiscountableLine) => `${line.vatCategory}|${new Decimal(line.vatRate).toString()}`;

interface Stacked {
  remainders: Decimal[];
  /** Per scheme id, what it took from each line. */
  takes: Map<string, Map<number, Decimal>>;
}

/**
 * What one discounting scheme takes from each selected line's remainder (RULES.md 20, 22):
 * percentages and volume per VAT group, the group's sum rounded once and spread back over its
 * lines; a fixed amount, or a total bounded by `cap` or by what the invoice has left, spread
 * over all the selected lines at once.
 */
function takesOf(scheme: DiscountScheme, lines: readonly DiscountableLine[], remainders: Decimal[], input: Pick<DiscountInput, 'currency' | 'convert'>): Map<number, Decimal> {
  const { currency } = input;
  const selected = lines.flatMap((line, i) => (selects(scheme.on ?? {}, line) ? [i] : []));
  const open = selected.filter((i) => remainders[i]!.gt(0));
  if (open.length === 0) return new Map();
  // What the invoice as a whole has left: a discount never takes it below zero (credits and lines already discounted included).
  const headroom = Decimal.max(ZERO, sum(lines.map((line, i) => (isCharge(line) ? remainders[i]! : new Decimal(line.net)))));
  const cap = scheme.cap === null || scheme.cap === undefined ? null : roundToMinorUnit(new Decimal(scheme.cap), currency);
  const room = remainders;

  if (scheme.kind === 'fixed') {
    const amount = roundToMinorUnit(input.convert(new Decimal(scheme.amount), scheme.currency), currency);
    const bound = Decimal.min(amount, sum(open.map((i) => room[i]!)), headroom, ...(cap ? [cap] : []));
    return bound.gt(0) ? spread(bound, open, remainders, room, currency) : new Map();
  }

  let percent: Decimal;
  if (scheme.kind === 'percentage') percent = new Decimal(scheme.percent);
  else if (scheme.kind === 'volume') {
    // The selected lines' total before discounts decides the threshold (so a discount before it never moves it down a step).
    const base = sum(selected.map((i) => new Decimal(lines[i]!.net)));
    const reached = scheme.thresholds.filter((t) => base.gte(t.from)).sort((a, b) => new Decimal(a.from).comparedTo(b.from));
    if (reached.length === 0) return new Map();
    percent = new Decimal(reached.at(-1)!.percent);
  } else return new Map();
  if (!percent.gt(0)) return new Map();
  percent = Decimal.min(percent, 100);
  const raw: Decimal[] = remainders.map(() => ZERO);
  for (const i of open) raw[i] = remainders[i]!.times(percent).dividedBy(100);

  const groups = new Map<string, number[]>();
  for (const i of open) {
    const key = groupKey(lines[i]!);
    const members = groups.get(key);
    if (members) members.push(i);
    else groups.set(key, [i]);
  }
  const perGroup = [...groups.values()].map((members) => ({ members, amount: roundToMinorUnit(sum(members.map((i) => raw[i]!)), currency) }));
  const total = sum(perGroup.map((g) => g.amount));
  const bound = Decimal.min(headroom, ...(cap ? [cap] : []));
  if (total.gt(bound)) return bound.gt(0) ? spread(bound, open, raw, room, currency) : new Map();
  const takes = new Map<number, Decimal>();
  for (const { members, amount } of perGroup) for (const [i, share] of spread(amount, members, raw, room, currency)) takes.set(i, share);
  return takes;
}

/** Stacks discounting schemes in order, each on what the ones before it left (RULES.md 20). */
function stack(ordered: readonly DiscountScheme[], input: DiscountInput): Stacked {
  const remainders = input.lines.map((line) => (isCharge(line) ? new Decimal(line.net) : ZERO));
  const takes = new Map<string, Map<number, Decimal>>();
  for (const scheme of ordered) {
    const taken = takesOf(scheme, input.lines, remainders, input);
    for (const [i, amount] of taken) remainders[i] = remainders[i]!.minus(amount);
    takes.set(scheme.id, taken);
  }
  return { remainders, takes };
}

const totalOf = (taken: Map<number, Decimal> | undefined) => sum(taken?.values() ?? []);

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
function resolveGroups(discounting: DiscountScheme[], commitments: DiscountScheme[], input: DiscountInput): DiscountScheme[] {
  const free = discounting.filter((s) => !s.group);
  const groups = new Map<string, DiscountScheme[]>();
  for (const s of discounting) if (s.group) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  const members = [...groups.values()];
  if (members.length === 0) return free;
  // What the invoice's total loses with these schemes: the discounts, less the shortfalls they cause.
  const discountWith = (chosen: DiscountScheme[]) => {
    const { takes, remainders } = stack([...free, ...chosen].sort(byOrder), input);
    return sum([...takes.values()].map(totalOf)).minus(sum(commitments.map((c) => shortfallOf(c, remainders, input))));
  };
  const combinations = members.reduce((n, m) => n * m.length, 1);
  let best: { chosen: DiscountScheme[]; amount: Decimal } | null = null;
  if (combinations <= MAX_GROUP_COMBINATIONS) {
    const index = members.map(() => 0);
    for (let n = 0; n < combinations; n += 1) {
      const chosen = members.map((m, g) => m[index[g]!]!);
      const amount = discountWith(chosen);
      if (!best || amount.gt(best.amount)) best = { chosen, amount };
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
    let choice: { scheme: DiscountScheme; amount: Decimal } | null = null;
    for (const member of group) {
      const amount = discountWith([...winners, member]);
      if (!choice || amount.gt(choice.amount)) choice = { scheme: member, amount };
    }
    winners.push(choice!.scheme);
  }
  return [...free, ...winners].sort(byOrder);
}

/** RULES.md 22, commitment: how far the selected charges after discounts fall below the minimum (at most `cap`); zero when they reach it. */
function shortfallOf(scheme: DiscountScheme, remainders: Decimal[], input: Pick<DiscountInput, 'lines' | 'currency' | 'convert'>): Decimal {
  if (scheme.kind !== 'commitment') return ZERO;
  const { currency } = input;
  const after = sum(input.lines.flatMap((line, i) => (selects(scheme.on ?? {}, line) ? [remainders[i]!] : [])));
  const minimum = roundToMinorUnit(input.convert(new Decimal(scheme.minimum), scheme.currency), currency);
  let shortfall = minimum.minus(after);
  if (scheme.cap !== null && scheme.cap !== undefined) shortfall = Decimal.min(shortfall, roundToMinorUnit(new Decimal(scheme.cap), currency));
  return Decimal.max(ZERO, shortfall);
}

/**
 * RULES.md 19-22 for one contract's cycle: the schemes that apply, stacked, and the lines they add
 * (one per scheme and VAT group it touched; a commitment's shortfall line).
 */
export function applyDiscountSchemes(input: DiscountInput): DiscountOutcome {
  const { lines, currency } = input;
  const applying = schemesThatApply(input.schemes, input.context);
  const discounting = applying.filter((s) => s.kind !== 'commitment');
  const commitments = applying.filter((s) => s.kind === 'commitment');
  const ordered = resolveGroups(discounting, commitments, input);
  const { remainders, takes } = stack(ordered, input);

  const out: SchemeLine[] = [];
  const applied: DiscountOutcome['applied'] = [];
  const taken = lines.map(() => ZERO);
  for (const scheme of ordered) {
    const schemeTakes = takes.get(scheme.id)!;
    const groups = new Map<string, number[]>();
    for (const [i, amount] of [...schemeTakes].sort(([a], [b]) => a - b)) {
      if (!amount.gt(0)) continue;
      taken[i] = taken[i]!.plus(amount);
      const key = groupKey(lines[i]!);
      groups.set(key, [...(groups.get(key) ?? []), i]);
    }
    if (groups.size === 0) continue;
    const name = localName(scheme.name, input.language);
    let total = ZERO;
    for (const members of groups.values()) {
      const first = lines[members[0]!]!;
      const net = sum(members.map((i) => schemeTakes.get(i)!)).negated();
      total = total.plus(net);
      out.push({ kind: 'discount', schemeId: scheme.id, name, serviceCategory: first.serviceCategory, vatCategory: first.vatCategory, vatRate: first.vatRate, net, discounted: members });
    }
    applied.push({ schemeId: scheme.id, amount: total });
  }

  // RULES.md 22, commitment: after every discount, a shortfall of the selected charges below the minimum.
  for (const scheme of commitments) {
    if (scheme.kind !== 'commitment') continue;
    const shortfall = shortfallOf(scheme, remainders, input);
    if (!shortfall.gt(0)) continue;
    const vat = input.vatOf(scheme.category);
    out.push({ kind: 'commitment', schemeId: scheme.id, name: localName(scheme.name, input.language), serviceCategory: scheme.category, ...vat, net: shortfall, discounted: [] });
    applied.push({ schemeId: scheme.id, amount: shortfall });
  }
  return { lines: out, taken, applied };
}
