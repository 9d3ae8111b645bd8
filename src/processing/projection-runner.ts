import type { Projection } from './projection.ts';
import { CheckpointedConsumer, type ConsumerDeps, type ConsumerOptions } from './checkpointed-consumer.ts';

/** Declares the projection's collections, then runs it as a checkpointed consumer. */
export async function projectionConsumer(deps: ConsumerDeps, projection: Projection, options: ConsumerOptions): Promise<CheckpointedConsumer> {
  for (const collection of projection.collections) await deps.readStore.ensureCollection(collection);
  return new CheckpointedConsumer(
    deps,
    {
      name: `projection:${projection.name}`,
      version: projection.version,
      handles: projection.handles,
      async applyBatch(events, uow) {
        if (projection.applyBatch) await projection.applyBatch(events, uow);
        else for (const event of events) await projection.apply(event, uow);
      },
      reset: () => deps.readStore.reset(`projection:${projection.name}`, projection.collections.map((c) => c.name)),
    },
    options,
  );
}
