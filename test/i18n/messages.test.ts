/**
 * Issue 13: billstream's translations (src/i18n/locales/<language>/*.ftl) are complete and sound:
 * every message of one language exists in every other, each formats without a Fluent error in
 * every variant, the code asks only for messages that exist; a language or a message that is
 * missing falls back to English; numbers, amounts and dates are written for the locale.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import { availableLanguages, translationsIn, translatorFor, type MessageArgs } from '../../src/i18n/translator.ts';
import { invoiceTexts, vatMention } from '../../src/i18n/invoice-texts.ts';
import { VAT_MENTION_KEYS } from '../../src/tax/vat.ts';
import { SERVICE_VAT_OVERRIDES } from '../../src/tax/vat-rates.ts';

const LOCALES = path.resolve('src/i18n/locales');
const LANGUAGES = availableLanguages();

/** A Fluent expression of @fluent/bundle's own syntax tree, as far as these checks read it. */
type Expression = { type: string; name?: string; value?: unknown; selector?: Expression; variants?: { key: { value: unknown }; value: Pattern }[]; args?: Expression[] };
type Pattern = string | (string | Expression)[];

/** The variables a pattern reads, and for each selector variable the variant keys it selects on. */
function variablesOf(pattern: Pattern | null | undefined, vars = new Set<string>(), selectors = new Map<string, Set<string>>()) {
  const walk = (e: string | Expression): void => {
    if (typeof e === 'string') return;
    if (e.type === 'var') vars.add(e.name!);
    if (e.type === 'select') {
      walk(e.selector!);
      if (e.selector!.type === 'var') {
        const keys = selectors.get(e.selector!.name!) ?? new Set<string>();
        for (const variant of e.variants!) keys.add(String(variant.key.value));
        selectors.set(e.selector!.name!, keys);
      }
      for (const variant of e.variants!) variablesOf(variant.value, vars, selectors);
    }
    for (const arg of e.args ?? []) walk(arg);
  };
  if (Array.isArray(pattern)) pattern.forEach(walk);
  return { vars, selectors };
}

function bundleOf(language: string): { bundle: FluentBundle; files: Map<string, string[]> } {
  const bundle = new FluentBundle(language, { useIsolating: false });
  const files = new Map<string, string[]>();
  for (const file of fs.readdirSync(path.join(LOCALES, language)).filter((f) => f.endsWith('.ftl')).sort()) {
    const resource = new FluentResource(fs.readFileSync(path.join(LOCALES, language, file), 'utf8'));
    expect(bundle.addResource(resource), `${language}/${file}`).toEqual([]);
    files.set(file, resource.body.filter((entry) => !entry.id.startsWith('-')).map((entry) => entry.id));
  }
  return { bundle, files };
}

describe('the translations', () => {
  const english = bundleOf('en');

  it('are English, Hungarian, German and French at least', () => {
    expect(LANGUAGES).toEqual(expect.arrayContaining(['en', 'hu', 'de', 'fr']));
  });

  it('load: every file parses whole, and no id is defined twice in a language', () => {
    for (const language of LANGUAGES) expect(() => translatorFor(language).t('vat-mention-AE'), language).not.toThrow();
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every message of English in the same file, and no other', (language) => {
    const { files } = bundleOf(language);
    expect([...files.keys()]).toEqual([...english.files.keys()]);
    for (const [file, ids] of english.files) {
      const own = files.get(file) ?? [];
      expect(ids.filter((id) => !own.includes(id)), `missing in ${language}/${file}`).toEqual([]);
      expect(own.filter((id) => !ids.includes(id)), `only in ${language}/${file}`).toEqual([]);
    }
  });

  it.each(LANGUAGES)('%s formats every message in every variant without a Fluent error, reading only variables English gives', (language) => {
    const { bundle, files } = bundleOf(language);
    for (const id of [...files.values()].flat()) {
      const message = bundle.getMessage(id)!;
      expect(message.value, `${language} ${id} has a value`).not.toBeNull();
      const reference = variablesOf(english.bundle.getMessage(id)?.value as Pattern);
      const { vars, selectors } = variablesOf(message.value as Pattern);
      expect([...vars].filter((v) => !reference.vars.has(v)), `${language} ${id} reads a variable English does not`).toEqual([]);
      // A selector of this language knows every case English tells apart (none falls to the default unseen).
      for (const [name, keys] of reference.selectors) {
        const own = selectors.get(name);
        if (own) expect([...keys].filter((k) => !own.has(k)), `${language} ${id} $${name}`).toEqual([]);
      }
      const sample = (name: string): string | number => (/^(days|daysInPeriod|count|invoices|rate)$/.test(name) ? 3 : `«${name}»`);
      const base: MessageArgs = Object.fromEntries([...reference.vars, ...vars].map((name) => [name, sample(name)]));
      const cases: MessageArgs[] = [base];
      for (const [name, keys] of selectors) for (const key of keys) cases.push({ ...base, [name]: /^\d+$/.test(key) ? Number(key) : key });
      for (const args of cases) {
        const errors: Error[] = [];
        const text = bundle.formatPattern(message.value!, args, errors);
        expect(errors.map((e) => e.message), `${language} ${id} ${JSON.stringify(args)}`).toEqual([]);
        expect(text.trim(), `${language} ${id}`).not.toBe('');
        expect(text, `${language} ${id}: a variable left unformatted`).not.toMatch(/\{\s*\$/);
      }
    }
  });

  it('have every message the source asks for by name', () => {
    const asked = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts')) for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-z][\w-]*)'/g)) asked.add(m[1]!);
      }
    };
    for (const dir of ['src', 'tools']) walk(path.resolve(dir));
    expect(asked.size).toBeGreaterThan(5);
    expect([...asked].filter((id) => !english.bundle.hasMessage(id))).toEqual([]);
  });

  it('have the legal mention of every mention key a VAT treatment can give, in every language', () => {
    const keys = new Set<string>(VAT_MENTION_KEYS);
    for (const byCategory of Object.values(SERVICE_VAT_OVERRIDES)) {
      for (const rows of Object.values(byCategory)) for (const row of rows ?? []) if (row.treatment.kind === 'exempt') keys.add(row.treatment.mentionKey);
    }
    for (const language of LANGUAGES) {
      const { bundle } = bundleOf(language);
      expect([...keys].filter((key) => !bundle.hasMessage(`vat-mention-${key}`)), language).toEqual([]);
    }
    // Reverse charge says "Reverse charge" whatever the language (RULES.md 13).
    for (const language of LANGUAGES) expect(vatMention('AE', language)).toContain('Reverse charge');
    expect(vatMention('S', 'hu')).toBeNull();
    expect(() => vatMention('K', 'en')).toThrow(/"K"/);
  });
});

