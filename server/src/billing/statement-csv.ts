// The statement as CSV (RFC 4180, CRLF): one row per line, amounts in the
// currency's units with a dot. Cells that a spreadsheet would run as a formula
// (a patient's name starting with "=", "+", "-" or "@") are quoted with a
// leading apostrophe.
import type { Statement } from '../../../contracts/billing/index.ts';
import { explanationText, STATEMENT_TEXT, type Lang } from './statement-text.ts';

const HEADER = [
  'act_date', 'act_code', 'label', 'source', 'patient', 'patient_id', 'coordinated', 'currency', 'amount', 'insurer_percent',
  'insurer_amount', 'patient_amount', 'explanation', 'note', 'payment_status', 'paid_via', 'paid_at', 'fee_entry_id', 'line_id',
];

const units = (cents: number) => (cents / 100).toFixed(2);

export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function statementCsv(statement: Statement, lang: Lang): string {
  const rows: Array<Array<string | number | boolean | null>> = [HEADER];
  for (const l of statement.lines) {
    rows.push([
      l.actDate, l.actCode, lang === 'fr' ? l.labelFr : l.labelEn, l.source, l.patient.name, l.patient.id, l.coordinated, l.currency,
      units(l.amountCents), l.insurerSharePercent, units(l.insurerAmountCents), units(l.patientAmountCents), l.explanation,
      explanationText(l, lang) || null, l.paymentStatus, l.paidVia, l.paidAt, l.feeEntryId, l.id,
    ]);
  }
  for (const t of statement.totals) {
    rows.push(['total', null, null, null, null, null, null, t.currency, units(t.amountCents), null, units(t.insurerCents), units(t.patientCents), null, `${t.count} ${STATEMENT_TEXT[lang].lines}`, null, null, null, null, null]);
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
