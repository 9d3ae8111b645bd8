/**
 * A legal entity's payment details: the account its clients pay into, printed on each invoice it
 * issues with a payment reference, so that a payment can be matched to the invoice it pays.
 */
import type { FieldIssue } from '../../core/errors.ts';
import { bicProblem, ibanProblem } from '../../core/iban.ts';

export interface PaymentDetails {
  /** Stored as `normalizeIban` gives it: no spaces, capitals. */
  iban: string;
  bic: string | null;
  /**
   * The reference a client writes on the transfer, `{number}` standing for the invoice (or credit
   * note) number: `INV {number}`. Null: the number itself.
   */
  reference: string | null;
}

const REFERENCE_FIELDS = new Set(['number']);
/** SEPA credit transfers carry at most 140 characters of unstructured remittance information. */
const MAX_REFERENCE = 140;
/** Longest document number (`{prefix:16}-{year:4}-{sequence:6+}`), for the bound on the reference. */
const MAX_NUMBER = 32;

export function paymentDetailsIssues(payment: PaymentDetails, field = 'payment'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const problem = ibanProblem(payment.iban ?? '');
  if (problem) issues.push({ field: `${field}.iban`, message: `${payment.iban}: ${problem}` });
  if (payment.bic !== null) {
    const bic = bicProblem(payment.bic);
    if (bic) issues.push({ field: `${field}.bic`, message: `${payment.bic}: ${bic}` });
  }
  if (payment.reference !== null) {
    const unknown = [...payment.reference.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).filter((name) => !REFERENCE_FIELDS.has(name));
    if (unknown.length) issues.push({ field: `${field}.reference`, message: `{${unknown[0]}} is not a field of a payment reference (only {number}, the invoice number)` });
    else if (payment.reference.replaceAll('{number}', 'x'.repeat(MAX_NUMBER)).length > MAX_REFERENCE) {
      issues.push({ field: `${field}.reference`, message: `is too long: with the invoice number it must fit the ${MAX_REFERENCE} characters of a SEPA transfer's reference` });
    }
  }
  return issues;
}

/** The reference of a payment for `documentNumber`, from the entity's pattern. */
export function paymentReference(payment: PaymentDetails, documentNumber: string): string {
  return payment.reference === null ? documentNumber : payment.reference.replaceAll('{number}', documentNumber);
}
