// Small pieces of the video visit: a <video> bound to a stream, the quality
// indicator (text, not colour alone), the chat and the visit's timeline.
import { Box, Button, Group, Paper, ScrollArea, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { CHAT_MAX_LENGTH, type QualityLevel } from '../../../contracts/video/index.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { useVisitTimeline } from './api.ts';
import type { ChatLine } from './useVideoCall.ts';

export function StreamVideo({ stream, muted, label, mirrored, style, videoRef }: { stream: MediaStream | null; muted: boolean; label: string; mirrored?: boolean; style?: CSSProperties; videoRef?: React.RefObject<HTMLVideoElement | null> }) {
  const own = useRef<HTMLVideoElement | null>(null);
  const ref = videoRef ?? own;
  useEffect(() => {
    const el = ref.current;
    if (el && el.srcObject !== stream) el.srcObject = stream;
  }, [stream, ref]);
  return (
    <video
      ref={ref}
      autoPlay
      playsInline
      muted={muted}
      aria-label={label}
      style={{ width: '100%', height: '100%', objectFit: 'cover', background: '#111', borderRadius: 8, transform: mirrored ? 'scaleX(-1)' : undefined, ...style }}
    />
  );
}

// The dot carries the colour; the words (and the bars) carry the meaning.
const LEVEL_COLOR: Record<QualityLevel, string> = { good: 'green.8', fair: 'yellow.7', poor: 'red.8' };
const LEVEL_MARK: Record<QualityLevel, string> = { good: '●●●', fair: '●●○', poor: '●○○' };

export function QualityIndicator({ label, quality }: { label: string; quality: { level: QualityLevel; rttMs: number | null; lossPercent: number | null; bitrateKbps: number | null; relayed?: boolean } | null }) {
  const { t } = useTranslation('video');
  const lang = currentLanguage();
  if (!quality) {
    return (
      <Text size="sm" c="dimmed">
        {label}: {t('quality.measuring')}
      </Text>
    );
  }
  const num = (n: number, digits = 0) => n.toLocaleString(lang, { maximumFractionDigits: digits });
  const details = [
    quality.rttMs !== null ? t('quality.rtt', { value: num(quality.rttMs) }) : null,
    quality.lossPercent !== null ? t('quality.loss', { value: num(quality.lossPercent, 1) }) : null,
    quality.bitrateKbps !== null ? (quality.bitrateKbps >= 1000 ? t('quality.mbps', { value: num(quality.bitrateKbps / 1000, 1) }) : t('quality.kbps', { value: num(quality.bitrateKbps) })) : null,
    quality.relayed ? t('quality.relayed') : null,
  ].filter(Boolean);
  return (
    <Stack gap={2} data-quality={quality.level}>
      <Group gap={8} wrap="nowrap" align="center">
        <Box component="span" aria-hidden="true" w={10} h={10} bg={LEVEL_COLOR[quality.level]} style={{ borderRadius: '50%', flex: 'none' }} />
        <Text size="sm" fw={700}>
          {label}: {t(`quality.${quality.level}`)}{' '}
          <span aria-hidden="true">{LEVEL_MARK[quality.level]}</span>
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {details.join(' · ')}
      </Text>
    </Stack>
  );
}

export function ChatPanel({ lines, onSend, disabled, counterpartName, large }: { lines: ChatLine[]; onSend: (text: string) => boolean; disabled: boolean; counterpartName: string; large?: boolean }) {
  const { t } = useTranslation('video');
  const [text, setText] = useState('');
  const [failed, setFailed] = useState(false);
  const viewport = useRef<HTMLDivElement | null>(null);
  const lang = currentLanguage();
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [lines.length]);
  const submit = () => {
    if (!text.trim()) return;
    const sent = onSend(text);
    setFailed(!sent);
    if (sent) setText('');
  };
  return (
    <Stack gap="xs" component="section" aria-labelledby="video-chat-title">
      <Title order={2} size="h4" id="video-chat-title">
        {t('chat.title')}
      </Title>
      <ScrollArea h={large ? 180 : 240} viewportRef={viewport} type="auto">
        <Stack gap={6} role="log" aria-live="polite" aria-label={t('chat.log')}>
          {lines.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('chat.empty')}
            </Text>
          )}
          {lines.map((l) => (
            <Paper key={l.id} p="xs" radius="sm" withBorder bg={l.mine ? 'var(--mantine-color-gray-0)' : undefined}>
              <Text size="xs" c="dimmed">
                {l.mine ? t('chat.me') : l.name || counterpartName} · {new Date(l.at).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' })}
              </Text>
              <Text size={large ? 'lg' : 'sm'} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {l.text}
              </Text>
            </Paper>
          ))}
        </Stack>
      </ScrollArea>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            style={{ flex: 1 }}
            label={t('chat.label')}
            value={text}
            maxLength={CHAT_MAX_LENGTH}
            onChange={(e) => setText(e.currentTarget.value)}
            disabled={disabled}
            size={large ? 'lg' : 'sm'}
            error={failed ? t('chat.notSent') : undefined}
          />
          <Button type="submit" disabled={disabled || !text.trim()} size={large ? 'lg' : 'sm'}>
            {t('chat.send')}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}

/** The visit's timeline (who joined, was let in, left): also for the visit notes page. */
export function VisitTimeline({ appointmentId, live = false }: { appointmentId: string; live?: boolean }) {
  const { t } = useTranslation('video');
  const lang = currentLanguage();
  const timeline = useVisitTimeline(appointmentId, live ? 30_000 : false);
  return (
    <Stack gap="xs" component="section" aria-labelledby="visit-timeline-title">
      <Title order={2} size="h4" id="visit-timeline-title">
        {t('timeline.title')}
      </Title>
      {timeline.isPending && <Skeleton height={60} />}
      <ErrorNotice error={timeline.error} />
      {timeline.data && timeline.data.events.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('timeline.empty')}
        </Text>
      )}
      {timeline.data && timeline.data.events.length > 0 && (
        <Stack component="ol" gap={2} m={0} pl="md">
          {timeline.data.events.map((e) => (
            <Text component="li" size="sm" key={e.id}>
              {new Date(e.at).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' })} — {t(`timeline.${e.kind}`, { name: e.name })}
            </Text>
          ))}
        </Stack>
      )}
      {timeline.data && (
        <Text size="sm">
          {t('timeline.together', { minutes: Math.floor(timeline.data.bothConnectedSeconds / 60), seconds: timeline.data.bothConnectedSeconds % 60 })}
        </Text>
      )}
    </Stack>
  );
}
