// Turns an audit action (written by many features) into what a patient
// understands: "looked at your photos", "downloaded the report"... The rules
// go from the most specific to the most general; unknown actions say "other".
import type { AccessKind } from '../../../contracts/audit/index.ts';

const RULES: ReadonlyArray<readonly [RegExp, AccessKind]> = [
  [/(^|[._:])(report|pdf)([._:]|$)|download/, 'downloaded_report'],
  [/export|fhir/, 'exported_record'],
  [/photo.*[._:](upload|add|create|import)|(upload|add|create)[._:]?photo/, 'added_photos'],
  [/photo|image|blob/, 'viewed_photos'],
  [/answer|addend|sign(ed)?$/, 'answered_request'],
  [/consent[._:](read|view|get|list)/, 'viewed_consent'],
  [/consent/, 'changed_consent'],
  [/appointment|visit|teleconsult|prescription/, 'viewed_visit'],
  [/billing|fee|payment|statement/, 'viewed_billing'],
  [/case[._:](read|view|get|list|open|search)/, 'viewed_request'],
  [/case|message|question/, 'changed_request'],
  [/patient[._:](read|view|get|list|search|open)/, 'viewed_record'],
  [/patient/, 'changed_record'],
];

export function accessKindOf(action: string, resourceType: string): AccessKind {
  const subject = action.toLowerCase();
  for (const [re, kind] of RULES) if (re.test(subject)) return kind;
  const fallback = `${resourceType.toLowerCase()}.${subject}`;
  for (const [re, kind] of RULES) if (re.test(fallback)) return kind;
  return 'other';
}
