// Outgoing email over SMTP (nodemailer), configured by SMTP_URL. The only
// module that touches nodemailer. Sending never blocks the request that
// caused it (so an answer takes the same time whether or not a message is
// sent): `send` queues, failures are logged without the message content.
import nodemailer, { type Transporter } from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';
import type { Services } from '../context.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Files to attach (e.g. an .ics invitation): never patient data. */
  attachments?: Array<{ filename: string; content: string | Buffer; contentType?: string }>;
}

export interface Mailer {
  /** Queues the message; resolves at once. */
  send(mail: OutgoingMail, log?: FastifyBaseLogger): void;
  /** Waits for queued messages (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
  readonly enabled: boolean;
}

export function createMailer(opts: { smtpUrl?: string; from: string }): Mailer {
  const transport: Transporter | null = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  const pending = new Set<Promise<unknown>>();
  return {
    enabled: transport !== null,
    send(mail, log) {
      if (!transport) {
        log?.warn({ kind: 'mail' }, 'no SMTP_URL configured: email not sent');
        return;
      }
      const p = transport
        .sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, ...(mail.attachments ? { attachments: mail.attachments } : {}) })
        .catch((err: Error) => log?.error({ err: { type: err.name, message: err.message } }, 'email could not be sent'))
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async flush() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    async close() {
      await this.flush();
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
