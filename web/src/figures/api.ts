// The figures feature's API calls.
import { get } from '../api/client.ts';
import type { Figures } from '../../../contracts/figures/index.ts';

export interface FiguresFilter {
  from?: string;
  to?: string;
  serviceId?: string;
}

export function figuresQueryString(f: FiguresFilter): string {
  const p = new URLSearchParams();
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.serviceId) p.set('serviceId', f.serviceId);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const figuresKey = (f: FiguresFilter) => ['figures', f.from ?? '', f.to ?? '', f.serviceId ?? ''] as const;
export const fetchFigures = (f: FiguresFilter) => get<Figures>(`/api/figures${figuresQueryString(f)}`);
export const figuresCsvUrl = (f: FiguresFilter) => `/api/figures.csv${figuresQueryString(f)}`;
