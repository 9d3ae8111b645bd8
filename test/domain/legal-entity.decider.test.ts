import { describe, it } from 'vitest';
import { expect } from 'vitest';
import { legalEntityDecider } from '../../src/domain/legal-entity/decider.ts';
import type { LegalEntityDetails, LegalEntityEvent } from '../../src/domain/legal-entity/events.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import { DeciderSpecification } from '../support/decider-spec.ts';

const spec = DeciderSpecification.for(legalEntityDecider);

const HU1: LegalEntityDetails = {
  name: 'Példa Telekom Kft.',
  country: 'HU',
  vatId: 'HU12345676',
  address: { line1: 'Váci út 1', city: 'Budapest', postalCode: '1062' },
  currency: 'HUF',
  invoicePrefix: 'HU1',
  externalId: null,
};
const registered: LegalEntityEvent = { type: 'LegalEntityRegistered', data: { legalEntityId: 'HU1', ...HU1 } };

describe('legal entity decider', () => {
  it('registers a new legal entity', () => {
    spec.given([]).when({ type: 'RegisterLegalEntity', legalEntityId: 'HU1', details: HU1 }).then([registered]);
  });

  it('refuses to register an id twice', () => {
    spec.given([registered]).when({ type: 'RegisterLegalEntity', legalEntityId: 'HU1', details: HU1 }).thenThrows(ConflictError);
  });

  it('records only the fields that changed', () => {
    spec
      .given([registered])
      .when({ type: 'ChangeLegalEntityDetails', legalEntityId: 'HU1', details: { ...HU1, name: 'Példa Telekom Zrt.', address: { ...HU1.address, line1: 'Váci út 2' } } })
      .then([{ type: 'LegalEntityDetailsChanged', data: { legalEntityId: 'HU1', changes: { name: 'Példa Telekom Zrt.', address: { line1: 'Váci út 2', city: 'Budapest', postalCode: '1062' } } } }]);
  });

  it('changes nothing when the details are the same', () => {
    spec.given([registered]).when({ type: 'ChangeLegalEntityDetails', legalEntityId: 'HU1', details: HU1 }).thenNothingHappens();
    spec.given([registered]).when({ type: 'DefineLegalEntity', legalEntityId: 'HU1', details: HU1 }).thenNothingHappens();
  });

  it('defines: registers when new, changes when different', () => {
    spec.given([]).when({ type: 'DefineLegalEntity', legalEntityId: 'HU1', details: HU1 }).then([registered]);
    spec
      .given([registered])
      .when({ type: 'DefineLegalEntity', legalEntityId: 'HU1', details: { ...HU1, currency: 'EUR' } })
      .then([{ type: 'LegalEntityDetailsChanged', data: { legalEntityId: 'HU1', changes: { currency: 'EUR' } } }]);
  });

  it('refuses to change an entity that does not exist', () => {
    spec.given([]).when({ type: 'ChangeLegalEntityDetails', legalEntityId: 'HU1', details: HU1 }).thenThrows(NotFoundError);
  });

  it('names every invalid field at once', () => {
    spec
      .given([])
      .when({
        type: 'RegisterLegalEntity',
        legalEntityId: 'bad id!',
        details: { ...HU1, country: 'XX', currency: 'EURO', vatId: 'DE123', invoicePrefix: 'hu-1', address: { line1: '', city: '' } },
      })
      .thenThrows(ValidationError, (error) => {
        expect(error.issues.map((i) => i.field)).toEqual(['id', 'country', 'currency', 'invoicePrefix', 'address.line1', 'address.city']);
      });
  });

  it('checks the VAT id against the format of the country its prefix names', () => {
    spec.given([]).when({ type: 'RegisterLegalEntity', legalEntityId: 'HU1', details: { ...HU1, vatId: '12345676' } })
      .thenThrows(ValidationError, (error) => expect(error.message).toMatch(/vatId: 12345676: an EU VAT id starts with its country prefix \(HU for Hungary\)/));
    spec.given([]).when({ type: 'RegisterLegalEntity', legalEntityId: 'HU1', details: { ...HU1, vatId: 'DE12345678' } })
      .thenThrows(ValidationError, (error) => expect(error.message).toMatch(/vatId: DE12345678: a German VAT id has 9 digits after DE/));
    spec.given([]).when({ type: 'RegisterLegalEntity', legalEntityId: 'HU1', details: { ...HU1, vatId: 'HU1234567' } })
      .thenThrows(ValidationError, (error) => expect(error.message).toMatch(/vatId: HU1234567: a Hungarian VAT id has 8 digits after HU/));
    spec.given([]).when({ type: 'RegisterLegalEntity', legalEntityId: 'HU1', details: { ...HU1, vatId: 'HU12345678' } })
      .thenThrows(ValidationError, (error) => expect(error.message).toMatch(/vatId: HU12345678: check digit does not match \(Hungary\)/));
    spec.given([]).when({ type: 'RegisterLegalEntity', legalEntityId: 'EL1', details: { ...HU1, country: 'GR', currency: 'EUR', vatId: 'EL123456783', invoicePrefix: 'EL1' } })
      .then([{ type: 'LegalEntityRegistered', data: { legalEntityId: 'EL1', ...HU1, country: 'GR', currency: 'EUR', vatId: 'EL123456783', invoicePrefix: 'EL1' } }]);
  });
});

