import type { LegalEntityDetails } from './events.ts';
import type { LegalEntityLogo } from './logo.ts';

/** Creates a legal entity; refused when the id exists. */
export interface RegisterLegalEntity {
  type: 'RegisterLegalEntity';
  legalEntityId: string;
  details: LegalEntityDetails;
}

/**
 * Replaces the details of an existing legal entity; the same details change nothing. The logo is
 * kept when the details have no `logo` key (it is changed apart, with ChangeLegalEntityLogo).
 */
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

/** Sets (or with null removes) the logo of an existing legal entity; the same logo changes nothing. */
export interface ChangeLegalEntityLogo {
  type: 'ChangeLegalEntityLogo';
  legalEntityId: string;
  logo: LegalEntityLogo | null;
}

export type LegalEntityCommand = RegisterLegalEntity | ChangeLegalEntityDetails | DefineLegalEntity | ChangeLegalEntityLogo;
