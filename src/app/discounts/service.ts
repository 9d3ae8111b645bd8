/**
 * Discount schemes as use cases: the checks that need the store (every id a scope names must
 * exist: a client, contract, subscription, tariff or partner) and recording a scheme's version.
 * The import (src/import/discounts.ts) and REST (src/api/routes/discounts.ts) both come here.
 */
import { handleCommand, type CommandContext } from '../command-handler.ts';
import type { AppDeps } from '../deps.ts';
import { ValidationError } from '../../core/errors.ts';
import { streams } from '../../domain/streams.ts';
import { tariffStream } from '../../domain/tariff/decider.ts';
import type { DiscountScheme } from '../../domain/discount/definition.ts';
import { discountDecider, discountStream, type DiscountCommand } from '../../domain/discount/decider.ts';
import { scopeReferences, type PathIssue, type ScopeList } from '../../domain/discount/validate.ts';

const SCOPE_ENTITIES: Record<ScopeList, { noun: string; stream: (id: string) => string }> = {
  clients: { noun: 'client', stream: streams.client },
  contracts: { noun: 'contract', stream: streams.contract },
  subscriptions: { noun: 'subscription', stream: streams.subscription },
  tariffs: { noun: 'tariff', stream: tariffStream },
  partners: { noun: 'partner', stream: streams.partner },
};

/**
 * The scope's ids that name nothing (`scope.clients[1]: client C-9 does not exist`). `known`
 * remembers streams found to exist across the schemes of one import (never absence: an entity
 * created meanwhile is found by the next scheme that names it).
 */
export async function scopeIssues(deps: Pick<AppDeps, 'eventStore'>, scheme: Pick<DiscountScheme, 'scope'>, known: Set<string> = new Set()): Promise<PathIssue[]> {
  const issues: PathIssue[] = [];
  for (const reference of scopeReferences(scheme)) {
    const entity = SCOPE_ENTITIES[reference.list];
    const stream = entity.stream(reference.id);
    if (known.has(stream)) continue;
    if ((await deps.eventStore.readStream(stream, { limit: 1 })).length > 0) {
      if (known.size >= 10_000) known.clear();
      known.add(stream);
    } else {
      issues.push({ path: reference.path, message: `${entity.noun} ${reference.id} does not exist` });
    }
  }
  return issues;
}

export type DiscountOutcome = 'created' | 'updated' | 'unchanged';

/** Checks the scope's ids, then records the command's version; the outcome and the stream's revision after it. */
export async function executeDiscountCommand(
  deps: AppDeps,
  command: DiscountCommand,
  context: CommandContext,
  options: { scopeChecked?: boolean } = {},
): Promise<{ outcome: DiscountOutcome; revision: number | null }> {
  if (!options.scopeChecked) {
    const issues = await scopeIssues(deps, command.scheme);
    if (issues.length) {
      throw new ValidationError(`discount scheme ${command.scheme.id}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues.map((i) => ({ field: i.path, message: i.message })));
    }
  }
  const result = await handleCommand(deps, discountDecider, discountStream(command.scheme.id), command, context);
  const outcome: DiscountOutcome = result.events.length === 0 ? 'unchanged' : result.revision === 0 ? 'created' : 'updated';
  return { outcome, revision: result.revision };
}
