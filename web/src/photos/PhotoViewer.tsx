// The dermatologist's photo viewer (desktop first, works on a phone): smooth
// zoom and pan (wheel, pinch, drag, keyboard + - 0 and arrows), next/previous
// (arrows when not zoomed, j/k), full screen, a thumbnail strip, side-by-side
// comparison with another photo of this case or of an earlier case, and each
// photo's tag, note and quality verdict. Preview first, full size on zoom.
import { ActionIcon, Badge, Button, Group, Select, Stack, Text, Tooltip } from '@mantine/core';
import { useReducedMotion } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { photoVariantUrl, type Photo, type PhotoVariant } from '../../../contracts/photos/photos.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { FIT, FULL_VARIANT_FROM_SCALE, KEY_PAN_SHARE, KEY_ZOOM_STEP, panBy, wheelFactor, zoomAt, type View } from './zoom.ts';
import classes from './photos.module.css';

/** The case page sends this (detail +1 / -1) for j/k and arrows pressed outside the viewer. Same name as in web/src/cases/ExpertCasePage.tsx. */
export const PHOTO_STEP_EVENT = 'dermlink:photo-step';

/** A photo from another case, with a caption saying which ("Earlier case, 3 March 2026"). */
export type ComparePhoto = Photo & { caption?: string };

export interface PhotoViewerProps {
  /** The case's photos, in display order. */
  photos: Photo[];
  /** Photos from other cases (earlier cases of the same patient) offered for comparison. */
  compareWith?: ComparePhoto[];
  /** The photo shown first (default: the first one). */
  initialPhotoId?: string;
  /** Step through photos on PHOTO_STEP_EVENT (the case page's j/k) and zoom with + - 0 anywhere on the page. Default true. */
  followStepEvents?: boolean;
}

const variantUrl = (photo: Photo, variant: PhotoVariant) => photo.variants.find((v) => v.variant === variant)?.url ?? photoVariantUrl(photo.id, variant);

function isTypingTarget(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.getAttribute('role') === 'combobox';
}

interface PaneHandle {
  zoomBy: (factor: number) => void;
  reset: () => void;
}

interface PaneProps {
  photo: Photo;
  index: number;
  total: number;
  caption?: string;
  onStep: (delta: number) => void;
  onActive: () => void;
  register: (handle: PaneHandle | null) => void;
  onZoomChange: (scale: number) => void;
}

