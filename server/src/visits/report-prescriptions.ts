// The prescriptions of an appointment as readable lines for the visit report
// (GP page and PDF). Read in SQL from the prescriptions feature's table
// (migrations/0013_prescriptions.sql), defensively: the report still renders
// without that table, and an item of an unexpected shape is shown as far as it goes.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ReportPrescription } from '../../../contracts/visits/index.ts';
import type { DB } from '../db/schema.ts';

type Lang = 'fr' | 'en';
const WORDS = {
  en: { days: (n: number) => `${n} day${n > 1 ? 's' : ''}`, quantity: 'quantity', renewals: (n: number) => `${n} renewal${n > 1 ? 's' : ''}` },
  fr: { days: (n: number) => `${n} jour${n > 1 ? 's' : ''}`, quantity: 'quantité', renewals: (n: number) => `${n} renouvellement${n > 1 ? 's' : ''}` },
};

interface StoredItem {
  name?: { en?: string; fr?: string } | string;
  strength?: string;
  dosage?: string;
  durationDays?: number;
  quantity?: number;
  renewals?: number;
}

export function prescriptionLine(item: StoredItem, lang: Lang): string {
  const w = WORDS[lang];
  const name = typeof item.name === 'string' ? item.name : (item.name?.[lang] ?? item.name?.en ?? item.name?.fr ?? '');
  const head = [name, item.strength].filter(Boolean).join(' ');
  const extras = [
    typeof item.durationDays === 'number' ? w.days(item.durationDays) : null,
    typeof item.quantity === 'number' ? `${w.quantity} ${item.quantity}` : null,
    typeof item.renewals === 'number' && item.renewals > 0 ? w.renewals(item.renewals) : null,
  ].filter(Boolean);
  return [head, item.dosage, extras.join(', ')].filter(Boolean).join(' — ');
}

export async function prescriptionsForReport(db: Kysely<DB> | Transaction<DB>, appointmentId: string, lang: Lang): Promise<ReportPrescription[]> {
  const exists = await sql<{ present: boolean }>`select to_regclass('prescriptions') is not null as present`.execute(db);
  if (!exists.rows[0]?.present) return [];
  const rows = await sql<{ id: string; issued_at: Date | null; items: unknown }>`
    select id, issued_at, items from prescriptions where appointment_id = ${appointmentId} order by issued_at, id`.execute(db);
  return rows.rows.map((r) => ({
    id: String(r.id),
    issuedAt: r.issued_at ? new Date(r.issued_at).toISOString() : null,
    lines: (Array.isArray(r.items) ? (r.items as StoredItem[]) : []).map((item) => prescriptionLine(item ?? {}, lang)),
  }));
}
