// Node-side helper for benchmarks (bench/images.ts) and tests: bundles the
// browser's photo preparation (prepare.ts, the code the photo worker runs) and
// runs it in a Playwright page on fixture files, without the app or a server.
//
//   import { chromium } from '@playwright/test';
//   import { openPreparePage, prepareInPage } from '../web/src/photos/bench-page.ts';
//   const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
//   const page = await openPreparePage(await browser.newPage());
//   const r = await prepareInPage(page, '../shared/fixtures/images/mobile/HMD_Nokia_8.3_5G.jpg');
//   // r: { bytes, type, width, height, source, quality, verdict, reasons, analysisMs, totalMs, originalBytes }
//
// In a page of your own: `await page.addScriptTag({ type: 'module', content: await buildPrepareBundle() })`,
// then `window.prepareForUpload(blob)` (a Promise of { blob, width, height, analysis, ... }).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';

const ORIGIN = 'http://bench.dermlink.test';
let bundle: Promise<string> | null = null;

/** prepare.ts and its imports as one ES module that sets window.prepareForUpload (built once per process). */
export function buildPrepareBundle(): Promise<string> {
  bundle ??= (async () => {
    const { build } = await import('vite');
    const output = await build({
      configFile: false,
      logLevel: 'warn',
      root: import.meta.dirname,
      build: {
        write: false,
        minify: true,
        target: 'es2022',
        lib: { entry: path.join(import.meta.dirname, 'bench-entry.ts'), formats: ['es'], fileName: 'prepare' },
      },
    });
    const results = Array.isArray(output) ? output : [output];
    for (const result of results) {
      if ('output' in result) {
        const chunk = result.output.find((o) => o.type === 'chunk');
        if (chunk && chunk.type === 'chunk') return chunk.code;
      }
    }
    throw new Error('prepare bundle: no chunk produced');
  })();
  return bundle;
}

/** Serves a blank page and the files under /files/<absolute path> (intercepted, no server), with prepareForUpload loaded. */
export async function openPreparePage(page: Page): Promise<Page> {
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.startsWith('/files/')) {
      const file = decodeURIComponent(url.pathname.slice('/files'.length));
      return route.fulfill({ body: await readFile(file), contentType: 'application/octet-stream' });
    }
    return route.fulfill({ body: '<!doctype html><html lang="en"><title>prepare bench</title><body></body></html>', contentType: 'text/html' });
  });
  await page.goto(`${ORIGIN}/`);
  await page.addScriptTag({ type: 'module', content: await buildPrepareBundle() });
  await page.waitForFunction(() => typeof (window as unknown as { prepareForUpload?: unknown }).prepareForUpload === 'function');
  return page;
}

export interface PrepareInPageResult {
  originalBytes: number;
  bytes: number;
  type: string;
  width: number | null;
  height: number | null;
  source: 'encoded' | 'original';
  quality: number | null;
  verdict: string | null;
  reasons: string[];
  sharpness: number | null;
  analysisMs: number | null;
  totalMs: number;
}

/** Runs prepareForUpload on one file in the page (see openPreparePage); `type` overrides the Blob type (default from the extension). */
export async function prepareInPage(page: Page, file: string, type?: string): Promise<PrepareInPageResult> {
  const absolute = path.resolve(file);
  const ext = path.extname(absolute).toLowerCase();
  const guessed = type ?? ({ '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.heic': 'image/heic', '.avif': 'image/avif' } as Record<string, string>)[ext] ?? '';
  return page.evaluate(
    async ({ url, blobType }) => {
      const bytes = await (await fetch(url)).arrayBuffer();
      const blob = new Blob([bytes], { type: blobType });
      type Prepare = (b: Blob) => Promise<{
        blob: Blob;
        width: number | null;
        height: number | null;
        source: 'encoded' | 'original';
        quality: number | null;
        analysis: { verdict: string; reasons: string[]; metrics: { sharpness: number } } | null;
        analysisMs: number | null;
        totalMs: number;
      }>;
      const r = await (window as unknown as { prepareForUpload: Prepare }).prepareForUpload(blob);
      return {
        originalBytes: blob.size,
        bytes: r.blob.size,
        type: r.blob.type,
        width: r.width,
        height: r.height,
        source: r.source,
        quality: r.quality,
        verdict: r.analysis?.verdict ?? null,
        reasons: r.analysis?.reasons ?? [],
        sharpness: r.analysis?.metrics.sharpness ?? null,
        analysisMs: r.analysisMs,
        totalMs: r.totalMs,
      };
    },
    { url: `${ORIGIN}/files${encodeURI(absolute)}`, blobType: guessed },
  );
}
