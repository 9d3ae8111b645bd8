/**
 * The documentation ships with the product: README.md, docs/*.md and examples/README.md may link
 * only to files inside the project, every relative link must resolve (and its #anchor name a
 * heading of the target), and every `file: function` a page names must exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const DOCS = fs.readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);
const PAGES = ['README.md', 'examples/README.md', ...DOCS];
/** User-facing texts that must not send a reader outside the project either. */
const USER_FACING = [...PAGES, 'openapi.yaml'];

function read(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

/** The text without fenced code blocks and inline code spans: what a renderer turns into links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Markdown link targets: `[text](target)`, `[text](target "title")` and `<target>` autolinks. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const targets: string[] = [];
  for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(match[1]!);
  for (const match of text.matchAll(/<((?:https?:|mailto:)[^>\s]+)>/g)) targets.push(match[1]!);
  return targets;
}

/** GitHub's heading anchors: lower case, punctuation dropped (but `-` and `_`), spaces as `-`, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const match of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = match[1]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.add(count === 0 ? base : `${base}-${count}`);
  }
  return out;
}

function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target);
}

describe('documentation links', () => {
  it('has the three operator documents', () => {
    expect(DOCS).toEqual(expect.arrayContaining(['docs/formats.md', 'docs/billing-rules.md', 'docs/operations.md']));
  });

  it('README links to every page of docs/', () => {
    const targets = linkTargets(read('README.md')).map((t) => t.split('#')[0]);
    for (const page of DOCS) expect(targets, `README.md does not link ${page}`).toContain(page);
  });

  for (const file of USER_FACING) {
    it(`${file} does not point outside the project`, () => {
      const lines = read(file).split('\n');
      const outside = lines.flatMap((line, i) => (/\.\.\/shared\b|\/work\/shared\b/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
      expect(outside).toEqual([]);
    });
  }

  for (const file of PAGES) {
    it(`${file}: every relative link resolves inside the project`, () => {
      const problems: string[] = [];
      const dir = path.dirname(path.join(ROOT, file));
      for (const target of linkTargets(read(file))) {
        if (isExternal(target)) {
          if (target.startsWith('file:')) problems.push(`${target}: a file URL`);
          continue;
        }
        const [rawPath, anchor] = target.split('#') as [string, string | undefined];
        const pathPart = decodeURIComponent(rawPath);
        if (pathPart.startsWith('/')) {
          problems.push(`${target}: an absolute path`);
          continue;
        }
        const resolved = pathPart === '' ? path.join(ROOT, file) : path.resolve(dir, pathPart);
        const relative = path.relative(ROOT, resolved);
        if (relative.startsWith('..') || path.isAbsolute(relative)) {
          problems.push(`${target}: outside the project (${relative})`);
          continue;
        }
        if (!fs.existsSync(resolved)) {
          problems.push(`${target}: ${relative} does not exist`);
          continue;
        }
        if (anchor && resolved.endsWith('.md') && !anchors(fs.readFileSync(resolved, 'utf8')).has(anchor)) {
          problems.push(`${target}: ${relative} has no heading #${anchor}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  for (const file of DOCS) {
    it(`${file}: every \`file: function\` it names exists`, () => {
      const problems: string[] = [];
      for (const match of read(file).matchAll(/`((?:src|projections|sagas|tools)\/[^`:\s]+\.ts): ([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)`/g)) {
        const [, source, name] = match as unknown as [string, string, string];
        if (!fs.existsSync(path.join(ROOT, source))) {
          problems.push(`${source} does not exist (named for ${name})`);
          continue;
        }
        const member = name.split('.').at(-1)!;
        const code = read(source);
        const declared = new RegExp(`(?:function\\*?|const|let|class|interface|type)\\s+${member}\\b|^\\s+(?:async\\s+)?${member}\\s*\\(`, 'm');
        if (!declared.test(code)) problems.push(`${source} declares no ${name}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
