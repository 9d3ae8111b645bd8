/**
 * A client's statement .docx writes each line's description in the client's language, from
 * statement.ftl, with dates and amounts as invoices write them; the JSON and CSV statement keep
 * their English descriptions (API text). Every kind of line, in every language.
 */
import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../src/i18n/translator.ts';
import { describeIn } from '../../src/app/receivables/statement-docx.ts';
import { describeInEnglish, type StatementDetail } from '../../src/app/receivables/views.ts';

const DETAILS: StatementDetail[] = [
  { text: 'invoice', number: 'HU1-2026-000006', dueDate: '2026-11-20' },
  { text: 'credit-note', number: 'HU1-2026-000006' },
  { text: 'write-off', number: 'HU1-2026-000006' },
  { text: 'payment', reference: 'Bank' },
  { text: 'payment', reference: null },
  { text: 'refund', reference: 'back' },
  { text: 'refund', reference: null },
  { text: 'applied', amount: '100.00', currency: 'EUR', invoice: 'HU1-2026-000006' },
  { text: 'settled', invoice: 'HU1-2026-000006', payment: 'P-7', amount: '100.00', currency: 'EUR' },
];

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const lines = (language: string) => DETAILS.map((d) => nbsp(describeIn(translatorFor(language))(d)));

/** The English words the JSON descriptions are made of: none may show in another language's lines. */
const ENGLISH = /\b(invoice|due|payment|refund|written|off|credit|note|applied|paid|by|on|to)\b/i;

describe("statement lines in the client's language", () => {
  it('Hungarian', () => {
    expect(lines('hu')).toEqual([
      'Számla: HU1-2026-000006, fizetési határidő: 2026. november 20.',
      'Jóváíró számla a(z) HU1-2026-000006 számlához',
      'Leírás: HU1-2026-000006 számla',
      'Befizetés: Bank',
      'Befizetés',
      'Visszautalás: back',
      'Visszautalás',
      'Más pénznemű befizetés: 100,00 EUR elszámolva a(z) HU1-2026-000006 számlára',
      'A(z) HU1-2026-000006 számla kiegyenlítése a(z) P-7 befizetésből (100,00 EUR)',
    ]);
  });

  it('German', () => {
    expect(lines('de')).toEqual([
      'Rechnung HU1-2026-000006, fällig am 20. November 2026',
      'Gutschrift zur Rechnung HU1-2026-000006',
      'Abschreibung der Rechnung HU1-2026-000006',
      'Zahlung: Bank',
      'Zahlung',
      'Rückerstattung: back',
      'Rückerstattung',
      'Zahlung in anderer Währung: 100,00 € verrechnet mit Rechnung HU1-2026-000006',
      'Rechnung HU1-2026-000006 beglichen durch Zahlung P-7 (100,00 €)',
    ]);
  });

  it('French', () => {
    expect(lines('fr')).toEqual([
      'Facture HU1-2026-000006, échéance le 20 novembre 2026',
      'Avoir sur la facture HU1-2026-000006',
      'Passage en perte de la facture HU1-2026-000006',
      'Paiement : Bank',
      'Paiement',
      'Remboursement : back',
      'Remboursement',
      'Paiement dans une autre devise : 100,00 € imputé sur la facture HU1-2026-000006',
      'Facture HU1-2026-000006 réglée par le paiement P-7 (100,00 €)',
    ]);
  });

  it('keeps no English word in a line of another language', () => {
    for (const language of ['hu', 'de', 'fr']) for (const line of lines(language)) expect(line, `${language}: ${line}`).not.toMatch(ENGLISH);
  });

  it('English for an English client, or a language without translations; the JSON and CSV descriptions unchanged', () => {
    expect(lines('en')[0]).toBe('Invoice HU1-2026-000006, due November 20, 2026');
    expect(lines('it')).toEqual(lines('en'));
    expect(DETAILS.map(describeInEnglish)).toEqual([
      'invoice HU1-2026-000006, due 2026-11-20', 'credit note on HU1-2026-000006', 'written off on HU1-2026-000006',
      'payment Bank', 'payment', 'refund back', 'refund', '100.00 EUR applied to HU1-2026-000006', 'paid by P-7 (100.00 EUR)',
    ]);
  });
});
