// The video visit. Dermatologist: /appointments/:appointmentId/video (desktop);
// patient: /my-care/appointments/:appointmentId/video (phone, large controls).
// Steps: the room's window (opens 10 minutes before) -> camera and microphone
// check (preview, level, device pickers) -> the room (the patient waits to be
// let in; the dermatologist sees "patient waiting" and admits) -> the call.
// After hanging up the dermatologist goes to the visit notes.
import { Alert, Anchor, Button, Group, Paper, Progress, Select, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { VideoRoom } from '../../../contracts/video/index.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { uploadAppointmentPhoto, useAppointmentPhotoUploads } from '../photos/appointment-photos.ts';
import { useVideoRoom } from './api.ts';
import { ChatPanel, QualityIndicator, StreamVideo, VisitTimeline } from './parts.tsx';
import { useLocalMedia, useMicLevel } from './useLocalMedia.ts';
import { useVideoCall } from './useVideoCall.ts';

type Variant = 'desktop' | 'phone';

export function DermatologistVideoPage() {
  return <VideoVisitPage variant="desktop" />;
}
export function PatientVideoPage() {
  return <VideoVisitPage variant="phone" />;
}

function VideoVisitPage({ variant }: { variant: Variant }) {
  const { appointmentId = '' } = useParams();
  const { t } = useTranslation('video');
  const room = useVideoRoom(appointmentId);
  const media = useLocalMedia();
  const [joined, setJoined] = useState(false);
  const phone = variant === 'phone';

  // Refresh the room when it opens (the server's time, not the device's).
  const refetch = room.refetch;
  useEffect(() => {
    if (room.data?.state !== 'not_open') return;
    const wait = Date.parse(room.data.opensAt) - Date.parse(room.data.serverTime);
    const id = window.setTimeout(() => void refetch(), Math.min(Math.max(wait, 1000), 2 ** 31 - 1));
    return () => window.clearTimeout(id);
  }, [room.data, refetch]);

  if (room.isPending) return <PageSkeleton />;
  if (!room.data) {
    return (
      <Stack maw={560}>
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <ErrorNotice error={room.error} />
      </Stack>
    );
  }
  const r = room.data;
  if (r.state !== 'open') return <RoomClosed room={r} phone={phone} />;
  if (!joined || !media.stream) return <DeviceCheck room={r} phone={phone} media={media} onJoin={() => setJoined(true)} />;
  return <CallRoom room={r} phone={phone} media={media} />;
}

function when(iso: string) {
  return new Date(iso).toLocaleString(currentLanguage(), { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
}

function RoomClosed({ room, phone }: { room: VideoRoom; phone: boolean }) {
  const { t } = useTranslation('video');
  return (
    <Stack maw={560} gap="md" fz={phone ? 'lg' : undefined}>
      <Title order={1} size="h2">
        {t('title')}
      </Title>
      <Alert color={room.state === 'not_open' ? 'blue' : 'gray'} role="status" title={t(`closed.${room.state}.title`)}>
        <Text fz={phone ? 'lg' : undefined}>{t(`closed.${room.state}.text`, { opensAt: when(room.opensAt), startsAt: when(room.startsAt) })}</Text>
      </Alert>
      <Button component={Link} to={phone ? '/my-care' : `/appointments/${room.appointmentId}/visit`} variant="outline" size={phone ? 'lg' : 'md'} fullWidth={phone}>
        {t(phone ? 'backToMyCare' : 'toVisitNotes')}
      </Button>
    </Stack>
  );
}

function DeviceCheck({ room, phone, media, onJoin }: { room: VideoRoom; phone: boolean; media: ReturnType<typeof useLocalMedia>; onJoin: () => void }) {
  const { t } = useTranslation('video');
  const level = useMicLevel(media.stream);
  const size = phone ? 'lg' : 'md';
  const startMedia = media.start;
  useEffect(() => {
    void startMedia();
  }, [startMedia]);
  return (
    <Stack maw={phone ? 560 : 720} gap="md">
      <Title order={1} size="h2">
        {t('check.title')}
      </Title>
      <Text fz={phone ? 'lg' : undefined}>{t(room.myRole === 'patient' ? 'check.introPatient' : 'check.introDerm', { name: room.counterpartName, startsAt: when(room.startsAt) })}</Text>
      {media.problem && (
        <Alert color="red" role="alert" title={t('check.problemTitle')}>
          <Stack gap="xs">
            <Text>{t(`check.problem.${media.problem}`)}</Text>
            <Button variant="outline" onClick={() => void media.start()} size={size}>
              {t('check.retry')}
            </Button>
          </Stack>
        </Alert>
      )}
      <div style={{ aspectRatio: '16 / 9', maxHeight: 360 }}>
        {media.stream ? <StreamVideo stream={media.stream} muted mirrored label={t('check.preview')} /> : <Skeleton h="100%" />}
      </div>
      <Stack gap={4}>
        <Text id="mic-level-label" size="sm" fw={600}>
          {t('check.micLevel')}
        </Text>
        <Progress.Root size="lg">
          <Progress.Section value={level} color="cyan.9" aria-labelledby="mic-level-label" />
        </Progress.Root>
        <Text size="sm" c="dimmed">
          {t('check.micHint')}
        </Text>
      </Stack>
      <SimpleGrid cols={phone ? 1 : 2}>
        <Select
          label={t('check.camera')}
          data={media.cameras.map((c, i) => ({ value: c.deviceId, label: c.label || t('check.cameraN', { n: i + 1 }) }))}
          value={media.cameraId}
          onChange={(v) => v && void media.chooseCamera(v)}
          allowDeselect={false}
          size={size}
          disabled={!media.stream}
        />
        <Select
          label={t('check.microphone')}
          data={media.microphones.map((m, i) => ({ value: m.deviceId, label: m.label || t('check.microphoneN', { n: i + 1 }) }))}
          value={media.micId}
          onChange={(v) => v && void media.chooseMicrophone(v)}
          allowDeselect={false}
          size={size}
          disabled={!media.stream}
        />
      </SimpleGrid>
      <Button size={phone ? 'xl' : 'md'} fullWidth={phone} onClick={onJoin} disabled={!media.stream}>
        {t(room.myRole === 'patient' ? 'check.joinPatient' : 'check.joinDerm')}
      </Button>
    </Stack>
  );
}

function CallRoom({ room, phone, media }: { room: VideoRoom; phone: boolean; media: ReturnType<typeof useLocalMedia> }) {
  const { t } = useTranslation('video');
  const navigate = useNavigate();
  const call = useVideoCall(room.appointmentId, room.myRole, media.stream);
  const remoteVideo = useRef<HTMLVideoElement | null>(null);
  const [still, setStill] = useState<'idle' | 'taking' | 'queued' | 'failed'>('idle');
  const uploads = useAppointmentPhotoUploads(room.appointmentId);
  const derm = room.myRole === 'dermatologist';
  const size = phone ? 'lg' : 'md';
  // Phone: at least 56 px high, and labels that wrap (French ones are long) rather than being cut.
  const big = phone ? { h: 'auto', mih: 56, py: 6, styles: { label: { whiteSpace: 'normal' as const, textAlign: 'center' as const } } } : {};
  const inCall = !!call.remoteStream && (call.iceState === 'connected' || call.iceState === 'completed');

  useEffect(() => {
    if (call.end === 'ended' && derm) navigate(`/appointments/${room.appointmentId}/visit`);
  }, [call.end, derm, navigate, room.appointmentId]);

  if (call.end && !(call.end === 'ended' && derm)) {
    return (
      <Stack maw={560} gap="md">
        <Title order={1} size="h2">
          {t(`end.${call.end}.title`)}
        </Title>
        <Text fz={phone ? 'lg' : undefined}>{t(`end.${call.end}.text`)}</Text>
        <Button component={Link} to={derm ? `/appointments/${room.appointmentId}/visit` : '/my-care'} size={phone ? 'lg' : 'md'} fullWidth={phone}>
          {t(derm ? 'toVisitNotes' : 'backToMyCare')}
        </Button>
      </Stack>
    );
  }

  const toggleAudio = () => {
    media.setAudio(!media.audioOn);
    call.sendMedia(!media.audioOn, media.videoOn);
  };
  const toggleVideo = () => {
    media.setVideo(!media.videoOn);
    call.sendMedia(media.audioOn, !media.videoOn);
  };
  const switchCamera = async () => {
    const track = await media.switchCamera();
    if (track) await call.replaceVideoTrack(track);
  };
  const takeStill = async () => {
    const video = remoteVideo.current;
    if (!video || !video.videoWidth) return;
    setStill('taking');
    try {
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext('2d')!.drawImage(video, 0, 0);
      const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no image'))), 'image/jpeg', 0.92));
      await uploadAppointmentPhoto(room.appointmentId, blob, 'close_up', t('still.note'));
      setStill('queued');
    } catch {
      setStill('failed');
    }
  };

  const waitingText = derm
    ? call.peer?.role === 'patient' && !call.peer.admitted
      ? t('room.patientWaiting', { name: room.counterpartName })
      : call.peer && !inCall
        ? t('room.connecting')
        : !call.peer
          ? t(call.peerLeft ? 'room.patientLeft' : 'room.patientNotHere', { name: room.counterpartName })
          : null
    : !call.admitted
      ? t('room.waitingToBeAdmitted', { name: room.counterpartName })
      : !inCall
        ? t(call.peerLeft ? 'room.dermLeft' : 'room.connecting', { name: room.counterpartName })
        : null;
  const stillsSent = uploads.items.filter((i) => i.state === 'ready').length;
  const stillsWaiting = uploads.items.filter((i) => i.state !== 'ready' && i.state !== 'refused' && i.state !== 'failed').length;

  const videos = (
    <div style={{ position: 'relative', aspectRatio: phone ? '3 / 4' : '16 / 9', maxHeight: phone ? '60vh' : '70vh', background: '#111', borderRadius: 8 }}>
      <StreamVideo stream={call.remoteStream} muted={false} label={t('room.remoteVideo', { name: room.counterpartName })} videoRef={remoteVideo} />
      <div style={{ position: 'absolute', right: 8, bottom: 8, width: phone ? '32%' : '22%', aspectRatio: '4 / 3' }}>
        <StreamVideo stream={media.stream} muted mirrored label={t('room.localVideo')} style={{ border: '2px solid white' }} />
      </div>
      {waitingText && (
        <Paper pos="absolute" top={8} left={8} right={8} p="sm" radius="sm" role="status" aria-live="polite">
          <Text fw={600} fz={phone ? 'lg' : undefined}>
            {waitingText}
          </Text>
        </Paper>
      )}
    </div>
  );

  const mute = (
    <Button size={size} variant={media.audioOn ? 'default' : 'filled'} aria-pressed={!media.audioOn} onClick={toggleAudio} {...big}>
      {t(media.audioOn ? 'controls.mute' : 'controls.unmute')}
    </Button>
  );
  const camera = (
    <Button size={size} variant={media.videoOn ? 'default' : 'filled'} aria-pressed={!media.videoOn} onClick={toggleVideo} {...big}>
      {t(media.videoOn ? 'controls.cameraOff' : 'controls.cameraOn')}
    </Button>
  );
  const switcher = (
    <Button size={size} variant="default" onClick={() => void switchCamera()} {...big}>
      {t('controls.switchCamera')}
    </Button>
  );
  const hangUp = (
    <Button size={size} color="red.9" onClick={call.hangUp} fullWidth={phone} {...big}>
      {t('controls.hangUp')}
    </Button>
  );
  // Phone: big targets two by two, hanging up alone at the bottom.
  const controls = phone ? (
    <Stack gap="sm" role="group" aria-label={t('controls.label')}>
      <SimpleGrid cols={2} spacing="sm">
        {mute}
        {camera}
      </SimpleGrid>
      {switcher}
      {hangUp}
    </Stack>
  ) : (
    <Group gap="sm" wrap="wrap" role="group" aria-label={t('controls.label')}>
      {mute}
      {camera}
      {switcher}
      <Button size={size} variant="default" onClick={() => void takeStill()} disabled={!inCall || still === 'taking'} loading={still === 'taking'}>
        {t('controls.takeStill')}
      </Button>
      {hangUp}
    </Group>
  );

  const status = (
    <Stack gap="xs">
      {call.status === 'reconnecting' && (
        <Alert color="yellow" role="status" title={t('room.reconnectingTitle')}>
          {t('room.reconnecting')}
        </Alert>
      )}
      {derm && call.peer?.role === 'patient' && !call.peer.admitted && (
        <Button size="md" onClick={call.admit}>
          {t('room.admit', { name: room.counterpartName })}
        </Button>
      )}
      <QualityIndicator label={t('quality.mine')} quality={call.quality} />
      {call.remoteQuality && inCall && <QualityIndicator label={t('quality.theirs', { name: room.counterpartName })} quality={call.remoteQuality} />}
      {inCall && (!call.remoteMedia.audio || !call.remoteMedia.video) && (
        <Text size="sm" role="status">
          {!call.remoteMedia.audio && t('room.remoteMuted', { name: room.counterpartName })} {!call.remoteMedia.video && t('room.remoteCameraOff', { name: room.counterpartName })}
        </Text>
      )}
      {derm && still !== 'idle' && still !== 'taking' && (
        <Text size="sm" role="status">
          {still === 'failed' ? t('still.failed') : t('still.queued', { sent: stillsSent, waiting: stillsWaiting })}
        </Text>
      )}
    </Stack>
  );

  const chat = <ChatPanel lines={call.chat} onSend={call.sendChat} disabled={!call.admitted || call.status !== 'open'} counterpartName={room.counterpartName} large={phone} />;

  if (phone) {
    return (
      <Stack gap="md" maw={560}>
        <Title order={1} size="h3">
          {t('room.titlePatient', { name: room.counterpartName })}
        </Title>
        {videos}
        {status}
        {controls}
        {chat}
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('room.titleDerm', { name: room.counterpartName })}
        </Title>
        <Anchor component={Link} to={`/appointments/${room.appointmentId}/visit`}>
          {t('toVisitNotes')}
        </Anchor>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Stack gap="sm" style={{ gridColumn: 'span 2' }}>
          {videos}
          {controls}
        </Stack>
        <Stack gap="lg">
          {status}
          {chat}
          <VisitTimeline appointmentId={room.appointmentId} live />
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