describe('translatorFor', () => {
  it('reads the primary language of a tag, in any case, with its region for numbers and dates', () => {
    const hu = translatorFor('hu-HU');
    expect([hu.language, hu.locale, hu.fallback, hu.requested]).toEqual(['hu', 'hu-HU', false, 'hu-HU']);
    expect(translatorFor('DE_at').language).toBe('de');
    expect(translatorFor('FR').t('vat-mention-AE')).toBe('Autoliquidation / Reverse charge');
  });

  it('writes a language without translations in English, and says so', () => {
    for (const tag of ['it', 'es-ES', '', 'x-klingon']) {
      const it = translatorFor(tag);
      expect([it.language, it.fallback], tag).toEqual(['en', true]);
      expect(it.t('vat-mention-O')).toBe('Outside the scope of EU VAT');
      expect(it.money('1234.5', 'EUR')).toBe('€1,234.50');
    }
    expect(translatorFor('en').fallback).toBe(false);
  });

  it('writes a message a language lacks in English, and refuses an unknown message or a missing argument', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-i18n-'));
    fs.mkdirSync(path.join(dir, 'en'));
    fs.mkdirSync(path.join(dir, 'hu'));
    fs.writeFileSync(path.join(dir, 'en', 'a.ftl'), 'hello = Hello { $name }\nonly-english = Only in English\n');
    fs.writeFileSync(path.join(dir, 'en', 'b.ftl'), 'second-file = Read too\n');
    fs.writeFileSync(path.join(dir, 'hu', 'a.ftl'), 'hello = Szia { $name }\n');
    const translations = translationsIn(dir);
    const hu = translations.translatorFor('hu');
    expect([hu.t('hello', { name: 'Anna' }), hu.t('only-english'), hu.t('second-file'), hu.fallback]).toEqual(['Szia Anna', 'Only in English', 'Read too', false]);
    expect(translations.messageIds('en')).toEqual(new Map([['a.ftl', ['hello', 'only-english']], ['b.ftl', ['second-file']]]));
    expect(() => hu.t('nowhere')).toThrow(/no message nowhere/);
    expect(() => hu.t('hello')).toThrow(/name/);
  });

  it('refuses a file with a message that does not parse, or an id defined twice', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-i18n-'));
    fs.mkdirSync(path.join(dir, 'en'));
    fs.writeFileSync(path.join(dir, 'en', 'a.ftl'), 'good = Good\nbroken = { $x\n');
    expect(() => translationsIn(dir).translatorFor('en')).toThrow(/a\.ftl: 1 message\(s\) do not parse/);
    fs.writeFileSync(path.join(dir, 'en', 'a.ftl'), 'good = Good\n');
    fs.writeFileSync(path.join(dir, 'en', 'b.ftl'), 'good = Again\n');
    expect(() => translationsIn(dir).translatorFor('en')).toThrow(/b\.ftl: .*good/);
  });
});

