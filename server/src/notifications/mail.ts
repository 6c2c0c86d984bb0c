// Notification emails: only "something waits for you" and a link. Never a
// patient's name, never clinical content; the case is an opaque id in the link.
import type { NotificationKind } from '../../../contracts/notifications/index.ts';
import type { Config } from '../config.ts';
import type { OutgoingMail } from '../mail/mailer.ts';

export type Locale = 'fr' | 'en';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const WHAT: Record<Locale, Record<NotificationKind, string>> = {
  en: {
    case_submitted: 'A new request is waiting in your queue.',
    case_claimed: 'A dermatologist has started reviewing one of your requests.',
    case_reassigned: 'A request has been assigned to you.',
    question_asked: 'A dermatologist has a question for you about a request.',
    question_answered: 'The requesting clinician has replied to your question.',
    answer_signed: 'The answer to one of your requests is ready.',
    answer_acknowledged: 'The requesting clinician has acknowledged your answer.',
    case_withdrawn: 'A request has been withdrawn.',
    deadline_reminder: 'A request is waiting for you and its deadline is getting close.',
    deadline_missed: 'A request has passed its deadline.',
    photo_refused: 'A photo could not be used and needs to be taken again.',
    appointment_booked: 'A video consultation has been booked with you.',
    appointment_cancelled: 'A video consultation with you has been cancelled.',
    visit_report_ready: 'The report of a video consultation you referred is ready.',
    visit_no_show: 'A patient you referred did not attend their video consultation.',
  },
  fr: {
    case_submitted: 'Une nouvelle demande attend dans votre file.',
    case_claimed: "Un·e dermatologue a commencé l'examen d'une de vos demandes.",
    case_reassigned: 'Une demande vous a été attribuée.',
    question_asked: 'Un·e dermatologue vous pose une question sur une demande.',
    question_answered: 'Le ou la médecin requérant·e a répondu à votre question.',
    answer_signed: "La réponse à l'une de vos demandes est disponible.",
    answer_acknowledged: 'Le ou la médecin requérant·e a pris connaissance de votre réponse.',
    case_withdrawn: 'Une demande a été retirée.',
    deadline_reminder: "Une demande vous attend et son délai approche.",
    deadline_missed: 'Une demande a dépassé son délai.',
    photo_refused: 'Une photo est inutilisable et doit être reprise.',
    appointment_booked: 'Une téléconsultation a été réservée avec vous.',
    appointment_cancelled: 'Une téléconsultation avec vous a été annulée.',
    visit_report_ready: "Le compte rendu d'une téléconsultation que vous avez demandée est disponible.",
    visit_no_show: "Un·e patient·e que vous avez adressé·e ne s'est pas présenté·e à sa téléconsultation.",
  },
};

const TEXT = {
  en: {
    subject: 'DermLink: something is waiting for you',
    digestSubject: (n: number) => `DermLink: ${n} update${n > 1 ? 's' : ''} waiting for you`,
    intro: 'Sign in to DermLink to see it. For confidentiality, this email contains no patient or clinical information.',
    open: 'Open in DermLink',
    digestIntro: 'Since yesterday:',
    footer: 'DermLink. You can choose which emails you receive in your profile, under Notifications.',
  },
  fr: {
    subject: 'DermLink : un élément vous attend',
    digestSubject: (n: number) => `DermLink : ${n} nouveauté${n > 1 ? 's' : ''} vous attend${n > 1 ? 'ent' : ''}`,
    intro: 'Connectez-vous à DermLink pour la consulter. Par confidentialité, ce message ne contient aucune information sur le patient ni aucune donnée clinique.',
    open: 'Ouvrir dans DermLink',
    digestIntro: 'Depuis hier :',
    footer: 'DermLink. Vous pouvez choisir les emails que vous recevez dans votre profil, rubrique Notifications.',
  },
};

export function appBaseUrl(config: Pick<Config, 'publicUrl' | 'port'>): string {
  return (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
}

/**
 * Where a notification leads: the dermatologist's queue view, or the case page for requesters and
 * coordinators; for an appointment, its report (the referring GP) or the appointment page (the dermatologist).
 */
export function notificationLink(caseId: string | null, role: unknown, appointmentId: string | null = null, kind?: NotificationKind): string | null {
  if (appointmentId) return kind === 'visit_report_ready' || kind === 'visit_no_show' ? `/appointments/${appointmentId}/report` : `/appointments/${appointmentId}`;
  if (!caseId) return null;
  return role === 'dermatologist' ? `/queue/${caseId}` : `/cases/${caseId}`;
}

function html(paragraphs: string[], items: string[], action: { label: string; url: string }, footer: string): string {
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:560px">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${items.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : ''}
<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:12px 20px;background:#1c5d99;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(action.label)}</a></p>
<p style="font-size:13px;color:#555">${escapeHtml(action.url)}</p>
<p style="font-size:13px;color:#555">${escapeHtml(footer)}</p>
</body></html>`;
}

export function notificationMail(to: string, locale: Locale, kind: NotificationKind, url: string): OutgoingMail {
  const t = TEXT[locale];
  const paragraphs = [WHAT[locale][kind], t.intro];
  return {
    to,
    subject: t.subject,
    text: [...paragraphs, `${t.open}: ${url}`, '', t.footer].join('\n\n'),
    html: html(paragraphs, [], { label: t.open, url }, t.footer),
  };
}

export function digestMail(to: string, locale: Locale, kinds: NotificationKind[], url: string): OutgoingMail {
  const t = TEXT[locale];
  const counts = new Map<NotificationKind, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  const items = [...counts].map(([k, n]) => (n > 1 ? `${WHAT[locale][k]} (x${n})` : WHAT[locale][k]));
  const paragraphs = [t.digestIntro];
  return {
    to,
    subject: t.digestSubject(kinds.length),
    text: [t.digestIntro, ...items.map((i) => `- ${i}`), t.intro, `${t.open}: ${url}`, '', t.footer].join('\n\n'),
    html: html(paragraphs, items, { label: t.open, url }, `${t.intro} ${t.footer}`),
  };
}