/** One zoomable photo: the stage (focusable) and its details. */
function ZoomPane({ photo, index, total, caption, onStep, onActive, register, onZoomChange }: PaneProps) {
  const { t } = useTranslation('photos');
  const { t: te } = useTranslation('errors');
  const reducedMotion = useReducedMotion();
  const stage = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>(FIT);
  const [animate, setAnimate] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [src, setSrc] = useState<string>(() => variantUrl(photo, 'preview'));
  const [status, setStatus] = useState<'loading' | 'loaded' | 'failed'>('loading');
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const [fullRequested, setFullRequested] = useState(false);
  // Another photo in the same stage (focus stays): back to fit, preview first.
  const [shownId, setShownId] = useState(photo.id);
  if (shownId !== photo.id) {
    setShownId(photo.id);
    setView(FIT);
    setAnimate(false);
    setSrc(variantUrl(photo, 'preview'));
    setStatus('loading');
    setFullRequested(false);
  }

  const box = () => {
    const rect = stage.current?.getBoundingClientRect();
    return { width: rect?.width ?? 1, height: rect?.height ?? 1, left: rect?.left ?? 0, top: rect?.top ?? 0 };
  };

  useEffect(() => onZoomChange(view.scale), [view.scale, onZoomChange]);

  // Zoomed in: swap to the full-size variant once it has loaded.
  const wantsFull = view.scale >= FULL_VARIANT_FROM_SCALE && photo.status === 'ready';
  if (wantsFull && !fullRequested) setFullRequested(true);
  useEffect(() => {
    if (!fullRequested) return;
    const full = variantUrl(photo, 'full');
    const img = new Image();
    let current = true;
    img.onload = () => {
      if (current) setSrc(full);
    };
    img.src = full;
    return () => {
      current = false;
    };
  }, [fullRequested, photo]);

  const zoomBy = useCallback((factor: number, animated = true) => {
    const b = box();
    setAnimate(animated && !reducedMotion);
    setView((v) => zoomAt(v, factor, b.width / 2, b.height / 2, b));
  }, [reducedMotion]);
  const reset = useCallback(() => {
    setAnimate(!reducedMotion);
    setView(FIT);
  }, [reducedMotion]);

  useEffect(() => {
    register({ zoomBy, reset });
    return () => register(null);
  }, [register, zoomBy, reset]);

  // Wheel zoom around the cursor (a non-passive listener, to keep the page from scrolling).
  useEffect(() => {
    const el = stage.current;
    if (!el) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const b = box();
      setAnimate(false);
      setView((v) => zoomAt(v, wheelFactor(event.deltaY, event.deltaMode), event.clientX - b.left, event.clientY - b.top, b));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  // Drag to pan, two fingers to pinch.
  const pinch = useRef<{ distance: number; mid: { x: number; y: number } } | null>(null);
  const onPointerDown = (event: React.PointerEvent<HTMLDivElement>) => {
    stage.current?.setPointerCapture(event.pointerId);
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    setAnimate(false);
    setDragging(true);
    pinch.current = null;
  };
  const onPointerMove = (event: React.PointerEvent<HTMLDivElement>) => {
    const previous = pointers.current.get(event.pointerId);
    if (!previous) return;
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    const b = box();
    const points = [...pointers.current.values()];
    if (points.length >= 2) {
      const [a, c] = points as [{ x: number; y: number }, { x: number; y: number }];
      const distance = Math.hypot(a.x - c.x, a.y - c.y);
      const mid = { x: (a.x + c.x) / 2 - b.left, y: (a.y + c.y) / 2 - b.top };
      const last = pinch.current;
      pinch.current = { distance, mid };
      if (last && last.distance > 0) setView((v) => panBy(zoomAt(v, distance / last.distance, mid.x, mid.y, b), mid.x - last.mid.x, mid.y - last.mid.y, b));
    } else {
      setView((v) => (v.scale > 1 ? panBy(v, event.clientX - previous.x, event.clientY - previous.y, b) : v));
    }
  };
  const onPointerUp = (event: React.PointerEvent<HTMLDivElement>) => {
    pointers.current.delete(event.pointerId);
    pinch.current = null;
    if (pointers.current.size === 0) setDragging(false);
  };
  const onDoubleClick = (event: React.MouseEvent<HTMLDivElement>) => {
    const b = box();
    setAnimate(!reducedMotion);
    setView((v) => (v.scale > 1 ? FIT : zoomAt(v, 2.5, event.clientX - b.left, event.clientY - b.top, b)));
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const b = box();
    const pan = (dx: number, dy: number) => {
      setAnimate(!reducedMotion);
      setView((v) => panBy(v, dx, dy, b));
    };
    const zoomed = view.scale > 1.001;
    let handled = true;
    switch (event.key) {
      case '+':
      case '=':
        zoomBy(KEY_ZOOM_STEP);
        break;
      case '-':
      case '_':
        zoomBy(1 / KEY_ZOOM_STEP);
        break;
      case '0':
        reset();
        break;
      case 'ArrowLeft':
        if (zoomed) pan(b.width * KEY_PAN_SHARE, 0);
        else onStep(-1);
        break;
      case 'ArrowRight':
        if (zoomed) pan(-b.width * KEY_PAN_SHARE, 0);
        else onStep(1);
        break;
      case 'ArrowUp':
        if (zoomed) pan(0, b.height * KEY_PAN_SHARE);
        else handled = false;
        break;
      case 'ArrowDown':
        if (zoomed) pan(0, -b.height * KEY_PAN_SHARE);
        else handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  const tag = t(`tags.${photo.tag}`);
  const quality = photo.quality;
  return (
    <div className={classes.pane} onFocusCapture={onActive} onPointerDownCapture={onActive}>
      <div
        ref={stage}
        className={classes.stage}
        tabIndex={0}
        role="group"
        aria-label={`${t('viewer.alt', { tag, index, total })}. ${t('viewer.stage', { tag })}`}
        data-testid="photo-stage"
        data-scale={view.scale.toFixed(2)}
        data-photo-id={photo.id}
        data-dragging={dragging}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDoubleClick={onDoubleClick}
      >
        {photo.status === 'ready' ? (
          <>
            <div className={classes.layer} data-animate={animate} style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}>
              <img
                className={classes.image}
                src={src}
                alt=""
                draggable={false}
                onLoad={() => setStatus('loaded')}
                onError={() => setStatus('failed')}
              />
            </div>
            {status !== 'loaded' && (
              <div className={classes.stageMessage} role={status === 'failed' ? 'alert' : 'status'}>
                {t(status === 'failed' ? 'viewer.loadFailed' : 'viewer.loading')}
              </div>
            )}
          </>
        ) : (
          <div className={classes.stageMessage} role="status">
            {photo.status === 'refused'
              ? t('viewer.refused', { reason: te(photo.refusalCode ?? 'internal', { defaultValue: te('internal') }) })
              : t('viewer.notReady')}
          </div>
        )}
      </div>
      <Group gap="xs" wrap="wrap">
        <Badge variant="outline" color="gray.7" tt="none">
          {tag}
        </Badge>
        {caption && (
          <Text size="sm" c="dimmed">
            {caption}
          </Text>
        )}
        {quality && (
          <Text size="sm" data-testid="photo-quality">
            {t('viewer.quality')}: <strong>{t(`viewer.verdict.${quality.verdict}`)}</strong>
            {quality.reasons.length > 0 && ` (${quality.reasons.map((r) => t(`check.reasons.${r}`)).join('; ')})`}
          </Text>
        )}
      </Group>
      {photo.note && (
        <Text size="sm">
          <Text span fw={600}>
            {t('viewer.note')}:
          </Text>{' '}
          {photo.note}
        </Text>
      )}
    </div>
  );
}

export function PhotoViewer({ photos, compareWith = [], initialPhotoId, followStepEvents = true }: PhotoViewerProps) {
  const { t } = useTranslation('photos');
  const root = useRef<HTMLElement>(null);
  const [index, setIndex] = useState(() => Math.max(0, photos.findIndex((p) => p.id === initialPhotoId)));
  const [comparing, setComparing] = useState(false);
  const [compareId, setCompareId] = useState<string | null>(null);
  const [fullscreen, setFullscreen] = useState(false);
  const [active, setActive] = useState<0 | 1>(0);
  const [scale, setScale] = useState(1);
  const panes = useRef<[PaneHandle | null, PaneHandle | null]>([null, null]);
  const registerMain = useCallback((h: PaneHandle | null) => void (panes.current[0] = h), []);
  const registerSecond = useCallback((h: PaneHandle | null) => void (panes.current[1] = h), []);

  const total = photos.length;
  const current = photos[Math.min(index, total - 1)];
  const pool: ComparePhoto[] = useMemo(() => [...photos.map((p) => ({ ...p, caption: undefined })), ...compareWith], [photos, compareWith]);
  const defaultCompare = useMemo((): ComparePhoto | null => {
    if (!current) return null;
    return compareWith[0] ?? photos.find((p) => p.id !== current.id && p.tag !== current.tag) ?? photos.find((p) => p.id !== current.id) ?? null;
  }, [compareWith, photos, current]);
  const second = pool.find((p) => p.id === compareId) ?? defaultCompare;

  const step = useCallback(
    (delta: number) => {
      if (total === 0) return;
      setIndex((i) => (i + delta + total) % total);
    },
    [total],
  );
  const stepSecond = (delta: number) => {
    if (!second || pool.length === 0) return;
    const at = pool.findIndex((p) => p.id === second.id);
    setCompareId(pool[(at + delta + pool.length) % pool.length]!.id);
  };

  useEffect(() => {
    if (!followStepEvents) return;
    const onStep = (event: Event) => step(Number((event as CustomEvent<number>).detail) || 1);
    window.addEventListener(PHOTO_STEP_EVENT, onStep);
    return () => window.removeEventListener(PHOTO_STEP_EVENT, onStep);
  }, [followStepEvents, step]);

  // On the case page, zoom keys work without focusing the viewer first (keys pressed inside it are handled below).
  const zoomKeys = useRef<(key: string) => boolean>(() => false);
  useEffect(() => {
    zoomKeys.current = (key) => {
      const pane = panes.current[comparing ? active : 0];
      if (key === '+' || key === '=') pane?.zoomBy(KEY_ZOOM_STEP);
      else if (key === '-' || key === '_') pane?.zoomBy(1 / KEY_ZOOM_STEP);
      else if (key === '0') pane?.reset();
      else return false;
      return true;
    };
  });
  useEffect(() => {
    if (!followStepEvents) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      if (root.current?.contains(event.target as Node)) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      if (zoomKeys.current(event.key)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [followStepEvents]);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === root.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void root.current?.requestFullscreen?.().catch(() => undefined);
  };

  // Keys anywhere in the viewer (the stages handle zoom and arrows themselves first).
  const onKeyDown = (event: ReactKeyboardEvent<HTMLElement>) => {
    if (event.isDefaultPrevented() || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
    const target = active === 1 && comparing ? stepSecond : step;
    const pane = panes.current[comparing ? active : 0];
    let handled = true;
    switch (event.key) {
      case 'j':
        target(1);
        break;
      case 'k':
        target(-1);
        break;
      case 'f':
        toggleFullscreen();
        break;
      case '+':
      case '=':
        pane?.zoomBy(KEY_ZOOM_STEP);
        break;
      case '-':
      case '_':
        pane?.zoomBy(1 / KEY_ZOOM_STEP);
        break;
      case '0':
        pane?.reset();
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  if (!current) return <EmptyState title={t('viewer.emptyTitle')} hint={t('viewer.emptyHint')} />;

  return (
    <section ref={root} className={classes.viewer} aria-label={t('viewer.region')} onKeyDown={onKeyDown} data-testid="photo-viewer">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap={4}>
          <Tooltip label={`${t('viewer.previous')} (k)`}>
            <ActionIcon variant="default" size="lg" onClick={() => step(-1)} aria-label={t('viewer.previous')} aria-keyshortcuts="k ArrowLeft" disabled={total < 2}>
              ‹
            </ActionIcon>
          </Tooltip>
          <Text size="sm" aria-live="polite" data-testid="photo-counter" miw={60} ta="center">
            {t('viewer.counter', { index: index + 1, total })}
          </Text>
          <Tooltip label={`${t('viewer.next')} (j)`}>
            <ActionIcon variant="default" size="lg" onClick={() => step(1)} aria-label={t('viewer.next')} aria-keyshortcuts="j ArrowRight" disabled={total < 2}>
              ›
            </ActionIcon>
          </Tooltip>
        </Group>
        <Group gap={4}>
          <Tooltip label={`${t('viewer.zoomOut')} (−)`}>
            <ActionIcon variant="default" size="lg" onClick={() => panes.current[comparing ? active : 0]?.zoomBy(1 / KEY_ZOOM_STEP)} aria-label={t('viewer.zoomOut')} aria-keyshortcuts="-">
              −
            </ActionIcon>
          </Tooltip>
          <Text size="sm" miw={80} ta="center" data-testid="photo-zoom">
            {t('viewer.zoomLevel', { percent: Math.round(scale * 100) })}
          </Text>
          <Tooltip label={`${t('viewer.zoomIn')} (+)`}>
            <ActionIcon variant="default" size="lg" onClick={() => panes.current[comparing ? active : 0]?.zoomBy(KEY_ZOOM_STEP)} aria-label={t('viewer.zoomIn')} aria-keyshortcuts="+">
              +
            </ActionIcon>
          </Tooltip>
          <Tooltip label={`${t('viewer.reset')} (0)`}>
            <ActionIcon variant="default" size="lg" onClick={() => panes.current[comparing ? active : 0]?.reset()} aria-label={t('viewer.reset')} aria-keyshortcuts="0">
              ⤢
            </ActionIcon>
          </Tooltip>
          {(total > 1 || compareWith.length > 0) && (
            <Button variant={comparing ? 'filled' : 'default'} size="sm" onClick={() => setComparing((c) => !c)} aria-pressed={comparing}>
              {comparing ? t('viewer.stopCompare') : t('viewer.compare')}
            </Button>
          )}
          <Button variant="default" size="sm" onClick={toggleFullscreen} aria-keyshortcuts="f">
            {fullscreen ? t('viewer.exitFullscreen') : t('viewer.fullscreen')}
          </Button>
        </Group>
      </Group>

      <div className={classes.panes} data-compare={comparing && Boolean(second)}>
        <ZoomPane
          photo={current}
          index={index + 1}
          total={total}
          caption={comparing ? t('viewer.thisCase') : undefined}
          onStep={step}
          onActive={() => setActive(0)}
          register={registerMain}
          onZoomChange={active === 0 || !comparing ? setScale : noop}
        />
        {comparing && second && (
          <Stack gap={4}>
            <Select
              label={t('viewer.compareWith')}
              size="xs"
              value={second.id}
              allowDeselect={false}
              onChange={(id) => id && setCompareId(id)}
              data={pool.map((p) => ({
                value: p.id,
                label: p.caption
                  ? `${p.caption} · ${t(`tags.${p.tag}`)}`
                  : `${t('viewer.thisCase')} · ${t(`tags.${p.tag}`)} (${photos.findIndex((q) => q.id === p.id) + 1})`,
              }))}
            />
            <ZoomPane
              photo={second}
              index={pool.findIndex((p) => p.id === second.id) + 1}
              total={pool.length}
              caption={second.caption}
              onStep={stepSecond}
              onActive={() => setActive(1)}
              register={registerSecond}
              onZoomChange={active === 1 ? setScale : noop}
            />
          </Stack>
        )}
      </div>

      {total > 1 && (
        <nav aria-label={t('viewer.thumbnails')} className={classes.strip}>
          {photos.map((photo, i) => (
            <button
              key={photo.id}
              type="button"
              className={classes.thumb}
              aria-current={i === index ? 'true' : undefined}
              aria-label={t('viewer.thumb', { index: i + 1, total, tag: t(`tags.${photo.tag}`) })}
              onClick={() => setIndex(i)}
            >
              {photo.status === 'ready' ? <img src={variantUrl(photo, 'thumb')} alt="" loading="lazy" /> : <span aria-hidden="true">…</span>}
            </button>
          ))}
        </nav>
      )}
      <Text size="xs" c="dimmed" visibleFrom="sm">
        {t('viewer.keys')}
      </Text>
    </section>
  );
}

const noop = () => undefined;
