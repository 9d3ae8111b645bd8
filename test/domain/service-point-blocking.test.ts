import { describe, expect, it } from 'vitest';
import { servicePointBlockingDecider, type ServicePointBlockingEvent } from '../../src/domain/service-point/blocking.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import { DeciderSpecification } from '../support/decider-spec.ts';

const registered = { type: 'ServicePointRegistered', data: { servicePointId: 'SP-1', contractId: 'K-1', clientId: 'C-1', identifiers: ['anna@isp.example'], active: true } } as unknown as ServicePointBlockingEvent;
const blocked = (reason: string): ServicePointBlockingEvent => ({ type: 'ServicePointBlocked', data: { servicePointId: 'SP-1', reason } });
const unblocked = (reason: string | null): ServicePointBlockingEvent => ({ type: 'ServicePointUnblocked', data: { servicePointId: 'SP-1', reason } });

describe('service point blocking', () => {
  const spec = DeciderSpecification.for(servicePointBlockingDecider);

  it('blocks an active point with its reason (trimmed), and unblocks it', () => {
    spec.given([registered]).when({ type: 'BlockServicePoint', id: 'SP-1', reason: '  Fraud: ticket 4711 ' }).then([blocked('Fraud: ticket 4711')]);
    spec.given([registered, blocked('Fraud')]).when({ type: 'UnblockServicePoint', id: 'SP-1', reason: 'cleared' }).then([unblocked('cleared')]);
    spec.given([registered, blocked('Fraud')]).when({ type: 'UnblockServicePoint', id: 'SP-1', reason: null }).then([unblocked(null)]);
    spec.given([registered, blocked('Fraud'), unblocked(null)]).when({ type: 'BlockServicePoint', id: 'SP-1', reason: 'Abuse' }).then([blocked('Abuse')]);
  });

  it('changes nothing when asked again for what already holds (a retried request)', () => {
    spec.given([registered, blocked('Fraud')]).when({ type: 'BlockServicePoint', id: 'SP-1', reason: 'Fraud' }).thenNothingHappens();
    spec.given([registered]).when({ type: 'UnblockServicePoint', id: 'SP-1', reason: null }).thenNothingHappens();
    spec.given([registered, blocked('Fraud'), unblocked(null)]).when({ type: 'UnblockServicePoint', id: 'SP-1', reason: 'again' }).thenNothingHappens();
  });

  it('refuses to block a blocked point for another reason, which would lose the first one', () => {
    spec.given([registered, blocked('Fraud')]).when({ type: 'BlockServicePoint', id: 'SP-1', reason: 'Abuse' })
      .thenThrows(ConflictError, (error) => expect(error.message).toBe('service point SP-1 is already blocked (reason: Fraud): unblock it first to block it for another reason'));
  });

  it('refuses a block without a reason, a reason over 500 characters, and a point that does not exist', () => {
    spec.given([registered]).when({ type: 'BlockServicePoint', id: 'SP-1', reason: '   ' })
      .thenThrows(ValidationError, (error) => expect(error.issues).toEqual([{ field: 'reason', message: 'is required: say why the service point is blocked' }]));
    spec.given([registered]).when({ type: 'BlockServicePoint', id: 'SP-1', reason: 'x'.repeat(501) })
      .thenThrows(ValidationError, (error) => expect(error.issues).toEqual([{ field: 'reason', message: 'is longer than 500 characters' }]));
    spec.given([]).when({ type: 'BlockServicePoint', id: 'SP-9', reason: 'Fraud' }).thenThrows(NotFoundError);
    spec.given([]).when({ type: 'UnblockServicePoint', id: 'SP-9', reason: null }).thenThrows(NotFoundError);
  });

  it('ignores the details events of the same stream: a details change neither blocks nor unblocks', () => {
    const changed = { type: 'ServicePointDetailsChanged', data: { servicePointId: 'SP-1', changes: { active: false } } } as unknown as ServicePointBlockingEvent;
    spec.given([registered, blocked('Fraud'), changed]).when({ type: 'UnblockServicePoint', id: 'SP-1', reason: null }).then([unblocked(null)]);
  });
});
