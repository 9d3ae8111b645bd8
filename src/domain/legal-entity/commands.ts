import type { LegalEntityDetails } from './events.ts';

/** Creates a legal entity; refused when the id exists. */
export interface RegisterLegalEntity {
  type: 'RegisterLegalEntity';
  legalEntityId: string;
  details: LegalEntityDetails;
}

/** Replaces the details of an existing legal entity; the same details change nothing. */
export interface ChangeLegalEntityDetails {
  type: 'ChangeLegalEntityDetails';
  legalEntityId: string;
  details: LegalEntityDetails;
}

/** What an import row means: register it if new, change what differs if known, nothing if equal. */
export interface DefineLegalEntity {
  type: 'DefineLegalEntity';
  legalEntityId: string;
  details: LegalEntityDetails;
}

export type LegalEntityCommand = RegisterLegalEntity | ChangeLegalEntityDetails | DefineLegalEntity;
