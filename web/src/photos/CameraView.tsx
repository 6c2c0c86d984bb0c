// The in-app camera: rear camera, a frame and a hint for the photo type, a
// torch toggle where the phone allows it. The picture is taken into memory
// (ImageCapture or a canvas), so it never lands in the phone's gallery.
import { ActionIcon, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhotoTag } from '../../../contracts/photos/photos.ts';
import classes from './photos.module.css';

interface ImageCaptureLike {
  takePhoto(): Promise<Blob>;
}
type ImageCaptureCtor = new (track: MediaStreamTrack) => ImageCaptureLike;

/** Grabs the current video frame as a JPEG (the fallback when ImageCapture is missing). */
function grabFrame(video: HTMLVideoElement): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('2D canvas unavailable'));
  ctx.drawImage(video, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('Capture failed'))), 'image/jpeg', 0.95));
}

const hasCamera = () => typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';

interface CameraProps {
  opened: boolean;
  tag: PhotoTag;
  /** The hint shown over the picture (default: the GP's hint for the type). */
  hint?: string;
  onClose: () => void;
  onCapture: (blob: Blob) => void;
}

export function CameraView(props: CameraProps) {
  const { t } = useTranslation('photos');
  // The modal mounts its content only while open: the camera starts and stops with it.
  return (
    <Modal opened={props.opened} onClose={props.onClose} fullScreen title={t('camera.title')} padding={0} classNames={{ body: classes.cameraBody }} closeButtonProps={{ 'aria-label': t('camera.close') }}>
      <LiveCamera {...props} />
    </Modal>
  );
}

function LiveCamera({ tag, hint, onClose, onCapture }: CameraProps) {
  const { t } = useTranslation('photos');
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const [phase, setPhase] = useState<'starting' | 'live' | 'denied' | 'unavailable'>(() =>
    hasCamera() ? 'starting' : 'unavailable',
  );
  const [torchSupported, setTorchSupported] = useState(false);
  const [torch, setTorch] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!hasCamera()) return;
    let cancelled = false;
    navigator.mediaDevices
      .getUserMedia({ audio: false, video: { facingMode: { ideal: 'environment' }, width: { ideal: 4096 }, height: { ideal: 3072 } } })
      .then((s) => {
        if (cancelled) {
          s.getTracks().forEach((track) => track.stop());
          return;
        }
        stream.current = s;
        const track = s.getVideoTracks()[0];
        const caps = (track?.getCapabilities?.() ?? {}) as MediaTrackCapabilities & { torch?: boolean };
        setTorchSupported(Boolean(caps.torch));
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play().catch(() => undefined);
        }
        setPhase('live');
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        const name = error instanceof DOMException ? error.name : '';
        setPhase(name === 'NotFoundError' || name === 'OverconstrainedError' ? 'unavailable' : 'denied');
      });
    return () => {
      cancelled = true;
      stream.current?.getTracks().forEach((track) => track.stop());
      stream.current = null;
    };
  }, []);

  const toggleTorch = async () => {
    const track = stream.current?.getVideoTracks()[0];
    if (!track) return;
    try {
      await track.applyConstraints({ advanced: [{ torch: !torch } as MediaTrackConstraintSet] });
      setTorch(!torch);
    } catch {
      setTorchSupported(false);
    }
  };

  // Tap to focus where the phone supports points of interest (Chrome on Android); silently ignored elsewhere.
  const focusAt = (event: React.PointerEvent<HTMLVideoElement>) => {
    const track = stream.current?.getVideoTracks()[0];
    const rect = event.currentTarget.getBoundingClientRect();
    if (!track || rect.width === 0) return;
    const point = { x: (event.clientX - rect.left) / rect.width, y: (event.clientY - rect.top) / rect.height };
    void track.applyConstraints({ advanced: [{ pointsOfInterest: [point], focusMode: 'single-shot' } as MediaTrackConstraintSet] }).catch(() => undefined);
  };

  const shoot = async () => {
    const track = stream.current?.getVideoTracks()[0];
    if (!track || !video.current) return;
    setBusy(true);
    try {
      let blob: Blob | null = null;
      const Capture = (window as unknown as { ImageCapture?: ImageCaptureCtor }).ImageCapture;
      if (Capture) {
        try {
          blob = await new Capture(track).takePhoto();
        } catch {
          blob = null;
        }
      }
      blob ??= await grabFrame(video.current);
      onCapture(blob);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={classes.camera}>
      <video ref={video} className={classes.video} playsInline muted autoPlay aria-label={t('camera.title')} onPointerUp={focusAt} />
      <div className={classes.frame} data-tag={tag} aria-hidden="true" />
      <Text className={classes.cameraHint} role="note">
        {hint ?? t(`hints.${tag}`)}
      </Text>
      {phase !== 'live' && (
        <Stack className={classes.cameraMessage} role={phase === 'starting' ? 'status' : 'alert'} align="center">
          <Text>{t(phase === 'starting' ? 'camera.starting' : phase === 'denied' ? 'camera.denied' : 'camera.unavailable')}</Text>
        </Stack>
      )}
      <Group className={classes.cameraBar} justify="space-between" wrap="nowrap">
        <Button variant="default" onClick={onClose} mih={48}>
          {t('camera.close')}
        </Button>
        <ActionIcon
          size={72}
          radius="xl"
          variant="filled"
          onClick={() => void shoot()}
          disabled={phase !== 'live' || busy}
          aria-label={t('camera.shoot')}
          className={classes.shutter}
        >
          <span aria-hidden="true" className={classes.shutterDot} />
        </ActionIcon>
        {torchSupported ? (
          <Button variant={torch ? 'filled' : 'default'} onClick={() => void toggleTorch()} aria-pressed={torch} mih={48}>
            {t(torch ? 'camera.torchOff' : 'camera.torchOn')}
          </Button>
        ) : (
          <span style={{ width: 48 }} />
        )}
      </Group>
    </div>
  );
}