describe('legal entity decider: the logo', () => {
  const LOGO = { sha256: 'a'.repeat(64), mediaType: 'image/png' as const };
  const OTHER = { sha256: 'b'.repeat(64), mediaType: 'image/jpeg' as const };
  const withLogo: LegalEntityEvent = { type: 'LegalEntityDetailsChanged', data: { legalEntityId: 'HU1', changes: { logo: LOGO } } };

  it('sets, replaces and removes the logo; the same logo again changes nothing', () => {
    spec.given([registered]).when({ type: 'ChangeLegalEntityLogo', legalEntityId: 'HU1', logo: LOGO }).then([withLogo]);
    spec.given([registered, withLogo]).when({ type: 'ChangeLegalEntityLogo', legalEntityId: 'HU1', logo: LOGO }).thenNothingHappens();
    spec.given([registered, withLogo]).when({ type: 'ChangeLegalEntityLogo', legalEntityId: 'HU1', logo: OTHER })
      .then([{ type: 'LegalEntityDetailsChanged', data: { legalEntityId: 'HU1', changes: { logo: OTHER } } }]);
    spec.given([registered, withLogo]).when({ type: 'ChangeLegalEntityLogo', legalEntityId: 'HU1', logo: null })
      .then([{ type: 'LegalEntityDetailsChanged', data: { legalEntityId: 'HU1', changes: { logo: null } } }]);
    spec.given([registered]).when({ type: 'ChangeLegalEntityLogo', legalEntityId: 'HU1', logo: null }).thenNothingHappens();
  });

  it('refuses a logo of an unknown entity, and a reference that is no SHA-256 or media type', () => {
    spec.given([]).when({ type: 'ChangeLegalEntityLogo', legalEntityId: 'HU1', logo: LOGO }).thenThrows(NotFoundError);
    spec.given([registered]).when({ type: 'ChangeLegalEntityLogo', legalEntityId: 'HU1', logo: { sha256: 'xyz', mediaType: 'image/gif' as never } }).thenThrows(ValidationError);
  });

  it('keeps the logo when the details are replaced without one; an import (Define) without it removes it, as payment details', () => {
    spec.given([registered, withLogo]).when({ type: 'ChangeLegalEntityDetails', legalEntityId: 'HU1', details: HU1 }).thenNothingHappens();
    spec.given([registered, withLogo]).when({ type: 'DefineLegalEntity', legalEntityId: 'HU1', details: HU1 })
      .then([{ type: 'LegalEntityDetailsChanged', data: { legalEntityId: 'HU1', changes: { logo: null } } }]);
    spec.given([registered, withLogo]).when({ type: 'DefineLegalEntity', legalEntityId: 'HU1', details: { ...HU1, logo: LOGO } }).thenNothingHappens();
  });
});
