// Entry of the benchmark bundle (see bench-page.ts): exposes prepareForUpload
// on the page's window so a headless browser can call it.
import { prepareForUpload } from './prepare.ts';

(globalThis as unknown as { prepareForUpload: typeof prepareForUpload }).prepareForUpload = prepareForUpload;
