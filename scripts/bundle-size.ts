// Prints the gzipped size of the JavaScript the first screen loads (the entry
// chunk and its static imports) and fails above the budget for a GP's phone.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KIB = 250;
const dist = path.resolve(process.env.WEB_DIST_DIR ?? path.join(import.meta.dirname, '../dist/web'));
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<
  string,
  { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] }
>;

const firstScreen = new Set<string>();
const visit = (key: string) => {
  const chunk = manifest[key];
  if (!chunk || firstScreen.has(chunk.file)) return;
  firstScreen.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

const gz = (file: string) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
let total = 0;
for (const file of [...firstScreen].filter((f) => f.endsWith('.js'))) {
  const size = gz(file);
  total += size;
  console.log(`  ${file.padEnd(48)} ${(size / 1024).toFixed(1)} KiB gz`);
}
const allJs = Object.values(manifest).filter((c) => c.file.endsWith('.js')).length;
console.log(`first screen: ${(total / 1024).toFixed(1)} KiB of gzipped JavaScript (budget ${BUDGET_KIB} KiB; ${allJs} chunks in all)`);
if (total > BUDGET_KIB * 1024) {
  console.error(`The first screen exceeds the ${BUDGET_KIB} KiB budget.`);
  process.exit(1);
}
