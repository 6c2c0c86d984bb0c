// The GP's photo capture: choose the type (overview, close-up, dermoscopy,
// other), take the photo with the in-app camera or pick a file, get the
// quality verdict within a second (in a worker) with what to fix, then Retake
// or Use. Used photos go to the upload queue (PhotoQueue shows them).
import { Alert, Button, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QualityReport } from '../../../contracts/images/quality.ts';
import { PHOTO_TAGS, type PhotoTag } from '../../../contracts/photos/photos.ts';
import { NOTE_MAX_LENGTH } from '../../../contracts/photos/uploads.ts';
import { CameraView } from './CameraView.tsx';
import { isHeic } from './downsize.ts';
import type { PreparedPhoto } from './prepare.ts';
import { getUploadQueue } from './upload-queue.ts';
import { useObjectUrl } from './useObjectUrl.ts';
import { preparePhoto, warmUpPhotoWorker } from './worker-client.ts';
import classes from './photos.module.css';

export interface PhotoCaptureProps {
  /** The owner of the photos: a case (the GP's request) or, instead, a teleconsultation appointment. */
  caseId?: string;
  appointmentId?: string;
  /** The types offered (default: all of them). */
  tags?: readonly PhotoTag[];
  /** Other words for the types and their hints (e.g. plain words for a patient); default: the GP's. */
  wording?: { tag: (tag: PhotoTag) => string; hint: (tag: PhotoTag) => string; noteHint?: string; fileHint?: string };
  /** The type selected first (default: overview). */
  defaultTag?: PhotoTag;
  /** Tags already present on the case: the chooser moves on to the first missing one after each photo. */
  presentTags?: PhotoTag[];
  /** Called when a photo has been put in the upload queue (local id). */
  onQueued?: (localId: string, tag: PhotoTag) => void;
}

type Check =
  | { phase: 'idle' }
  | { phase: 'checking'; file: Blob; source: 'camera' | 'file'; analysis: QualityReport | null; prepared: PreparedPhoto | null }
  | { phase: 'done'; file: Blob; source: 'camera' | 'file'; analysis: QualityReport | null; prepared: PreparedPhoto }
  | { phase: 'unreadable' };

const ORDER: PhotoTag[] = ['overview', 'close_up', 'dermoscopy'];

