import { streamName } from '../../core/streams.ts';

export const LEGAL_ENTITY_CATEGORY = 'legalEntity';

export function legalEntityStream(legalEntityId: string): string {
  return streamName(LEGAL_ENTITY_CATEGORY, legalEntityId);
}
