/**
 * VAT ids: the check digit of every EU member state, each with real ids found published by the
 * companies themselves (the valid ones) and the same ids with a digit changed (the invalid ones).
 * The valid ones were also checked against two independent implementations (python-stdnum and
 * jsvat-next); the invalid ones are those python-stdnum's own tests refuse, or that both refuse.
 */
import { describe, expect, it } from 'vitest';
import { normalizeVatId, vatIdProblem } from '../../src/core/vat-id.ts';

const VECTORS: Record<string, { name: string; valid: string[]; invalid: string[] }> = {
  AT: { name: 'Austria', valid: ['ATU13585627', 'ATU46080404', 'ATU54300000'], invalid: ['ATU13585626', 'ATU46080904'] },
  BE: { name: 'Belgium', valid: ['BE0428759497', 'BE0897290877', 'BE0202239951'], invalid: ['BE0428759498', 'BE0697449982'] },
  // legal entity, a person's EGN, a foreigner's number
  BG: { name: 'Bulgaria', valid: ['BG175074752', 'BG7523169263', 'BG7111042925'], invalid: ['BG175074751', 'BG147147471', 'BG1037735942'] },
  CY: { name: 'Cyprus', valid: ['CY10259033P', 'CY10274231F', 'CY00632993F'], invalid: ['CY10259033Z', 'CY10246672F'] },
  // company, individual without a birth number (6...), birth number
  CZ: { name: 'Czechia', valid: ['CZ25123891', 'CZ640903926', 'CZ7103192745'], invalid: ['CZ25123890', 'CZ640913926', 'CZ8058018314'] },
  DE: { name: 'Germany', valid: ['DE136308783', 'DE811125440', 'DE812847601'], invalid: ['DE125014855', 'DE266297673'] },
  DK: { name: 'Denmark', valid: ['DK13585628', 'DK10150817', 'DK28107773'], invalid: ['DK13585629', 'DK10159817'] },
  EE: { name: 'Estonia', valid: ['EE100594102', 'EE100931558', 'EE101256753'], invalid: ['EE100594103', 'EE101256754'] },
  EL: { name: 'Greece', valid: ['EL094259216', 'EL094279805', 'EL998386804'], invalid: ['EL094259217', 'EL094501140'] },
  // CIF with a digit and with a letter, a resident's DNI, a foreigner's NIE
  ES: { name: 'Spain', valid: ['ESA78109592', 'ESQ2818015F', 'ES54362315K', 'ESX5253868R'], invalid: ['ES54362415K', 'ESA48951310', 'ESX2322300W'] },
  FI: { name: 'Finland', valid: ['FI20774740', 'FI09826511', 'FI02459042'], invalid: ['FI20774741', 'FI02459043'] },
  // old numeric key, new letter key, a Monaco company (000...)
  FR: { name: 'France', valid: ['FR40303265045', 'FRK7399859412', 'FR32000000330'], invalid: ['FR84323140391', 'FR04409414264', 'FRL7399859412'] },
  HR: { name: 'Croatia', valid: ['HR33392005961'], invalid: ['HR33392005962', 'HR33392005951'] },
  HU: { name: 'Hungary', valid: ['HU12345676', 'HU10672101', 'HU13852467'], invalid: ['HU12345678', 'HU10672102'] },
  // new form, new form with a second letter, the old form
  IE: { name: 'Ireland', valid: ['IE6433435F', 'IE6433435OA', 'IE8D79739I'], invalid: ['IE6433435E', 'IE6433435OB', 'IE8D79729I'] },
  IT: { name: 'Italy', valid: ['IT00743110157', 'IT02087050155', 'IT12920760159'], invalid: ['IT00743110158', 'IT02087050156'] },
  LT: { name: 'Lithuania', valid: ['LT119511515', 'LT100001919017', 'LT100004801610'], invalid: ['LT100001919018', 'LT119511516'] },
  LU: { name: 'Luxembourg', valid: ['LU15027442', 'LU20993674'], invalid: ['LU15027443', 'LU20993675'] },
  // legal entity, a person's code
  LV: { name: 'Latvia', valid: ['LV40003521600', 'LV90000528023', 'LV16117519997'], invalid: ['LV40003521601', 'LV90000528022'] },
  MT: { name: 'Malta', valid: ['MT11679112', 'MT20630321'], invalid: ['MT11679113', 'MT20630322'] },
  // an RSIN passing the 11-test, the id of a sole trader (modulo 97, since 2020)
  NL: { name: 'the Netherlands', valid: ['NL004495445B01', 'NL806753742B01', 'NL000099998B57'], invalid: ['NL123456789B90', 'NL806753743B01'] },
  PL: { name: 'Poland', valid: ['PL5261025421', 'PL7780104605'], invalid: ['PL5261025422', 'PL7780104606'] },
  PT: { name: 'Portugal', valid: ['PT501964843', 'PT502448911'], invalid: ['PT501964842', 'PT502448912'] },
  RO: { name: 'Romania', valid: ['RO18547290', 'RO1822964', 'RO573768'], invalid: ['RO18547291', 'RO1822965'] },
  SE: { name: 'Sweden', valid: ['SE556043606401', 'SE202100500001'], invalid: ['SE556043606501', 'SE202100500101'] },
  SI: { name: 'Slovenia', valid: ['SI50223054', 'SI26808498'], invalid: ['SI50223055', 'SI26808499'] },
  SK: { name: 'Slovakia', valid: ['SK2022749619', 'SK1078449064'], invalid: ['SK2022749618', 'SK1078449164'] },
};

