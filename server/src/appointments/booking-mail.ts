// Booking emails to the patient: referral (a link to book), confirmation,
// change, cancellation and the 24 h / 1 h reminders. Date, time and zone in the
// patient's language; links carry opaque ids only; never a name, a condition or
// any clinical content. Each appointment email carries an .ics invitation whose
// UID stays the same across reschedules (the first appointment of the chain),
// with METHOD:REQUEST (new or moved) or METHOD:CANCEL.
// Each email is a mail job (mail/mail-queue.ts) created on `db`: callers pass
// the transaction of the change the email tells of, so it goes out only if
// that change commits.
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import type { OutgoingMail } from '../mail/mailer.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { appBaseUrl } from '../notifications/mail.ts';

type Db = Kysely<DB> | Transaction<DB>;
type Locale = 'fr' | 'en';
export type AppointmentMailKind = 'booked' | 'moved' | 'cancelled' | 'reminder_24h' | 'reminder_1h';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function spokenWhen(at: Date, timeZone: string, locale: Locale): string {
  const when = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(at);
  const city = timeZone.split('/').at(-1)!.replace(/_/g, ' ');
  return locale === 'fr' ? `${when} (heure de ${city})` : `${when} (${city} time)`;
}

const TEXT: Record<Locale, Record<AppointmentMailKind | 'referral', { subject: string; lines: (when: string) => string[]; action: string }>> = {
  en: {
    referral: {
      subject: 'Book your video appointment on DermLink',
      lines: () => ['Your doctor asks you to book a video appointment on DermLink.', 'Choose a time that suits you. You will need to sign in.'],
      action: 'Choose a time',
    },
    booked: { subject: 'Your video appointment is booked', lines: (w) => [`Your video appointment is booked for ${w}.`, 'The calendar file attached adds it to your calendar.'], action: 'See my appointment' },
    moved: { subject: 'Your video appointment has moved', lines: (w) => [`Your video appointment has moved. The new time is ${w}.`, 'The calendar file attached updates your calendar.'], action: 'See my appointment' },
    cancelled: { subject: 'Your video appointment is cancelled', lines: (w) => [`Your video appointment of ${w} is cancelled.`, 'If you still need one, you can book another time.'], action: 'See my care' },
    reminder_24h: { subject: 'Reminder: video appointment tomorrow', lines: (w) => [`Reminder: you have a video appointment on ${w}.`, 'You can get ready now: answer a few questions and add photos before the visit.'], action: 'Get ready' },
    reminder_1h: { subject: 'Your video appointment starts soon', lines: (w) => [`Your video appointment starts at ${w}.`, 'You can join from 10 minutes before. Find a quiet, well-lit place.'], action: 'Open my appointment' },
  },
  fr: {
    referral: {
      subject: 'Prenez votre rendez-vous vidéo sur DermLink',
      lines: () => ['Votre médecin vous demande de prendre un rendez-vous vidéo sur DermLink.', 'Choisissez un horaire qui vous convient. Il faudra vous connecter.'],
      action: 'Choisir un horaire',
    },
    booked: { subject: 'Votre rendez-vous vidéo est réservé', lines: (w) => [`Votre rendez-vous vidéo est réservé pour le ${w}.`, 'Le fichier de calendrier joint l’ajoute à votre agenda.'], action: 'Voir mon rendez-vous' },
    moved: { subject: 'Votre rendez-vous vidéo a changé', lines: (w) => [`Votre rendez-vous vidéo a été déplacé. Nouvel horaire : ${w}.`, 'Le fichier de calendrier joint met à jour votre agenda.'], action: 'Voir mon rendez-vous' },
    cancelled: { subject: 'Votre rendez-vous vidéo est annulé', lines: (w) => [`Votre rendez-vous vidéo du ${w} est annulé.`, 'Si vous en avez encore besoin, vous pouvez choisir un autre horaire.'], action: 'Voir mes soins' },
    reminder_24h: { subject: 'Rappel : rendez-vous vidéo demain', lines: (w) => [`Rappel : vous avez un rendez-vous vidéo le ${w}.`, 'Vous pouvez vous préparer dès maintenant : répondez à quelques questions et ajoutez des photos.'], action: 'Me préparer' },
    reminder_1h: { subject: 'Votre rendez-vous vidéo commence bientôt', lines: (w) => [`Votre rendez-vous vidéo commence le ${w}.`, 'Vous pourrez le rejoindre 10 minutes avant. Installez-vous au calme, dans un endroit bien éclairé.'], action: 'Ouvrir mon rendez-vous' },
  },
};

const FOOTER: Record<Locale, string> = {
  en: 'DermLink. For your privacy, this email says nothing about your health.',
  fr: 'DermLink. Pour protéger votre vie privée, ce message ne dit rien de votre santé.',
};

