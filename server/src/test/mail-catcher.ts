// A real SMTP server for medium tests: start it, point SMTP_URL at it
// (`createTestApp({ env: { SMTP_URL: catcher.url } })`), then read what the
// app sent. Waiting is event-driven (no sleeps): `next()` resolves when a
// matching message arrives, or rejects after a timeout. `refuseNext()` makes it
// answer the next recipient(s) with a temporary failure (451), as a busy or
// greylisting server does, to test that the app tries again.
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface MailCatcher {
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  messages: CaughtMail[];
  /** The first message (already received or still to come) to `to` that was not taken yet. */
  next(to: string, timeoutMs?: number): Promise<CaughtMail>;
  /** Messages received for `to` so far. */
  sentTo(to: string): CaughtMail[];
  /** Answer the next `count` recipients "451 <address>: try again later" (the reply names them, as real servers do). */
  refuseNext(count?: number): void;
  /** Recipients refused so far. */
  refused: string[];
  /** First https?:// link of the plain-text part. */
  linkIn(mail: CaughtMail): string;
  clear(): void;
  close(): Promise<void>;
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const input = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '=' && /^[0-9A-F]{2}$/i.test(input.slice(i + 1, i + 3))) {
      bytes.push(parseInt(input.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(input[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return body;
  }
}

function splitPart(part: string): { headers: Record<string, string>; body: string } {
  const at = part.search(/\r?\n\r?\n/);
  const head = at < 0 ? part : part.slice(0, at);
  const body = at < 0 ? '' : part.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function decodeHeader(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_m, _cs, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

/** Minimal MIME reading: enough for nodemailer's text + html messages. */
export function parseMail(raw: string, to: string[], from: string): CaughtMail {
  const top = splitPart(raw);
  let text = '';
  let html = '';
  const visit = (headers: Record<string, string>, body: string) => {
    const type = headers['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith('multipart/') && boundary) {
      const parts = body.split(`--${boundary}`).slice(1);
      for (const p of parts) {
        if (p.startsWith('--')) break;
        const sub = splitPart(p.replace(/^\r?\n/, ''));
        visit(sub.headers, sub.body);
      }
      return;
    }
    const decoded = decodeBody(body, headers['content-transfer-encoding']);
    if (type.toLowerCase().startsWith('text/html')) html ||= decoded;
    else if (type.toLowerCase().startsWith('text/plain')) text ||= decoded;
  };
  visit(top.headers, top.body);
  return { to, from, subject: decodeHeader(top.headers.subject ?? ''), text, html, raw };
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const taken = new Set<CaughtMail>();
  const waiters: Array<{ to: string; resolve: (m: CaughtMail) => void }> = [];
  const refused: string[] = [];
  let refusals = 0;

  const deliver = (mail: CaughtMail) => {
    messages.push(mail);
    const i = waiters.findIndex((w) => mail.to.includes(w.to.toLowerCase()));
    if (i >= 0) {
      const [w] = waiters.splice(i, 1);
      taken.add(mail);
      w!.resolve(mail);
    }
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refusals > 0) {
        refusals -= 1;
        refused.push(address.address.toLowerCase());
        const err = new Error(`<${address.address}>: mailbox busy, try again later`) as Error & { responseCode: number };
        err.responseCode = 451;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        deliver(parseMail(Buffer.concat(chunks).toString('utf8'), to, from));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as { port: number };

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    next(to, timeoutMs = 5000) {
      const want = to.toLowerCase();
      const ready = messages.find((m) => !taken.has(m) && m.to.includes(want));
      if (ready) {
        taken.add(ready);
        return Promise.resolve(ready);
      }
      return new Promise((resolve, reject) => {
        const waiter = { to: want, resolve: (m: CaughtMail) => { clearTimeout(timer); resolve(m); } };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no email to ${to} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    sentTo: (to) => messages.filter((m) => m.to.includes(to.toLowerCase())),
    refuseNext(count = 1) {
      refusals = count;
    },
    refused,
    linkIn(mail) {
      const m = /https?:\/\/\S+/.exec(mail.text);
      if (!m) throw new Error(`no link in email "${mail.subject}"`);
      return m[0];
    },
    clear() {
      messages.length = 0;
      taken.clear();
      refused.length = 0;
      refusals = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The .ics part of a message, decoded (headers unfolded). */
export function icsOf(m: CaughtMail): string {
  const part = m.raw.split(/\r?\n--/).find((p) => /content-type:\s*text\/calendar/i.test(p));
  if (!part) throw new Error(`no .ics attachment in the message to ${m.to}`);
  const [head, ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head!)?.[1]?.toLowerCase();
  const decoded =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
        : body;
  return decoded.replace(/\r?\n[ \t]/g, '');
}
