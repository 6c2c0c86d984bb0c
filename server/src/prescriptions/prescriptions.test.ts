// Electronic prescriptions through HTTP: writing with validation errors,
// signing, the PDF and its QR code (decoded from the PDF's pixels), public
// verification (valid, altered, unknown, malformed), the pharmacist's view and
// dispensing once, scope, immutability, audit rows and the signing key.
import { inflateSync } from 'node:zlib';
import type { PDFNumber} from 'pdf-lib';
import { PDFDocument, PDFName, PDFRawStream, type PDFDict } from 'pdf-lib';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, exportPrivateKey, verifySignature } from '../crypto/ed25519-signing.ts';
import type { TestSession } from '../test/factories.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { decodeVerificationCode, encodeVerificationCode, itemsDigest, signedPayload } from './canonical.ts';
import { authMasterKey } from '../auth/master-key.ts';
import { generateMasterKey, loadMasterKey } from '../crypto/envelope.ts';
import { openSigningKey } from '../crypto/ed25519-signing.ts';
import { retireGeneratedSigningKey, rewrapPrescriptionSigningKeys } from './signing-key.ts';
import { createPrescriptionWorld, type PrescriptionWorld } from './test-world.ts';

const ORIGIN = 'https://dermlink.test';
let t: TestApp;
let w: PrescriptionWorld;

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: ORIGIN } });
  w = await createPrescriptionWorld(t);
});
afterAll(() => t.close());

/** Moves the test clock and signs everyone in again at that time. */
async function at(instant: string) {
  t.clock.set(instant);
  await w.resignIn();
}

const get = (s: TestSession | null, url: string) => t.app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
const post = (s: TestSession | null, url: string, body: unknown = {}) => t.app.inject({ method: 'POST', url, headers: s?.headers ?? {}, payload: body as object });

const goodItems = [
  { productCode: 'clobetasol-propionate-0.05pct-cream', dosage: 'Apply a thin layer once a day on the plaques', durationDays: 14, quantity: 2, renewals: 1 },
  { productCode: 'isotretinoin-20-mg-capsule', dosage: 'One capsule a day with a meal', durationDays: 30, quantity: 1, renewals: 0 },
];

async function prescribe(appointmentId?: string) {
  const id = appointmentId ?? (await w.appointment());
  const res = await post(w.derm, `/api/appointments/${id}/prescriptions`, { items: goodItems });
  expect(res.statusCode, res.body).toBe(201);
  return { appointmentId: id, prescription: res.json() as { id: string; code: string; issuedAt: string; items: Array<Record<string, unknown>>; prescriber: Record<string, unknown> } };
}

/** Flips one character of the code's signature part (a valid base64url code of the same length). */
function alter(code: string): string {
  const i = code.length - 10;
  return code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1);
}

