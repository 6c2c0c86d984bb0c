// French and English from the first screen. Each feature keeps its strings in
// its own namespace file under locales/<lang>/<namespace>.json; a unit test
// fails when a key exists in one language and not the other.
import i18n, { type BackendModule } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';

type LocaleModule = { default: Record<string, unknown> };

// The first screen (home, sign-in, errors) needs only these; they ship in the first download.
const FIRST_SCREEN = import.meta.glob<LocaleModule>('./locales/*/{common,auth,errors}.json', { eager: true });
// Every other namespace is its own small chunk, fetched in the background after start and
// awaited (Suspense) by a page that needs it before it arrives: a GP's phone does not download
// the coordinator's or the pharmacist's words before its first screen.
const LATER = import.meta.glob<LocaleModule>(['./locales/*/*.json', '!./locales/*/{common,auth,errors}.json']);

export const SUPPORTED_LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

const parse = (file: string) => /\.\/locales\/(\w+)\/(\w+)\.json$/.exec(file) as [string, string, string] | null;

const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [file, mod] of Object.entries(FIRST_SCREEN)) {
  const match = parse(file);
  if (match) (resources[match[1]] ??= {})[match[2]] = mod.default;
}
const LATER_NAMESPACES = [...new Set(Object.keys(LATER).flatMap((file) => parse(file)?.[2] ?? []))];

const lazyLocales: BackendModule = {
  type: 'backend',
  init() {},
  read(language, namespace, callback) {
    const load = LATER[`./locales/${language}/${namespace}.json`];
    if (!load) return callback(null, {});
    load().then(
      (mod) => callback(null, mod.default),
      (err: Error) => callback(err, null),
    );
  },
};

void i18n
  .use(LanguageDetector)
  .use(lazyLocales)
  .use(initReactI18next)
  .init({
    resources,
    // Bundled namespaces above, the rest through the backend.
    partialBundledLanguages: true,
    supportedLngs: [...SUPPORTED_LANGUAGES],
    fallbackLng: 'en',
    nonExplicitSupportedLngs: true,
    defaultNS: 'common',
    ns: Object.keys(resources.en ?? {}),
    interpolation: { escapeValue: false },
    detection: { order: ['localStorage', 'navigator'], lookupLocalStorage: 'dermlink.lang', caches: ['localStorage'] },
    returnNull: false,
    // Re-render when a namespace arrives (strings of another namespace used by a page, the navigation).
    react: { bindI18n: 'languageChanged loaded' },
  })
  .then(() => i18n.loadNamespaces(LATER_NAMESPACES));

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng.startsWith('fr') ? 'fr' : 'en';
});
document.documentElement.lang = i18n.resolvedLanguage ?? 'en';

export const currentLanguage = (): Language => (i18n.resolvedLanguage?.startsWith('fr') ? 'fr' : 'en');

export default i18n;
