// Dermatology subset of WHO ICD-10 (French labels from CIM-10), for coding the
// diagnosis of an answer. Synonyms carry everyday clinical names that ICD labels
// lack ("basal cell carcinoma" is coded C44 but never named there).
import entries from './icd10-derm.json' with { type: 'json' };

export type Icd10Lang = 'en' | 'fr';

export type Icd10Entry = {
  readonly code: string;
  readonly en: string;
  readonly fr: string;
  readonly synonyms?: { readonly en?: readonly string[]; readonly fr?: readonly string[] };
};

export type Icd10SearchResult = {
  code: string;
  label: string;
  /** The synonym that matched, when the label itself did not. */
  synonym?: string;
};

export const ICD10_DERM_ENTRIES: readonly Icd10Entry[] = entries;

const ENTRY_BY_CODE = new Map(ICD10_DERM_ENTRIES.map((entry) => [entry.code, entry]));

export function icd10Entry(code: string): Icd10Entry | undefined {
  return ENTRY_BY_CODE.get(code.trim().toUpperCase());
}

// Case- and accent-insensitive form: "Œdème" and "oedeme" compare equal.
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

const compactCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const splitWords = (folded: string): string[] => folded.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);

type IndexedText = { text: string; folded: string; words: string[] };
type IndexedEntry = {
  entry: Icd10Entry;
  compactCode: string;
  label: Record<Icd10Lang, IndexedText>;
  synonyms: Record<Icd10Lang, IndexedText[]>;
};

const indexText = (text: string): IndexedText => {
  const folded = foldForSearch(text);
  return { text, folded, words: splitWords(folded) };
};

const INDEX: IndexedEntry[] = ICD10_DERM_ENTRIES.map((entry) => ({
  entry,
  compactCode: compactCode(entry.code),
  label: { en: indexText(entry.en), fr: indexText(entry.fr) },
  synonyms: {
    en: (entry.synonyms?.en ?? []).map(indexText),
    fr: (entry.synonyms?.fr ?? []).map(indexText),
  },
}));

// Lower is better.
const RANK = {
  codeExact: 0,
  codePrefix: 1,
  labelWordStart: 2,
  synonymWordStart: 3,
  labelSubstring: 4,
  synonymSubstring: 5,
  otherLanguageWordStart: 6,
} as const;

type TextMatch = 'wordStart' | 'substring' | null;

// Every query word must match: all at a word start, or at least inside the text.
function matchText(text: IndexedText, queryWords: string[]): TextMatch {
  let allWordStarts = true;
  for (const queryWord of queryWords) {
    if (text.words.some((word) => word.startsWith(queryWord))) continue;
    if (!text.folded.includes(queryWord)) return null;
    allWordStarts = false;
  }
  return allWordStarts ? 'wordStart' : 'substring';
}

type Scored = { result: Icd10SearchResult; rank: number; exact: boolean };

function scoreEntry(item: IndexedEntry, lang: Icd10Lang, queryCode: string | null, queryWords: string[], queryFolded: string): Scored | null {
  const label = item.label[lang];
  const result: Icd10SearchResult = { code: item.entry.code, label: label.text };
  const scored = (rank: number, matched?: IndexedText): Scored => ({
    result: matched === undefined || matched === label ? result : { ...result, synonym: matched.text },
    rank,
    exact: (matched ?? label).folded === queryFolded,
  });

  if (queryCode !== null) {
    if (item.compactCode === queryCode) return scored(RANK.codeExact);
    if (item.compactCode.startsWith(queryCode)) return scored(RANK.codePrefix);
  }
  if (queryWords.length === 0) return null;

  const labelMatch = matchText(label, queryWords);
  if (labelMatch === 'wordStart') return scored(RANK.labelWordStart, label);
  let best: Scored | null = labelMatch === 'substring' ? scored(RANK.labelSubstring, label) : null;

  for (const synonym of item.synonyms[lang]) {
    const synonymMatch = matchText(synonym, queryWords);
    if (synonymMatch === 'wordStart') return scored(RANK.synonymWordStart, synonym);
    if (synonymMatch === 'substring' && best === null) best = scored(RANK.synonymSubstring, synonym);
  }
  if (best) return best;

  // Clinicians often use the other language's term ("melanoma" in a French session).
  const otherLang: Icd10Lang = lang === 'en' ? 'fr' : 'en';
  for (const text of [item.label[otherLang], ...item.synonyms[otherLang]]) {
    if (matchText(text, queryWords) === 'wordStart') return scored(RANK.otherLanguageWordStart, text);
  }
  return null;
}

/**
 * Ranked search: exact code, then code prefix ("L40" or "l400"), then labels whose
 * words start with every query word, then synonyms, then substrings, then the other
 * language's terms. Ties: a label or synonym equal to the query first, then code order.
 */
export function searchIcd10(query: string, lang: Icd10Lang, limit = 20): Icd10SearchResult[] {
  const queryFolded = foldForSearch(query.trim());
  if (queryFolded.length === 0 || limit <= 0) return [];
  const queryCode = /^[a-z]\d/.test(queryFolded) ? compactCode(queryFolded) : null;
  const queryWords = splitWords(queryFolded);

  const matches: Scored[] = [];
  for (const item of INDEX) {
    const scored = scoreEntry(item, lang, queryCode, queryWords, queryFolded);
    if (scored) matches.push(scored);
  }
  matches.sort(
    (a, b) =>
      a.rank - b.rank ||
      Number(b.exact) - Number(a.exact) ||
      a.result.code.localeCompare(b.result.code),
  );
  return matches.slice(0, limit).map((match) => match.result);
}
