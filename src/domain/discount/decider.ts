/**
 * A discount scheme's versions, by `validFrom`, exactly like tariff packages: publishing a
 * version identical to the stored one for that date changes nothing; a different one for the
 * same date revises it (the old stays in the history); a new date adds a version that supersedes
 * from then. Ending a scheme is a revision of its last version with `validTo` set.
 *
 * Three ways in: `DefineDiscountScheme` (the import: creates, versions or leaves unchanged),
 * `CreateDiscountScheme` (POST /discounts: refused when the scheme exists) and
 * `ChangeDiscountScheme` (PUT /discounts/{id}: refused when it does not). Every command's scheme
 * is checked again here (validate.ts), so no invalid scheme can be recorded by any path.
 */
import type { Decider, DomainEvent } from '../../core/decider.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { streamName } from '../../core/streams.ts';
import { contentHash } from '../tariff/decider.ts';
import type { DiscountScheme } from './definition.ts';
import { readDiscountScheme } from './validate.ts';

export type DiscountVersionPublished = DomainEvent<'DiscountVersionPublished', DiscountScheme & { contentHash: string }>;
export type DiscountEvent = DiscountVersionPublished;

export interface DiscountState {
  /** validFrom -> content hash of the version in force from that date. */
  versions: Map<string, string>;
}

export type DiscountCommand =
  | { type: 'DefineDiscountScheme'; scheme: DiscountScheme }
  | { type: 'CreateDiscountScheme'; scheme: DiscountScheme }
  | { type: 'ChangeDiscountScheme'; scheme: DiscountScheme };

/** The scheme as stored, or a ValidationError naming every bad field by its path. */
export function checkedScheme(value: unknown): DiscountScheme {
  const { scheme, issues } = readDiscountScheme(value);
  if (issues.length) {
    throw new ValidationError(
      `discount scheme ${scheme.id || '(no id)'}: ${issues.map((i) => `${i.path || 'scheme'}: ${i.message}`).join('; ')}`,
      issues.map((i) => ({ field: i.path || 'scheme', message: i.message })),
    );
  }
  return scheme;
}

export const discountDecider: Decider<DiscountState, DiscountCommand, DiscountEvent> = {
  initialState: () => ({ versions: new Map() }),
  evolve: (state, event) => ({ versions: new Map(state.versions).set(event.data.validFrom, event.data.contentHash) }),
  decide(command, state) {
    const scheme = checkedScheme(command.scheme);
    if (command.type === 'CreateDiscountScheme' && state.versions.size > 0) throw new ConflictError(`discount scheme ${scheme.id} exists: change it with PUT /discounts/${scheme.id}`);
    if (command.type === 'ChangeDiscountScheme' && state.versions.size === 0) throw new NotFoundError(`discount scheme ${scheme.id} does not exist`);
    const hash = contentHash(scheme);
    if (state.versions.get(scheme.validFrom) === hash) return [];
    return [{ type: 'DiscountVersionPublished', data: { ...scheme, contentHash: hash } }];
  },
};

export const discountStream = (id: string) => streamName('discount', id);
