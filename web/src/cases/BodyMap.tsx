// Clickable body map: every region is a focusable button with its label, so
// the map works with a finger, a mouse, a keyboard and a screen reader.
import { Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  BODY_MAP_VIEWBOX,
  BODY_SITES,
  bodyMapShapes,
  bodySite,
  type BodyMapShape,
  type BodyMapView,
  type BodySiteId,
} from '../../../contracts/clinical/triage.ts';
import { useClinicalLabels } from './clinical-labels.ts';
import classes from './BodyMap.module.css';

function Shape({ shape }: { shape: BodyMapShape }) {
  return shape.kind === 'rect' ? (
    <rect x={shape.x} y={shape.y} width={shape.width} height={shape.height} rx={shape.rx} />
  ) : (
    <ellipse cx={shape.cx} cy={shape.cy} rx={shape.rx} ry={shape.ry} />
  );
}

export function BodyMap({
  value,
  view,
  onViewChange,
  onChange,
  highlight,
}: {
  value: BodySiteId | null | undefined;
  view: BodyMapView;
  onViewChange: (view: BodyMapView) => void;
  onChange?: (site: BodySiteId) => void;
  /** Read-only highlight (e.g. earlier cases of the same site). */
  highlight?: BodySiteId | null;
}) {
  const { t } = useTranslation('cases');
  const tc = useClinicalLabels();
  const shapes = bodyMapShapes(view);
  // One group per site: a site may have several shapes (buttocks).
  const sites = BODY_SITES.filter((site) => site.shapes[view]);
  const selected = value ? bodySite(value) : null;
  return (
    <Stack gap="xs" align="center">
      <SegmentedControl
        aria-label={t('bodyMap.view')}
        value={view}
        onChange={(v) => onViewChange(v as BodyMapView)}
        data={[
          { value: 'front', label: t('bodyMap.front') },
          { value: 'back', label: t('bodyMap.back') },
        ]}
      />
      <Group gap={4} justify="space-between" w="100%" maw={260} aria-hidden>
        <Text size="xs" c="dimmed">
          {view === 'front' ? t('bodyMap.patientRight') : t('bodyMap.patientLeft')}
        </Text>
        <Text size="xs" c="dimmed">
          {view === 'front' ? t('bodyMap.patientLeft') : t('bodyMap.patientRight')}
        </Text>
      </Group>
      <svg
        className={classes.map}
        viewBox={`0 0 ${BODY_MAP_VIEWBOX.width} ${BODY_MAP_VIEWBOX.height}`}
        role={onChange ? 'group' : 'img'}
        aria-label={t(view === 'front' ? 'bodyMap.labelFront' : 'bodyMap.labelBack')}
      >
        {onChange
          ? sites.map((site) => {
              const isSelected = site.id === value;
              return (
                <g
                  key={site.id}
                  role="button"
                  tabIndex={0}
                  aria-pressed={isSelected}
                  aria-label={tc(site.labelKey)}
                  data-site={site.id}
                  className={`${classes.region} ${isSelected ? classes.selected : ''} ${site.id === highlight ? classes.highlight : ''}`}
                  onClick={() => onChange(site.id)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      onChange(site.id);
                    }
                  }}
                >
                  <title>{tc(site.labelKey)}</title>
                  {(site.shapes[view] ?? []).map((shape, i) => (
                    <Shape key={i} shape={shape} />
                  ))}
                </g>
              );
            })
          : shapes.map(({ siteId, shape }, i) => (
              <g
                key={`${siteId}-${i}`}
                className={`${classes.region} ${classes.readonly} ${siteId === value ? classes.selected : ''} ${siteId === highlight ? classes.highlight : ''}`}
              >
                <Shape shape={shape} />
              </g>
            ))}
      </svg>
      <Text size="sm" fw={600} aria-live="polite">
        {selected ? t('bodyMap.selected', { site: tc(selected.labelKey) }) : t('bodyMap.none')}
      </Text>
    </Stack>
  );
}
