// The tele-expertise case as the API speaks of it: creation and drafts,
// routing, transitions, the case page, the requester's list and badge, and the
// dermatologist's queue. Photos are NOT part of these DTOs: they come from
// GET /api/cases/:id/photos (photos feature).
import { z } from 'zod';
import { CaseStateSchema, CaseTransitionSchema } from '../clinical/case-state.ts';
import { BodySiteIdSchema, RequestReasonSchema, TriageOutcomeSchema, UrgencySchema } from '../clinical/triage.ts';
import { PatientSexSchema } from '../patients/patient.ts';
import { AddendumSchema, AnswerDraftSchema, PersonRefSchema, SignedAnswerSchema } from './answer.ts';
import { RequestDraftV1Schema } from './request-v1.ts';

/** Queue order: suspected cancer first, then urgent, then routine (then time left). */
export const CASE_PRIORITIES = ['suspected_cancer', 'urgent', 'routine'] as const;
export const CasePrioritySchema = z.enum(CASE_PRIORITIES);
export type CasePriority = z.infer<typeof CasePrioritySchema>;

/** Colour band of the time left (always shown with text too). */
export const TimeLeftBandSchema = z.enum(['plenty', 'under_a_day', 'overdue', 'paused', 'none']);
export type TimeLeftBand = z.infer<typeof TimeLeftBandSchema>;

export const DeadlineSchema = z.object({
  /** ISO instant; null for drafts. While the clock is paused, the date it would be if work resumed now. */
  at: z.string().nullable(),
  /** Milliseconds left (negative when overdue); null for drafts and closed cases. */
  msLeft: z.number().nullable(),
  band: TimeLeftBandSchema,
  paused: z.boolean(),
});
export type Deadline = z.infer<typeof DeadlineSchema>;

export const CaseIdParamsSchema = z.object({ caseId: z.uuid() });

// ---------- routing ----------
export const RoutingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('service'), serviceId: z.uuid() }),
  /** A named dermatologist of a service of the network (the service stays the pool behind them). */
  z.object({ kind: z.literal('dermatologist'), serviceId: z.uuid(), dermatologistId: z.uuid() }),
]);
export type Routing = z.infer<typeof RoutingSchema>;

export const RoutingOptionsSchema = z
  .object({
    services: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        routineCalendarDays: z.number().int(),
        urgentWorkingDays: z.number().int(),
        dermatologists: z.array(PersonRefSchema),
      }),
    ),
  })
  .meta({ id: 'RoutingOptions' });

// ---------- create, draft, submit ----------
export const CreateCaseBodySchema = z
  .object({
    patientId: z.uuid(),
    request: RequestDraftV1Schema.optional(),
    routing: RoutingSchema.optional(),
  })
  .meta({ id: 'CreateCaseBody' });
export type CreateCaseBody = z.infer<typeof CreateCaseBodySchema>;

/** PUT /api/cases/:id/draft: replaces the saved draft (send the whole form each time). */
export const SaveDraftBodySchema = z
  .object({
    request: RequestDraftV1Schema,
    routing: RoutingSchema.nullish(),
  })
  .meta({ id: 'SaveDraftBody' });
export type SaveDraftBody = z.infer<typeof SaveDraftBodySchema>;

/** POST /api/cases/:id/submit: routing may be given here or saved with the draft. */
export const SubmitCaseBodySchema = z.object({ routing: RoutingSchema.optional() }).meta({ id: 'SubmitCaseBody' });

export const CaseCreatedSchema = z.object({ id: z.uuid(), state: CaseStateSchema, updatedAt: z.string() }).meta({ id: 'CaseCreated' });
export const DraftSavedSchema = z.object({ id: z.uuid(), updatedAt: z.string() }).meta({ id: 'DraftSaved' });

// ---------- transitions ----------
export const MessageBodySchema = z.object({ body: z.string().trim().min(1).max(4000) }).meta({ id: 'MessageBody' });
export const ReassignBodySchema = z.object({ dermatologistId: z.uuid() }).meta({ id: 'ReassignBody' });
export const WithdrawBodySchema = z.object({ reason: z.string().trim().max(500).optional() });

/** Answer of every transition: the new state and what the caller may do next. */
export const TransitionResultSchema = z
  .object({
    id: z.uuid(),
    state: CaseStateSchema,
    transition: CaseTransitionSchema,
    deadline: DeadlineSchema,
    allowedTransitions: z.array(CaseTransitionSchema),
  })
  .meta({ id: 'TransitionResult' });
export type TransitionResult = z.infer<typeof TransitionResultSchema>;

/** 409 invalid_transition carries the case's current state. */
export const InvalidTransitionProblemSchema = z.object({
  status: z.literal(409),
  code: z.literal('invalid_transition'),
  currentState: CaseStateSchema,
  transition: CaseTransitionSchema,
});

// ---------- case page ----------
export const CaseEventSchema = z.object({
  id: z.uuid(),
  transition: CaseTransitionSchema,
  fromState: CaseStateSchema.nullable(),
  toState: CaseStateSchema,
  at: z.string(),
  actor: PersonRefSchema.extend({ role: z.string() }).nullable(),
});
export type CaseEvent = z.infer<typeof CaseEventSchema>;

export const CaseMessageSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['question', 'reply']),
  body: z.string(),
  author: PersonRefSchema.extend({ role: z.string() }),
  at: z.string(),
});
export type CaseMessage = z.infer<typeof CaseMessageSchema>;

export const EarlierCaseSchema = z.object({
  id: z.uuid(),
  state: CaseStateSchema,
  submittedAt: z.string().nullable(),
  reason: RequestReasonSchema.nullable(),
  bodySite: BodySiteIdSchema.nullable(),
  sameBodySite: z.boolean(),
  outcome: TriageOutcomeSchema.nullable(),
  diagnosis: z.string().nullable(),
});

