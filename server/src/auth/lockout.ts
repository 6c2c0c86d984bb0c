// Account lockout: 5 consecutive failures (password or second factor) lock the
// account for 15 minutes, with an audit event; each lock that follows another
// without a successful sign-in in between lasts twice as long (up to 4 hours),
// so a slow guesser gets ~30 tries a day instead of 480. Unknown emails get the
// same treatment in memory, so the answers never tell whether an account exists.
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { LOCKOUT_THRESHOLD, lockoutMinutes } from '../../../contracts/auth/rules.ts';

export function lockedError(until: Date, now: Date): AppError {
  // Rounded, not ceiled: the lock's end is computed a few milliseconds after `now` (after the password check), and 900.004 s must read as 15 minutes, not 16.
  const retryAfterSeconds = Math.max(1, Math.round((until.getTime() - now.getTime()) / 1000));
  return new AppError(
    'account_locked',
    `Too many failed attempts: this account is locked for ${Math.ceil(retryAfterSeconds / 60)} minutes. Wait, or reset your password.`,
    { extra: { retryAfterSeconds, lockedUntil: until.toISOString() } },
  );
}

export function assertNotLocked(user: { locked_until: Date | null }, now: Date): void {
  if (user.locked_until && user.locked_until > now) throw lockedError(user.locked_until, now);
}

/** Counts a failure; locks at the threshold. Returns the lock end when it just locked. */
export async function recordFailure(ctx: Pick<Ctx, 'db' | 'clock' | 'origin' | 'actor'>, userId: string, reason: string): Promise<Date | null> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', userId)
      .returning(['failed_attempts', 'consecutive_lockouts'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'auth.sign_in_failed', resourceType: 'user', resourceId: userId, actorUserId: userId, outcome: 'failure', details: { reason, failedAttempts: row.failed_attempts } });
    if (row.failed_attempts >= LOCKOUT_THRESHOLD) {
      const lockouts = row.consecutive_lockouts + 1;
      const minutes = lockoutMinutes(lockouts);
      const until = new Date(now.getTime() + minutes * 60_000);
      await trx.updateTable('users').set({ locked_until: until, failed_attempts: 0, consecutive_lockouts: lockouts }).where('id', '=', userId).execute();
      await recordAudit(trx, ctx, { action: 'auth.account_locked', resourceType: 'user', resourceId: userId, actorUserId: userId, outcome: 'denied', details: { minutes, lockoutInARow: lockouts } });
      return until;
    }
    return null;
  });
}

/** The users columns after a proof of identity (completed sign-in, password reset, re-authentication): no failure counted, no lock, the next lock back to 15 minutes. */
export const NO_FAILURES = { failed_attempts: 0, locked_until: null, consecutive_lockouts: 0 } as const;

/** Failures against emails with no account, kept in memory (bounded). */
const unknown = new Map<string, { count: number; lockouts: number; lockedUntil: number | null }>();
export function unknownEmailFailure(email: string, now: Date): Date | null {
  if (unknown.size > 10_000) unknown.clear();
  const entry = unknown.get(email) ?? { count: 0, lockouts: 0, lockedUntil: null };
  entry.count += 1;
  let lockedAt: Date | null = null;
  if (entry.count >= LOCKOUT_THRESHOLD) {
    entry.count = 0;
    entry.lockouts += 1;
    entry.lockedUntil = now.getTime() + lockoutMinutes(entry.lockouts) * 60_000;
    lockedAt = new Date(entry.lockedUntil);
  }
  unknown.set(email, entry);
  return lockedAt;
}
export function assertUnknownEmailNotLocked(email: string, now: Date): void {
  const entry = unknown.get(email);
  if (entry?.lockedUntil && entry.lockedUntil > now.getTime()) throw lockedError(new Date(entry.lockedUntil), now);
}
