// GET /api/visits: the dermatologist's own visits to write up (booked, started
// within the next day or the last 60 days, not signed) and those signed in the
// last 14 days, newest first. The way in to the visit page besides notifications.
import { sql } from 'kysely';
import type { VisitList } from '../../../contracts/visits/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { ageOn } from '../cases/case-view.ts';
import type { Ctx } from '../context.ts';
import { appointmentScope } from '../appointments/appointment-scope.ts';
import './actions.ts';

const DAY = 86_400_000;

export async function listVisits(ctx: Ctx): Promise<VisitList> {
  const actor = requireActor(ctx);
  assertCan(actor, 'visit.list');
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const rows = await trx
      .selectFrom('appointments')
      .innerJoin('patients', 'patients.id', 'appointments.patient_id')
      .leftJoin('visit_records', 'visit_records.appointment_id', 'appointments.id')
      .select([
        'appointments.id',
        'appointments.starts_at',
        'appointments.ends_at',
        'appointments.time_zone',
        'appointments.status',
        'patients.given_name',
        'patients.family_name',
        'patients.birth_date',
        'patients.sex',
        'visit_records.outcome',
        'visit_records.updated_by',
        (eb) =>
          eb
            .and([
              eb.exists(
                eb.selectFrom('visit_events as v').select(sql`1`.as('one')).whereRef('v.appointment_id', '=', 'appointments.id').whereRef('v.user_id', '=', 'appointments.dermatologist_user_id').where('v.kind', '=', 'joined'),
              ),
              eb.exists(
                eb.selectFrom('visit_events as v').innerJoin('patients as pu', 'pu.user_id', 'v.user_id').select(sql`1`.as('one')).whereRef('v.appointment_id', '=', 'appointments.id').whereRef('pu.id', '=', 'appointments.patient_id').where('v.kind', '=', 'joined'),
              ),
            ])
            .as('video_held'),
      ])
      .where('appointments.id', 'in', (eb) => eb.selectFrom('appointments').select('appointments.id').where(appointmentScope(actor)))
      .where('appointments.dermatologist_user_id', '=', actor.userId)
      .where((eb) =>
        eb.or([
          eb.and([
            eb('appointments.status', '=', 'booked'),
            eb('appointments.starts_at', '<=', new Date(now.getTime() + DAY)),
            eb('appointments.starts_at', '>=', new Date(now.getTime() - 60 * DAY)),
          ]),
          eb.and([eb('appointments.status', 'in', ['completed', 'no_show']), eb('appointments.starts_at', '>=', new Date(now.getTime() - 14 * DAY))]),
        ]),
      )
      .orderBy('appointments.starts_at', 'desc')
      .limit(200)
      .execute();
    await recordAudit(trx, ctx, { action: 'visit.list', resourceType: 'appointment', details: { count: rows.length } });
    return {
      items: rows.map((r) => ({
        appointmentId: r.id,
        startsAt: r.starts_at.toISOString(),
        endsAt: r.ends_at.toISOString(),
        timeZone: r.time_zone,
        status: r.status as 'booked' | 'completed' | 'no_show',
        patient: { name: `${r.given_name} ${r.family_name.toUpperCase()}`, age: ageOn(r.birth_date, now), sex: r.sex },
        // An appointment closed elsewhere without a visit record (e.g. older data) shows its status, not "to write".
        state: r.outcome ?? (r.status === 'completed' || r.status === 'no_show' ? r.status : r.updated_by ? 'draft' : 'to_write'),
        videoHeld: Boolean(r.video_held),
      })),
    };
  });
}
