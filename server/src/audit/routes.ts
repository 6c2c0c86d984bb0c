// The audit trail over HTTP: the coordinator's search and chain check, and
// the patient's "who looked at my record".
import { AccessLogQuerySchema, AccessLogSchema, AuditEventPageSchema, AuditSearchQuerySchema, ChainReportSchema } from '../../../contracts/audit/index.ts';
import type { App } from '../app.ts';
import { readAccessLog } from './access-log.ts';
import { searchAuditEvents } from './search-events.ts';
import { verifyTrail } from './verify-trail.ts';

export async function auditRoutes(app: App) {
  app.get(
    '/api/audit/events',
    { schema: { tags: ['audit'], summary: 'Search the audit trail of my network (coordinator)', querystring: AuditSearchQuerySchema, response: { 200: AuditEventPageSchema } } },
    async (request) => searchAuditEvents(request.ctx, request.query),
  );

  app.get(
    '/api/audit/verify',
    { schema: { tags: ['audit'], summary: 'Verify the hash chain of the audit trail (coordinator)', response: { 200: ChainReportSchema } } },
    async (request) => verifyTrail(request.ctx),
  );

  app.get(
    '/api/me/access-log',
    { schema: { tags: ['audit'], summary: 'Who looked at my record (patient)', querystring: AccessLogQuerySchema, response: { 200: AccessLogSchema } } },
    async (request) => readAccessLog(request.ctx, request.query),
  );
}
