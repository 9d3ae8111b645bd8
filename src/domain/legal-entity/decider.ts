import type { Decider } from '../../core/decider.ts';
import { changedFields } from '../../core/entity-decider.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../../core/errors.ts';
import { isCountryCode } from '../../core/countries.ts';
import { countryProblem, invoiceCurrencyProblem } from '../../core/validate.ts';
import { vatIdProblem } from '../../core/vat-id.ts';
import type { LegalEntityCommand } from './commands.ts';
import { paymentDetailsIssues } from './payment.ts';
import { logoIssues } from './logo.ts';
import type { LegalEntityDetails, LegalEntityEvent } from './events.ts';

export type LegalEntityState = { exists: false } | { exists: true; legalEntityId: string; details: LegalEntityDetails };

const LEGAL_ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9_.]{0,39}$/;
const INVOICE_PREFIX = /^[A-Z0-9][A-Z0-9]{0,15}$/;

export function legalEntityIdProblem(id: string): string | null {
  return LEGAL_ENTITY_ID.test(id) ? null : 'letters, digits, `_` and `.`, at most 40, starting with a letter or digit';
}

/** Every problem with the details at once, so a data-entry user fixes a row in one go. */
export function legalEntityDetailsIssues(details: LegalEntityDetails): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const issue = (field: string, message: string) => issues.push({ field, message });
  if (!details.name?.trim()) issue('name', 'is required');
  const countryIssue = details.country ? countryProblem(details.country) : 'is required';
  if (countryIssue) issue('country', countryIssue);
  // The national currency: the VAT of invoices in other currencies is stated in it (RULES.md 14), with EN 16931's two decimals at most.
  const currencyIssue = details.currency ? invoiceCurrencyProblem(details.currency) : 'is required';
  if (currencyIssue) issue('currency', currencyIssue);
  if (!INVOICE_PREFIX.test(details.invoicePrefix ?? '')) issue('invoicePrefix', 'is 1 to 16 capital letters and digits');
  if (details.vatId !== null && isCountryCode(details.country)) {
    const problem = vatIdProblem(details.vatId, details.country);
    if (problem) issue('vatId', `${details.vatId}: ${problem}`);
  }
  if (!details.address?.line1?.trim()) issue('address.line1', 'is required');
  if (!details.address?.city?.trim()) issue('address.city', 'is required');
  if (details.payment) issues.push(...paymentDetailsIssues(details.payment));
  if (details.logo) issues.push(...logoIssues(details.logo));
  return issues;
}

function validated(id: string, details: LegalEntityDetails): void {
  const issues = legalEntityDetailsIssues(details);
  const idProblem = legalEntityIdProblem(id);
  if (idProblem) issues.unshift({ field: 'id', message: idProblem });
  if (issues.length) throw new ValidationError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
}

export const legalEntityDecider: Decider<LegalEntityState, LegalEntityCommand, LegalEntityEvent> = {
  initialState: () => ({ exists: false }),

  evolve(state, event) {
    switch (event.type) {
      case 'LegalEntityRegistered': {
        const { legalEntityId, ...details } = event.data;
        return { exists: true, legalEntityId, details };
      }
      case 'LegalEntityDetailsChanged':
        if (!state.exists) return state;
        return { ...state, details: { ...state.details, ...event.data.changes } };
      default: {
        const exhaustive: never = event;
        return exhaustive;
      }
    }
  },

  decide(command, state) {
    if (command.type === 'ChangeLegalEntityLogo') {
      if (!state.exists) throw new NotFoundError(`legal entity ${command.legalEntityId} does not exist`);
      const issues = command.logo ? logoIssues(command.logo) : [];
      if (issues.length) throw new ValidationError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
      const changes = changedFields({ logo: state.details.logo ?? null }, { logo: command.logo });
      return Object.keys(changes).length ? [{ type: 'LegalEntityDetailsChanged', data: { legalEntityId: command.legalEntityId, changes } }] : [];
    }
    validated(command.legalEntityId, command.details);
    switch (command.type) {
      case 'RegisterLegalEntity':
        if (state.exists) throw new ConflictError(`legal entity ${command.legalEntityId} already exists`);
        return [{ type: 'LegalEntityRegistered', data: { legalEntityId: command.legalEntityId, ...command.details } }];
      case 'ChangeLegalEntityDetails': {
        if (!state.exists) throw new NotFoundError(`legal entity ${command.legalEntityId} does not exist`);
        const details = 'logo' in command.details ? command.details : { ...command.details, logo: state.details.logo ?? null };
        const changes = changedFields(state.details, details);
        return Object.keys(changes).length ? [{ type: 'LegalEntityDetailsChanged', data: { legalEntityId: command.legalEntityId, changes } }] : [];
      }
      case 'DefineLegalEntity': {
        if (!state.exists) return [{ type: 'LegalEntityRegistered', data: { legalEntityId: command.legalEntityId, ...command.details } }];
        const changes = changedFields(state.details, command.details);
        return Object.keys(changes).length ? [{ type: 'LegalEntityDetailsChanged', data: { legalEntityId: command.legalEntityId, changes } }] : [];
      }
      default: {
        const exhaustive: never = command;
        return exhaustive;
      }
    }
  },
};
