// Every call of the cases screens to the API, in one place (URLs and types
// from the shared contracts). Query keys are exported for invalidation.
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AddendumBody,
  AnswerBody,
  AnswerDraft,
  AnswerTemplate,
  AnswerTemplateBody,
  AnswerTemplateListSchema,
  Icd10SearchResultSchema,
} from '../../../contracts/cases/answer.ts';
import type {
  CaseCountsSchema,
  CaseCreatedSchema,
  CaseDetail,
  CaseListQuery,
  CaseListSchema,
  CreateCaseBody,
  DraftSavedSchema,
  QueuePageSchema,
  QueueQuery,
  Routing,
  RoutingOptionsSchema,
  SaveDraftBody,
  TransitionResult,
} from '../../../contracts/cases/case.ts';
import type { Consent, RecordConsentBody } from '../../../contracts/patients/consent.ts';
import type { CreatePatientBody, Patient, PatientListSchema } from '../../../contracts/patients/patient.ts';
import { del, get, getInBackground, post, put } from '../api/client.ts';

export type CaseList = z.infer<typeof CaseListSchema>;
export type CaseCounts = z.infer<typeof CaseCountsSchema>;
export type QueuePage = z.infer<typeof QueuePageSchema>;
export type RoutingOptions = z.infer<typeof RoutingOptionsSchema>;
export type PatientList = z.infer<typeof PatientListSchema>;
export type Icd10Result = z.infer<typeof Icd10SearchResultSchema>;
export type TemplateList = z.infer<typeof AnswerTemplateListSchema>;
export type { AnswerTemplate };

const qs = (params: Record<string, string | number | boolean | undefined | null>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
};

export const casesKeys = {
  all: ['cases'] as const,
  list: (query: Partial<CaseListQuery>) => ['cases', 'list', query] as const,
  counts: ['cases', 'counts'] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
  queue: (query: Partial<QueueQuery>) => ['cases', 'queue', query] as const,
};

// ---------- patients ----------
export const searchPatients = (q: string) => get<PatientList>(`/api/patients${qs({ q, limit: 10 })}`);
export const createPatient = (body: CreatePatientBody) => post<Patient>('/api/patients', body);
export const getPatient = (id: string) => get<Patient>(`/api/patients/${id}`);
export const recordConsent = (patientId: string, body: RecordConsentBody) => post<Consent>(`/api/patients/${patientId}/consents`, body);

// ---------- cases (requester) ----------
export const createCase = (body: CreateCaseBody) => post<z.infer<typeof CaseCreatedSchema>>('/api/cases', body);
export const saveDraft = (id: string, body: SaveDraftBody) => put<z.infer<typeof DraftSavedSchema>>(`/api/cases/${id}/draft`, body);
export const submitCase = (id: string, routing?: Routing) => post<TransitionResult>(`/api/cases/${id}/submit`, routing ? { routing } : {});
export const acknowledgeCase = (id: string) => post<TransitionResult>(`/api/cases/${id}/acknowledge`);
export const replyToQuestion = (id: string, body: string) => post<TransitionResult>(`/api/cases/${id}/replies`, { body });
export const withdrawCase = (id: string, reason = '') => post<TransitionResult>(`/api/cases/${id}/withdraw`, reason ? { reason } : {});
export const reportUrl = (id: string, lang: string) => `/api/cases/${id}/report.pdf${qs({ lang })}`;

// ---------- cases (dermatologist) ----------
export const claimCase = (id: string) => post<TransitionResult>(`/api/cases/${id}/claim`);
export const releaseCase = (id: string) => post<TransitionResult>(`/api/cases/${id}/release`);
export const reassignCase = (id: string, dermatologistId: string) => post<TransitionResult>(`/api/cases/${id}/reassign`, { dermatologistId });
export const askQuestion = (id: string, body: string) => post<TransitionResult>(`/api/cases/${id}/questions`, { body });
export const saveAnswerDraft = (id: string, draft: AnswerDraft) => put<unknown>(`/api/cases/${id}/answer-draft`, draft);
export const signAnswer = (id: string, body: AnswerBody) => post<TransitionResult>(`/api/cases/${id}/answer`, body);
export const addAddendum = (id: string, body: AddendumBody) => post<unknown>(`/api/cases/${id}/addenda`, body);
export const searchIcd10 = (q: string, lang: string) => get<Icd10Result>(`/api/icd10${qs({ q, lang, limit: 10 })}`);
export const listTemplates = () => get<TemplateList>('/api/answer-templates');
export const templatesKey = ['cases', 'templates'];
export const createTemplate = (body: AnswerTemplateBody) => post<AnswerTemplate>('/api/answer-templates', body);
export const updateTemplate = (id: string, body: AnswerTemplateBody) => put<AnswerTemplate>(`/api/answer-templates/${id}`, body);
export const deleteTemplate = (id: string) => del<null>(`/api/answer-templates/${id}`);

// ---------- hooks ----------
export function useCase(id: string | undefined) {
  return useQuery({ queryKey: casesKeys.detail(id ?? ''), queryFn: () => get<CaseDetail>(`/api/cases/${id}`), enabled: !!id });
}

export function useCaseList(query: Partial<CaseListQuery>) {
  return useQuery({
    queryKey: casesKeys.list(query),
    queryFn: () => get<CaseList>(`/api/cases${qs(query)}`),
    placeholderData: keepPreviousData,
  });
}

export function useCaseCounts() {
  return useQuery({ queryKey: casesKeys.counts, // Polling is not activity: it must not keep an idle session alive.
    queryFn: () => getInBackground<CaseCounts>('/api/cases/counts'), refetchInterval: 60_000 });
}

export type QueueFilters = { state?: string; serviceId?: string; urgency?: string; overdue?: boolean; mine?: boolean };
/**
 * The queue, a page (50 cases) at a time: `fetchNextPage` reads the next one
 * from the cursor; `items` is every case read so far, most pressing first.
 */
export function useQueue(filters: QueueFilters) {
  const query = useInfiniteQuery({
    queryKey: casesKeys.queue(filters as Partial<QueueQuery>),
    queryFn: ({ pageParam }) =>
      getInBackground<QueuePage>(`/api/queue${qs({ ...filters, overdue: filters.overdue ? true : undefined, mine: filters.mine ? true : undefined, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) };
}

export const routingOptionsQuery = { queryKey: ['cases', 'routing-options'], queryFn: () => get<RoutingOptions>('/api/cases/routing-options'), staleTime: 300_000 };
export function useRoutingOptions(enabled = true) {
  return useQuery({ ...routingOptionsQuery, enabled });
}

export function useTemplates(enabled: boolean) {
  return useQuery({ queryKey: templatesKey, queryFn: listTemplates, enabled, staleTime: 60_000 });
}
