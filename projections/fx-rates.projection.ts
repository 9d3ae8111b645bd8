/**
 * Exchange rates, one document per (base, quote, date) holding the rate in force (a correction
 * replaces the value; the stream keeps both). Documents are keyed `EUR-HUF-2026-01-01`, so the
 * rate on or before a date is a range scan on the key (src/app/fx/rates.ts).
 */
import { documentProjection } from '../src/processing/projection.ts';
import { fxRateKey, type FxRate } from '../src/fx/events.ts';

export const FX_RATES = 'fx_rates';

export interface FxRateDocument extends FxRate {
  [key: string]: unknown;
  id: string;
  /** 0 as first published; each correction adds one. */
  revision: number;
  /** When the rate in force was recorded. */
  recordedAt: string;
}

export const fxRatesProjection = documentProjection<FxRateDocument>({
  name: 'fx-rates',
  version: 1,
  collection: { name: FX_RATES, indexes: ['base', 'quote', 'date'] },
  handles: ['FxRatePublished', 'FxRateCorrected'],
  documentId: (event) => {
    const { base, quote, date } = event.data as FxRate;
    return fxRateKey(base, quote, date);
  },
  creates: ['FxRatePublished'],
  evolve(_document, event) {
    const { date, base, quote, rate } = event.data as FxRate;
    return { id: fxRateKey(base, quote, date), date, base, quote, rate, revision: event.revision, recordedAt: event.metadata.recordedAt };
  },
});
