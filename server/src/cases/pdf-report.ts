// The PDF report of a case for the GP's own record (pdf-lib): patient, request,
// answer, outcome, signature, addenda, timeline, in the GP's language. Photo
// thumbnails come from the photos feature through `thumbnails` (or the provider
// it registers with registerReportThumbnails).
import type { Kysely, Transaction } from 'kysely';
import enClinical from '../../../web/src/i18n/locales/en/clinical.json' with { type: 'json' };
import frClinical from '../../../web/src/i18n/locales/fr/clinical.json' with { type: 'json' };
import { transitionRule } from '../../../contracts/clinical/case-state.ts';
import type { RequestDraftV1 } from '../../../contracts/cases/request-v1.ts';
import { SEVEN_POINT_ITEMS } from '../../../contracts/clinical/seven-point.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { fromDbKind } from '../patients/patient-dto.ts';
import { formatNationalId } from '../../../contracts/clinical/national-id.ts';
import { addendaOf, answerOf, messagesOf, timelineOf } from './case-detail-parts.ts';
import { ageOn } from './case-view.ts';
import { findCase } from './find-case.ts';
import { PdfWriter } from '../pdf/pdf-writer.ts';

export type ReportLang = 'fr' | 'en';
export interface ReportThumbnail {
  jpeg: Uint8Array;
  tag: string;
}
export interface ReportOptions {
  /** JPEG thumbnails of the case's photos (photos feature). */
  thumbnails?: Array<ReportThumbnail>;
  /** Defaults to the requester's locale. */
  lang?: ReportLang;
}

/** Hook for the photos feature: thumbnails of a case's photos for the report, read in the same transaction. */
export type ReportThumbnailProvider = (db: Kysely<DB> | Transaction<DB>, caseId: string) => Promise<ReportThumbnail[]>;
let thumbnailProvider: ReportThumbnailProvider | null = null;
export function registerReportThumbnails(provider: ReportThumbnailProvider) {
  thumbnailProvider = provider;
}

type Labels = typeof enClinical;
const CLINICAL: Record<ReportLang, Labels> = { en: enClinical, fr: frClinical as Labels };

const TEXT = {
  en: {
    title: 'Tele-expertise report',
    patient: 'Patient',
    name: 'Name',
    birthDate: 'Date of birth',
    age: 'Age',
    sex: 'Sex',
    nationalId: 'National identifier',
    requester: 'Requested by',
    service: 'Dermatology service',
    submittedAt: 'Sent on',
    request: 'Request',
    reason: 'Reason',
    bodySite: 'Body site',
    duration: 'Duration',
    evolution: 'Evolution',
    symptoms: 'Symptoms',
    history: 'History',
    personalHistory: 'Personal history of skin cancer',
    familyHistory: 'Family history of skin cancer',
    immunosuppressed: 'Immunosuppressed',
    phototype: 'Phototype',
    treatments: 'Current treatments',
    allergies: 'Allergies',
    question: 'Question',
    urgency: 'Urgency',
    sevenPoint: '7-point checklist score',
    suspectedCancer: 'suggests the suspected-cancer pathway',
    answer: 'Answer',
    outcome: 'Outcome',
    diagnosis: 'Diagnosis',
    differentials: 'Differential diagnoses',
    managementPlan: 'Management plan',
    treatmentSuggestions: 'Treatment suggestions',
    patientSummary: 'Summary for the patient',
    gpFirst: 'The GP discusses this answer with the patient first.',
    signature: 'Signed by',
    signedAt: 'on',
    hash: 'SHA-256',
    addenda: 'Addenda',
    messages: 'Questions and replies',
    timeline: 'Timeline',
    photos: 'Photos',
    noAnswer: 'Not answered yet.',
    yes: 'yes',
    no: 'no',
    itch: 'itch',
    bleeding: 'bleeding',
    pain: 'pain',
    none: 'none',
    units: { days: 'days', weeks: 'weeks', months: 'months', years: 'years' },
    evolutionValues: { new: 'new', changing: 'changing', stable: 'stable' },
    generated: 'Generated on',
  },
  fr: {
    title: 'Compte rendu de télé-expertise',
    patient: 'Patient',
    name: 'Nom',
    birthDate: 'Date de naissance',
    age: 'Âge',
    sex: 'Sexe',
    nationalId: 'Identifiant national',
    requester: 'Demandé par',
    service: 'Service de dermatologie',
    submittedAt: 'Envoyé le',
    request: 'Demande',
    reason: 'Motif',
    bodySite: 'Localisation',
    duration: 'Ancienneté',
    evolution: 'Évolution',
    symptoms: 'Symptômes',
    history: 'Antécédents',
    personalHistory: 'Antécédent personnel de cancer cutané',
    familyHistory: 'Antécédent familial de cancer cutané',
    immunosuppressed: 'Immunodépression',
    phototype: 'Phototype',
    treatments: 'Traitements en cours',
    allergies: 'Allergies',
    question: 'Question',
    urgency: 'Urgence',
    sevenPoint: 'Score de la checklist en 7 points',
    suspectedCancer: 'évoque la filière suspicion de cancer',
    answer: 'Réponse',
    outcome: 'Orientation',
    diagnosis: 'Diagnostic',
    differentials: 'Diagnostics différentiels',
    managementPlan: 'Conduite à tenir',
    treatmentSuggestions: 'Propositions de traitement',
    patientSummary: 'Résumé pour le patient',
    gpFirst: "Le médecin traitant discute d'abord de cette réponse avec le patient.",
    signature: 'Signé par',
    signedAt: 'le',
    hash: 'SHA-256',
    addenda: 'Addenda',
    messages: 'Questions et réponses',
    timeline: 'Historique',
    photos: 'Photos',
    noAnswer: 'Pas encore de réponse.',
    yes: 'oui',
    no: 'non',
    itch: 'prurit',
    bleeding: 'saignement',
    pain: 'douleur',
    none: 'aucun',
    units: { days: 'jours', weeks: 'semaines', months: 'mois', years: 'ans' },
    evolutionValues: { new: 'nouvelle', changing: 'en évolution', stable: 'stable' },
    generated: 'Édité le',
  },
} as const;

