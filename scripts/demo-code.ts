// `npm run demo:code -- <email>`: the current 6-digit authenticator code of a
// demo account (their TOTP secrets are fixed and public, see README).
import { generate } from 'otplib';
import { DEMO_TOTP_SECRETS } from '../server/src/auth/demo-totp.ts';

const email = (process.argv[2] ?? '').trim().toLowerCase();
const secret = DEMO_TOTP_SECRETS[email];
if (!secret) {
  console.error(`Usage: npm run demo:code -- <email>\nDemo accounts: ${Object.keys(DEMO_TOTP_SECRETS).join(', ')}`);
  process.exit(1);
}
const now = Math.floor(Date.now() / 1000);
const code = await generate({ secret });
console.log(`${code}  (valid for ${30 - (now % 30)} more seconds)`);
