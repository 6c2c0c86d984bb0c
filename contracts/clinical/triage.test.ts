import { describe, expect, it } from 'vitest';
import {
  BODY_MAP_VIEWBOX,
  BODY_SITES,
  BODY_SITE_IDS,
  BodySiteIdSchema,
  FitzpatrickPhototypeSchema,
  PhotoTagSchema,
  RequestReasonSchema,
  TRIAGE_OUTCOME_LABEL_KEYS,
  TriageOutcomeSchema,
  UrgencySchema,
  bodyMapShapes,
  bodySite,
  type BodyMapShape,
} from './triage.ts';

type Box = { left: number; right: number; top: number; bottom: number };
const box = (shape: BodyMapShape): Box =>
  shape.kind === 'rect'
    ? { left: shape.x, right: shape.x + shape.width, top: shape.y, bottom: shape.y + shape.height }
    : { left: shape.cx - shape.rx, right: shape.cx + shape.rx, top: shape.cy - shape.ry, bottom: shape.cy + shape.ry };
const centreX = (shape: BodyMapShape): number => {
  const b = box(shape);
  return (b.left + b.right) / 2;
};

describe('triage vocabulary', () => {
  it('parses the enums', () => {
    expect(TriageOutcomeSchema.options).toEqual([
      'advice_only',
      'routine_face_to_face',
      'urgent_face_to_face',
      'suspected_cancer_pathway',
      'biopsy_excision',
      'teleconsultation',
    ]);
    expect(TRIAGE_OUTCOME_LABEL_KEYS.suspected_cancer_pathway).toBe('clinical.triageOutcome.suspected_cancer_pathway');
    expect(UrgencySchema.parse('urgent')).toBe('urgent');
    expect(UrgencySchema.safeParse('emergency').success).toBe(false);
    expect(RequestReasonSchema.options).toEqual(['suspicious_lesion', 'rash', 'other']);
    expect(FitzpatrickPhototypeSchema.options).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI']);
    expect(FitzpatrickPhototypeSchema.safeParse('VII').success).toBe(false);
    expect(PhotoTagSchema.options).toEqual(['overview', 'close_up', 'dermoscopy', 'other']);
  });
});

describe('body sites', () => {
  it('defines every id exactly once, about thirty of them', () => {
    expect(BODY_SITES.map((s) => s.id).sort()).toEqual([...BODY_SITE_IDS].sort());
    expect(BODY_SITES.length).toBeGreaterThanOrEqual(28);
    expect(BodySiteIdSchema.parse('left_foot')).toBe('left_foot');
  });

  it('keeps view, laterality, label key and shapes consistent', () => {
    for (const site of BODY_SITES) {
      expect(site.labelKey).toBe(`clinical.bodySite.${site.id}`);
      const expectedLaterality = site.id.startsWith('left_') ? 'left' : site.id.startsWith('right_') ? 'right' : 'midline';
      expect(site.laterality, site.id).toBe(expectedLaterality);
      const hasFront = (site.shapes.front?.length ?? 0) > 0;
      const hasBack = (site.shapes.back?.length ?? 0) > 0;
      expect(site.view, site.id).toBe(hasFront && hasBack ? 'both' : hasFront ? 'front' : 'back');
    }
    expect(bodySite('face').view).toBe('front');
    expect(bodySite('upper_back').view).toBe('back');
    expect(bodySite('scalp').view).toBe('both');
  });

  it('stays inside the viewBox', () => {
    for (const view of ['front', 'back'] as const) {
      for (const { siteId, shape } of bodyMapShapes(view)) {
        const b = box(shape);
        expect(b.left >= 0 && b.top >= 0, siteId).toBe(true);
        expect(b.right <= BODY_MAP_VIEWBOX.width && b.bottom <= BODY_MAP_VIEWBOX.height, siteId).toBe(true);
      }
    }
  });

  it("draws the patient's left on the viewer's right from the front and on the viewer's left from the back", () => {
    for (const site of BODY_SITES.filter((s) => s.laterality !== 'midline')) {
      for (const shape of site.shapes.front ?? []) {
        expect(centreX(shape) > 100, `${site.id} front`).toBe(site.laterality === 'left');
      }
      for (const shape of site.shapes.back ?? []) {
        expect(centreX(shape) < 100, `${site.id} back`).toBe(site.laterality === 'left');
      }
    }
  });

  it('orders the body from head to feet', () => {
    const top = (id: (typeof BODY_SITE_IDS)[number]) => box(bodySite(id).shapes.front![0]!).top;
    expect(top('face')).toBeLessThan(top('neck'));
    expect(top('neck')).toBeLessThan(top('chest'));
    expect(top('chest')).toBeLessThan(top('abdomen'));
    expect(top('abdomen')).toBeLessThan(top('left_thigh'));
    expect(top('left_thigh')).toBeLessThan(top('left_knee'));
    expect(top('left_knee')).toBeLessThan(top('left_lower_leg'));
    expect(top('left_lower_leg')).toBeLessThan(top('left_foot'));
  });
});
