// The photo worker: decodes, analyses and downsizes off the main thread, so the
// camera preview stays smooth. Messages: { id, file } in; { id, type: 'analysis',
// analysis } (within a second) then { id, type: 'done', prepared } or
// { id, type: 'error', message } out. Started by worker-client.ts.
import { prepareForUpload } from './prepare.ts';

export interface PrepareRequest {
  id: number;
  file: Blob;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<PrepareRequest>) => void) | null;
  postMessage: (message: unknown) => void;
};

scope.onmessage = (event) => {
  const { id, file } = event.data;
  prepareForUpload(file, { onAnalysis: (analysis) => scope.postMessage({ id, type: 'analysis', analysis }) }).then(
    (prepared) => scope.postMessage({ id, type: 'done', prepared }),
    (error: unknown) => scope.postMessage({ id, type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
};