export const CaseDetailSchema = z
  .object({
    id: z.uuid(),
    state: CaseStateSchema,
    /** Null for drafts (the draft is lenient). */
    schemaVersion: z.number().int().nullable(),
    /** The submitted request (RequestV1) or, for a draft, the saved draft. */
    request: RequestDraftV1Schema,
    patient: z.object({
      id: z.uuid(),
      familyName: z.string(),
      givenName: z.string(),
      birthDate: z.string(),
      age: z.number().int(),
      sex: PatientSexSchema,
    }),
    consentGiven: z.boolean(),
    requester: PersonRefSchema.extend({ organisationId: z.uuid(), organisationName: z.string() }),
    routing: z.object({
      service: PersonRefSchema.nullable(),
      targetDermatologist: PersonRefSchema.nullable(),
      assignedDermatologist: PersonRefSchema.nullable(),
    }),
    urgency: UrgencySchema.nullable(),
    priority: CasePrioritySchema.nullable(),
    suspectedCancer: z.boolean(),
    sevenPointScore: z.number().int().nullable(),
    deadline: DeadlineSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().nullable(),
    claimedAt: z.string().nullable(),
    answeredAt: z.string().nullable(),
    readByRequesterAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    /** Set once the requester withdrew the case; the reason is in their own words. */
    withdrawal: z.object({ at: z.string(), reason: z.string().nullable() }).nullable(),
    timeline: z.array(CaseEventSchema),
    messages: z.array(CaseMessageSchema),
    answer: SignedAnswerSchema.nullable(),
    addenda: z.array(AddendumSchema),
    /** Only for the assigned dermatologist, before signing. */
    answerDraft: AnswerDraftSchema.nullable(),
    earlierCases: z.array(EarlierCaseSchema),
    /** What the caller may do now (by state and by who they are). */
    allowedTransitions: z.array(CaseTransitionSchema),
  })
  .meta({ id: 'CaseDetail' });
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

// ---------- the requester's list and badge ----------
export const CASE_LIST_VIEWS = ['all', 'drafts', 'waiting', 'awaiting_me', 'answered_unread', 'answered', 'closed'] as const;
export const CaseListQuerySchema = z.object({
  /**
   * drafts: draft; waiting: submitted/in_review (the dermatologist has it); awaiting_me: a question to answer;
   * answered_unread: answered, not yet opened; answered: answered (read or not); closed: acknowledged/withdrawn.
   */
  view: z.enum(CASE_LIST_VIEWS).default('all'),
  patientId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  offset: z.coerce.number().int().min(0).max(100000).default(0),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

export const CaseSummarySchema = z.object({
  id: z.uuid(),
  state: CaseStateSchema,
  patient: z.object({ id: z.uuid(), familyName: z.string(), givenName: z.string(), age: z.number().int(), sex: PatientSexSchema }),
  reason: RequestReasonSchema.nullable(),
  bodySite: BodySiteIdSchema.nullable(),
  urgency: UrgencySchema.nullable(),
  priority: CasePrioritySchema.nullable(),
  suspectedCancer: z.boolean(),
  sevenPointScore: z.number().int().nullable(),
  service: PersonRefSchema.nullable(),
  requester: PersonRefSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  deadline: DeadlineSchema,
  answeredAt: z.string().nullable(),
  /** Answered and not yet opened by the requester's side. */
  unread: z.boolean(),
  outcome: TriageOutcomeSchema.nullable(),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;
export const CaseListSchema = z.object({ items: z.array(CaseSummarySchema), total: z.number().int() }).meta({ id: 'CaseList' });

export const CaseCountsSchema = z
  .object({
    /** For the badge. */
    answeredUnread: z.number().int(),
    awaitingMe: z.number().int(),
    drafts: z.number().int(),
    waiting: z.number().int(),
  })
  .meta({ id: 'CaseCounts' });

// ---------- the dermatologist's queue ----------
export const QueueQuerySchema = z.object({
  state: z.enum(['submitted', 'in_review', 'awaiting_requester']).optional(),
  serviceId: z.uuid().optional(),
  urgency: z.enum(['routine', 'urgent', 'suspected_cancer']).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** Only cases assigned to me or routed to me by name. */
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Opaque keyset cursor from the previous page's nextCursor. */
  cursor: z.string().max(200).optional(),
});
export type QueueQuery = z.infer<typeof QueueQuerySchema>;

export const QueueRowSchema = z.object({
  id: z.uuid(),
  state: CaseStateSchema,
  priority: CasePrioritySchema,
  urgency: UrgencySchema,
  suspectedCancer: z.boolean(),
  sevenPointScore: z.number().int().nullable(),
  /** No names in the queue: initials, age and sex. */
  patient: z.object({ initials: z.string(), age: z.number().int(), sex: PatientSexSchema }),
  bodySite: BodySiteIdSchema.nullable(),
  reason: RequestReasonSchema.nullable(),
  requester: PersonRefSchema.extend({ organisationName: z.string() }),
  service: PersonRefSchema,
  assignedDermatologist: PersonRefSchema.nullable(),
  targetDermatologist: PersonRefSchema.nullable(),
  submittedAt: z.string(),
  deadline: DeadlineSchema,
});
export type QueueRow = z.infer<typeof QueueRowSchema>;
export const QueuePageSchema = z
  .object({ items: z.array(QueueRowSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'QueuePage' });

export const ReportQuerySchema = z.object({ lang: z.enum(['fr', 'en']).optional() });
