// Long-lived feature services started beside the HTTP server (mail, jobs...).
// Each feature adds what it starts here and what it prints at start.
import type { Services } from './context.ts';

export interface FeatureServices {
  startupNotes: string[];
  demoAccountNote(email: string): string;
  stop(): Promise<void>;
}

export async function startFeatureServices(_services: Services): Promise<FeatureServices> {
  const stops: Array<() => Promise<void>> = [];
  return {
    startupNotes: [],
    demoAccountNote: () => '',
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
