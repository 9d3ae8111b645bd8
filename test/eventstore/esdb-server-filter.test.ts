/**
 * The server-side filter of the EventStoreDB adapter, without a server: the regular expression
 * built from the port's prefixes must keep exactly what `matchesFilter` keeps (minus system
 * names, which never reach the port). EventStoreDB evaluates it with .NET's Regex; the escaping
 * only uses forms that mean the same there and in JavaScript without the `u` flag, which is what
 * these tests compile it with.
 */
import { describe, expect, it } from 'vitest';
import { escapeRegexLiteral, planServerFilter, prefixRegex } from '../../src/eventstore/esdb/server-filter.ts';
import { matchesFilter } from '../../src/eventstore/port.ts';

const compile = (regex: string) => new RegExp(regex);
const keeps = (regex: string, name: string) => compile(regex).test(name);

describe('escapeRegexLiteral', () => {
  const awkward = [
    'Invoice.Issued',
    'a+b*c?',
    'x|y',
    '(group)[class]{1,2}',
    '^anchored$',
    'back\\slash',
    'hash#tag',
    'with space\tand tab\nand newline',
    'árvíztűrő tükörfúrógép',
    'emoji 😀 pair',
    'dash-slash/colon:comma,quote\'"<>=!@%&~`;',
    '\u0000nul\u007fdel',
  ];

  it.each(awkward)('matches %j exactly and nothing else', (text) => {
    const exact = compile(`^${escapeRegexLiteral(text)}$`);
    expect(exact.test(text)).toBe(true);
    expect(exact.test(`${text}x`)).toBe(false);
    expect(exact.test(`x${text}`)).toBe(false);
    if (text.length > 1) expect(exact.test(text.slice(1))).toBe(false);
  });

  it('leaves letters, digits and plain punctuation as they are and escapes metacharacters with a backslash', () => {
    expect(escapeRegexLiteral('InvoiceIssued_v2-3')).toBe('InvoiceIssued_v2-3');
    expect(escapeRegexLiteral('a.b')).toBe('a\\.b');
    expect(escapeRegexLiteral('\\*+?|{}[]()^$.#')).toBe('\\\\\\*\\+\\?\\|\\{\\}\\[\\]\\(\\)\\^\\$\\.\\#');
  });

  it('writes whitespace, control and non-ASCII characters as \\uXXXX, one UTF-16 unit each', () => {
    expect(escapeRegexLiteral(' ')).toBe('\\u0020');
    expect(escapeRegexLiteral('\n')).toBe('\\u000a');
    expect(escapeRegexLiteral('é')).toBe('\\u00e9');
    expect(escapeRegexLiteral('😀')).toBe('\\ud83d\\ude00');
    // Nothing outside printable ASCII is left in the expression sent to the server.
    expect(escapeRegexLiteral('árvíz 😀\t')).toMatch(/^[\x21-\x7e]*$/);
  });

  it('does not let a dot stand for any character', () => {
    const regex = prefixRegex(['Invoice.Issued']);
    expect(keeps(regex, 'Invoice.Issued')).toBe(true);
    expect(keeps(regex, 'InvoiceXIssued')).toBe(false);
  });
});

describe('prefixRegex', () => {
  it('keeps the names that start with one of the prefixes, as matchesFilter does', () => {
    const prefixes = ['InvoiceDrafted', 'InvoiceIssued', 'Client.Registered', 'Usage(v2)', 'a+b'];
    const regex = prefixRegex(prefixes);
    const names = [
      'InvoiceDrafted',
      'InvoiceDraftedAgain',
      'InvoiceIssued',
      'Invoice',
      'InvoiceCredited',
      'Client.Registered',
      'ClientXRegistered',
      'Usage(v2)Rated',
      'Usagev2',
      'a+b',
      'aab',
      'xInvoiceDrafted',
      '',
    ];
    for (const name of names) {
      expect(keeps(regex, name), name).toBe(matchesFilter({ eventTypePrefixes: prefixes }, 'stream-1', name));
    }
  });

  it('never keeps system names, even for a prefix that asks for them or the empty prefix', () => {
    expect(keeps(prefixRegex(['$']), '$stats')).toBe(false);
    expect(keeps(prefixRegex(['$et-', 'Invoice']), '$et-Invoice')).toBe(false);
    expect(keeps(prefixRegex(['']), '$metadata')).toBe(false);
    expect(keeps(prefixRegex(['']), 'Anything')).toBe(true);
    expect(keeps(prefixRegex(['', 'Invoice']), 'Other')).toBe(true);
  });

  it('keeps nothing for an empty list', () => {
    const regex = prefixRegex([]);
    for (const name of ['', 'Invoice', '$stats']) expect(keeps(regex, name)).toBe(false);
  });

  it('handles many types in one expression, each matched exactly as a prefix', () => {
    const types = Array.from({ length: 500 }, (_, i) => `Billing.Event${i}.Happened`);
    const regex = prefixRegex([...types, ...types]);
    // Duplicates are dropped: one alternative per type.
    expect(regex.split('|').length).toBe(500);
    const compiled = compile(regex);
    for (const type of types) expect(compiled.test(type)).toBe(true);
    expect(compiled.test('Billing.Event500.Happened')).toBe(false);
    expect(compiled.test('BillingXEvent1.Happened')).toBe(false);
    // A prefix keeps longer names, as in the port (consumers drop the extra types themselves).
    expect(compiled.test('Billing.Event1.HappenedTwice')).toBe(true);
  });
});

describe('planServerFilter', () => {
  it('asks nothing of the server without a filter or without prefixes', () => {
    expect(planServerFilter(undefined)).toEqual({ kind: 'none' });
    expect(planServerFilter({})).toEqual({ kind: 'none' });
  });

  it('knows without the server that an empty prefix list keeps nothing', () => {
    expect(planServerFilter({ eventTypePrefixes: [] })).toEqual({ kind: 'empty' });
    expect(planServerFilter({ streamPrefixes: [], eventTypePrefixes: ['Invoice'] })).toEqual({ kind: 'empty' });
    expect(matchesFilter({ eventTypePrefixes: [] }, 'invoice-1', 'InvoiceIssued')).toBe(false);
  });

  it('filters event types on the server when only they are given', () => {
    const plan = planServerFilter({ eventTypePrefixes: ['InvoiceIssued', 'CreditNote.Issued'] });
    expect(plan).toEqual({ kind: 'regex', on: 'eventType', regex: '^(?!\\$)(?:InvoiceIssued|CreditNote\\.Issued)' });
  });

  it('sends the stream prefixes when both are given (the types are re-checked client-side)', () => {
    const plan = planServerFilter({ streamPrefixes: ['invoice-'], eventTypePrefixes: ['Invoice'] });
    expect(plan).toEqual({ kind: 'regex', on: 'streamName', regex: '^(?!\\$)(?:invoice-)' });
  });
});
