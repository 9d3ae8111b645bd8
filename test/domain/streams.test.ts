/**
 * One definition of each stream name: every stream kind has one function, and nothing else in
 * the source builds a stream name (a second copy of the rule would read or write another stream).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { idOf, streamName } from '../../src/core/streams.ts';
import { streams } from '../../src/domain/streams.ts';
import { legalEntityStream } from '../../src/domain/legal-entity/stream.ts';
import { billRunStream, creditNoteStream, invoiceStream } from '../../src/domain/bill-run/events.ts';
import { deckStream, tariffStream } from '../../src/domain/tariff/decider.ts';
import { discountStream } from '../../src/domain/discount/decider.ts';
import { usageRecordKey, usageStream } from '../../src/domain/usage/events.ts';
import { apiKeyStream } from '../../src/domain/api-key/decider.ts';
import { seriesStream } from '../../src/domain/invoice-series/series.ts';
import { fxRateStream } from '../../src/fx/events.ts';
import { sagaStream } from '../../src/processing/saga.ts';
import { operatorHolidayStream } from '../../src/domain/holiday/decider.ts';
import { ledgerStream } from '../../src/domain/receivables/events.ts';
import { chartOfAccountsStream } from '../../src/domain/accounting/chart.ts';
import { radiusSessionStream } from '../../src/domain/radius-session/events.ts';
import { nasStream } from '../../src/domain/nas/decider.ts';
import { dynamicAuthorizationStream } from '../../src/app/radius/dynamic-authorization.ts';
import { cardStream } from '../../src/domain/prepaid/card.ts';
import { cardBatchStream } from '../../src/domain/prepaid/batch.ts';
import { PIN_KEY_STREAM } from '../../src/app/prepaid/pins.ts';

/** Every stream kind: its category and the function that names its streams. */
const KINDS: [category: string, name: string, expected: string][] = [
  ['client', streams.client('C-1'), 'client-C-1'],
  ['agent', streams.agent('A-1'), 'agent-A-1'],
  ['partner', streams.partner('P-1'), 'partner-P-1'],
  ['contract', streams.contract('K-1'), 'contract-K-1'],
  ['servicePoint', streams.servicePoint('SP-1'), 'servicePoint-SP-1'],
  ['subscription', streams.subscription('S-1'), 'subscription-S-1'],
  ['service', streams.service('VOIP'), 'service-VOIP'],
  ['user', streams.user('anna'), 'user-anna'],
  ['nas', nasStream('N-1'), 'nas-N-1'],
  ['legalEntity', legalEntityStream('HU1'), 'legalEntity-HU1'],
  ['billRun', billRunStream('r1'), 'billRun-r1'],
  ['invoice', invoiceStream('i1'), 'invoice-i1'],
  ['creditNote', creditNoteStream('c1'), 'creditNote-c1'],
  ['tariff', tariffStream('HOME-VOIP'), 'tariff-HOME-VOIP'],
  ['deck', deckStream('d1'), 'deck-d1'],
  ['discount', discountStream('TRIPLE-PLAY'), 'discount-TRIPLE-PLAY'],
  ['usage', usageStream('sw', 'cdr-1'), `usage-${usageRecordKey('sw', 'cdr-1')}`],
  ['apiKey', apiKeyStream('k1'), 'apiKey-k1'],
  ['invoiceSeries', seriesStream('HU1', 2026), 'invoiceSeries-HU1-2026'],
  ['fxRate', fxRateStream('EUR', 'HUF', '2026-01-01'), 'fxRate-EUR-HUF-2026-01-01'],
  ['holiday', operatorHolidayStream('HU', '2026-12-24'), 'holiday-HU-2026-12-24'],
  ['ledger', ledgerStream('C-1'), 'ledger-C-1'],
  ['chartOfAccounts', chartOfAccountsStream('HU1'), 'chartOfAccounts-HU1'],
  ['radiusSession', radiusSessionStream('s1'), 'radiusSession-s1'],
  ['dynamicAuthorization', dynamicAuthorizationStream('s1'), 'dynamicAuthorization-s1'],
  ['prepaidCard', cardStream('c1'), 'prepaidCard-c1'],
  ['cardBatch', cardBatchStream('B1'), 'cardBatch-B1'],
  ['prepaidKey', PIN_KEY_STREAM, 'prepaidKey-pins'],
];

const ROOTS = ['src', 'projections', 'sagas', 'tools', 'bin'];
/** The store and verify benchmarks write synthetic streams to measure the adapter and the chain walk, not billstream's streams. */
const NOT_BILLSTREAM_STREAMS = new Set(['tools/bench/store.ts', 'tools/bench/verify.ts']);

function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(ts|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !NOT_BILLSTREAM_STREAMS.has(file)) out.push({ file, text: fs.readFileSync(file, 'utf8') });
    }
  };
  for (const root of ROOTS) if (fs.existsSync(root)) walk(root);
  return out;
}

describe('stream names', () => {
  it('come from one function per stream kind, category-id', () => {
    for (const [category, name, expected] of KINDS) {
      expect(name).toBe(expected);
      expect(name).toBe(streamName(category, idOf(name)));
    }
    expect(sagaStream('billingCycle', 'x')).toBe('sagaBillingCycle-x');
    expect(() => streamName('bill-run', 'x')).toThrow(/no dash/);
    expect(() => streamName('invoice', '')).toThrow(/empty id/);
  });

  it('are built nowhere else: each category is named by one streamName call, and no source spells a stream name itself', () => {
    const calls = new Map<string, string[]>();
    const spelled: string[] = [];
    const categories = KINDS.map(([category]) => category);
    // A category, its dash and the start of an id (a capital, a digit or an interpolation):
    // `service-points` (a URL) and `usage-days` (a read model) are not stream names.
    const literal = new RegExp(`['"\`](${categories.join('|')})-(\\$\\{|[A-Z0-9])`);
    for (const { file, text } of sources()) {
      if (file === path.join('src', 'core', 'streams.ts')) continue;
      for (const m of text.matchAll(/streamName\(\s*(['`])?([A-Za-z0-9]*)/g)) {
        const key = m[1] === "'" ? m[2]! : `(computed in ${file})`;
        calls.set(key, [...(calls.get(key) ?? []), file]);
      }
      text.split('\n').forEach((line, n) => {
        if (literal.test(line) && !/^\s*(\*|\/\/)/.test(line)) spelled.push(`${file}:${n + 1}: ${line.trim()}`);
      });
    }
    expect(spelled).toEqual([]);
    for (const category of categories) expect(calls.get(category), category).toHaveLength(1);
    // The saga runner names one stream kind per saga from the saga's name.
    expect([...calls.keys()].filter((k) => !categories.includes(k))).toEqual([`(computed in ${path.join('src', 'processing', 'saga.ts')})`]);
  });
});
