// The web app's one door to the API: JSON in and out, the session cookie, the
// CSRF header on state-changing calls, problem+json turned into ApiError.
import type { Problem } from '../../../contracts/common/problem.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem | null;
  constructor(status: number, problem: Problem | null) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code ?? (status === 0 ? 'network' : 'internal');
    this.problem = problem;
  }
  /** Field path -> message, for forms. */
  get fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem?.errors ?? []).map((e) => [e.path, e.message]));
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};
/** The session's CSRF token, for requests that do not go through api() (tus uploads). */
export const getCsrfToken = () => csrfToken;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Marks background polling: the server does not count it as activity, so it cannot keep an idle session alive. */
export const BACKGROUND_HEADER = 'x-dermlink-background';

export async function api<T>(method: Method, url: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json, application/problem+json');
  if (body !== undefined) headers.set('content-type', 'application/json');
  if (method !== 'GET' && csrfToken) headers.set('x-csrf-token', csrfToken);
  let res: Response;
  try {
    res = await fetch(url, { ...init, method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, null);
  }
  // Requests the person made (not background polling) keep the session alive on the server: say so (idle warning).
  if (res.ok && !headers.has(BACKGROUND_HEADER)) window.dispatchEvent(new Event('dermlink:api-activity'));
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const payload = type.includes('json') ? await res.json() : null;
  if (!res.ok) {
    const error = new ApiError(res.status, payload as Problem | null);
    window.dispatchEvent(new CustomEvent('dermlink:api-error', { detail: error }));
    throw error;
  }
  return payload as T;
}

export const get = <T>(url: string) => api<T>('GET', url);
export const post = <T>(url: string, body?: unknown) => api<T>('POST', url, body ?? {});
export const put = <T>(url: string, body?: unknown) => api<T>('PUT', url, body ?? {});
export const patch = <T>(url: string, body?: unknown) => api<T>('PATCH', url, body ?? {});
export const del = <T>(url: string) => api<T>('DELETE', url);
/** For polling that runs without the person doing anything (badges, refreshes). */
export const getInBackground = <T>(url: string) => api<T>('GET', url, undefined, { headers: { [BACKGROUND_HEADER]: '1' } });
