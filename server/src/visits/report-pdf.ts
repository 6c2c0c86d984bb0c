// GET /api/appointments/:appointmentId/report.pdf: the visit report for the
// GP's own record, in the reader's language (or ?lang=): the outcome first,
// patient, who saw them and when, the video timeline's facts, notes,
// diagnosis, plan, the patient's summary, prescriptions, signature. Audited.
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { PdfWriter } from '../pdf/pdf-writer.ts';
import { loadVisitReport } from './visit-report.ts';
import './actions.ts';

type Lang = 'fr' | 'en';

const TEXT = {
  en: {
    title: 'Teleconsultation report',
    generated: 'Generated on',
    completed: (d: string) => `Seen by video on ${d}`,
    noShow: (d: string) => `The patient did not attend the video consultation of ${d}`,
    patient: 'Patient',
    name: 'Name',
    birthDate: 'Date of birth',
    age: 'age',
    sex: 'Sex',
    sexes: { female: 'female', male: 'male', other: 'other', unknown: 'unknown' },
    visit: 'Consultation',
    dermatologist: 'Dermatologist',
    service: 'Dermatology service',
    referrer: 'Referred by',
    pathway: 'Pathway',
    coordinated: 'coordinated care pathway (referred by the GP)',
    direct: 'outside the coordinated care pathway',
    notes: 'Visit notes',
    diagnosis: 'Diagnosis',
    plan: 'Plan',
    summary: 'Summary given to the patient',
    prescriptions: 'Prescriptions',
    issued: 'Issued on',
    none: 'No prescription.',
    signature: 'Signed by',
    on: 'on',
    hash: 'SHA-256',
  },
  fr: {
    title: 'Compte rendu de téléconsultation',
    generated: 'Édité le',
    completed: (d: string) => `Vu·e en vidéo le ${d}`,
    noShow: (d: string) => `Le patient ne s'est pas présenté à la téléconsultation du ${d}`,
    patient: 'Patient',
    name: 'Nom',
    birthDate: 'Date de naissance',
    age: 'âge',
    sex: 'Sexe',
    sexes: { female: 'féminin', male: 'masculin', other: 'autre', unknown: 'inconnu' },
    visit: 'Consultation',
    dermatologist: 'Dermatologue',
    service: 'Service de dermatologie',
    referrer: 'Adressé par',
    pathway: 'Parcours',
    coordinated: 'parcours de soins coordonné (adressé par le médecin traitant)',
    direct: 'hors parcours de soins coordonné',
    notes: 'Notes de consultation',
    diagnosis: 'Diagnostic',
    plan: 'Conduite à tenir',
    summary: 'Résumé remis au patient',
    prescriptions: 'Ordonnances',
    issued: 'Émise le',
    none: 'Aucune ordonnance.',
    signature: 'Signé par',
    on: 'le',
    hash: 'SHA-256',
  },
} as const;

export async function renderVisitReportPdf(ctx: Ctx, appointmentId: string, opts: { lang?: Lang } = {}): Promise<{ pdf: Uint8Array; lang: Lang }> {
  const actor = requireActor(ctx);
  assertCan(actor, 'visit.report');
  return ctx.db.transaction().execute(async (trx) => {
    const lang: Lang = opts.lang ?? actor.locale;
    const now = ctx.clock.now();
    const report = await loadVisitReport(trx, actor, appointmentId, now, lang);
    await recordAudit(trx, ctx, { action: 'visit.report_download', resourceType: 'appointment', resourceId: appointmentId, patientId: report.patientId, details: { lang } });

    const t = TEXT[lang];
    const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: report.timeZone });
    const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    const fmt = (iso: string | Date) => dateTime.format(new Date(iso));

    const w = await PdfWriter.create(t.title);
    w.title(t.title);
    w.small(`DermLink · ${t.generated} ${fmt(now)}`);
    w.emphasis(report.outcome === 'completed' ? `${t.completed(fmt(report.startsAt))}: ${report.diagnosis}` : t.noShow(fmt(report.startsAt)));

    w.heading(t.patient);
    w.field(t.name, report.patient.name);
    w.field(t.birthDate, `${dateOnly.format(new Date(`${report.patient.birthDate}T00:00:00Z`))} (${t.age} ${report.patient.age})`);
    w.field(t.sex, t.sexes[report.patient.sex]);

    w.heading(t.visit);
    w.field(t.dermatologist, report.dermatologist.name);
    w.field(t.service, report.service);
    if (report.referringGp) w.field(t.referrer, report.referringGp.name);
    w.field(t.pathway, report.coordinated ? t.coordinated : t.direct);

    if (report.notes) w.field(t.notes, report.notes);
    if (report.outcome === 'completed') {
      w.field(t.diagnosis, report.icd10 ? `${report.diagnosis} (ICD-10 ${report.icd10.code})` : report.diagnosis);
      w.field(t.plan, report.plan);
      w.field(t.summary, report.patientSummary);
      w.heading(t.prescriptions);
      if (report.prescriptions.length === 0) w.paragraph(t.none);
      for (const p of report.prescriptions) {
        if (p.issuedAt) w.small(`${t.issued} ${fmt(p.issuedAt)}`);
        for (const line of p.lines) w.paragraph(`• ${line}`, 12);
      }
    }
    w.small(`${t.signature} ${report.dermatologist.name} ${t.on} ${fmt(report.signedAt)} · ${t.hash} ${report.contentHash}`);
    return { pdf: await w.save(), lang };
  });
}