function render(to: string, locale: Locale, kind: AppointmentMailKind | 'referral', when: string, url: string, ics: string | null, method: 'REQUEST' | 'CANCEL'): OutgoingMail {
  const t = TEXT[locale][kind];
  const lines = t.lines(when);
  const text = [...lines, `${t.action}: ${url}`, '', FOOTER[locale]].join('\n\n');
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:system-ui,sans-serif;font-size:18px;line-height:1.5;color:#1a1a1a;max-width:560px">
${lines.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:12px 20px;background:#1c5d99;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(t.action)}</a></p>
<p style="font-size:13px;color:#555">${escapeHtml(url)}</p>
<p style="font-size:13px;color:#555">${escapeHtml(FOOTER[locale])}</p>
</body></html>`;
  return {
    to,
    subject: t.subject,
    text,
    html,
    ...(ics ? { attachments: [{ filename: 'dermlink-appointment.ics', content: ics, contentType: `text/calendar; charset=utf-8; method=${method}` }] } : {}),
  };
}

export interface IcsInput {
  uid: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  startsAt: Date;
  endsAt: Date;
  url: string;
  locale: Locale;
  now: Date;
}

export function appointmentIcs(input: IcsInput): string {
  const cal = ical({ prodId: { company: 'DermLink', product: 'booking', language: input.locale.toUpperCase() }, method: input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST });
  cal.createEvent({
    id: input.uid,
    sequence: input.sequence,
    stamp: input.now,
    start: input.startsAt,
    end: input.endsAt,
    summary: input.locale === 'fr' ? 'Rendez-vous vidéo DermLink' : 'DermLink video appointment',
    description: input.url,
    url: input.url,
    location: input.locale === 'fr' ? 'Vidéo (DermLink)' : 'Video (DermLink)',
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return cal.toString();
}

/** The patient's address and language: their account's, else the record's. */
export async function patientContact(db: Db, patientId: string): Promise<{ to: string; locale: Locale } | null> {
  const row = await db
    .selectFrom('patients')
    .innerJoin('organisations', 'organisations.id', 'patients.organisation_id')
    .innerJoin('networks', 'networks.id', 'organisations.network_id')
    .leftJoin('users', 'users.id', 'patients.user_id')
    .select(['patients.email as patient_email', 'users.email as user_email', 'users.locale', 'users.status', 'networks.country'])
    .where('patients.id', '=', patientId)
    .executeTakeFirst();
  if (!row || row.status === 'disabled') return null;
  const to = row.user_email ?? row.patient_email;
  if (!to) return null;
  return { to, locale: row.locale ?? (row.country === 'GB' ? 'en' : 'fr') };
}

/** The first appointment of a reschedule chain (the calendar UID) and how many moves led here (the SEQUENCE). */
export async function calendarIdentity(db: Db, appointmentId: string): Promise<{ uid: string; moves: number }> {
  let id = appointmentId;
  let moves = 0;
  for (;;) {
    const row = await db.selectFrom('appointments').select('rescheduled_from_id').where('id', '=', id).executeTakeFirst();
    if (!row?.rescheduled_from_id || moves > 50) break;
    id = row.rescheduled_from_id;
    moves += 1;
  }
  return { uid: `appointment-${id}@dermlink`, moves };
}

/** Queues one appointment email (with its .ics) to the patient on `db`; false when they have no email address. */
export async function sendAppointmentMail(db: Db, ctx: Pick<Ctx, 'services' | 'clock'> & { log?: Ctx['log'] }, appointmentId: string, kind: AppointmentMailKind): Promise<boolean> {
  const appt = await db.selectFrom('appointments').select(['id', 'patient_id', 'starts_at', 'ends_at', 'time_zone']).where('id', '=', appointmentId).executeTakeFirst();
  if (!appt) return false;
  const contact = await patientContact(db, appt.patient_id);
  if (!contact) return false;
  const base = appBaseUrl(ctx.services.config);
  const url = kind === 'cancelled' ? `${base}/my-care/appointments` : `${base}/my-care/appointments/${appt.id}`;
  const { uid, moves } = await calendarIdentity(db, appt.id);
  const method = kind === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const ics = appointmentIcs({ uid, sequence: moves * 2 + (method === 'CANCEL' ? 1 : 0), method, startsAt: appt.starts_at, endsAt: appt.ends_at, url, locale: contact.locale, now: ctx.clock.now() });
  const when = spokenWhen(appt.starts_at, appt.time_zone, contact.locale);
  await queueMail(db, ctx, `appointment_${kind}`, render(contact.to, contact.locale, kind, when, url, ics, method));
  return true;
}

/** The referral email: a link to book, nothing else (queued on `db`). */
export async function sendReferralMail(db: Db, ctx: Pick<Ctx, 'services'> & { log?: Ctx['log'] }, patientId: string, bookingUrl: string): Promise<boolean> {
  const contact = await patientContact(db, patientId);
  if (!contact) return false;
  await queueMail(db, ctx, 'booking_referral', render(contact.to, contact.locale, 'referral', '', bookingUrl, null, 'REQUEST'));
  return true;
}
