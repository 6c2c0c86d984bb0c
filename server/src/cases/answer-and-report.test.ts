import { inflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { answerBody, createWorld, get, post, submittedCase, type World } from './test-world.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t.close());

async function answeredCase() {
  const c = await submittedCase(t, w);
  expect((await post(t, w.derm, `/api/cases/${c.id}/claim`)).statusCode).toBe(200);
  expect((await post(t, w.derm, `/api/cases/${c.id}/answer`, answerBody)).statusCode).toBe(200);
  return c;
}

/** Minimal text extraction: inflate the content streams and decode the hex strings drawn with Tj. */
function pdfText(bytes: Buffer): string {
  const raw = bytes.toString('latin1');
  const out: string[] = [];
  const re = /(?<!end)stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    let content: string;
    try {
      content = inflateSync(bytes.subarray(start, end)).toString('latin1');
    } catch {
      content = raw.slice(start, end);
    }
    for (const hex of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) out.push(Buffer.from(hex[1]!, 'hex').toString('latin1'));
    for (const lit of content.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj/g)) out.push(lit[1]!);
    re.lastIndex = end + 'endstream'.length;
  }
  return out.join('\n');
}

describe('the signed answer', () => {
  it('is immutable in the database (UPDATE and DELETE refused)', async () => {
    const { id } = await answeredCase();
    await expect(sql`update case_answers set diagnosis = 'changed' where case_id = ${id}`.execute(t.database.db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from case_answers where case_id = ${id}`.execute(t.database.db)).rejects.toThrow(/immutable/);
    const row = await t.database.db.selectFrom('case_answers').select(['diagnosis', 'content_hash', 'signed_by']).where('case_id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ diagnosis: 'Seborrhoeic keratosis', signed_by: w.dermUserId });
    expect(row.content_hash).toMatch(/^[0-9a-f]{64}$/);
    // Signing twice is a refused transition.
    const again = await post(t, w.derm, `/api/cases/${id}/answer`, answerBody);
    expect(again.json()).toMatchObject({ code: 'invalid_transition', currentState: 'answered' });
  });

  it('is corrected by a signed addendum, which makes it unread again', async () => {
    const { id } = await answeredCase();
    await get(t, w.gp, `/api/cases/${id}`);
    const add = await post(t, w.derm, `/api/cases/${id}/addenda`, { text: 'Biopsy after all.', outcome: 'biopsy_excision' });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json()).toMatchObject({ text: 'Biopsy after all.', outcome: 'biopsy_excision', signedBy: { id: w.dermUserId } });
    expect((await post(t, w.derm2, `/api/cases/${id}/addenda`, { text: 'x' })).json().code).toBe('not_assigned');
    await expect(sql`update case_answer_addenda set text = 'x' where case_id = ${id}`.execute(t.database.db)).rejects.toThrow(/immutable/);
    const counts = (await get(t, w.gp, '/api/cases/counts')).json();
    expect(counts.answeredUnread).toBeGreaterThanOrEqual(1);
    const page = (await get(t, w.gp, `/api/cases/${id}`)).json();
    expect(page.addenda).toHaveLength(1);
    expect(page.answer.diagnosis).toBe('Seborrhoeic keratosis');
  });

  it('records the first reading by the requester (once, audited), feeds the badge, and acknowledging closes the case', async () => {
    const { id } = await answeredCase();
    const before = (await get(t, w.gp, '/api/cases/counts')).json().answeredUnread;
    const unread = (await get(t, w.gp, '/api/cases?view=answered_unread')).json();
    expect(unread.items.map((c: { id: string }) => c.id)).toContain(id);
    // The dermatologist opening it does not count as the requester reading it.
    await get(t, w.derm, `/api/cases/${id}`);
    expect((await get(t, w.gp, '/api/cases/counts')).json().answeredUnread).toBe(before);

    const first = (await get(t, w.gp, `/api/cases/${id}`)).json();
    expect(first.readByRequesterAt).toBe(t.clock.now().toISOString());
    t.clock.advance(60_000);
    const second = (await get(t, w.gp, `/api/cases/${id}`)).json();
    expect(second.readByRequesterAt).toBe(first.readByRequesterAt);
    expect((await get(t, w.gp, '/api/cases/counts')).json().answeredUnread).toBe(before - 1);
    const reads = await t.database.db.selectFrom('audit_events').select('action').where('resource_id', '=', id).where('action', '=', 'case.answer_read').execute();
    expect(reads).toHaveLength(1);

    const ack = await post(t, w.gp, `/api/cases/${id}/acknowledge`);
    expect(ack.json().state).toBe('acknowledged');
    const closed = (await get(t, w.gp, '/api/cases?view=closed')).json();
    expect(closed.items.map((c: { id: string }) => c.id)).toContain(id);
  });

  it('writes an audit event for every read of the case', async () => {
    const { id, patientId } = await submittedCase(t, w);
    await get(t, w.derm, `/api/cases/${id}`);
    await get(t, w.gp, `/api/cases/${id}`);
    const reads = await t.database.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'patient_id'])
      .where('resource_id', '=', id)
      .where('action', '=', 'case.read')
      .orderBy('seq')
      .execute();
    expect(reads).toEqual([
      { actor_user_id: w.dermUserId, patient_id: patientId },
      { actor_user_id: w.gpUserId, patient_id: patientId },
    ]);
  });

  it('lists earlier cases of the patient with the same body site flagged', async () => {
    const first = await answeredCase();
    const second = await submittedCase(t, w, { patientId: first.patientId });
    const page = (await get(t, w.derm, `/api/cases/${second.id}`)).json();
    expect(page.earlierCases).toEqual([
      expect.objectContaining({ id: first.id, sameBodySite: true, outcome: 'advice_only', diagnosis: 'Seborrhoeic keratosis' }),
    ]);
  });
});

describe('the PDF report', () => {
  it('is an attachment, not cached, in the GP language, with the diagnosis and signature, and audited', async () => {
    const { id } = await answeredCase();
    const res = await get(t, w.gp, `/api/cases/${id}/report.pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="dermlink-report-/);
    expect(res.headers['cache-control']).toBe('no-store');
    const bytes = res.rawPayload;
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    const text = pdfText(bytes);
    expect(text).toContain('Tele-expertise report');
    expect(text).toContain('Seborrhoeic keratosis (ICD-10 L82)');
    expect(text).toContain('MARTIN Lucie');
    expect(text).toContain('Dr Denis Roux');
    const french = pdfText((await get(t, w.gp, `/api/cases/${id}/report.pdf?lang=fr`)).rawPayload);
    expect(french).toContain('Compte rendu de t\u00e9l\u00e9-expertise');
    const audits = await t.database.db.selectFrom('audit_events').select('details').where('resource_id', '=', id).where('action', '=', 'case.report_download').execute();
    expect(audits.map((a) => (a.details as { lang: string }).lang)).toEqual(['en', 'fr']);
    expect((await get(t, w.otherDerm, `/api/cases/${id}/report.pdf`)).statusCode).toBe(404);
  });
});

describe('the report thumbnails hook', () => {
  it('draws the thumbnails the photos feature provides', async () => {
    const { default: sharp } = await import('sharp');
    const jpeg = new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 3, background: '#a05030' } }).jpeg().toBuffer());
    const { registerReportThumbnails } = await import('./pdf-report.ts');
    registerReportThumbnails(async () => [{ jpeg, tag: 'close_up' }]);
    try {
      const { id } = await answeredCase();
      const res = await get(t, w.gp, `/api/cases/${id}/report.pdf`);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.toString('latin1')).toContain('/Subtype /Image');
      expect(pdfText(res.rawPayload)).toContain('Close-up');
    } finally {
      registerReportThumbnails(async () => []);
    }
  });
});

