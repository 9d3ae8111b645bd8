/** NAS clients and service point credentials as deciders (given/when/then), and NAS addresses. */
import { describe, expect, it } from 'vitest';
import { nasDecider, type NasDetails } from '../../src/domain/nas/decider.ts';
import { addressMatcher, parseNasAddress } from '../../src/domain/nas/address.ts';
import { credentialsDecider, defaultUserName } from '../../src/domain/service-point/credentials.ts';
import type { ServicePointDetails } from '../../src/domain/service-point/decider.ts';
import type { EntityEvent } from '../../src/core/entity-decider.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import { DeciderSpecification } from '../support/decider-spec.ts';

const SEALED = `v1:${'A'.repeat(40)}`;
const OTHER_SEALED = `v1:${'B'.repeat(40)}`;
const bras: NasDetails = { name: 'Budapest BRAS', address: '192.0.2.1', secret: SEALED, requireMessageAuthenticator: 'yes' };
const registered: EntityEvent = { type: 'NasRegistered', data: { nasId: 'bras-1', ...bras } };
const removed: EntityEvent = { type: 'NasRemoved', data: { nasId: 'bras-1' } };

describe('NAS decider', () => {
  const spec = DeciderSpecification.for(nasDecider);

  it('registers a NAS with its sealed secret; a second registration of the id is a conflict', () => {
    spec.given([]).when({ type: 'Register', id: 'bras-1', details: bras }).then([registered]);
    spec.given([registered]).when({ type: 'Register', id: 'bras-1', details: bras }).thenThrows(ConflictError);
  });

  it('changes only the fields that differ, and nothing when none does', () => {
    spec.given([registered]).when({ type: 'Change', id: 'bras-1', details: { ...bras, secret: OTHER_SEALED } })
      .then([{ type: 'NasChanged', data: { nasId: 'bras-1', changes: { secret: OTHER_SEALED } } }]);
    spec.given([registered]).when({ type: 'Define', id: 'bras-1', details: bras }).thenNothingHappens();
    spec.given([]).when({ type: 'Change', id: 'bras-1', details: bras }).thenThrows(NotFoundError);
  });

  it('refuses a clear secret, an address not in canonical form, an unknown policy and any field it does not know', () => {
    spec.given([]).when({ type: 'Register', id: 'bras-1', details: { ...bras, secret: 'testing123' } }).thenThrows(ValidationError, (error) => {
      expect(error.issues).toEqual([{ field: 'secret', message: 'must be sealed before it is stored' }]);
    });
    spec.given([]).when({ type: 'Register', id: 'bras-1', details: { ...bras, address: '2001:DB8::1' } }).thenThrows(ValidationError, (error) => {
      expect(error.issues).toEqual([{ field: 'address', message: '2001:DB8::1 is not in canonical form (2001:db8::1)' }]);
    });
    spec.given([]).when({ type: 'Register', id: 'bras-1', details: { ...bras, requireMessageAuthenticator: 'no' as 'yes' } }).thenThrows(ValidationError);
    spec.given([]).when({ type: 'Register', id: 'bras-1', details: { ...bras, clearSecret: 'testing123' } as NasDetails }).thenThrows(ValidationError, (error) => {
      expect(error.issues).toEqual([{ field: 'clearSecret', message: 'is not a field of a NAS' }]);
    });
  });

  it('removes a NAS once; a removed id may be registered again', () => {
    spec.given([registered]).when({ type: 'Remove', id: 'bras-1' }).then([removed]);
    spec.given([registered, removed]).when({ type: 'Remove', id: 'bras-1' }).thenThrows(NotFoundError);
    spec.given([registered, removed]).when({ type: 'Register', id: 'bras-1', details: bras }).then([registered]);
    spec.given([registered, removed]).when({ type: 'Define', id: 'bras-1', details: bras }).then([registered]);
  });
});

