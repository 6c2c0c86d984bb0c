// Outgoing email over SMTP (nodemailer), configured by SMTP_URL. The only
// module that touches nodemailer. Nothing here is called from a request:
// domain functions queue their messages (mail/mail-queue.ts, a durable job
// created in their own transaction) and the mail job delivers them with
// `deliver`, which throws so that pg-boss retries. Errors keep only what says
// why (nodemailer's code, the SMTP reply code and command): the server's reply
// text and the rejected addresses are dropped, as they often repeat the
// recipient.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Services } from '../context.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Files to attach (e.g. an .ics invitation): never patient data. */
  attachments?: Array<{ filename: string; content: string | Buffer; contentType?: string }>;
}

/** Why a delivery failed, without the message's content or addresses. */
export class MailDeliveryError extends Error {
  /** nodemailer's error code (ECONNECTION, EENVELOPE, EMESSAGE, ETIMEDOUT...). */
  readonly code: string | null;
  /** The SMTP reply code (451, 550...), when the server answered. */
  readonly responseCode: number | null;
  /** The SMTP command that failed (CONN, RCPT TO, DATA...). */
  readonly command: string | null;
  constructor(source: { code?: unknown; responseCode?: unknown; command?: unknown }) {
    const code = typeof source.code === 'string' ? source.code : null;
    const responseCode = typeof source.responseCode === 'number' ? source.responseCode : null;
    const command = typeof source.command === 'string' ? source.command : null;
    super(['SMTP delivery failed', code, responseCode, command && `at ${command}`].filter(Boolean).join(' '));
    this.name = 'MailDeliveryError';
    this.code = code;
    this.responseCode = responseCode;
    this.command = command;
  }
}

export interface Mailer {
  /** Hands one message to the SMTP server; throws a MailDeliveryError if it is not accepted. */
  deliver(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
  readonly enabled: boolean;
}

// A message is delivered inside a job (mail/mail-queue.ts) whose batch must end well within
// pg-boss's 15 minute expiry, so an unreachable or stalled server fails in seconds rather than
// nodemailer's defaults (2 min to connect, 10 min of silence); the job retries it later.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function createMailer(opts: { smtpUrl?: string; from: string }): Mailer {
  const transport: Transporter | null = opts.smtpUrl ? nodemailer.createTransport({ url: opts.smtpUrl, ...TIMEOUTS }) : null;
  return {
    enabled: transport !== null,
    async deliver(mail) {
      if (!transport) throw new MailDeliveryError({ code: 'ENOSMTP' });
      try {
        await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, ...(mail.attachments ? { attachments: mail.attachments } : {}) });
      } catch (error) {
        throw new MailDeliveryError((error ?? {}) as Record<string, unknown>);
      }
    },
    async close() {
      transport?.close();
    },
  };
}

/**
 * The app's mailer: the one startFeatureServices installed (maildev in the
 * embedded default), else one built from SMTP_URL on first use.
 */
export function getMailer(services: Services): Mailer {
  let mailer = services.mailer as Mailer | undefined;
  if (!mailer) {
    mailer = createMailer({ smtpUrl: services.config.smtpUrl, from: services.config.mailFrom });
    services.mailer = mailer;
  }
  return mailer;
}
