// Submission: the draft is validated strictly (field paths under "request."),
// consent is required, the routing resolved, the 7-point score computed (>= 3
// flags suspected cancer and raises the priority) and the deadline fixed from
// the service's policy. The stored request carries its schema version.
import type { Routing } from '../../../contracts/cases/case.ts';
import { REQUEST_SCHEMA_VERSION, RequestV1Schema, draftToCandidate, type RequestDraftV1 } from '../../../contracts/cases/request-v1.ts';
import { sevenPointScore, suggestsSuspectedCancer } from '../../../contracts/clinical/seven-point.ts';
import { requireActor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { hasCurrentConsent } from '../patients/consent-queries.ts';
import { PRIORITY_RANK, priorityFor } from './case-view.ts';
import { deadlineAt, settingsOfService } from './deadline-for-case.ts';
import { resolveRouting } from './routing.ts';
import { applyTransition } from './transition.ts';
import { transitionResult } from './transition-result.ts';

export async function submitCase(ctx: Ctx, caseId: string, input: { routing?: Routing }) {
  const actor = requireActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const { after } = await applyTransition(trx, ctx, actor, {
      caseId,
      transition: 'submit',
      set: async (row, now) => {
        const parsed = RequestV1Schema.safeParse(draftToCandidate((row.request ?? {}) as RequestDraftV1));
        if (!parsed.success) {
          throw new AppError('request_incomplete', 'The request is missing information the dermatologist needs.', {
            fields: parsed.error.issues.map((issue) => ({ path: ['request', ...issue.path.map(String)].join('.'), message: issue.message })),
          });
        }
        if (!(await hasCurrentConsent(trx, row.patient_id))) {
          throw new AppError('consent_required', "Record the patient's consent to photos and remote expertise first.", {
            fields: [{ path: 'consent', message: 'cases.consentRequired' }],
          });
        }
        let serviceId = row.service_id;
        let targetId = row.target_dermatologist_id;
        if (input.routing) {
          const resolved = await resolveRouting(trx, row.network_id, input.routing);
          serviceId = resolved.serviceId;
          targetId = resolved.targetDermatologistId;
        } else if (serviceId) {
          // Re-check a routing saved with the draft: the service or the person may have changed since.
          const resolved = await resolveRouting(
            trx,
            row.network_id,
            targetId ? { kind: 'dermatologist', serviceId, dermatologistId: targetId } : { kind: 'service', serviceId },
          );
          serviceId = resolved.serviceId;
          targetId = resolved.targetDermatologistId;
        }
        if (!serviceId) {
          throw new AppError('routing_invalid', 'Choose the dermatology service to send the request to.', {
            fields: [{ path: 'routing.serviceId', message: 'cases.routing.required' }],
          });
        }
        const request = parsed.data;
        const score = request.pigmented && request.sevenPoint ? sevenPointScore(request.sevenPoint) : null;
        const priority = priorityFor(request.urgency, score);
        const settings = await settingsOfService(trx, serviceId);
        return {
          request: JSON.stringify(request),
          schema_version: REQUEST_SCHEMA_VERSION,
          reason: request.reason,
          body_site: request.bodySite.site,
          urgency: request.urgency,
          seven_point_score: score,
          suspected_cancer: score !== null && suggestsSuspectedCancer(score),
          priority_rank: PRIORITY_RANK[priority],
          service_id: serviceId,
          target_dermatologist_id: targetId,
          submitted_at: now,
          deadline_at: deadlineAt(settings, now, request.urgency),
        };
      },
    });
    return transitionResult(actor, after, 'submit', ctx.clock.now());
  });
}
