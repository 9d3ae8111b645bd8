/**
 * The dynamic-authorization saga: when a service point is blocked, a client suspended or closed,
 * or a prepaid card blocked or out of balance, it sends a Disconnect-Request (RFC 5176) for every
 * open RADIUS session concerned and records the NAS's answer in the session's
 * `dynamicAuthorization-…` stream (src/app/radius/dynamic-authorization.ts says how a request is
 * never sent twice for one cause, whatever restarts). A background processor: a block over REST
 * answers once the block is stored, not once every NAS has answered (a NAS that is gone costs
 * 3 x 2 s).
 */
import type { AppDeps } from '../src/app/deps.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { ConsumerDefinition } from '../src/processing/checkpointed-consumer.ts';
import {
  DISCONNECT_CAUSE_EVENTS,
  disconnectCauseOf,
  disconnectSessions,
  nasClientsLoader,
  type SendDisconnect,
} from '../src/app/radius/dynamic-authorization.ts';
import { DEFAULT_COA_PORT, sendDisconnectRequest, type SendOptions } from '../src/radius/coa.ts';

export interface DynamicAuthorizationOptions {
  /** The NAS's port; default 3799 (RFC 5176). */
  port?: number;
  /** Per try and tries; default 2 s and 3. */
  timeoutMs?: number;
  tries?: number;
}

export function dynamicAuthorizationSaga(billstream: AppDeps, options: DynamicAuthorizationOptions = {}): ConsumerDefinition {
  const retries: Pick<SendOptions, 'timeoutMs' | 'tries'> = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.tries === undefined ? {} : { tries: options.tries }),
  };
  const send: SendDisconnect = async (request) => {
    const result = await sendDisconnectRequest({ address: request.address, port: request.port, secret: request.secret }, request.session, {
      ...retries,
      identifier: request.identifier,
      eventTimestamp: request.eventTimestamp,
    });
    return result;
  };
  return {
    name: 'saga:dynamic-authorization',
    version: 1,
    handles: DISCONNECT_CAUSE_EVENTS,
    async applyBatch(events: RecordedEvent[]) {
      const causes = events.flatMap((event) => {
        const cause = disconnectCauseOf(event);
        return cause ? [{ cause, event }] : [];
      });
      if (causes.length === 0) return;
      // The sessions, service points, clients and cards as they are after the causes.
      await billstream.readModelsReached(events[events.length - 1]!.position);
      const nas = nasClientsLoader(billstream);
      for (const { cause, event } of causes) {
        await disconnectSessions(billstream, cause, event, { send, port: options.port ?? DEFAULT_COA_PORT, nas });
      }
    },
    // Its effects are events and datagrams already sent; nothing derived to drop.
    reset: async () => undefined,
  };
}
