/**
 * The operator console (issue 16): a Preact application in `console/` served at `/console`.
 * The user runs no build step: esbuild bundles `console/src/main.tsx` inside this process on the
 * first request (minified, code split so that what a screen loads lazily stays out of the first
 * download), keeps the result in memory, and names each file by the hash of its content, so a
 * browser may keep it for a year and a new version is a new name. Every other path under
 * `/console` is the page itself (the console routes on the client). The assets hold no data and
 * need no authentication; the data comes from the REST API with the session cookie.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router, type Response } from 'express';

/** The package root, found from this file so that an installed billstream finds its own console. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONSOLE_DIR = path.join(ROOT, 'console');
const LOCALES_DIR = path.join(ROOT, 'src', 'i18n', 'locales');
/** Where the page asks for its assets: every name carries its content hash. */
export const ASSETS_PATH = '/console/assets/';

/**
 * The page runs only its own scripts and styles, talks only to its own origin, and cannot be
 * framed: an injected `<script>` or inline handler does not run, and a page elsewhere cannot
 * put the console under a click-jacking overlay. Styles set from script (ECharts, Preact's
 * `style` prop) go through the CSSOM, which `style-src 'self'` allows.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';

interface Asset {
  body: Buffer;
  type: string;
}

export interface ConsoleBuild {
  /** Assets by file name (no path): the entry script, its lazily loaded chunks, the stylesheet. */
  assets: Map<string, Asset>;
  /** The file name of the entry script and of the stylesheet. */
  script: string;
  stylesheet: string;
  /** The page, naming both. */
  html: string;
}

const contentHash = (body: Buffer | string) => createHash('sha256').update(body).digest('hex').slice(0, 12);

async function build(): Promise<ConsoleBuild> {
  // Loaded here, not at the top: a server that never shows the console never starts esbuild.
  const esbuild = await import('esbuild');
  const outdir = path.join(ROOT, '.console-build');
  const result = await esbuild.build({
    entryPoints: [path.join(CONSOLE_DIR, 'src', 'main.tsx')],
    absWorkingDir: ROOT,
    tsconfig: path.join(CONSOLE_DIR, 'tsconfig.json'),
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    outdir,
    entryNames: 'console-[hash]',
    chunkNames: 'chunk-[hash]',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const assets = new Map<string, Asset>();
  let script: string | undefined;
  for (const file of result.outputFiles) {
    const name = path.basename(file.path);
    assets.set(name, { body: Buffer.from(file.contents), type: 'text/javascript; charset=utf-8' });
    const meta = result.metafile.outputs[path.relative(ROOT, file.path).split(path.sep).join('/')];
    // A module loaded with import() is an entry point of its own chunk too: the page's script is main.tsx's.
    if (meta?.entryPoint === 'console/src/main.tsx') script = name;
  }
  if (!script) throw new Error('esbuild produced no entry script for the console');
  const css = await esbuild.transform(fs.readFileSync(path.join(CONSOLE_DIR, 'console.css'), 'utf8'), { loader: 'css', minify: true });
  const stylesheet = `console-${contentHash(css.code)}.css`;
  assets.set(stylesheet, { body: Buffer.from(css.code), type: 'text/css; charset=utf-8' });
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>billstream</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSETS_PATH}${stylesheet}">
<script type="module" src="${ASSETS_PATH}${script}"></script>
</head>
<body>
<div id="app"></div>
<noscript>The billstream console needs JavaScript.</noscript>
</body>
</html>
`;
  return { assets, script, stylesheet, html };
}

let building: Promise<ConsoleBuild> | undefined;

/** The console, built once per process (a failed build is tried again on the next request). */
export function consoleBuild(): Promise<ConsoleBuild> {
  building ??= build().catch((error: unknown) => {
    building = undefined;
    throw error;
  });
  return building;
}

const locales = new Map<string, Buffer>();

/** A language's console texts (src/i18n/locales/<lang>/console.ftl), read once; undefined when it has none. */
function consoleLocale(language: string): Buffer | undefined {
  if (!/^[a-z]{2,3}$/.test(language)) return undefined;
  let text = locales.get(language);
  if (!text) {
    try {
      text = fs.readFileSync(path.join(LOCALES_DIR, language, 'console.ftl'));
    } catch {
      return undefined;
    }
    locales.set(language, text);
  }
  return text;
}

function common(res: Response): Response {
  return res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin' });
}

export function consoleRouter(): Router {
  const router = Router();
  router.get('/console/assets/:file', async (req, res, next) => {
    try {
      const asset = (await consoleBuild()).assets.get(req.params.file);
      if (!asset) return common(res).status(404).type('text/plain').set('Cache-Control', 'no-store').send('no such console asset');
      common(res).type(asset.type).set('Cache-Control', IMMUTABLE).send(asset.body);
    } catch (error) {
      next(error);
    }
  });
  router.get('/console/locales/:file', (req, res) => {
    const text = consoleLocale(/^(.*)\.ftl$/.exec(req.params.file)?.[1] ?? '');
    if (!text) return common(res).status(404).type('text/plain').send('no such language');
    // Not hashed (the page asks for a language, not a version): the browser asks again each time.
    common(res).type('text/plain; charset=utf-8').set('Cache-Control', 'no-cache').send(text);
  });
  router.get(['/console', '/console/{*route}'], async (_req, res, next) => {
    try {
      const { html } = await consoleBuild();
      common(res).type('html').set({ 'Content-Security-Policy': CONSOLE_CSP, 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-cache' }).send(html);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
