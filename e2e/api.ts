// What journeys do through the API with a signed-in person's page (the same
// cookie and CSRF token the web app uses): set-up steps that are not the
// subject of the journey itself.
import { expect, type Page } from '@playwright/test';

export interface ApiCaller {
  (method: 'GET' | 'POST', url: string, data?: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function apiAs(page: Page): Promise<ApiCaller> {
  const token = ((await (await page.request.get('/api/auth/session')).json()) as { csrfToken: string }).csrfToken;
  return async (method, url, data) => {
    const res = await page.request.fetch(url, { method, data: data ?? (method === 'POST' ? {} : undefined), headers: { 'x-csrf-token': token } });
    expect(res.ok(), `${method} ${url}: ${res.status()} ${await res.text()}`).toBe(true);
    return res.status() === 204 ? null : res.json();
  };
}

/** A routine, non-pigmented request on the upper back. */
export function routineRequest(question: string) {
  return {
    reason: 'suspicious_lesion',
    bodySite: { site: 'upper_back', laterality: 'midline', view: 'back' },
    duration: { value: 3, unit: 'months' },
    evolution: 'changing',
    symptoms: { itch: true, bleeding: false, pain: false },
    personalHistorySkinCancer: false,
    familyHistorySkinCancer: false,
    immunosuppressed: false,
    phototype: 'II',
    treatments: 'None',
    allergies: 'None',
    question,
    urgency: 'routine',
    pigmented: false,
  };
}

/** The GP records consent for a demo patient and sends a routine, non-pigmented request to the first service. */
export async function sendRequestFor(gp: ApiCaller, familyName: string, question = 'Is this benign?'): Promise<{ caseId: string; patientId: string }> {
  const patientId = (await gp('GET', `/api/patients?q=${encodeURIComponent(familyName)}`)).items[0].id as string;
  await gp('POST', `/api/patients/${patientId}/consents`, { method: 'oral_in_consultation', scope: ['photos', 'remote_expertise'] });
  const serviceId = (await gp('GET', '/api/cases/routing-options')).services[0].id as string;
  const request = routineRequest(question);
  const created = await gp('POST', '/api/cases', { patientId, request, routing: { kind: 'service', serviceId } });
  await gp('POST', `/api/cases/${created.id}/submit`);
  return { caseId: created.id as string, patientId };
}
