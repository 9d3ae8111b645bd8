/**
 * Validates UBL e-invoices the way a receiving access point would: against the OASIS UBL 2.1
 * schemas with xmllint (Debian `libxml2-utils`) and against the EN 16931 business rules (the
 * compiled schematron in vendor/en16931) with Saxon-HE (Debian `libsaxonhe-java`). Each tool
 * runs once for many files: Java takes seconds to start, the rules are compiled once per run.
 * A missing tool is reported as a reason to skip, never as a pass.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

export const UBL_SCHEMAS = {
  Invoice: path.join(ROOT, 'vendor/ubl-2.1/xsd/maindoc/UBL-Invoice-2.1.xsd'),
  CreditNote: path.join(ROOT, 'vendor/ubl-2.1/xsd/maindoc/UBL-CreditNote-2.1.xsd'),
} as const;
export const EN16931_RULES = path.join(ROOT, 'vendor/en16931/EN16931-UBL-validation.xslt');
export const SAXON_JAR = process.env.SAXON_JAR ?? '/usr/share/java/Saxon-HE.jar';

const works = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/** Why the schema check cannot run here, or null when it can. */
export function xmllintMissing(): string | null {
  return works('xmllint', ['--version']) ? null : 'xmllint is not installed (Debian: apt-get install libxml2-utils)';
}

/** Why the EN 16931 check cannot run here, or null when it can. */
export function saxonMissing(): string | null {
  if (!works('java', ['-version'])) return 'Java is not installed (Debian: apt-get install default-jre-headless libsaxonhe-java)';
  if (!fs.existsSync(SAXON_JAR)) return `Saxon-HE is not installed at ${SAXON_JAR} (Debian: apt-get install libsaxonhe-java, or set SAXON_JAR)`;
  return null;
}

/** Schema errors per file (empty: the file validates), from one xmllint run. */
export async function schemaErrors(files: string[], schema: string): Promise<Map<string, string[]>> {
  const errors = new Map(files.map((f) => [f, [] as string[]]));
  if (files.length === 0) return errors;
  const stderr = await run('xmllint', ['--noout', '--schema', schema, ...files], { maxBuffer: 64 * 1024 * 1024 })
    .then(({ stderr }) => stderr, (error: { stderr?: string }) => error.stderr ?? String(error));
  for (const line of stderr.split('\n')) {
    if (line.trim() === '' || line.endsWith(' validates')) continue;
    const file = files.find((f) => line.startsWith(`${f}:`) || line.startsWith(`${f} `));
    if (file) {
      if (!line.endsWith(' fails to validate')) errors.get(file)!.push(line.slice(file.length + 1).trim());
    } else {
      // A schema that fails to load names no file: every file is unchecked, so every file fails.
      for (const list of errors.values()) list.push(line);
    }
  }
  return errors;
}

export interface RuleFailure {
  id: string;
  text: string;
  location: string;
}

export interface RuleReport {
  fatal: RuleFailure[];
  warnings: RuleFailure[];
}

const attribute = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1] ?? '';
const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The failed assertions of one SVRL report (the schematron's output). */
export function svrlFailures(svrl: string): RuleReport {
  const report: RuleReport = { fatal: [], warnings: [] };
  for (const match of svrl.matchAll(/<svrl:failed-assert\b([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g)) {
    const tag = match[1]!;
    const text = unescape((match[2]!.match(/<svrl:text>([\s\S]*?)<\/svrl:text>/)?.[1] ?? '').replace(/\s+/g, ' ').trim());
    const failure = { id: attribute(tag, 'id'), text, location: unescape(attribute(tag, 'location')) };
    (attribute(tag, 'flag') === 'fatal' ? report.fatal : report.warnings).push(failure);
  }
  return report;
}

/**
 * The EN 16931 rules each XML file of `dir` fails, by file name, from one Saxon run over the
 * whole folder. A file Saxon could not transform at all is reported as one fatal failure.
 */
export async function en16931Reports(dir: string): Promise<Map<string, RuleReport>> {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
  const out = fs.mkdtempSync(path.join(path.dirname(dir), 'svrl-'));
  const result = await run('java', ['-cp', SAXON_JAR, 'net.sf.saxon.Transform', `-s:${dir}`, `-xsl:${EN16931_RULES}`, `-o:${out}`], { maxBuffer: 64 * 1024 * 1024 })
    .then(() => null, (error: { stderr?: string }) => error.stderr ?? String(error));
  const reports = new Map<string, RuleReport>();
  for (const file of files) {
    const svrl = path.join(out, file);
    reports.set(file, fs.existsSync(svrl)
      ? svrlFailures(fs.readFileSync(svrl, 'utf8'))
      : { fatal: [{ id: 'saxon', text: `not validated: ${(result ?? 'no report written').slice(0, 500)}`, location: file }], warnings: [] });
  }
  return reports;
}

/** One line per failed rule, for an assertion message that says what to fix. */
export function describeFailures(failures: RuleFailure[]): string {
  return failures.map((f) => `${f.id}: ${f.text.slice(0, 240)} at ${f.location}`).join('\n');
}
