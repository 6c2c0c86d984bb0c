// ICD-10 code search for the answer form (server/src/clinical/icd10.ts).
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { searchIcd10 } from '../clinical/icd10.ts';
import './actions.ts';

export function icd10Search(ctx: Ctx, query: { q: string; lang?: 'fr' | 'en'; limit: number }) {
  const actor = requireActor(ctx);
  assertCan(actor, 'icd10.search');
  const lang = query.lang ?? actor.locale;
  return { items: searchIcd10(query.q, lang, query.limit).map((r) => ({ code: r.code, label: r.label })) };
}
