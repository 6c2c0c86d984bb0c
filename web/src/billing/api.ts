// The billing feature's API calls.
import { get, post } from '../api/client.ts';
import type {
  BillingClinician,
  BillingLine,
  FeeEntry,
  FeeEntryCreate,
  FeeEntryEnd,
  FeeSchedule,
  FeeVersionCreate,
  PatientPayments,
  Statement,
} from '../../../contracts/billing/index.ts';

export const BILLING_KEYS = {
  fees: ['billing', 'fees'] as const,
  clinicians: ['billing', 'clinicians'] as const,
  statement: (month: string, clinicianId: string | null) => ['billing', 'statement', month, clinicianId ?? 'me'] as const,
  myPayments: ['billing', 'my-payments'] as const,
};

function statementQuery(clinicianId: string | null, lang?: string) {
  const p = new URLSearchParams();
  if (clinicianId) p.set('clinicianId', clinicianId);
  if (lang) p.set('lang', lang);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const billingApi = {
  fees: () => get<FeeSchedule>('/api/billing/fees'),
  createFee: (body: FeeEntryCreate) => post<FeeEntry>('/api/billing/fees', body),
  addVersion: (feeEntryId: string, body: FeeVersionCreate) => post<FeeEntry>(`/api/billing/fees/${feeEntryId}/versions`, body),
  endEntry: (feeEntryId: string, body: FeeEntryEnd) => post<FeeEntry>(`/api/billing/fees/${feeEntryId}/end`, body),
  clinicians: () => get<{ clinicians: BillingClinician[] }>('/api/billing/clinicians'),
  statement: (month: string, clinicianId: string | null) => get<Statement>(`/api/billing/statements/${month}${statementQuery(clinicianId)}`),
  markPaid: (billingLineId: string) => post<BillingLine>(`/api/billing/lines/${billingLineId}/mark-paid`),
  myPayments: () => get<PatientPayments>('/api/billing/my-payments'),
  checkout: (billingLineId: string) => post<{ url: string }>(`/api/billing/lines/${billingLineId}/checkout`),
};

/** Downloads go through the browser (the session cookie), the month in the path: no patient data in URLs. */
export const statementFileUrl = (month: string, clinicianId: string | null, format: 'csv' | 'pdf', lang: string) =>
  `/api/billing/statements/${month}.${format}${statementQuery(clinicianId, lang)}`;