describe('writing a prescription', () => {
  it('refuses invalid items with field paths, from the schema and from the formulary', async () => {
    const appointmentId = await w.appointment();
    const url = `/api/appointments/${appointmentId}/prescriptions`;

    const empty = await post(w.derm, url, { items: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([expect.objectContaining({ path: 'items', message: 'prescriptions.itemsRequired' })]);

    const shape = await post(w.derm, url, { items: [{ productCode: 'urea-10pct-cream', dosage: 'x', durationDays: 0, quantity: 0 }] });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['items.0.dosage', 'items.0.durationDays', 'items.0.quantity']);

    const formulary = await post(w.derm, url, {
      items: [
        { productCode: 'no-such-product', dosage: 'Twice a day', durationDays: 10, quantity: 1, renewals: 0 },
        { productCode: 'isotretinoin-20-mg-capsule', dosage: 'One a day', durationDays: 60, quantity: 2, renewals: 2 },
        { productCode: 'urea-10pct-cream', dosage: 'Twice a day', durationDays: 30, quantity: 1, renewals: 0 },
        { productCode: 'urea-10pct-cream', dosage: 'Once a day', durationDays: 30, quantity: 1, renewals: 0 },
      ],
    });
    expect(formulary.statusCode).toBe(400);
    expect(formulary.json()).toMatchObject({ code: 'validation_failed' });
    expect(formulary.json().errors).toEqual([
      { path: 'items.0.productCode', message: 'prescriptions.unknownProduct' },
      { path: 'items.1.durationDays', message: 'prescriptions.durationOverProductLimit' },
      { path: 'items.1.renewals', message: 'prescriptions.notRenewable' },
      { path: 'items.3.productCode', message: 'prescriptions.duplicateProduct' },
    ]);
    expect(await t.database.db.selectFrom('prescriptions').select('id').where('appointment_id', '=', appointmentId).execute()).toEqual([]);
  });

  it('is for the appointment’s own dermatologist only, on an appointment that took place', async () => {
    const appointmentId = await w.appointment();
    const body = { items: goodItems };
    expect((await post(w.derm2, `/api/appointments/${appointmentId}/prescriptions`, body)).json().code).toBe('not_assigned');
    expect((await post(w.otherDerm, `/api/appointments/${appointmentId}/prescriptions`, body)).statusCode).toBe(404);
    expect((await post(w.patient, `/api/appointments/${appointmentId}/prescriptions`, body)).statusCode).toBe(403);
    expect((await post(w.pharmacist, `/api/appointments/${appointmentId}/prescriptions`, body)).statusCode).toBe(403);
    expect((await post(null, `/api/appointments/${appointmentId}/prescriptions`, body)).statusCode).toBe(401);
    const cancelled = await w.appointment('cancelled');
    expect((await post(w.derm, `/api/appointments/${cancelled}/prescriptions`, body)).statusCode).toBe(409);
  });

  it('signs an immutable prescription: canonical payload, Ed25519, a code of id + signature', async () => {
    await at('2026-03-02T10:15:30.123Z');
    const { appointmentId, prescription } = await prescribe();
    expect(prescription).toMatchObject({
      appointmentId,
      issuedAt: '2026-03-02T10:15:30.123Z',
      prescriber: { name: 'Dr Hélène Prescrit', professionalId: '10009876540', professionalIdKind: 'rpps', service: 'Test dermatology service' },
      dispensedAt: null,
    });
    expect(prescription.items[0]).toMatchObject({ productCode: 'clobetasol-propionate-0.05pct-cream', name: { en: 'Clobetasol propionate', fr: 'Propionate de clobétasol' }, form: 'cream', route: 'cutaneous', renewals: 1 });

    const decoded = decodeVerificationCode(prescription.code)!;
    expect(decoded.id).toBe(prescription.id);
    const row = await t.database.db
      .selectFrom('prescriptions')
      .innerJoin('prescription_signing_keys as k', 'k.id', 'prescriptions.signing_key_id')
      .select(['prescriptions.signature', 'prescriptions.items', 'prescriptions.items_digest', 'prescriptions.signing_key_id', 'k.public_key', 'k.source'])
      .where('prescriptions.id', '=', prescription.id)
      .executeTakeFirstOrThrow();
    expect(row.source).toBe('generated');
    expect(Buffer.compare(row.signature, decoded.signature)).toBe(0);
    expect(row.items_digest).toBe(itemsDigest(row.items));
    const payload = signedPayload({ id: prescription.id, prescriberUserId: w.dermUserId, prescriberProfessionalId: '10009876540', issuedAt: new Date(prescription.issuedAt), itemsDigest: row.items_digest });
    expect(verifySignature(row.public_key, payload, decoded.signature)).toBe(true);

    // The database refuses any change but dispensing, and any delete.
    await expect(t.database.db.updateTable('prescriptions').set({ items: JSON.stringify([]) }).where('id', '=', prescription.id).execute()).rejects.toThrow(/immutable/);
    await expect(t.database.db.deleteFrom('prescriptions').where('id', '=', prescription.id).execute()).rejects.toThrow(/immutable/);
  });

  it('lists them for the appointment (dermatologist, patient) and in the patient’s space, within scope', async () => {
    const { appointmentId, prescription } = await prescribe();
    for (const s of [w.derm, w.derm2, w.patient]) {
      const res = await get(s, `/api/appointments/${appointmentId}/prescriptions`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().prescriptions.map((p: { id: string }) => p.id)).toEqual([prescription.id]);
    }
    expect((await get(w.otherDerm, `/api/appointments/${appointmentId}/prescriptions`)).statusCode).toBe(404);
    expect((await get(w.otherPatient, `/api/appointments/${appointmentId}/prescriptions`)).statusCode).toBe(404);
    expect((await get(w.pharmacist, `/api/appointments/${appointmentId}/prescriptions`)).statusCode).toBe(403);
    const mine = await get(w.patient, '/api/me/prescriptions');
    expect(mine.json().prescriptions.map((p: { id: string }) => p.id)).toContain(prescription.id);
    expect((await get(w.otherPatient, '/api/me/prescriptions')).json().prescriptions).toEqual([]);
  });
});

/** The QR code image of a PDF, read back from its pixels: module (row, column) -> dark. */
async function qrModulesFromPdf(pdf: Uint8Array) {
  const doc = await PDFDocument.load(pdf);
  const images = doc.context
    .enumerateIndirectObjects()
    .map(([, obj]) => obj)
    .filter((obj): obj is PDFRawStream => obj instanceof PDFRawStream && obj.dict.get(PDFName.of('Subtype')) === PDFName.of('Image') && obj.dict.get(PDFName.of('ColorSpace')) === PDFName.of('DeviceRGB'));
  expect(images).toHaveLength(1);
  const image = images[0]!;
  const num = (dict: PDFDict, key: string) => (dict.get(PDFName.of(key)) as PDFNumber).asNumber();
  const width = num(image.dict, 'Width');
  const pixels = inflateSync(image.contents);
  expect(pixels.length).toBe(width * num(image.dict, 'Height') * 3);
  return { width, dark: (x: number, y: number) => pixels[(y * width + x) * 3]! < 128 };
}

/** Texts drawn with the standard fonts (hex strings in the page content). */
async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(pdf);
  const out: string[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream) || obj.dict.get(PDFName.of('Subtype'))) continue;
    let content: string;
    try {
      content = inflateSync(obj.contents).toString('latin1');
    } catch {
      content = Buffer.from(obj.contents).toString('latin1');
    }
    for (const m of content.matchAll(/<([0-9A-Fa-f]+)> Tj/g)) out.push(Buffer.from(m[1]!, 'hex').toString('latin1'));
  }
  return out.join('\n');
}

