// Long-lived feature services started beside the HTTP server (mail, jobs...).
// Each feature adds what it starts here and what it prints at start.
import type { Services } from './context.ts';
import { startPhotoServices } from './photos/start-photo-services.ts';
import { demoTotpNote } from './auth/demo-totp.ts';
import { startAuthMail } from './mail/start-mail.ts';
import { startNotificationServices } from './notifications/start-notifications.ts';
import { startAuditSealer } from './audit/seal-audit-events.ts';

export interface FeatureServices {
  startupNotes: string[];
  demoAccountNote(email: string): string;
  stop(): Promise<void>;
}

export async function startFeatureServices(services: Services): Promise<FeatureServices> {
  const stops: Array<() => Promise<void>> = [];
  const startupNotes: string[] = [];
  const photos = await startPhotoServices(services);
  startupNotes.push(...photos.notes);
  stops.push(photos.stop);
  const mail = await startAuthMail(services);
  startupNotes.push(...mail.notes);
  stops.push(mail.stop);
  const notifications = await startNotificationServices(services);
  startupNotes.push(...notifications.notes);
  stops.push(notifications.stop);
  stops.push(startAuditSealer(services.database.db, (err) => console.error('audit sealer failed', err)));
  return {
    startupNotes,
    demoAccountNote: (email) => demoTotpNote(email),
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
