// Demo accounts come with an authenticator already enrolled, with FIXED,
// PUBLIC secrets (README "Signing in"), so people trying the demo and the
// browser tests can compute codes (`npm run demo:code -- <email>`). Demo only:
// the seed never runs in production. There is no switch that skips the factor.
import { loadConfig } from '../config.ts';
import { seedHooks } from '../seed/seed-demo.ts';
import { DEMO_CLINICIANS } from '../seed/demo-data.ts';
import { authMasterKey } from './master-key.ts';
import { sealSecret } from './totp.ts';

/** Base32 TOTP secrets (SHA-1, 6 digits, 30 s) of the demo clinicians. */
export const DEMO_TOTP_SECRETS: Record<string, string> = {
  'gp@dermlink.test': 'MRSXE3LMNFXGWLLEMVWW6LLHOAYS25DP',
  'gp2@dermlink.test': 'MRSXE3LMNFXGWLLEMVWW6LLHOAZC25DP',
  'derm@dermlink.test': 'MRSXE3LMNFXGWLLEMVWW6LLEMVZG2MJN',
  'derm2@dermlink.test': 'MRSXE3LMNFXGWLLEMVWW6LLEMVZG2MRN',
  'coordinator@dermlink.test': 'MRSXE3LMNFXGWLLEMVWW6LLDN5XXEZBN',
  'pharmacist@dermlink.test': 'MRSXE3LMNFXGWLLEMVWW6LLQNBQXE3JR',
};

export function demoTotpNote(email: string): string {
  const secret = DEMO_TOTP_SECRETS[email];
  return secret ? `  (TOTP secret ${secret})` : '';
}

let registered = false;
export function registerDemoTotpSeed(): void {
  if (registered) return;
  registered = true;
  seedHooks.push(async (trx, users) => {
    const key = authMasterKey(loadConfig());
    for (const c of DEMO_CLINICIANS) {
      const secret = DEMO_TOTP_SECRETS[c.email];
      const userId = users[c.key];
      if (!secret || !userId) continue;
      await trx.insertInto('user_totp').values({ user_id: userId, ...sealSecret(key, secret), verified_at: new Date(), last_used_step: null }).execute();
    }
  });
}
registerDemoTotpSeed();