describe('service point credentials decider', () => {
  const spec = DeciderSpecification.for(credentialsDecider);
  const point: ServicePointDetails = {
    contractId: 'K-1', clientId: 'C-1', identifiers: ['+3612345678', 'anna@isp.example', '00:1a:2b:3c:4d:5e', 'anna2'],
    address: { line1: 'Fő utca 1', city: 'Budapest' }, country: 'HU', active: true, externalId: null,
  };
  const pointRegistered: EntityEvent = { type: 'ServicePointRegistered', data: { servicePointId: 'SP-1', ...point } };
  const set = (userName: string, sealed = SEALED): EntityEvent => ({ type: 'ServicePointCredentialsSet', data: { servicePointId: 'SP-1', userName, sealed } });

  it('the default user name is the first identifier that is neither an E.164 number nor a MAC address', () => {
    expect(defaultUserName(point.identifiers)).toBe('anna@isp.example');
    expect(defaultUserName(['+3612345678', '00:1a:2b:3c:4d:5e'])).toBeNull();
  });

  it('sets credentials for a user-name identifier of the point; the same again is nothing; another user name or password is a new set', () => {
    spec.given([pointRegistered]).when({ type: 'SetCredentials', id: 'SP-1', credentials: { userName: 'anna@isp.example', sealed: SEALED } }).then([set('anna@isp.example')]);
    spec.given([pointRegistered, set('anna@isp.example')]).when({ type: 'SetCredentials', id: 'SP-1', credentials: { userName: 'anna@isp.example', sealed: SEALED } }).thenNothingHappens();
    spec.given([pointRegistered, set('anna@isp.example')]).when({ type: 'SetCredentials', id: 'SP-1', credentials: { userName: 'anna2', sealed: SEALED } }).then([set('anna2')]);
    spec.given([pointRegistered, set('anna@isp.example')]).when({ type: 'SetCredentials', id: 'SP-1', credentials: { userName: 'anna@isp.example', sealed: OTHER_SEALED } }).then([set('anna@isp.example', OTHER_SEALED)]);
  });

  it('refuses a user name the point does not have or that is a number or a MAC, a clear password, and a point that does not exist', () => {
    for (const userName of ['gabor@isp.example', '+3612345678', '00:1a:2b:3c:4d:5e']) {
      spec.given([pointRegistered]).when({ type: 'SetCredentials', id: 'SP-1', credentials: { userName, sealed: SEALED } }).thenThrows(ValidationError, (error) => {
        expect(error.issues[0]!.field).toBe('userName');
      });
    }
    spec.given([pointRegistered]).when({ type: 'SetCredentials', id: 'SP-1', credentials: { userName: 'anna2', sealed: 'clear-password' } }).thenThrows(ValidationError);
    spec.given([]).when({ type: 'SetCredentials', id: 'SP-1', credentials: { userName: 'anna2', sealed: SEALED } }).thenThrows(NotFoundError);
  });

  it('clears credentials once; a row of details with credentials changes both in one decision, the details first', () => {
    spec.given([pointRegistered, set('anna2')]).when({ type: 'ClearCredentials', id: 'SP-1' }).then([{ type: 'ServicePointCredentialsCleared', data: { servicePointId: 'SP-1', userName: 'anna2' } }]);
    spec.given([pointRegistered]).when({ type: 'ClearCredentials', id: 'SP-1' }).thenNothingHappens();
    const identifiers = [...point.identifiers, 'new-login'];
    spec.given([pointRegistered]).when({ type: 'Define', id: 'SP-1', details: { ...point, identifiers, credentials: { userName: 'new-login', sealed: SEALED } } }).then([
      { type: 'ServicePointDetailsChanged', data: { servicePointId: 'SP-1', changes: { identifiers } } },
      set('new-login'),
    ]);
    spec.given([pointRegistered]).when({ type: 'Define', id: 'SP-1', details: { ...point } }).thenNothingHappens();
  });
});

describe('NAS addresses', () => {
  it('writes each address in one canonical form and refuses what is not an address or block', () => {
    const text = (raw: string) => {
      const parsed = parseNasAddress(raw);
      return 'problem' in parsed ? parsed.problem : parsed.text;
    };
    expect(['192.0.2.1', ' 192.0.2.1/32 ', '10.0.0.0/8', '0.0.0.0/0', '2001:DB8:0:0:0:0:0:1', '2001:db8::/32', '::', '::1/128', '1:0:0:1:0:0:0:1', '2001:0:0:1::/64', '::ffff:192.0.2.1', '::ffff:192.0.2.0/120', 'fe80::1:2'].map(text)).toEqual([
      '192.0.2.1', '192.0.2.1', '10.0.0.0/8', '0.0.0.0/0', '2001:db8::1', '2001:db8::/32', '::', '::1', '1:0:0:1::1', '2001:0:0:1::/64', '192.0.2.1', '192.0.2.0/24', 'fe80::1:2',
    ]);
    for (const bad of ['', '192.0.2', '192.0.2.256', '01.2.3.4', '1.2.3.4/', '1.2.3.4/x', 'fe80::1%eth0', '1::2::3', '1:2:3:4:5:6:7:8:9', 'host.example', '1.2.3.4::', 'x'.repeat(100)]) {
      expect(parseNasAddress(bad), bad).toHaveProperty('problem');
    }
  });

  it('matches a source by exact address first, then the longest block; other families and unknown sources match nothing', () => {
    const match = addressMatcher([
      { address: '10.0.0.0/8', value: 'wide' },
      { address: '10.1.0.0/16', value: 'narrow' },
      { address: '10.1.2.3', value: 'exact' },
      { address: '2001:db8::/32', value: 'v6' },
      { address: '::/0', value: 'any-v6' },
    ]);
    expect(['10.1.2.3', '10.1.9.9', '10.200.0.1', '::ffff:10.1.2.3', '2001:db8:1::1', '2001:db9::1', '11.0.0.1', 'not-an-ip'].map(match))
      .toEqual(['exact', 'narrow', 'wide', 'exact', 'v6', 'any-v6', null, null]);
  });
});
