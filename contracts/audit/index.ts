// The audit trail as the coordinator searches it, the chain verification
// report, and the patient's plain-language access log.
import { z } from 'zod';

export const AuditSearchQuerySchema = z.object({
  /** A user id, or part of a name or email. */
  user: z.string().trim().min(1).max(120).optional(),
  patientId: z.uuid().optional(),
  /** ISO date-times, inclusive start, exclusive end. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Exact action, or a prefix ending with `*` (e.g. `case.*`). */
  action: z.string().trim().min(1).max(80).regex(/^[a-z0-9_.]+\*?$/, 'validation.action').optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export type AuditSearchQuery = z.input<typeof AuditSearchQuerySchema>;

export const AuditEventSchema = z
  .object({
    id: z.uuid(),
    seq: z.number().int(),
    occurredAt: z.iso.datetime(),
    actor: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    actorRole: z.string().nullable(),
    actorOrganisation: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    patientId: z.uuid().nullable(),
    outcome: z.enum(['success', 'failure', 'denied']),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditEventPageSchema = z.object({
  events: z.array(AuditEventSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});
export type AuditEventPage = z.infer<typeof AuditEventPageSchema>;

export const ChainReportSchema = z
  .object({
    checked: z.number().int(),
    ok: z.boolean(),
    firstBroken: z
      .object({ seq: z.number().int(), id: z.uuid(), reason: z.enum(['hash_mismatch', 'prev_mismatch']) })
      .optional(),
    verifiedAt: z.iso.datetime(),
  })
  .meta({ id: 'ChainReport' });
export type ChainReportDto = z.infer<typeof ChainReportSchema>;

/** What someone did with the patient's record, in words the web app translates. */
export const AccessKindSchema = z.enum([
  'viewed_record',
  'changed_record',
  'viewed_request',
  'changed_request',
  'viewed_photos',
  'added_photos',
  'answered_request',
  'downloaded_report',
  'exported_record',
  'viewed_consent',
  'changed_consent',
  'viewed_visit',
  'viewed_billing',
  'other',
]);
export type AccessKind = z.infer<typeof AccessKindSchema>;

export const AccessLogEntrySchema = z.object({
  /** An opaque key for lists; not an internal id. */
  key: z.string(),
  who: z.string(),
  role: z.enum(['requester', 'dermatologist', 'coordinator', 'pharmacist', 'patient']).nullable(),
  organisation: z.string().nullable(),
  what: AccessKindSchema,
  when: z.iso.datetime(),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;

export const AccessLogSchema = z.object({ entries: z.array(AccessLogEntrySchema), hasMore: z.boolean() }).meta({ id: 'AccessLog' });
export type AccessLog = z.infer<typeof AccessLogSchema>;

export const AccessLogQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) });
