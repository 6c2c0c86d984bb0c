import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHeic } from './heic-decoder.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../../shared/fixtures/images');

describe('decodeHeic (worker pool)', () => {
  it('decodes several photos at once, queueing beyond the pool size', async () => {
    const bytes = await readFile(path.join(fixtures, 'heic/libheif_example.heic'));
    const results = await Promise.all([1, 2, 3, 4].map(() => decodeHeic(bytes, 100_000_000)));
    for (const image of results) {
      expect(image).toMatchObject({ width: 1280, height: 854 });
      expect(image.rgba).toHaveLength(1280 * 854 * 4);
    }
    // The caller's buffer is untouched (the worker got a copy).
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
  });

  it('refuses a photo over the pixel limit before decoding it', async () => {
    const bytes = await readFile(path.join(fixtures, 'heic/libheif_example.heic'));
    await expect(decodeHeic(bytes, 1000)).rejects.toMatchObject({ code: 'image_too_many_pixels' });
  });

  it('reports garbage as a corrupt image, and keeps working afterwards', async () => {
    await expect(decodeHeic(Buffer.from('not a heic file at all'), 100_000_000)).rejects.toMatchObject({ code: 'image_corrupt' });
    const bytes = await readFile(path.join(fixtures, 'heic/libheif_example.heic'));
    await expect(decodeHeic(bytes, 100_000_000)).resolves.toMatchObject({ width: 1280 });
  });
});
