// Emails to the patient at each step of their case (sent, answered, released):
// "There is news about your care in DermLink" and a link to /my-care, in both
// languages (the patient's own first). Never a name, never clinical content,
// no case id in the link. Only when the patient has an email address.
//
// Called in the transition's transaction (notifications/case-transitions.ts and
// release-to-patient.ts): the email is a mail job in that same transaction
// (mail/mail-queue.ts), so it goes out, with retries, only if the step commits.
import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import type { OutgoingMail } from '../mail/mailer.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { appBaseUrl } from '../notifications/mail.ts';

export type PatientStep = 'submitted' | 'answered' | 'released';
type Locale = 'fr' | 'en';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const TEXT: Record<Locale, { subject: string; lines: string[]; open: string }> = {
  en: {
    subject: 'There is news about your care in DermLink',
    lines: ['There is news about your care in DermLink.', 'Sign in to read it. For your privacy, this email says nothing more.'],
    open: 'See my care',
  },
  fr: {
    subject: 'Du nouveau sur vos soins dans DermLink',
    lines: ['Il y a du nouveau sur vos soins dans DermLink.', 'Connectez-vous pour le lire. Pour protéger votre vie privée, ce message n’en dit pas plus.'],
    open: 'Voir mes soins',
  },
};

export function patientNewsMail(to: string, locale: Locale, url: string): OutgoingMail {
  const order: Locale[] = locale === 'en' ? ['en', 'fr'] : ['fr', 'en'];
  const subject = `${TEXT[order[0]!].subject} / ${TEXT[order[1]!].subject}`;
  const text = order.map((l) => [...TEXT[l].lines, `${TEXT[l].open}: ${url}`].join('\n\n')).join('\n\n---\n\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:18px;line-height:1.5;color:#1a1a1a;max-width:560px">
${order
  .map(
    (l) => `<div lang="${l}">${TEXT[l].lines.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}
<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:12px 20px;background:#1c5d99;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(TEXT[l].open)}</a></p></div>`,
  )
  .join('<hr>')}
<p style="font-size:13px;color:#555">${escapeHtml(url)}</p>
</body></html>`;
  return { to, subject, text, html };
}

export async function notifyPatient(
  trx: Kysely<DB> | Transaction<DB>,
  ctx: Pick<Ctx, 'services'> & { log?: Ctx['log'] },
  caseId: string,
  _step: PatientStep,
): Promise<boolean> {
  if (!ctx.services) return false;
  const row = await trx
    .selectFrom('cases')
    .innerJoin('patients', 'patients.id', 'cases.patient_id')
    .leftJoin('users', 'users.id', 'patients.user_id')
    .select(['patients.email as patient_email', 'users.email as user_email', 'users.locale', 'users.status'])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  const to = row?.status === 'disabled' ? null : (row?.user_email ?? row?.patient_email);
  if (!row || !to) return false;
  const url = `${appBaseUrl(ctx.services.config)}/my-care`;
  await queueMail(trx, ctx, 'patient_news', patientNewsMail(to, row.locale ?? 'fr', url));
  return true;
}
