/**
 * Blocking a service point: an operator stops the network from serving it (fraud, abuse, a court
 * order) without ending its contract or releasing its identifiers. A blocked point is refused at
 * RADIUS authentication and its open sessions are disconnected (RFC 5176). The status lives beside
 * the point's details on the same stream, but apart from them: a details PUT or a re-import never
 * unblocks a point, only an explicit unblock does.
 *
 * Invariants: a block names its reason; blocking a blocked point again with the same reason
 * changes nothing (a retried request), with another reason it is refused (the first reason would
 * be lost); unblocking a point that is not blocked changes nothing.
 */
import type { Decider } from '../../core/decider.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { SERVICE_POINT_REGISTERED } from './decider.ts';

export const SERVICE_POINT_BLOCKED = 'ServicePointBlocked';
export const SERVICE_POINT_UNBLOCKED = 'ServicePointUnblocked';
export const SERVICE_POINT_STATUSES = ['active', 'blocked'] as const;
export type ServicePointStatus = (typeof SERVICE_POINT_STATUSES)[number];
/** Long enough for a ticket reference and a sentence; bounded like every stored text. */
export const BLOCK_REASON_MAX_LENGTH = 500;

export type ServicePointBlockingEvent =
  | { type: typeof SERVICE_POINT_BLOCKED; data: { servicePointId: string; reason: string } }
  | { type: typeof SERVICE_POINT_UNBLOCKED; data: { servicePointId: string; reason: string | null } };

export type ServicePointBlockingCommand =
  | { type: 'BlockServicePoint'; id: string; reason: string }
  | { type: 'UnblockServicePoint'; id: string; reason: string | null };

export interface ServicePointBlockingState {
  exists: boolean;
  status: ServicePointStatus;
  reason: string | null;
}

function checkedReason(reason: string | null, required: boolean): string | null {
  const trimmed = reason?.trim() ?? '';
  if (required && trimmed === '') throw ValidationError.field('reason', 'is required: say why the service point is blocked');
  if (trimmed.length > BLOCK_REASON_MAX_LENGTH) throw ValidationError.field('reason', `is longer than ${BLOCK_REASON_MAX_LENGTH} characters`);
  return trimmed === '' ? null : trimmed;
}

/** Folds the service point's stream for its status only; the details have their own decider. */
export const servicePointBlockingDecider: Decider<ServicePointBlockingState, ServicePointBlockingCommand, ServicePointBlockingEvent> = {
  initialState: () => ({ exists: false, status: 'active', reason: null }),
  evolve(state, event) {
    const type = event.type as string;
    if (type === SERVICE_POINT_REGISTERED) return { ...state, exists: true };
    if (type === SERVICE_POINT_BLOCKED) return { ...state, status: 'blocked', reason: (event.data as { reason: string }).reason };
    if (type === SERVICE_POINT_UNBLOCKED) return { ...state, status: 'active', reason: null };
    return state;
  },
  decide(command, state) {
    if (!state.exists) throw new NotFoundError(`service point ${command.id} does not exist`);
    switch (command.type) {
      case 'BlockServicePoint': {
        const reason = checkedReason(command.reason, true)!;
        if (state.status === 'blocked') {
          if (state.reason === reason) return [];
          throw new ConflictError(`service point ${command.id} is already blocked (reason: ${state.reason}): unblock it first to block it for another reason`);
        }
        return [{ type: SERVICE_POINT_BLOCKED, data: { servicePointId: command.id, reason } }];
      }
      case 'UnblockServicePoint': {
        const reason = checkedReason(command.reason, false);
        if (state.status !== 'blocked') return [];
        return [{ type: SERVICE_POINT_UNBLOCKED, data: { servicePointId: command.id, reason } }];
      }
      default: {
        const exhaustive: never = command;
        return exhaustive;
      }
    }
  },
};