const lookup = (table: Record<string, unknown>, key: string | null | undefined): string =>
  key ? (typeof table[key] === 'string' ? (table[key] as string) : key) : '';

/** Loads the case in the actor's scope, audits the download, and renders the PDF. */
export async function renderReport(ctx: Ctx, caseId: string, opts: ReportOptions = {}): Promise<{ pdf: Uint8Array; lang: ReportLang }> {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.report');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findCase(trx, actor, caseId);
    const patient = await trx
      .selectFrom('patients')
      .select(['family_name', 'given_name', 'birth_date', 'sex', 'national_id', 'national_id_kind'])
      .where('id', '=', row.patient_id)
      .executeTakeFirstOrThrow();
    const requester = await trx
      .selectFrom('users')
      .crossJoin('organisations')
      .select(['users.display_name', 'users.locale', 'organisations.name as org_name'])
      .where('users.id', '=', row.requester_id)
      .where('organisations.id', '=', row.requester_org_id)
      .executeTakeFirstOrThrow();
    const network = await trx.selectFrom('networks').select('time_zone').where('id', '=', row.network_id).executeTakeFirstOrThrow();
    const service = row.service_id ? await trx.selectFrom('organisations').select('name').where('id', '=', row.service_id).executeTakeFirst() : undefined;
    const [answer, addenda, timeline, messages] = [await answerOf(trx, caseId), await addendaOf(trx, caseId), await timelineOf(trx, caseId), await messagesOf(trx, caseId)];
    const thumbnails = opts.thumbnails ?? (thumbnailProvider ? await thumbnailProvider(trx, caseId) : []);
    const lang: ReportLang = opts.lang ?? requester.locale;
    await recordAudit(trx, ctx, { action: 'case.report_download', resourceType: 'case', resourceId: caseId, patientId: row.patient_id, details: { lang } });

    const t = TEXT[lang];
    const c = CLINICAL[lang];
    const now = ctx.clock.now();
    const dateTime = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: network.time_zone });
    const dateOnly = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' });
    const fmt = (iso: string | Date | null) => (iso ? dateTime.format(new Date(iso)) : '');
    const request = (row.request ?? {}) as RequestDraftV1;

    const w = await PdfWriter.create('DermLink tele-expertise report');
    w.title(t.title);
    w.small(`DermLink · ${t.generated} ${fmt(now)}`);
    if (answer) w.emphasis(`${t.outcome}: ${lookup(c.triageOutcome, answer.outcome)}`);

    w.heading(t.patient);
    w.field(t.name, `${patient.family_name.toUpperCase()} ${patient.given_name}`);
    w.field(t.birthDate, `${dateOnly.format(new Date(`${patient.birth_date}T00:00:00Z`))} (${t.age.toLowerCase()} ${ageOn(patient.birth_date, now)})`);
    w.field(t.sex, lookup(c.sex, patient.sex));
    if (patient.national_id && patient.national_id_kind) {
      w.field(t.nationalId, formatNationalId(fromDbKind(patient.national_id_kind), patient.national_id));
    }
    w.field(t.requester, `${requester.display_name}, ${requester.org_name}`);
    if (service) w.field(t.service, service.name);
    if (row.submitted_at) w.field(t.submittedAt, fmt(row.submitted_at));

    w.heading(t.request);
    w.field(t.reason, [lookup(c.requestReason, request.reason), request.reasonOther].filter(Boolean).join(': '));
    if (request.bodySite?.site) {
      w.field(t.bodySite, [lookup(c.bodySite, request.bodySite.site), request.bodySite.detail].filter(Boolean).join(', '));
    }
    if (request.duration?.value !== undefined && request.duration?.value !== null && request.duration.unit) {
      w.field(t.duration, `${request.duration.value} ${t.units[request.duration.unit]}`);
    }
    if (request.evolution) w.field(t.evolution, t.evolutionValues[request.evolution]);
    if (request.symptoms) {
      const s = (['itch', 'bleeding', 'pain'] as const).filter((k) => request.symptoms?.[k]).map((k) => t[k]);
      w.field(t.symptoms, s.length ? s.join(', ') : t.none);
    }
    const yesNo = (v: boolean | null | undefined) => (v === true ? t.yes : v === false ? t.no : null);
    for (const [label, value] of [
      [t.personalHistory, yesNo(request.personalHistorySkinCancer)],
      [t.familyHistory, yesNo(request.familyHistorySkinCancer)],
      [t.immunosuppressed, yesNo(request.immunosuppressed)],
    ] as const) {
      if (value) w.field(label, value);
    }
    if (request.phototype) w.field(t.phototype, lookup(c.fitzpatrick, request.phototype));
    if (request.history) w.field(t.history, request.history);
    if (request.treatments) w.field(t.treatments, request.treatments);
    if (request.allergies) w.field(t.allergies, request.allergies);
    if (request.urgency) w.field(t.urgency, lookup(c.urgency, request.urgency));
    if (row.seven_point_score !== null) {
      const items = request.sevenPoint
        ? SEVEN_POINT_ITEMS.filter((i) => request.sevenPoint?.[i.id]).map((i) => lookup(c.sevenPoint, i.id))
        : [];
      w.field(t.sevenPoint, `${row.seven_point_score}/10${row.suspected_cancer ? ` (${t.suspectedCancer})` : ''}${items.length ? `: ${items.join(', ')}` : ''}`);
    }
    if (request.question) w.field(t.question, request.question);

    if (messages.length) {
      w.heading(t.messages);
      for (const m of messages) w.field(`${m.author.name}, ${fmt(m.at)}`, m.body);
    }

    w.heading(t.answer);
    if (!answer) w.paragraph(t.noAnswer);
    else {
      w.field(t.outcome, lookup(c.triageOutcome, answer.outcome));
      w.field(t.diagnosis, answer.icd10 ? `${answer.diagnosis} (ICD-10 ${answer.icd10.code})` : answer.diagnosis);
      if (answer.differentials.length) w.field(t.differentials, answer.differentials.map((d) => (d.icd10 ? `${d.text} (${d.icd10.code})` : d.text)).join('; '));
      w.field(t.managementPlan, answer.managementPlan);
      if (answer.treatmentSuggestions) w.field(t.treatmentSuggestions, answer.treatmentSuggestions);
      w.field(t.patientSummary, answer.patientSummary);
      if (answer.gpDiscussesFirst) w.emphasis(t.gpFirst);
      w.small(`${t.signature} ${answer.signedBy.name} ${t.signedAt} ${fmt(answer.signedAt)} · ${t.hash} ${answer.contentHash}`);
    }
    if (addenda.length) {
      w.heading(t.addenda);
      for (const a of addenda) {
        w.paragraph(a.outcome ? `${a.text} (${t.outcome}: ${lookup(c.triageOutcome, a.outcome)})` : a.text);
        w.small(`${t.signature} ${a.signedBy.name} ${t.signedAt} ${fmt(a.signedAt)} · ${t.hash} ${a.contentHash}`);
      }
    }

    w.heading(t.timeline);
    for (const e of timeline) {
      const label = lookup(c.caseTransition, transitionRule(e.transition).labelKey.split('.').pop());
      w.paragraph(`${fmt(e.at)} · ${label}${e.actor ? ` · ${e.actor.name}` : ''}`);
    }

    if (thumbnails.length) {
      w.heading(t.photos);
      for (const thumb of thumbnails) await w.image(thumb.jpeg, lookup(c.photoTag, thumb.tag));
    }
    return { pdf: await w.save(), lang };
  });
}