describe('the PDF', () => {
  it('is a real PDF with prescriber, patient, items, and a QR code carrying <origin>/verify/<code> (decoded from the pixels)', async () => {
    const { prescription } = await prescribe();
    const res = await get(w.derm, `/api/prescriptions/${prescription.id}/pdf?lang=fr`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const text = await pdfText(pdf);
    for (const expected of ['Ordonnance', 'Dr Hélène Prescrit', 'RPPS 10009876540', 'Test dermatology service', 'Élodie ZÉLANDE', '21 juin 1987', 'Propionate de clobétasol 0.05%, crème', 'Isotrétinoïne 20 mg, gélule', 'Renouvellements: non renouvelable']) {
      expect(text).toContain(expected);
    }

    // Read every module of the QR code from the image and compare with the QR code of the expected address.
    const url = `${ORIGIN}/verify/${prescription.code}`;
    expect(text.replace(/\n/g, '')).toContain(url);
    const expected = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    const { width, dark } = await qrModulesFromPdf(pdf);
    const scale = width / (expected.size + 4); // margin of 2 modules each side
    expect(Number.isInteger(scale)).toBe(true);
    let mismatches = 0;
    for (let r = 0; r < expected.size; r++) {
      for (let c = 0; c < expected.size; c++) {
        const centre = (n: number) => Math.floor((n + 2) * scale + scale / 2);
        if (dark(centre(c), centre(r)) !== Boolean(expected.get(r, c))) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    // A different code would not match: the comparison can fail.
    const other = QRCode.create(`${ORIGIN}/verify/${alter(prescription.code)}`, { errorCorrectionLevel: 'M' }).modules;
    let differences = 0;
    for (let i = 0; i < other.size * other.size; i++) if (Boolean(other.data[i]) !== Boolean(expected.data[i])) differences++;
    expect(differences).toBeGreaterThan(0);
  });

  it('is for the dermatologist’s service and the patient, 404 elsewhere, and each download is audited', async () => {
    const { prescription } = await prescribe();
    const patientPdf = await get(w.patient, `/api/prescriptions/${prescription.id}/pdf`);
    expect(patientPdf.statusCode).toBe(200);
    expect(await pdfText(patientPdf.rawPayload)).toContain('Prescription');
    expect((await get(w.otherDerm, `/api/prescriptions/${prescription.id}/pdf`)).statusCode).toBe(404);
    expect((await get(w.otherPatient, `/api/prescriptions/${prescription.id}/pdf`)).statusCode).toBe(404);
    expect((await get(w.pharmacist, `/api/prescriptions/${prescription.id}/pdf`)).statusCode).toBe(403);
    expect((await get(w.gp, `/api/prescriptions/${prescription.id}/pdf`)).statusCode).toBe(403);
    const audits = await t.database.db.selectFrom('audit_events').select(['action', 'patient_id', 'actor_role']).where('resource_id', '=', prescription.id).orderBy('seq').execute();
    expect(audits).toEqual([
      { action: 'prescription.create', patient_id: w.patientId, actor_role: 'dermatologist' },
      { action: 'prescription.pdf', patient_id: w.patientId, actor_role: 'patient' },
    ]);
  });
});

describe('public verification and dispensing', () => {
  it('says authentic, who and when, to anyone, without patient data', async () => {
    const { prescription } = await prescribe();
    const res = await get(null, `/api/prescriptions/verify/${prescription.code}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      authentic: true,
      prescriptionId: prescription.id,
      issuedAt: prescription.issuedAt,
      prescriber: { name: 'Dr Hélène Prescrit', professionalId: '10009876540', service: 'Test dermatology service' },
      dispensed: null,
      forPharmacist: null,
    });
    expect(res.body).not.toMatch(/lodie|lande|1987|clobetasol|Isotr/i);
    // Signed in but not a pharmacist: the same public view.
    expect((await get(w.derm, `/api/prescriptions/verify/${prescription.code}`)).json().forPharmacist).toBeNull();
  });

  it('refuses an altered, an unknown and a malformed code, each with its own code', async () => {
    const { prescription } = await prescribe();
    const altered = await get(null, `/api/prescriptions/verify/${alter(prescription.code)}`);
    expect([altered.statusCode, altered.json().code]).toEqual([422, 'prescription_not_authentic']);

    const unknown = await get(null, `/api/prescriptions/verify/${encodeVerificationCode('6d1c7c1e-0000-4000-8000-000000000001', decodeVerificationCode(prescription.code)!.signature)}`);
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'prescription_unknown']);

    for (const bad of ['abc', prescription.id, `${prescription.code}A`, prescription.code.slice(1), `${prescription.code.slice(0, -4)}+/==`]) {
      const res = await get(null, `/api/prescriptions/verify/${encodeURIComponent(bad)}`);
      expect([res.statusCode, res.json().code], bad).toEqual([400, 'prescription_code_malformed']);
    }
    // The pharmacist cannot dispense what is not authentic.
    const dispense = await post(w.pharmacist, `/api/prescriptions/verify/${alter(prescription.code)}/dispense`);
    expect(dispense.json().code).toBe('prescription_not_authentic');
  });

  it('shows a signed-in pharmacist the items, initials and birth year (audited); dispenses once, the second time is refused', async () => {
    const { prescription } = await prescribe();
    const view = await get(w.pharmacist, `/api/prescriptions/verify/${prescription.code}`);
    expect(view.json().forPharmacist).toMatchObject({ patientInitials: 'É. Z.', patientBirthYear: 1987, items: [{ productCode: 'clobetasol-propionate-0.05pct-cream' }, { productCode: 'isotretinoin-20-mg-capsule' }] });
    expect(view.body).not.toMatch(/lodie|Zélande/);

    expect((await post(null, `/api/prescriptions/verify/${prescription.code}/dispense`)).statusCode).toBe(401);
    expect((await post(w.derm, `/api/prescriptions/verify/${prescription.code}/dispense`)).statusCode).toBe(403);
    expect((await post(w.patient, `/api/prescriptions/verify/${prescription.code}/dispense`)).statusCode).toBe(403);

    await at('2026-03-03T14:00:00.000Z');
    const first = await post(w.pharmacist, `/api/prescriptions/verify/${prescription.code}/dispense`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().dispensed).toEqual({ at: '2026-03-03T14:00:00.000Z', pharmacy: 'Pharmacie du Test' });

    await at('2026-03-03T15:00:00.000Z');
    const second = await post(w.pharmacist, `/api/prescriptions/verify/${prescription.code}/dispense`);
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'already_dispensed', dispensedAt: '2026-03-03T14:00:00.000Z' });

    // The public sees that and when, not where.
    expect((await get(null, `/api/prescriptions/verify/${prescription.code}`)).json().dispensed).toEqual({ at: '2026-03-03T14:00:00.000Z', pharmacy: null });
    // Still authentic after dispensing (the signature does not cover dispensing).
    expect((await get(w.patient, '/api/me/prescriptions')).json().prescriptions.find((p: { id: string }) => p.id === prescription.id).dispensedAt).toBe('2026-03-03T14:00:00.000Z');

    const audits = await t.database.db.selectFrom('audit_events').select(['action', 'patient_id', 'actor_role', 'actor_organisation_id']).where('resource_id', '=', prescription.id).orderBy('seq').execute();
    expect(audits.map((a) => a.action)).toEqual(['prescription.create', 'prescription.verify', 'prescription.dispense']);
    expect(audits.at(-1)).toMatchObject({ patient_id: w.patientId, actor_role: 'pharmacist', actor_organisation_id: w.pharmacyId });
  });

  it('gives the pharmacist no way into patient records otherwise', async () => {
    expect((await get(w.pharmacist, `/api/patients/${w.patientId}`)).statusCode).toBeGreaterThanOrEqual(403);
    expect((await get(w.pharmacist, '/api/me/prescriptions')).statusCode).toBe(403);
  });
});

describe('the signing key', () => {
  it('is generated once and shared; a retired key still verifies; an environment key signs when set', async () => {
    const first = await prescribe();
    const second = await prescribe();
    const keyOf = async (id: string) => (await t.database.db.selectFrom('prescriptions').select('signing_key_id').where('id', '=', id).executeTakeFirstOrThrow()).signing_key_id;
    const generated = await keyOf(first.prescription.id);
    expect(await keyOf(second.prescription.id)).toBe(generated);

    expect(await retireGeneratedSigningKey(t.database.db, t.clock.now())).toBe(1);
    const third = await prescribe();
    expect(await keyOf(third.prescription.id)).not.toBe(generated);
    expect((await get(null, `/api/prescriptions/verify/${first.prescription.code}`)).statusCode).toBe(200);

    const envKey = generateSigningKey();
    t.services.config.prescriptionSigningKey = exportPrivateKey(envKey).toString('base64');
    try {
      const fourth = await prescribe();
      expect(await keyOf(fourth.prescription.id)).toBe(envKey.keyId);
      const stored = await t.database.db.selectFrom('prescription_signing_keys').selectAll().where('id', '=', envKey.keyId).executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ source: 'environment', private_key_ciphertext: null });
      expect((await get(null, `/api/prescriptions/verify/${fourth.prescription.code}`)).json().signingKeyId).toBe(envKey.keyId);
    } finally {
      delete t.services.config.prescriptionSigningKey;
    }
    // Earlier prescriptions keep verifying with their own keys.
    for (const p of [first, third]) expect((await get(null, `/api/prescriptions/verify/${p.prescription.code}`)).json().authentic).toBe(true);
  });

  it('keeps the generated private key sealed with the master key, and rewraps it when the master key rotates', async () => {
    await prescribe();
    const row = await t.database.db.selectFrom('prescription_signing_keys').selectAll().where('source', '=', 'generated').where('retired_at', 'is', null).executeTakeFirstOrThrow();
    // Not stored in the clear: the PKCS#8 header of an Ed25519 key does not appear.
    expect(row.private_key_ciphertext!.includes(Buffer.from('302e020100300506032b6570', 'hex'))).toBe(false);
    const current = authMasterKey(t.services.config);
    const next = loadMasterKey(generateMasterKey());
    expect(await rewrapPrescriptionSigningKeys(t.database.db, [current], next)).toBeGreaterThanOrEqual(1);
    const rewrapped = await t.database.db.selectFrom('prescription_signing_keys').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(openSigningKey(next, rewrapped.private_key_ciphertext!, rewrapped.private_key_wrapped_key!).keyId).toBe(row.id);
    expect(() => openSigningKey(current, rewrapped.private_key_ciphertext!, rewrapped.private_key_wrapped_key!)).toThrow();
    expect(await rewrapPrescriptionSigningKeys(t.database.db, [current], next)).toBe(0);
  });
});
