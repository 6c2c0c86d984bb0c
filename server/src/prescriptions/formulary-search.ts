// Search of the formulary for the prescription editor: by name in the user's
// language (accents and case ignored), every word of the query must match the
// name, strength or form; names that start with the query come first.
import { DOSAGE_FORM_LABELS, type FormularySearchResult } from '../../../contracts/prescriptions/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { FORMULARY } from './formulary-data.ts';
import './actions.ts';

const LIMIT = 25;

export const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function searchFormulary(query: string, lang: 'fr' | 'en', limit = LIMIT) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const scored = FORMULARY.flatMap((product) => {
    const name = fold(product.name[lang]);
    const haystack = `${name} ${fold(product.strength)} ${fold(DOSAGE_FORM_LABELS[product.form][lang])}`;
    if (!words.every((w) => haystack.includes(w))) return [];
    const first = words[0] ?? '';
    const rank = !first ? 2 : name.startsWith(first) ? 0 : name.split(/[\s(+/-]+/).some((part) => part.startsWith(first)) ? 1 : 2;
    return [{ product, rank, name }];
  });
  scored.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name) || a.product.code.localeCompare(b.product.code));
  return scored.slice(0, limit).map((s) => s.product);
}

export function formularySearch(ctx: Ctx, input: { q: string; lang?: 'fr' | 'en' }): FormularySearchResult {
  const actor = requireActor(ctx);
  assertCan(actor, 'prescription.write');
  return { products: searchFormulary(input.q, input.lang ?? actor.locale) };
}
