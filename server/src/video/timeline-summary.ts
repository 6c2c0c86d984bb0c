// How long the admitted patient and the dermatologist were connected at the
// same time, from the joined/left lines (pure). A person may reconnect: each
// joined opens an interval that their next left closes; one still open ends
// at `until` (now, or the room's closing time if earlier). The patient only
// counts from the first admission.
export interface TimelineLine {
  kind: 'joined' | 'admitted' | 'left';
  role: 'patient' | 'dermatologist';
  at: Date;
}

type Interval = [number, number];

function presence(lines: TimelineLine[], role: TimelineLine['role'], until: number): Interval[] {
  const out: Interval[] = [];
  let open: number | null = null;
  for (const line of lines) {
    if (line.role !== role) continue;
    if (line.kind === 'joined') open ??= line.at.getTime();
    else if (line.kind === 'left' && open !== null) {
      out.push([open, line.at.getTime()]);
      open = null;
    }
  }
  if (open !== null && open < until) out.push([open, until]);
  return out;
}

export function bothConnectedSeconds(lines: TimelineLine[], until: Date): number {
  const sorted = [...lines].sort((a, b) => a.at.getTime() - b.at.getTime());
  const admitted = sorted.find((l) => l.kind === 'admitted');
  if (!admitted) return 0;
  const end = until.getTime();
  const from = admitted.at.getTime();
  const patient = presence(sorted, 'patient', end).map(([a, b]): Interval => [Math.max(a, from), b]).filter(([a, b]) => b > a);
  const derm = presence(sorted, 'dermatologist', end);
  let total = 0;
  for (const [pa, pb] of patient) for (const [da, db] of derm) total += Math.max(0, Math.min(pb, db) - Math.max(pa, da));
  return Math.floor(total / 1000);
}
