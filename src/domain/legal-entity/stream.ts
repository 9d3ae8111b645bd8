import { streamName } from '../../core/streams.ts';

export function legalEntityStream(legalEntityId: string): string {
  return streamName('legalEntity', legalEntityId);
}
