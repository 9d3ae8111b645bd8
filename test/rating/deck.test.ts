import { describe, expect, it } from 'vitest';
import { Deck, DeckError, parseDeck, type DeckRowInput } from '../../src/rating/deck.ts';
import { int, seeded } from './support.ts';

const HEADER = 'prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment';

async function* chunks(text: string, size = 7): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const row = (prefix: string, destination: string, extra: Partial<DeckRowInput> = {}): DeckRowInput => ({
  prefix,
  destination,
  peakPerMinute: '0.10',
  firstIncrement: 60,
  nextIncrement: 60,
  ...extra,
});

describe('RULES 2 destination: longest prefix match', () => {
  const deck = Deck.fromRows([row('49', 'Germany'), row('4930', 'Germany Berlin'), row('491', 'Germany mobile'), row('1', 'USA/Canada'), row('36', 'Hungary')]);

  it('picks the longest matching prefix', () => {
    expect(deck.destination(deck.match('4930123456'))).toBe('Germany Berlin');
    expect(deck.destination(deck.match('4940123456'))).toBe('Germany');
    expect(deck.destination(deck.match('4915112345'))).toBe('Germany mobile');
    expect(deck.destination(deck.match('4930'))).toBe('Germany Berlin'); // the prefix itself
    expect(deck.destination(deck.match('49'))).toBe('Germany');
    expect(deck.destination(deck.match('12125550100'))).toBe('USA/Canada');
  });

  it('normalizes: separators removed, then a leading + or 00 dropped, so +4930123, 004930123 and 4930123 match alike', () => {
    const berlin = deck.match('4930123');
    expect(deck.match('+4930123')).toBe(berlin);
    expect(deck.match('004930123')).toBe(berlin);
    expect(deck.match('+49 30-123-45')).toBe(berlin);
    // Parentheses are separators too, as docs/formats.md lets called_number be written.
    expect(deck.match('+49 (30) 123-45')).toBe(berlin);
    // The international prefix among separators, as switches write it: separators go first.
    expect(deck.match('(0049) 30 123')).toBe(berlin);
    expect(deck.match('(00)4930123')).toBe(berlin);
    expect(deck.match('0 0 49 30 123')).toBe(berlin);
    expect(deck.match('(+49) 30 123')).toBe(berlin);
    // A dot is not a separator: the usage import refuses it (docs/formats.md), rating matches nothing.
    expect(deck.match('+49.30.123')).toBe(-1);
    expect(Deck.normalize('+49 30-123')).toBe('4930123');
    expect(Deck.normalize('+49 (30) 123')).toBe('4930123');
    expect(Deck.normalize('004930123')).toBe('4930123');
    expect(Deck.normalize('(0043) 1-888')).toBe('431888');
    expect(Deck.normalize('49 30 +1')).toBeNull(); // a + after a digit
  });

  it('no match is -1 (the record is unresolved: no-rate)', () => {
    expect(deck.match('+44207946000')).toBe(-1);
    expect(deck.match('')).toBe(-1);
    expect(deck.match('+')).toBe(-1);
    expect(deck.match('00')).toBe(-1);
    expect(deck.match('anonymous')).toBe(-1);
    expect(deck.match('+49*30')).toBe(-1);
    expect(deck.match('0036 1')).toBe(deck.match('361'));
    expect(deck.match('036')).toBe(-1); // one leading 0 is a digit like any other
  });

  it('agrees with a brute-force longest-prefix search over random decks', () => {
    const random = seeded(42);
    for (let round = 0; round < 5; round++) {
      const prefixes = new Set<string>();
      while (prefixes.size < 2000) {
        let p = String(int(random, 1, 9));
        const length = int(random, 1, 7);
        while (p.length < length) p += String(int(random, 0, 9));
        prefixes.add(p);
      }
      const list = [...prefixes];
      const d = Deck.fromRows(list.map((p) => row(p, `d${p}`)));
      for (let k = 0; k < 3000; k++) {
        let dialled = String(int(random, 1, 9));
        while (dialled.length < 11) dialled += String(int(random, 0, 9));
        let expected = -1;
        let best = 0;
        list.forEach((p, i) => {
          if (dialled.startsWith(p) && p.length > best) {
            best = p.length;
            expected = i;
          }
        });
        expect(d.match(dialled)).toBe(expected);
      }
    }
  });
});

