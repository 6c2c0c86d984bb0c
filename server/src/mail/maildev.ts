// Local mail catcher for the embedded default (no SMTP_URL, not production):
// maildev on loopback, its web page shows every message the app sends.
import { createServer } from 'node:net';
import { MailDev } from 'maildev';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface LocalMailCatcher {
  smtpUrl: string;
  webUrl: string;
  stop(): Promise<void>;
}

export async function startLocalMailCatcher(env: NodeJS.ProcessEnv = process.env): Promise<LocalMailCatcher> {
  const smtp = env.MAILDEV_SMTP_PORT ? Number(env.MAILDEV_SMTP_PORT) : await freePort();
  const web = env.MAILDEV_WEB_PORT ? Number(env.MAILDEV_WEB_PORT) : await freePort();
  const maildev = new MailDev({ smtp, web, ip: '127.0.0.1', webIp: '127.0.0.1', silent: true });
  await maildev.start();
  return {
    smtpUrl: `smtp://127.0.0.1:${smtp}`,
    webUrl: `http://127.0.0.1:${web}`,
    stop: () => maildev.stop(),
  };
}
