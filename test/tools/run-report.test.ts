/**
 * The control report as `billstream bill-run` prints it (issues 12 and 13): besides the counts and
 * sums, what the report (JSON/REST) says about cycles closed without an invoice, the runs this one
 * supersedes, cycles left for a later run and what documents will lack without being held, in the
 * operator's language.
 */
import { describe, expect, it } from 'vitest';
import type { BillRunDocument } from '../../projections/bill-runs.projection.ts';
import { translatorFor } from '../../src/i18n/translator.ts';
import { runReport } from '../../tools/billing-commands.ts';

const RUN: BillRunDocument = {
  id: 'run-2', asOf: '2026-10-01', status: 'drafted', startedAt: '2026-10-02T08:00:00Z', startedBy: 'cli', changeThresholdPercent: 50,
  report: {
    runId: 'run-2', asOf: '2026-10-01', invoices: 3, held: 0, blocked: 0, nothingToBill: 2,
    perCurrency: [], perVatGroup: [], perServiceCategory: [], perLegalEntity: [], flags: [],
    warnings: [{ message: 'HU2: the legal entity has no payment details: the documents have no payment section', invoices: 3 }],
    supersedes: ['run-1'],
    deferred: { cycles: 4, reasons: ['a run drafts at most 120 invoices of a contract (the oldest cycles first): the later cycles wait for the next run'] },
  },
  approval: null, result: null,
};

const printed = (language: string) => runReport(RUN, translatorFor(language)).map((line) => line.replace(/[\u00a0\u202f]/g, ' '));

describe('the printed control report', () => {
  it('says what the report says beyond its sums: nothing to bill, the runs it supersedes, deferred cycles and warnings', () => {
    expect(printed('en')).toEqual([
      'bill run run-2 as of 2026-10-01: drafted',
      '  3 invoices, 0 held (0 cannot be issued)',
      '  2 cycle(s) with nothing to bill: closed without an invoice, no number spent',
      '  supersedes run run-1, which drafted some of the same cycles: it can no longer be approved',
      '  4 cycle(s) left for a later run: a run drafts at most 120 invoices of a contract (the oldest cycles first): the later cycles wait for the next run',
      '  warning: HU2: the legal entity has no payment details: the documents have no payment section (3 invoice(s))',
      '  approve with: billstream bill-run approve run-2 [--include-held]; discard with: billstream bill-run void run-2',
    ]);
  });

  it('prints them in the operator\'s language', () => {
    expect(printed('hu')).toEqual(expect.arrayContaining([
      '  2 ciklusban nincs mit számlázni: számla nélkül lezárva, sorszám nem fogyott',
      '  felváltja a(z) run-1 futást, amely ugyanezen ciklusok némelyikét tervezte meg: az már nem hagyható jóvá',
      '  figyelmeztetés: HU2: the legal entity has no payment details: the documents have no payment section (3 számla)',
    ]));
    expect(printed('de')).toEqual(expect.arrayContaining([
      '  2 Zyklen ohne Abzurechnendes: ohne Rechnung abgeschlossen, keine Nummer verbraucht',
      '  ersetzt Lauf run-1, der einige derselben Zyklen erstellt hatte: er kann nicht mehr freigegeben werden',
      '  4 Zyklen warten auf einen späteren Lauf: a run drafts at most 120 invoices of a contract (the oldest cycles first): the later cycles wait for the next run',
    ]));
    expect(printed('fr')).toEqual(expect.arrayContaining([
      '  2 cycles sans rien à facturer : clos sans facture, aucun numéro utilisé',
      '  avertissement : HU2: the legal entity has no payment details: the documents have no payment section (3 factures)',
    ]));
  });

  it('leaves out what a report does not have', () => {
    const plain: BillRunDocument = { ...RUN, report: { ...RUN.report!, nothingToBill: 0, warnings: undefined, supersedes: undefined, deferred: undefined } };
    expect(runReport(plain, translatorFor('en'))).toHaveLength(3);
  });
});
