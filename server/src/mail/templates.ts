// Email templates, French and English, plain text plus simple HTML. They
// carry links and codes only: never a patient's name or clinical data.
import type { OutgoingMail } from './mailer.ts';

export type Locale = 'fr' | 'en';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function render(to: string, subject: string, paragraphs: string[], action: { label: string; url: string } | null, footer: string): OutgoingMail {
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : []), '', footer].join('\n\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:560px">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${action ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:12px 20px;background:#1c5d99;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(action.label)}</a></p>\n<p style="font-size:13px;color:#555">${escapeHtml(action.url)}</p>` : ''}
<p style="font-size:13px;color:#555">${escapeHtml(footer)}</p>
</body></html>`;
  return { to, subject, text, html };
}

const FOOTER: Record<Locale, string> = {
  en: 'DermLink. If you did not ask for this, ignore this email: nothing will change.',
  fr: "DermLink. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne changera.",
};

export function patientSignInMail(to: string, locale: Locale, opts: { link: string; code: string; minutes: number }): OutgoingMail {
  if (locale === 'en') {
    return render(to, 'Your DermLink sign-in link', [
      `Use this link to sign in to DermLink. It works once, for ${opts.minutes} minutes.`,
      `If you opened DermLink on another device, type this code there instead: ${opts.code}`,
    ], { label: 'Sign in', url: opts.link }, FOOTER.en);
  }
  return render(to, 'Votre lien de connexion DermLink', [
    `Utilisez ce lien pour vous connecter à DermLink. Il fonctionne une seule fois, pendant ${opts.minutes} minutes.`,
    `Si vous avez ouvert DermLink sur un autre appareil, saisissez-y plutôt ce code : ${opts.code}`,
  ], { label: 'Se connecter', url: opts.link }, FOOTER.fr);
}

export function passwordResetMail(to: string, locale: Locale, opts: { link: string; minutes: number }): OutgoingMail {
  if (locale === 'en') {
    return render(to, 'Reset your DermLink password', [
      `Someone asked to reset the password of your DermLink account. This link works once, for ${opts.minutes} minutes.`,
      'Your second factor (authenticator app or passkey) stays as it is.',
    ], { label: 'Choose a new password', url: opts.link }, FOOTER.en);
  }
  return render(to, 'Réinitialiser votre mot de passe DermLink', [
    `Une réinitialisation du mot de passe de votre compte DermLink a été demandée. Ce lien fonctionne une seule fois, pendant ${opts.minutes} minutes.`,
    "Votre second facteur (application d'authentification ou clé d'accès) reste inchangé.",
  ], { label: 'Choisir un nouveau mot de passe', url: opts.link }, FOOTER.fr);
}

const ROLE_NAMES: Record<Locale, Record<string, string>> = {
  en: { requester: 'requesting clinician', dermatologist: 'dermatologist', coordinator: 'coordinator' },
  fr: { requester: 'médecin requérant', dermatologist: 'dermatologue', coordinator: 'coordinateur·rice' },
};

export function invitationMail(to: string, locale: Locale, opts: { link: string; organisationName: string; role: string; inviterName: string; hours: number }): OutgoingMail {
  const role = ROLE_NAMES[locale][opts.role] ?? opts.role;
  if (locale === 'en') {
    return render(to, 'You are invited to DermLink', [
      `${opts.inviterName} invites you to join ${opts.organisationName} on DermLink as ${role}.`,
      `The link works once and expires in ${opts.hours} hours. You will choose a password and set up a second factor (an authenticator app or a passkey).`,
    ], { label: 'Accept the invitation', url: opts.link }, FOOTER.en);
  }
  return render(to, 'Invitation à rejoindre DermLink', [
    `${opts.inviterName} vous invite à rejoindre ${opts.organisationName} sur DermLink en tant que ${role}.`,
    `Le lien fonctionne une seule fois et expire dans ${opts.hours} heures. Vous choisirez un mot de passe et configurerez un second facteur (application d'authentification ou clé d'accès).`,
  ], { label: "Accepter l'invitation", url: opts.link }, FOOTER.fr);
}
