// Perceptual hash (64-bit difference hash) to spot the same photo sent twice,
// even re-encoded or resized. Pure TypeScript on a greyscale image, so the
// web app may use it too. Two hashes of the same picture differ in a few bits
// (Hamming distance up to about 6); unrelated pictures differ in about 32.
import type { GreyImage } from '../../../contracts/images/quality.ts';

const HASH_WIDTH = 9;
const HASH_HEIGHT = 8;

/** dHash: shrink to 9x8 by area averaging, then one bit per pixel brighter than its right neighbour; 16 hex digits. */
export function differenceHash(image: GreyImage): string {
  const cells = shrinkByAreaAverage(image, HASH_WIDTH, HASH_HEIGHT);
  let hash = 0n;
  for (let y = 0; y < HASH_HEIGHT; y++) {
    for (let x = 0; x < HASH_WIDTH - 1; x++) {
      const left = cells[y * HASH_WIDTH + x]!;
      const right = cells[y * HASH_WIDTH + x + 1]!;
      hash = (hash << 1n) | (left > right ? 1n : 0n);
    }
  }
  return hash.toString(16).padStart(16, '0');
}

/** Number of differing bits between two 64-bit hashes in hex. */
export function hammingDistance(hashA: string, hashB: string): number {
  const hex = /^[0-9a-f]{16}$/i;
  if (!hex.test(hashA) || !hex.test(hashB)) throw new TypeError('A perceptual hash is 16 hexadecimal digits.');
  let diff = BigInt(`0x${hashA}`) ^ BigInt(`0x${hashB}`);
  let count = 0;
  while (diff > 0n) {
    count += Number(diff & 1n);
    diff >>= 1n;
  }
  return count;
}

function shrinkByAreaAverage(image: GreyImage, targetWidth: number, targetHeight: number): Float64Array {
  const { pixels, width, height } = image;
  const sums = new Float64Array(targetWidth * targetHeight);
  const counts = new Float64Array(targetWidth * targetHeight);
  const cellColumn = new Int32Array(width);
  for (let x = 0; x < width; x++) cellColumn[x] = Math.min(targetWidth - 1, Math.floor((x * targetWidth) / width));
  for (let y = 0; y < height; y++) {
    const cellRow = Math.min(targetHeight - 1, Math.floor((y * targetHeight) / height)) * targetWidth;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const cell = cellRow + cellColumn[x]!;
      sums[cell]! += pixels[row + x]!;
      counts[cell]! += 1;
    }
  }
  // A source smaller than the grid leaves empty cells; they count as black, consistently for both hashes.
  return sums.map((sum, i) => (counts[i]! > 0 ? sum / counts[i]! : 0));
}
