/**
 * The dynamic-authorization saga: when a service point is blocked, a client suspended or closed,
 * or a prepaid card blocked or out of balance, it sends a Disconnect-Request (RFC 5176) for every
 * open RADIUS session concerned; when a subscription moves to another tariff, or a tariff's
 * radius section in force today changes, a CoA-Request with the new reply attributes (rate
 * limits, Session-Timeout, ...), or a Disconnect-Request when the change leaves the session
 * without network access. It records the NAS's answer in the session's
 * `dynamicAuthorization-…` stream (src/app/radius/dynamic-authorization.ts says how a request is
 * never sent twice for one cause, whatever restarts). A background processor: a block over REST
 * answers once the block is stored, not once every NAS has answered (a NAS that is gone costs
 * 3 x 2 s).
 */
import type { AppDeps } from '../src/app/deps.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { ConsumerDefinition } from '../src/processing/checkpointed-consumer.ts';
import {
  CHANGE_CAUSE_EVENTS,
  changeAuthorizationOfSessions,
  changeCauseOf,
  directoryLoader,
  DISCONNECT_CAUSE_EVENTS,
  disconnectCauseOf,
  disconnectSessions,
  nasClientsLoader,
  type ChangeCause,
  type DisconnectCause,
  type SendCoa,
  type SendDisconnect,
} from '../src/app/radius/dynamic-authorization.ts';
import { DEFAULT_COA_PORT, sendCoaRequest, sendDisconnectRequest, type SendOptions } from '../src/radius/coa.ts';
import { bundledDictionary } from '../src/radius/codec/dictionary-files.ts';
import { changeOfAuthorizationAttributes } from '../src/radius/server.ts';

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
  const sendCoa: SendCoa = async (request) => {
    const changes = changeOfAuthorizationAttributes(bundledDictionary(), request.authorization);
    return sendCoaRequest({ address: request.address, port: request.port, secret: request.secret }, request.session, changes, {
      ...retries,
      identifier: request.identifier,
      eventTimestamp: request.eventTimestamp,
    });
  };
  return {
    name: 'saga:dynamic-authorization',
    version: 1,
    handles: [...DISCONNECT_CAUSE_EVENTS, ...CHANGE_CAUSE_EVENTS],
    async applyBatch(events: RecordedEvent[]) {
      const causes = events.flatMap((event): ({ disconnect: DisconnectCause; event: RecordedEvent } | { change: ChangeCause; event: RecordedEvent })[] => {
        const disconnect = disconnectCauseOf(event);
        if (disconnect) return [{ disconnect, event }];
        const change = changeCauseOf(event);
        return change ? [{ change, event }] : [];
      });
      if (causes.length === 0) return;
      // The sessions, service points, clients, subscriptions, tariffs and cards as they are after the causes.
      await billstream.readModelsReached(events[events.length - 1]!.position);
      const nas = nasClientsLoader(billstream);
      const directory = directoryLoader(billstream);
      const port = options.port ?? DEFAULT_COA_PORT;
      for (const cause of causes) {
        if ('disconnect' in cause) await disconnectSessions(billstream, cause.disconnect, cause.event, { send, port, nas });
        else await changeAuthorizationOfSessions(billstream, cause.change, cause.event, { send: sendCoa, disconnect: send, port, nas, directory });
      }
    },
    // Its effects are events and datagrams already sent; nothing derived to drop.
    reset: async () => undefined,
  };
}