describe('RULES 2 destination: deck files', () => {
  it('reads a deck with columns in any order, defaults for the optional cells, prices in nano-units', async () => {
    const text = [
      'destination,prefix,first_increment,next_increment,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,',
      'Hungary,36,60,60,0.0125,0.01,,,',
      'Hungary Budapest,361,30,6,0.02,,0.05,30,',
      '"Germany, Berlin",4930,1,1,0.000000001,0,0,0,',
    ].join('\r\n');
    const { deck, errors } = await parseDeck(chunks(text), 'decks/voice-eur.csv');
    expect(errors).toEqual([]);
    expect(deck).not.toBeNull();
    const budapest = deck!.match('+3612345678');
    expect(deck!.row(budapest)).toEqual({
      prefix: '361',
      destination: 'Hungary Budapest',
      peakPerMinuteNano: 20_000_000,
      offpeakPerMinuteNano: 20_000_000, // empty offpeak: the peak price
      connectFeeNano: 50_000_000,
      minSeconds: 30,
      firstIncrement: 30,
      nextIncrement: 6,
      line: 3,
    });
    const hu = deck!.match('3622');
    expect([deck!.connectFeeNano(hu), deck!.minSeconds(hu), deck!.offpeakPerMinuteNano(hu)]).toEqual([0, 0, 10_000_000]);
    expect(deck!.destination(deck!.match('004930'))).toBe('Germany, Berlin');
    expect(deck!.rowText(budapest).peak_per_minute).toBe('0.02');
    expect(deck!.size).toBe(3);
    expect(deck!.source).toBe('decks/voice-eur.csv');
  });

  it('rejects duplicate prefixes, naming the line of the first', async () => {
    const text = [HEADER, '36,Hungary,0.01,0.01,0,0,60,60', '49,Germany,0.02,0.01,0,0,60,60', '36,Hungary again,0.01,0.01,0,0,60,60'].join('\n');
    const { deck, errors } = await parseDeck(chunks(text), 'd.csv');
    expect(deck).toBeNull();
    expect(errors).toEqual([{ file: 'd.csv', line: 4, column: 1, reason: 'duplicate prefix 36 (first on line 2)' }]);
  });

  it('rejects non-digit prefixes with line and column', async () => {
    const text = ['destination,prefix,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment', 'Germany,+49,0.1,0.1,0,0,60,60', 'UK,44 20,0.1,0.1,0,0,60,60', 'X,4a,0.1,0.1,0,0,60,60', 'Y,,0.1,0.1,0,0,60,60'].join('\n');
    const { deck, errors } = await parseDeck(chunks(text), 'd.csv');
    expect(deck).toBeNull();
    expect(errors.map((e) => [e.line, e.column])).toEqual([[2, 2], [3, 2], [4, 2], [5, 2]]);
    expect(errors[0]!.reason).toMatch(/prefix "\+49" must be digits only/);
    expect(errors[3]!.reason).toBe('prefix is required');
  });

  it('rejects bad prices and increments, every problem of a row with its column', async () => {
    const text = [
      HEADER,
      '36,Hungary,-0.01,0.1234567891,abc,0,60,60',
      '49,Germany,0.1,0.1,0,-1,0,1.5',
      '44,UK,,0.1,0,0,,6',
      '43,Austria,0.1,0.1,0,0,60,60',
    ].join('\n');
    const { deck, errors } = await parseDeck(chunks(text), 'd.csv');
    expect(deck).toBeNull();
    expect(errors.map((e) => `${e.line}:${e.column}`)).toEqual(['2:3', '2:4', '2:5', '3:6', '3:7', '3:8', '4:3', '4:7']);
    expect(errors[0]!.reason).toMatch(/peak_per_minute: price "-0.01" is negative/);
    expect(errors[1]!.reason).toMatch(/10 decimals/);
    expect(errors[4]!.reason).toBe('first_increment "0" must be a whole number of seconds from 1 to 86400');
    expect(errors[5]!.reason).toBe('next_increment "1.5" must be a whole number of seconds from 1 to 86400');
    expect(errors[6]!.reason).toBe('peak_per_minute is required');
  });

  it('a missing column is a header error', async () => {
    const text = ['prefix,destination,peak_per_minute,connect_fee,min_seconds,first_increment', '36,Hungary,0.1,0,0,60'].join('\n');
    const { deck, errors } = await parseDeck(chunks(text), 'd.csv');
    expect(deck).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'd.csv', line: 1, column: 1 });
    expect(errors[0]!.reason).toMatch(/missing columns offpeak_per_minute, next_increment/);
  });

  it('an unknown column is a header error (a misspelt one with its likely name); a deck stored before that still reads', async () => {
    const text = [HEADER.replace('connect_fee', 'conect_fee') + ',note', '36,Hungary,0.1,0.1,0,0,60,60,capital'].join('\n');
    const { deck, errors } = await parseDeck(chunks(text), 'd.csv');
    expect(deck).toBeNull();
    expect(errors.map((e) => [e.file, e.line, e.column])).toEqual([['d.csv', 1, 1], ['d.csv', 1, 5], ['d.csv', 1, 9]]);
    expect(errors[0]!.reason).toMatch(/^missing column connect_fee/);
    expect(errors[1]!.reason).toMatch(/^unknown column conect_fee, did you mean connect_fee\? \(expected one of: prefix, destination, /);
    expect(errors[2]!.reason).toMatch(/^unknown column note \(expected one of: /);
    const stored = await parseDeck(chunks([HEADER + ',note,', '36,Hungary,0.1,0.1,0,0,60,60,capital,x'].join('\n')), 'd.csv', { stored: true });
    expect(stored.errors).toEqual([]);
    expect(stored.deck!.size).toBe(1);
  });

  it('a value in a column without a name rejects its row', async () => {
    const { deck, errors } = await parseDeck(chunks([HEADER + ',', '36,Hungary,0.1,0.1,0,0,60,60,', '49,Germany,0.1,0.1,0,0,60,60,x'].join('\n')), 'd.csv');
    expect(deck).toBeNull();
    expect(errors).toEqual([{ file: 'd.csv', line: 3, column: 9, reason: 'a value in a column without a name (header column 9)' }]);
  });

  it('an unreadable row and an empty deck are errors too', async () => {
    const broken = await parseDeck(chunks([HEADER, '36,"Hungary,0.1,0.1,0,0,60,60'].join('\n')), 'd.csv');
    expect(broken.deck).toBeNull();
    expect(broken.errors[0]!.reason).toMatch(/unterminated quoted field/);
    const empty = await parseDeck(chunks(HEADER + '\n'), 'd.csv');
    expect(empty.deck).toBeNull();
    expect(empty.errors[0]).toMatchObject({ line: 1, column: 1, reason: 'the deck has no rate rows' });
  });

  it('Deck.fromRows validates like the file reader', () => {
    expect(() => Deck.fromRows([row('36', 'Hungary'), row('36', 'Hungary')])).toThrow(DeckError);
    try {
      Deck.fromRows([row('36', 'Hungary'), row('x', 'X', { firstIncrement: 0 })]);
      expect.unreachable();
    } catch (error) {
      expect((error as DeckError).problems.map((p) => [p.line, p.column])).toEqual([[2, 1], [2, 7]]);
    }
  });
});
