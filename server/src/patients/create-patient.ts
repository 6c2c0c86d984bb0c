// Registers a patient in the requester's organisation. A likely duplicate (same
// names and birth date, accent- and case-insensitive, or the same national
// identifier) answers 409 possible_duplicate with the candidates, unless the
// requester confirms it is another person.
import { sql } from 'kysely';
import type { CreatePatientBody, Patient } from '../../../contracts/patients/patient.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { patientDto, patientSummary, toDbKind } from './patient-dto.ts';
import '../cases/actions.ts';

export async function createPatient(ctx: Ctx, input: CreatePatientBody): Promise<Patient> {
  const actor = requireActor(ctx);
  assertCan(actor, 'patient.create');
  const organisationId = actor.organisationId;
  if (!organisationId) throw new AppError('forbidden', 'Choose an organisation first.');
  const now = ctx.clock.now();
  if (input.birthDate > now.toISOString().slice(0, 10) || Number.isNaN(Date.parse(input.birthDate))) {
    throw new AppError('validation_failed', 'The birth date is not valid.', { fields: [{ path: 'birthDate', message: 'patients.birthDateInvalid' }] });
  }
  const nationalId = input.nationalId ? { kind: toDbKind(input.nationalId.kind), value: input.nationalId.value.replace(/[\s.-]/g, '').toUpperCase() } : null;

  return ctx.db.transaction().execute(async (trx) => {
    if (!input.confirmDuplicate) {
      const candidates = await trx
        .selectFrom('patients')
        .select(['id', 'family_name', 'given_name', 'birth_date', 'sex'])
        .where('organisation_id', '=', organisationId)
        .where((eb) =>
          eb.or([
            eb.and([
              eb('birth_date', '=', input.birthDate),
              eb('family_name_folded', '=', sql<string>`dl_fold(${input.familyName})`),
              eb('given_name_folded', '=', sql<string>`dl_fold(${input.givenName})`),
            ]),
            ...(nationalId ? [eb.and([eb('national_id_kind', '=', nationalId.kind), eb('national_id', '=', nationalId.value)])] : []),
          ]),
        )
        .limit(10)
        .execute();
      if (candidates.length > 0) {
        for (const candidate of candidates) {
          await recordAudit(trx, ctx, { action: 'patient.duplicate_check', resourceType: 'patient', resourceId: candidate.id, patientId: candidate.id });
        }
        throw new AppError('possible_duplicate', 'A patient with the same name and date of birth already exists.', {
          extra: { candidates: candidates.map((c) => patientSummary(c, now)) },
        });
      }
    }
    const row = await trx
      .insertInto('patients')
      .values({
        organisation_id: organisationId,
        family_name: input.familyName,
        given_name: input.givenName,
        birth_date: input.birthDate,
        sex: input.sex,
        email: input.email ?? null,
        phone: input.phone ?? null,
        national_id: nationalId?.value ?? null,
        national_id_kind: nationalId?.kind ?? null,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'organisation_id', 'family_name', 'given_name', 'birth_date', 'sex', 'email', 'phone', 'national_id', 'national_id_kind', 'user_id', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'patient.create',
      resourceType: 'patient',
      resourceId: row.id,
      patientId: row.id,
      details: { duplicateConfirmed: input.confirmDuplicate === true, nationalIdKind: nationalId?.kind ?? null },
    });
    return patientDto(row, [], now);
  });
}