describe('numbers, amounts and dates for the locale', () => {
  const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

  it('writes amounts with the currency\'s minor unit, from the decimal string, never losing a digit', () => {
    const money = (language: string, amount: string, currency: string) => nbsp(translatorFor(language).money(amount, currency));
    expect(money('en', '1234.5', 'EUR')).toBe('€1,234.50');
    expect(money('de', '1234.5', 'EUR')).toBe('1.234,50 €');
    expect(money('fr', '1234.5', 'EUR')).toBe('1 234,50 €');
    expect(money('hu', '1234.5', 'EUR')).toBe('1234,50 EUR');
    // Intl writes HUF with no decimals in Hungarian; an invoice's HUF amounts have two (ISO 4217).
    // Hungarian does not group four digits.
    expect(money('hu', '1234.5', 'HUF')).toBe('1234,50 Ft');
    expect(money('hu', '12345', 'HUF')).toBe('12 345,00 Ft');
    expect(money('en', '-3.84', 'EUR')).toBe('-€3.84');
    expect(money('en', '1235', 'JPY')).toBe('¥1,235');
    expect(money('de', '1.234', 'KWD')).toBe('1,234 KWD');
    // More digits than the minor unit (a unit price) are kept; 20 digits survive whole.
    expect(money('en', '0.0012', 'EUR')).toBe('€0.0012');
    expect(money('de', '12345678901234567890.12', 'EUR')).toBe('12.345.678.901.234.567.890,12 €');
  });

  it('writes numbers with every decimal they have', () => {
    expect(translatorFor('en').number('1234.5678')).toBe('1,234.5678');
    expect(nbsp(translatorFor('fr').number('1234.5'))).toBe('1 234,5');
    expect(translatorFor('de').number('27')).toBe('27');
    expect(translatorFor('de').number('37.30')).toBe('37,30');
    expect(translatorFor('en').number('-0.0012')).toBe('-0.0012');
    expect(translatorFor('en').number('1e-7')).toBe('0.0000001');
    expect(translatorFor('hu').number(0.125)).toBe('0,125');
  });

  it('writes dates with the month\'s name, or in digits (English in ISO 8601)', () => {
    const dates = (style: 'long' | 'numeric') => ['en', 'hu', 'de', 'fr'].map((l) => translatorFor(l).date('2026-03-31', style));
    expect(dates('long')).toEqual(['March 31, 2026', '2026. március 31.', '31. März 2026', '31 mars 2026']);
    expect(dates('numeric')).toEqual(['2026-03-31', '2026. 03. 31.', '31.03.2026', '31/03/2026']);
    // The date of a timestamp is its own (UTC) date, whatever the machine's time zone.
    expect(translatorFor('de').date('2026-12-31T23:30:00Z', 'numeric')).toBe('31.12.2026');
    expect(() => translatorFor('en').date('31.03.2026')).toThrow(RangeError);
  });
});

describe('invoice texts', () => {
  const usage = { type: 'voice', destination: 'Germany mobile', band: 'peak' };
  const part = { name: 'Line rental', credit: false, start: '2026-03-10', last: '2026-03-31', days: 22, daysInPeriod: 31 };

  it('keep the English texts billstream wrote before it had translations', () => {
    const en = invoiceTexts(translatorFor('en'));
    expect(en.usage(usage)).toBe('voice · Germany mobile · peak');
    expect(en.usage({ type: 'sms', destination: null, band: null })).toBe('sms');
    expect(en.recurring(part)).toBe('Line rental 2026-03-10–2026-03-31 (22/31 days)');
    expect(en.recurring({ ...part, credit: true, days: 31 })).toBe('Line rental, unused days credited 2026-03-10–2026-03-31');
    expect(en.creditedLine('Setup', 'DE1-2026-000001')).toBe('Setup (credit of DE1-2026-000001)');
  });

  it('write every word in the client\'s language, the destination as the deck names it', () => {
    expect(['hu', 'de', 'fr'].map((l) => invoiceTexts(translatorFor(l)).usage(usage))).toEqual([
      'hívás · Germany mobile · csúcsidő', 'Telefonie · Germany mobile · Hauptzeit', 'appels · Germany mobile · heures pleines',
    ]);
    expect(['hu', 'de', 'fr'].map((l) => invoiceTexts(translatorFor(l)).recurring({ ...part, name: 'X', credit: true }))).toEqual([
      'X, fel nem használt napok jóváírása 2026. 03. 10. – 2026. 03. 31. (22/31 nap)',
      'X, Gutschrift nicht genutzter Tage 10.03.2026–31.03.2026 (22/31 Tage)',
      'X, jours non utilisés crédités du 10/03/2026 au 31/03/2026 (22/31 jours)',
    ]);
    // A usage type or band no translation knows is written as its code.
    expect(invoiceTexts(translatorFor('de')).usage({ type: 'fax', destination: null, band: 'night' })).toBe('fax · night');
  });
});
