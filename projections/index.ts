import type { Projection } from '../src/processing/projection.ts';
import { apiKeysProjection } from './api-keys.projection.ts';
import { legalEntitiesProjection } from './legal-entities.projection.ts';

/** Every read model; `billstream replay` rebuilds these. */
export const ALL_PROJECTIONS: Projection[] = [apiKeysProjection, legalEntitiesProjection];
