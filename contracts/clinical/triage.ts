// Vocabulary of the structured request and the dermatologist's answer: enums the
// forms, the API and the reports share, each with its i18n label key.
import { z } from 'zod';

const labelKeys = <T extends string>(prefix: string, values: readonly T[]): Readonly<Record<T, string>> =>
  Object.fromEntries(values.map((value) => [value, `${prefix}.${value}`])) as Record<T, string>;

export const TRIAGE_OUTCOMES = [
  'advice_only',
  'routine_face_to_face',
  'urgent_face_to_face',
  'suspected_cancer_pathway',
  'biopsy_excision',
  'teleconsultation',
] as const;
export const TriageOutcomeSchema = z.enum(TRIAGE_OUTCOMES);
export type TriageOutcome = z.infer<typeof TriageOutcomeSchema>;
export const TRIAGE_OUTCOME_LABEL_KEYS = labelKeys('clinical.triageOutcome', TRIAGE_OUTCOMES);

export const URGENCIES = ['routine', 'urgent'] as const;
export const UrgencySchema = z.enum(URGENCIES);
export type Urgency = z.infer<typeof UrgencySchema>;
export const URGENCY_LABEL_KEYS = labelKeys('clinical.urgency', URGENCIES);

export const REQUEST_REASONS = ['suspicious_lesion', 'rash', 'other'] as const;
export const RequestReasonSchema = z.enum(REQUEST_REASONS);
export type RequestReason = z.infer<typeof RequestReasonSchema>;
export const REQUEST_REASON_LABEL_KEYS = labelKeys('clinical.requestReason', REQUEST_REASONS);

export const FITZPATRICK_PHOTOTYPES = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;
export const FitzpatrickPhototypeSchema = z.enum(FITZPATRICK_PHOTOTYPES);
export type FitzpatrickPhototype = z.infer<typeof FitzpatrickPhototypeSchema>;
// Label keys carry the usual description (e.g. "always burns, never tans").
export const FITZPATRICK_LABEL_KEYS = labelKeys('clinical.fitzpatrick', FITZPATRICK_PHOTOTYPES);

export const PHOTO_TAGS = ['overview', 'close_up', 'dermoscopy', 'other'] as const;
export const PhotoTagSchema = z.enum(PHOTO_TAGS);
export type PhotoTag = z.infer<typeof PhotoTagSchema>;
export const PHOTO_TAG_LABEL_KEYS = labelKeys('clinical.photoTag', PHOTO_TAGS);

// Body map. Ids name the patient's own left and right. Shapes live in a 200x440
// viewBox per view; in the front view the patient's right side is drawn on the
// viewer's left, in the back view on the viewer's right.
export const BODY_MAP_VIEWBOX = { width: 200, height: 440 } as const;

export const BODY_SITE_IDS = [
  'scalp',
  'face',
  'left_ear',
  'right_ear',
  'neck',
  'left_shoulder',
  'right_shoulder',
  'chest',
  'abdomen',
  'upper_back',
  'lower_back',
  'left_groin',
  'right_groin',
  'genital',
  'buttocks',
  'left_upper_arm',
  'right_upper_arm',
  'left_forearm',
  'right_forearm',
  'left_hand',
  'right_hand',
  'left_thigh',
  'right_thigh',
  'left_knee',
  'right_knee',
  'left_lower_leg',
  'right_lower_leg',
  'left_foot',
  'right_foot',
] as const;
export const BodySiteIdSchema = z.enum(BODY_SITE_IDS);
export type BodySiteId = z.infer<typeof BodySiteIdSchema>;

export type BodyMapView = 'front' | 'back';
export type Laterality = 'left' | 'right' | 'midline';

export type BodyMapShape =
  | { readonly kind: 'rect'; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly rx?: number }
  | { readonly kind: 'ellipse'; readonly cx: number; readonly cy: number; readonly rx: number; readonly ry: number };

export type BodySite = {
  readonly id: BodySiteId;
  readonly view: BodyMapView | 'both';
  readonly laterality: Laterality;
  readonly labelKey: string;
  readonly shapes: { readonly front?: readonly BodyMapShape[]; readonly back?: readonly BodyMapShape[] };
};

const rect = (x: number, y: number, width: number, height: number, rx?: number): BodyMapShape =>
  rx === undefined ? { kind: 'rect', x, y, width, height } : { kind: 'rect', x, y, width, height, rx };
const ellipse = (cx: number, cy: number, rx: number, ry: number): BodyMapShape => ({ kind: 'ellipse', cx, cy, rx, ry });

// x of a paired part on the viewer's left and right halves of the drawing.
type Sides = { readonly viewerLeft: BodyMapShape; readonly viewerRight: BodyMapShape };

