// Small pure helpers shared by the case DTO builders: priority, deadline view,
// age and initials. No database access here.
import type { CasePriority, Deadline } from '../../../contracts/cases/case.ts';
import { isOpenState, type CaseState } from '../../../contracts/clinical/case-state.ts';
import { suggestsSuspectedCancer } from '../../../contracts/clinical/seven-point.ts';
import type { Urgency } from '../../../contracts/clinical/triage.ts';
import { timeLeft } from '../clinical/deadlines.ts';

export const PRIORITY_RANK: Record<CasePriority, number> = { suspected_cancer: 0, urgent: 1, routine: 2 };
const PRIORITY_BY_RANK: CasePriority[] = ['suspected_cancer', 'urgent', 'routine'];

/** Suspected cancer (7-point score >= 3) outranks urgent, which outranks routine. The urgency itself stays the clinician's. */
export function priorityFor(urgency: Urgency, sevenPointScore: number | null): CasePriority {
  if (sevenPointScore !== null && suggestsSuspectedCancer(sevenPointScore)) return 'suspected_cancer';
  return urgency;
}

export function priorityFromRank(rank: number | null): CasePriority | null {
  return rank === null ? null : (PRIORITY_BY_RANK[rank] ?? null);
}

export interface DeadlineColumns {
  state: CaseState;
  deadline_at: Date | null;
  paused_at: Date | null;
}

/** The deadline as the UI shows it; while the clock is paused, the time left is frozen. */
export function deadlineView(row: DeadlineColumns, now: Date): Deadline {
  if (!row.deadline_at) return { at: null, msLeft: null, band: 'none', paused: false };
  if (!isOpenState(row.state)) return { at: row.deadline_at.toISOString(), msLeft: null, band: 'none', paused: false };
  if (row.paused_at) {
    const frozen = row.deadline_at.getTime() - row.paused_at.getTime();
    const projected = new Date(row.deadline_at.getTime() + (now.getTime() - row.paused_at.getTime()));
    return { at: projected.toISOString(), msLeft: frozen, band: 'paused', paused: true };
  }
  const left = timeLeft(row.deadline_at, now);
  return { at: row.deadline_at.toISOString(), msLeft: left.ms, band: left.band, paused: false };
}

/** Whole years between a YYYY-MM-DD birth date and `now` (UTC calendar). */
export function ageOn(birthDate: string, now: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - y;
  const month = now.getUTCMonth() + 1;
  if (month < m || (month === m && now.getUTCDate() < d)) age -= 1;
  return Math.max(0, age);
}

export function initials(givenName: string, familyName: string): string {
  const first = (s: string) => (s.trim()[0] ?? '').toUpperCase();
  return `${first(givenName)}${first(familyName)}`;
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
