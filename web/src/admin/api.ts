// Calls to the administration and audit API (server/src/admin, server/src/audit),
// typed from the shared contracts.
import { del, get, patch, post } from '../api/client.ts';
import type {
  AddMembershipBody,
  AdminOrganisation,
  AdminOrganisationList,
  AdminUser,
  CreateOrganisationBody,
  UpdateOrganisationBody,
  UserStatusBody,
} from '../../../contracts/admin/index.ts';
import type { AuditEventPage, AuditSearchQuery, ChainReportDto } from '../../../contracts/audit/index.ts';

const qs = (params: Record<string, string | number | undefined>) => {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== '') as Array<[string, string | number]>;
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
};

export const ADMIN_KEYS = {
  organisations: ['admin', 'organisations'] as const,
  users: (q: string) => ['admin', 'users', q] as const,
  audit: (query: AuditSearchQuery) => ['admin', 'audit', query] as const,
};

export const adminApi = {
  organisations: () => get<AdminOrganisationList>('/api/admin/organisations'),
  createOrganisation: (body: CreateOrganisationBody) => post<AdminOrganisation>('/api/admin/organisations', body),
  updateOrganisation: (id: string, body: UpdateOrganisationBody) => patch<AdminOrganisation>(`/api/admin/organisations/${id}`, body),
  users: (q: string) => get<{ users: AdminUser[] }>(`/api/admin/users${qs({ q: q.trim() || undefined })}`),
  addMembership: (userId: string, body: AddMembershipBody) => post<AdminUser>(`/api/admin/users/${userId}/memberships`, body),
  removeMembership: (membershipId: string) => del<AdminUser>(`/api/admin/memberships/${membershipId}`),
  setStatus: (userId: string, body: UserStatusBody) => patch<AdminUser>(`/api/admin/users/${userId}/status`, body),
  auditEvents: (query: AuditSearchQuery) => get<AuditEventPage>(`/api/audit/events${qs(query as Record<string, string | number | undefined>)}`),
  verifyChain: () => get<ChainReportDto>('/api/audit/verify'),
};
