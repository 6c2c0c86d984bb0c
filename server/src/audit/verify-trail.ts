// GET /api/audit/verify: the coordinator asks for the chain to be checked.
// The check is audited (after it ran, so it does not check itself).
import type { ChainReportDto } from '../../../contracts/audit/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { recordAudit } from './record-audit.ts';
import { verifyAuditChain } from './verify-chain.ts';

export async function verifyTrail(ctx: Ctx): Promise<ChainReportDto> {
  const actor = requireActor(ctx);
  assertCan(actor, 'audit.verify');
  const report = await verifyAuditChain(ctx.db);
  await recordAudit(ctx.db, ctx, {
    action: 'audit.verify',
    resourceType: 'audit_trail',
    outcome: report.ok ? 'success' : 'failure',
    details: { checked: report.checked, ok: report.ok, ...(report.firstBroken ? { firstBrokenSeq: report.firstBroken.seq, reason: report.firstBroken.reason } : {}) },
  });
  return { ...report, verifiedAt: ctx.clock.now().toISOString() };
}