describe('answer tools', () => {
  it('searches ICD-10 codes', async () => {
    const res = await get(t, w.derm, '/api/icd10?q=melanoma&lang=en');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.some((i: { code: string }) => i.code.startsWith('C43'))).toBe(true);
  });

  it('keeps personal answer templates per dermatologist', async () => {
    const created = await post(t, w.derm, '/api/answer-templates', { name: 'SK', content: { diagnosis: 'Seborrhoeic keratosis', outcome: 'advice_only' } });
    expect(created.statusCode, created.body).toBe(201);
    const tid = created.json().id;
    expect((await get(t, w.derm, '/api/answer-templates')).json().items.map((x: { name: string }) => x.name)).toEqual(['SK']);
    expect((await get(t, w.derm2, '/api/answer-templates')).json().items).toEqual([]);
    const updated = await t.app.inject({ method: 'PUT', url: `/api/answer-templates/${tid}`, headers: w.derm.headers, payload: { name: 'SK v2', content: {} } });
    expect(updated.json().name).toBe('SK v2');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/answer-templates/${tid}`, headers: w.derm2.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/answer-templates/${tid}`, headers: w.derm.headers })).statusCode).toBe(204);
  });

  it('autosaves the answer draft for the assigned dermatologist only', async () => {
    const { id } = await submittedCase(t, w);
    await post(t, w.derm, `/api/cases/${id}/claim`);
    const saved = await t.app.inject({ method: 'PUT', url: `/api/cases/${id}/answer-draft`, headers: w.derm.headers, payload: { diagnosis: 'Naevus' } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await get(t, w.derm, `/api/cases/${id}`)).json().answerDraft).toEqual({ diagnosis: 'Naevus' });
    expect((await get(t, w.derm2, `/api/cases/${id}`)).json().answerDraft).toBeNull();
  });
});