export function PhotoCapture({ caseId, appointmentId, tags = PHOTO_TAGS, wording, defaultTag = 'overview', presentTags = [], onQueued }: PhotoCaptureProps) {
  const { t } = useTranslation('photos');
  const tagLabel = (value: PhotoTag) => (wording ? wording.tag(value) : t(`tags.${value}`));
  const tagHint = (value: PhotoTag) => (wording ? wording.hint(value) : t(`hints.${value}`));
  const labelId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [tag, setTag] = useState<PhotoTag>(defaultTag);
  const [note, setNote] = useState('');
  const [camera, setCamera] = useState(false);
  const [check, setCheck] = useState<Check>({ phase: 'idle' });
  const [queuedMessage, setQueuedMessage] = useState<string | null>(null);
  const run = useRef(0);
  const taken = useRef(new Set<PhotoTag>(presentTags));
  // Fetch the worker (and the queue's state) now, while there is network.
  useEffect(() => {
    warmUpPhotoWorker();
    void getUploadQueue().start();
  }, []);

  const previewBlob = check.phase === 'checking' || check.phase === 'done' ? (check.prepared?.analysis || !isHeic(check.file.type) ? (check.prepared?.blob ?? check.file) : null) : null;
  const previewUrl = useObjectUrl(previewBlob);

  const analyseFile = (file: Blob, source: 'camera' | 'file') => {
    const id = ++run.current;
    setQueuedMessage(null);
    setCheck({ phase: 'checking', file, source, analysis: null, prepared: null });
    preparePhoto(file, {
      onAnalysis: (analysis) => {
        if (run.current === id) setCheck((c) => (c.phase === 'checking' ? { ...c, analysis } : c));
      },
    }).then(
      (prepared) => {
        if (run.current !== id) return;
        const decodable = prepared.analysis !== null;
        const plausible = decodable || isHeic(file.type, (file as File).name ?? '') || file.type.startsWith('image/');
        setCheck(plausible ? { phase: 'done', file, source, analysis: prepared.analysis, prepared } : { phase: 'unreadable' });
      },
      () => {
        if (run.current === id) setCheck({ phase: 'unreadable' });
      },
    );
  };

  const retake = () => {
    const source = check.phase === 'checking' || check.phase === 'done' ? check.source : 'file';
    run.current++;
    setCheck({ phase: 'idle' });
    if (source === 'camera') setCamera(true);
    else fileInput.current?.click();
  };

  const use = async () => {
    if (check.phase !== 'done') return;
    const { prepared } = check;
    const localId = await getUploadQueue().enqueue({
      ...(appointmentId ? { appointmentId } : { caseId: caseId ?? '' }),
      tag,
      note,
      blob: prepared.blob,
      width: prepared.width,
      height: prepared.height,
      analysis: prepared.analysis,
    });
    onQueued?.(localId, tag);
    taken.current.add(tag);
    const next = ORDER.find((candidate) => tags.includes(candidate) && !taken.current.has(candidate));
    setCheck({ phase: 'idle' });
    setNote('');
    setQueuedMessage(next ? `${t('capture.queued')} ${t('capture.next', { tag: tagLabel(next) })}` : t('capture.queued'));
    if (next) setTag(next);
  };

  const analysis = check.phase === 'checking' || check.phase === 'done' ? check.analysis : null;
  const ready = check.phase === 'done';
  const verdict = analysis?.verdict ?? null;

  return (
    <Stack gap="sm" data-testid="photo-capture">
      <Stack gap={4}>
        <Text fw={600} id={labelId}>
          {t('capture.tag')}
        </Text>
        <SegmentedControl
          aria-labelledby={labelId}
          value={tag}
          onChange={(v) => setTag(v as PhotoTag)}
          data={tags.map((value) => ({ value, label: tagLabel(value) }))}
          fullWidth
          size="md"
          orientation="horizontal"
        />
        <Text size="sm" c="dimmed">
          {tagHint(tag)}
        </Text>
      </Stack>

      {queuedMessage && (
        <Text size="sm" role="status">
          {queuedMessage}
        </Text>
      )}

      {check.phase === 'idle' || check.phase === 'unreadable' ? (
        <Stack gap="xs">
          {check.phase === 'unreadable' && (
            <Alert color="red" role="alert">
              {t('check.unreadable')}
            </Alert>
          )}
          <Button size="lg" mih={48} onClick={() => setCamera(true)}>
            {t('capture.takePhoto')}
          </Button>
          <Button size="lg" mih={48} variant="default" onClick={() => fileInput.current?.click()} aria-describedby={`${labelId}-file`}>
            {t('capture.chooseFile')}
          </Button>
          <Text size="xs" c="dimmed" id={`${labelId}-file`}>
            {wording?.fileHint ?? t('capture.chooseFileHint')}
          </Text>
        </Stack>
      ) : (
        <Stack gap="xs">
          {previewUrl && <img src={previewUrl} alt={t('check.previewAlt')} className={classes.checkPreview} />}
          <QualityVerdictNotice analysis={analysis} checking={check.phase === 'checking'} notChecked={ready && analysis === null} />
          {ready && check.prepared.width && check.prepared.height && (
            <Text size="xs" c="dimmed">
              {t('check.size', { width: check.prepared.width, height: check.prepared.height })}
            </Text>
          )}
          <Textarea
            label={t('capture.note')}
            placeholder={wording?.noteHint ?? t('capture.noteHint')}
            value={note}
            maxLength={NOTE_MAX_LENGTH}
            autosize
            minRows={1}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Group grow>
            <Button size="lg" mih={48} variant={verdict === 'good' || verdict === null ? 'default' : 'filled'} onClick={retake}>
              {t('check.retakeButton')}
            </Button>
            <Button
              size="lg"
              mih={48}
              variant={verdict === 'good' || (ready && verdict === null) ? 'filled' : 'default'}
              onClick={() => void use()}
              disabled={!ready}
              loading={check.phase === 'checking' && analysis !== null}
            >
              {verdict && verdict !== 'good' ? t('check.useAnyway') : t('check.use')}
            </Button>
          </Group>
        </Stack>
      )}

      <input
        ref={fileInput}
        type="file"
        accept="image/*,.heic,.heif"
        hidden
        data-testid="photo-file-input"
        aria-label={t('capture.chooseFile')}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) analyseFile(file, 'file');
        }}
      />
      <CameraView
        opened={camera}
        tag={tag}
        hint={tagHint(tag)}
        onClose={() => setCamera(false)}
        onCapture={(blob) => {
          setCamera(false);
          analyseFile(blob, 'camera');
        }}
      />
    </Stack>
  );
}

/** The verdict in plain words: what to fix, not numbers. */
export function QualityVerdictNotice({ analysis, checking, notChecked }: { analysis: QualityReport | null; checking: boolean; notChecked: boolean }) {
  const { t } = useTranslation('photos');
  if (notChecked)
    return (
      <Alert color="blue" role="status">
        {t('check.notChecked')}
      </Alert>
    );
  if (!analysis)
    return checking ? (
      <Text role="status" aria-live="polite">
        {t('check.checking')}
      </Text>
    ) : null;
  if (analysis.verdict === 'good')
    return (
      <Alert color="green" role="status" data-verdict="good">
        <Text fw={700}>{t('check.good')}</Text>
        <Text size="sm">{t('check.goodHint')}</Text>
      </Alert>
    );
  return (
    <Alert color={analysis.verdict === 'unusable' ? 'red' : 'orange'} role="alert" data-verdict={analysis.verdict}>
      <Stack gap={2}>
        <Text fw={700}>{t(analysis.verdict === 'unusable' ? 'check.unusable' : 'check.retake')}</Text>
        {analysis.reasons.map((reason) => (
          <Text key={reason} size="sm">
            {t(`check.reasons.${reason}`)}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