function paired(
  part: string,
  front: Sides | null,
  back: Sides | null,
): [BodySite, BodySite] {
  const site = (laterality: 'left' | 'right'): BodySite => {
    // Front view: patient's left is on the viewer's right. Back view: on the viewer's left.
    const frontShape = front && (laterality === 'left' ? front.viewerRight : front.viewerLeft);
    const backShape = back && (laterality === 'left' ? back.viewerLeft : back.viewerRight);
    const shapes: { front?: BodyMapShape[]; back?: BodyMapShape[] } = {};
    if (frontShape) shapes.front = [frontShape];
    if (backShape) shapes.back = [backShape];
    return {
      id: `${laterality}_${part}` as BodySiteId,
      view: frontShape && backShape ? 'both' : frontShape ? 'front' : 'back',
      laterality,
      labelKey: `clinical.bodySite.${laterality}_${part}`,
      shapes,
    };
  };
  return [site('left'), site('right')];
}

function midline(id: BodySiteId, front: readonly BodyMapShape[] | null, back: readonly BodyMapShape[] | null): BodySite {
  const shapes: { front?: readonly BodyMapShape[]; back?: readonly BodyMapShape[] } = {};
  if (front) shapes.front = front;
  if (back) shapes.back = back;
  return {
    id,
    view: front && back ? 'both' : front ? 'front' : 'back',
    laterality: 'midline',
    labelKey: `clinical.bodySite.${id}`,
    shapes,
  };
}

// Limbs sit at the same place in both views, only the side they belong to changes.
const limb = (viewerLeft: BodyMapShape, viewerRight: BodyMapShape): Sides => ({ viewerLeft, viewerRight });

// Order is drawing order: later shapes are drawn on top (the face over the scalp).
export const BODY_SITES: readonly BodySite[] = [
  midline('scalp', [ellipse(100, 24, 21, 14)], [ellipse(100, 38, 22, 28)]),
  midline('face', [ellipse(100, 50, 18, 17)], null),
  ...paired('ear', limb(ellipse(79, 48, 4, 8), ellipse(121, 48, 4, 8)), limb(ellipse(77, 46, 4, 8), ellipse(123, 46, 4, 8))),
  midline('neck', [rect(90, 66, 20, 18, 4)], [rect(90, 66, 20, 18, 4)]),
  ...paired('shoulder', limb(ellipse(66, 92, 14, 10), ellipse(134, 92, 14, 10)), limb(ellipse(66, 92, 14, 10), ellipse(134, 92, 14, 10))),
  midline('chest', [rect(72, 84, 56, 56, 6)], null),
  midline('abdomen', [rect(74, 140, 52, 50, 4)], null),
  midline('upper_back', null, [rect(72, 84, 56, 62, 6)]),
  midline('lower_back', null, [rect(74, 146, 52, 44, 4)]),
  ...paired('groin', limb(rect(74, 190, 18, 22, 4), rect(108, 190, 18, 22, 4)), null),
  midline('genital', [rect(92, 190, 16, 24, 6)], null),
  midline('buttocks', null, [ellipse(87, 206, 13, 16), ellipse(113, 206, 13, 16)]),
  ...paired('upper_arm', limb(rect(48, 102, 17, 56, 7), rect(135, 102, 17, 56, 7)), limb(rect(48, 102, 17, 56, 7), rect(135, 102, 17, 56, 7))),
  ...paired('forearm', limb(rect(42, 160, 16, 52, 7), rect(142, 160, 16, 52, 7)), limb(rect(42, 160, 16, 52, 7), rect(142, 160, 16, 52, 7))),
  ...paired('hand', limb(ellipse(48, 226, 9, 13), ellipse(152, 226, 9, 13)), limb(ellipse(48, 226, 9, 13), ellipse(152, 226, 9, 13))),
  ...paired('thigh', limb(rect(75, 214, 23, 76, 8), rect(102, 214, 23, 76, 8)), limb(rect(75, 222, 23, 68, 8), rect(102, 222, 23, 68, 8))),
  ...paired('knee', limb(ellipse(87, 300, 11, 10), ellipse(113, 300, 11, 10)), limb(ellipse(87, 300, 11, 10), ellipse(113, 300, 11, 10))),
  ...paired('lower_leg', limb(rect(78, 310, 19, 90, 8), rect(103, 310, 19, 90, 8)), limb(rect(78, 310, 19, 90, 8), rect(103, 310, 19, 90, 8))),
  ...paired('foot', limb(ellipse(85, 413, 11, 11), ellipse(115, 413, 11, 11)), limb(ellipse(87, 411, 10, 11), ellipse(113, 411, 10, 11))),
];

const SITE_BY_ID = new Map(BODY_SITES.map((site) => [site.id, site]));

export function bodySite(id: BodySiteId): BodySite {
  const site = SITE_BY_ID.get(id);
  if (!site) throw new Error(`Unknown body site: ${id}`);
  return site;
}

// Flat list of shapes to draw for one view, in drawing order.
export function bodyMapShapes(view: BodyMapView): { siteId: BodySiteId; shape: BodyMapShape }[] {
  return BODY_SITES.flatMap((site) => (site.shapes[view] ?? []).map((shape) => ({ siteId: site.id, shape })));
}
