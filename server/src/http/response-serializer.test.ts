import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { QueuePageSchema } from '../../../contracts/cases/case.ts';
import { agreeing, fastSerializer, responseSerializerCompiler } from './response-serializer.ts';

const Row = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  sex: z.enum(['female', 'male']),
  age: z.int(),
  note: z.string().optional(),
  doctor: z.object({ id: z.string(), name: z.string() }).nullable(),
  tags: z.array(z.string()),
  counts: z.record(z.string(), z.number()),
  kind: z.discriminatedUnion('type', [z.object({ type: z.literal('a'), a: z.number() }), z.object({ type: z.literal('b'), b: z.string().nullable() })]),
});
const Page = z.object({ items: z.array(Row), next: z.string().nullable() });
const writer = (checked: boolean) => responseSerializerCompiler({ checked })({ schema: Page, method: 'GET', url: '/x', httpStatus: '200' });

const row = (i: number) => ({
  id: '6f1c2b9e-8d43-4c1a-9f7e-2b5d8c3a1e40',
  name: i % 2 ? 'Élise "Lou" Martin\n' : null,
  sex: 'female',
  age: 40 + i,
  ...(i % 3 ? { note: 'à revoir' } : {}),
  doctor: i % 2 ? null : { id: 'd1', name: 'Dr X', email: 'undeclared@example.test' },
  tags: ['a', 'b'],
  counts: { x: 1, y: 2.5 },
  kind: i % 2 ? { type: 'a', a: i } : { type: 'b', b: null },
  patientName: 'Marie Dupont', // not in the contract: must never be written
});
const page = { items: [0, 1, 2, 3].map(row), next: null, total: 4 };

describe('response serializer', () => {
  it('writes what zod writes, without the properties the contract does not declare', () => {
    const fast = writer(false)(page);
    const checked = writer(true)(page);
    expect(JSON.parse(fast)).toEqual(JSON.parse(checked));
    expect(fast).not.toContain('Marie Dupont');
    expect(fast).not.toContain('undeclared@example.test');
    expect(fast).not.toContain('total');
    expect(JSON.parse(fast).items[0]).toEqual({
      id: '6f1c2b9e-8d43-4c1a-9f7e-2b5d8c3a1e40', name: null, sex: 'female', age: 40, doctor: { id: 'd1', name: 'Dr X' }, tags: ['a', 'b'], counts: { x: 1, y: 2.5 }, kind: { type: 'b', b: null },
    });
  });

  it('the checked way refuses what the contract refuses; the fast way only shapes', () => {
    const bad = { items: [{ ...row(0), sex: 'unknown-value' }], next: null };
    expect(() => writer(true)(bad)).toThrow();
    expect(JSON.parse(writer(false)(bad)).items[0].sex).toBe('unknown-value');
    // A missing required property is refused both ways.
    const { age: _missing, ...noAge } = row(0);
    expect(() => writer(false)({ items: [noAge], next: null })).toThrow(/age/);
  });

  it('the checked way fails when the fast writer says something else', () => {
    const same = agreeing(() => '{"a":1,"b":2}', () => '{"b":2,"a":1}', 'GET /x');
    expect(same({})).toBe('{"a":1,"b":2}');
    const differs = agreeing(() => '{"a":1}', () => '{"a":2}', 'GET /x (200)');
    expect(() => differs({})).toThrow(/disagrees with the contract on GET \/x \(200\)/);
  });

  it('takes the real contracts, e.g. the queue page, and writes them byte for byte like zod', () => {
    const fast = fastSerializer(QueuePageSchema);
    expect(fast).not.toBeNull();
    const item = {
      id: '6f1c2b9e-8d43-4c1a-9f7e-2b5d8c3a1e40', state: 'in_review', priority: 'routine', urgency: 'routine', suspectedCancer: false, sevenPointScore: null,
      patient: { initials: 'M.D.', age: 71, sex: 'female' }, bodySite: 'face', reason: null,
      requester: { id: '6f1c2b9e-8d43-4c1a-9f7e-2b5d8c3a1e41', name: 'Dr Martin', organisationName: 'Cabinet' },
      service: { id: '6f1c2b9e-8d43-4c1a-9f7e-2b5d8c3a1e42', name: 'Dermatologie' }, assignedDermatologist: null, targetDermatologist: null,
      submittedAt: '2026-11-25T08:00:00.000Z', deadline: { at: '2026-12-02T08:00:00.000Z', msLeft: 1000, band: 'plenty', paused: false },
    };
    const data = { items: [item], nextCursor: null };
    expect(fast!(data)).toBe(JSON.stringify(z.encode(QueuePageSchema, data as z.output<typeof QueuePageSchema>)));
  });
});