describe('VAT id check digits', () => {
  it('covers every EU member state', () => {
    expect(Object.keys(VECTORS).sort()).toEqual(
      'AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' '),
    );
  });

  for (const [prefix, { name, valid, invalid }] of Object.entries(VECTORS)) {
    it(`${prefix}: accepts real ids and refuses a changed digit, naming ${name}`, () => {
      for (const id of valid) expect({ id, problem: vatIdProblem(id, 'US') }).toEqual({ id, problem: null });
      for (const id of invalid) expect({ id, problem: vatIdProblem(id, 'US') }).toEqual({ id, problem: `check digit does not match (${name})` });
    });
  }

  it('HU12345678 is refused, HU12345676 accepted, whatever the client country', () => {
    expect(vatIdProblem('HU12345678', 'HU')).toBe('check digit does not match (Hungary)');
    expect(vatIdProblem('HU12345678', 'DE')).toBe('check digit does not match (Hungary)');
    expect(vatIdProblem('HU12345676', 'HU')).toBeNull();
    expect(vatIdProblem('HU 1234-5676', 'HU')).toBeNull();
  });

  it('says what else is wrong, naming the country', () => {
    expect(vatIdProblem('DE12345', 'DE')).toBe('a German VAT id has 9 digits after DE, the first not 0');
    expect(vatIdProblem('DE011125440', 'DE')).toBe('a German VAT id has 9 digits after DE, the first not 0');
    expect(vatIdProblem('ATU1234567', 'AT')).toBe('an Austrian VAT id has U and 8 digits after AT');
    expect(vatIdProblem('NL806753742C01', 'NL')).toBe('a Dutch VAT id has 9 digits, B and 2 digits after NL');
    expect(vatIdProblem('NL009122746B00', 'NL')).toBe('a Dutch VAT id ends in B and a branch number from 01 to 99');
    expect(vatIdProblem('CY12259033P', 'CY')).toBe('a Cypriot VAT id does not start with 12');
    expect(vatIdProblem('CZ95123891', 'CZ')).toBe('a Czech VAT id of 8 digits (a company) does not start with 9');
    expect(vatIdProblem('IT00687129980', 'IT')).toMatch(/^an Italian VAT id has a tax office code .* not 998$/);
    expect(vatIdProblem('LT100001509922', 'LT')).toBe('a Lithuanian VAT id of 12 digits has 1 as its 11th digit');
    expect(vatIdProblem('LV16137519997', 'LV')).toMatch(/^a Latvian VAT id .* 161375 is not a birth date/);
    expect(vatIdProblem('SK2010237945', 'SK')).toBe('the 3rd digit of a Slovak VAT id is 2, 3, 4, 7, 8 or 9, not 1');
    expect(vatIdProblem('ESO1234567L', 'ES')).toMatch(/^a Spanish VAT id starts with a digit or one of the letters .*, not O$/);
  });

  it('Greece: the id has the prefix EL, the country code is GR', () => {
    expect(vatIdProblem('EL094259216', 'GR')).toBeNull();
    expect(vatIdProblem('GR094259216', 'GR')).toBe('a Greek VAT id starts with EL, not GR');
    expect(vatIdProblem('094259216', 'GR')).toBe('an EU VAT id starts with its country prefix (EL for Greece)');
  });

  it('an EU client without a prefix is told which prefix its country uses', () => {
    expect(vatIdProblem('12345676', 'HU')).toBe('an EU VAT id starts with its country prefix (HU for Hungary)');
  });

  it('a string that is no VAT id at all is said to be so, not read as the id of the country its letters spell', () => {
    expect(vatIdProblem('not a vat', 'HU')).toBe('not a VAT id: it has no digits');
    expect(vatIdProblem('not a vat', 'US')).toBe('not a VAT id: it has no digits');
    expect(vatIdProblem('12', 'US')).toBe('not a VAT id: it is too short');
    expect(vatIdProblem('', 'US')).toBe('not a VAT id: it is empty');
    expect(vatIdProblem('   ', 'HU')).toBe('not a VAT id: it is empty');
    expect(vatIdProblem('☃☃☃☃', 'US')).toBe('not a VAT id: "☃" is not a letter or digit');
    expect(vatIdProblem('ＨＵ１２３４５６７６', 'HU')).toBe('not a VAT id: "Ｈ" is not a letter or digit');
    expect(vatIdProblem('HU12345676/01', 'HU')).toBe('not a VAT id: "/" is not a letter or digit');
    expect(vatIdProblem('1234567890123456789012', 'US')).toBe('not a VAT id: it is longer than 20 characters');
  });

  it('outside the EU: the format of GB, XI, CH and NO ids, and any other tax number of letters and digits', () => {
    for (const id of ['GB980780684', 'GB123456789', 'GB123456789012', 'GBGD001', 'XI123456789', 'CHE123456789MWST', 'CHE123456789', 'NO123456789MVA']) {
      expect({ id, problem: vatIdProblem(id, 'GB') }).toEqual({ id, problem: null });
    }
    expect(vatIdProblem('GB12345', 'GB')).toBe('a British VAT id has 9 or 12 digits, or GD or HA and 3 digits, after GB');
    expect(vatIdProblem('XI12345', 'GB')).toBe('a Northern Irish VAT id has 9 or 12 digits, or GD or HA and 3 digits, after XI');
    expect(vatIdProblem('CHE12345', 'CH')).toBe('a Swiss VAT id has E and 9 digits after CH, optionally followed by MWST, TVA or IVA');
    expect(vatIdProblem('NO12345', 'NO')).toBe('a Norwegian VAT id has 9 digits after NO, optionally followed by MVA');
    expect(vatIdProblem('T1234567890123', 'JP')).toBeNull();
    expect(vatIdProblem('123456789', 'US')).toBeNull();
  });

  it('normalizes the spaces, dots and dashes people type', () => {
    expect(normalizeVatId(' hu 1234-56.76 ')).toBe('HU12345676');
  });
});
