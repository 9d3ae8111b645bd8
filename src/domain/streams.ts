/** Every aggregate's stream name, in one place (DESIGN.md: a second copy of a stream-name rule is a bug waiting). */
import { streamName } from '../core/streams.ts';

export const streams = {
  client: (id: string) => streamName('client', id),
  agent: (id: string) => streamName('agent', id),
  partner: (id: string) => streamName('partner', id),
  contract: (id: string) => streamName('contract', id),
  servicePoint: (id: string) => streamName('servicePoint', id),
  subscription: (id: string) => streamName('subscription', id),
  service: (id: string) => streamName('service', id),
  user: (id: string) => streamName('user', id),
};
