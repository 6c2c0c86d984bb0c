// One notification as a sentence in the person's language (no clinical content exists to show).
import type { TFunction } from 'i18next';
import type { Notification } from './api.ts';

export function describeNotification(t: TFunction<'notifications'>, n: Notification): { title: string; detail: string | null } {
  const title = t(`kind.${n.kind}`);
  const reason = n.details.reason;
  if (n.kind === 'deadline_reminder' && typeof reason === 'string') {
    return { title, detail: t(`reminder.${reason}`, { percent: n.details.percent ?? '' }) };
  }
  return { title, detail: null };
}

export function formatWhen(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language.startsWith('fr') ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
