/**
 * The dictionaries billstream ships (src/radius/dictionaries/): the RFC attributes and the
 * vendors NAS in our market send (Cisco, Microsoft, MikroTik, ChilliSpot, WISPr), read once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDictionary, type Dictionary } from './dictionary.ts';

const DICTIONARY_FOLDER = new URL('../dictionaries/', import.meta.url);
let cached: Dictionary | undefined;

/** The bundled dictionary (entry file `dictionary`), parsed on first use and cached. */
export function bundledDictionary(): Dictionary {
  if (!cached) {
    const files = new Map<string, string>();
    for (const name of readdirSync(fileURLToPath(DICTIONARY_FOLDER))) {
      if (name.startsWith('dictionary')) files.set(name, readFileSync(new URL(name, DICTIONARY_FOLDER), 'utf8'));
    }
    cached = parseDictionary(files, 'dictionary');
  }
  return cached;
}
