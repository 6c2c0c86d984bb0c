// Free times grouped by day, big enough for a thumb (44 px). Shared by the
// patient's booking and moving, and the GP's booking for a patient.
import { Alert, Button, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Slot } from '../../../contracts/appointments/index.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { byDay, cityOf, clockTime, longDay } from './format.ts';

export const slotKey = (s: Pick<Slot, 'startsAt' | 'dermatologistId'>) => `${s.dermatologistId}|${s.startsAt}`;

export function SlotPicker({
  slots,
  loading,
  selected,
  onSelect,
  showDermatologist = false,
  headingLevel = 3,
}: {
  slots: Slot[] | undefined;
  loading: boolean;
  selected: Slot | null;
  onSelect: (slot: Slot) => void;
  showDermatologist?: boolean;
  headingLevel?: 2 | 3 | 4;
}) {
  const { t } = useTranslation('appointments');
  const lang = currentLanguage();
  if (loading) return <Skeleton height={220} radius="md" />;
  if (!slots || slots.length === 0) return <EmptyState title={t('slots.emptyTitle')} hint={t('slots.emptyHint')} />;
  const zone = slots[0]!.timeZone;
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        {t('slots.zone', { city: cityOf(zone) })}
      </Text>
      {byDay(slots, (s) => s.startsAt, (s) => s.timeZone).map((group) => (
        <Stack key={group.day} gap="xs" component="section" aria-label={longDay(group.first.startsAt, group.first.timeZone, lang)}>
          <Title order={headingLevel} size="h5" tt="capitalize">
            {longDay(group.first.startsAt, group.first.timeZone, lang)}
          </Title>
          <SimpleGrid cols={{ base: 3, xs: 4, sm: 6 }} spacing="xs">
            {group.items.map((slot) => {
              const isSelected = selected !== null && slotKey(selected) === slotKey(slot);
              const time = clockTime(slot.startsAt, slot.timeZone, lang);
              return (
                <Button
                  key={slotKey(slot)}
                  size="md"
                  mih={44}
                  variant={isSelected ? 'filled' : 'default'}
                  aria-pressed={isSelected}
                  aria-label={showDermatologist ? t('slots.slotWith', { time, name: slot.dermatologistName }) : time}
                  onClick={() => onSelect(slot)}
                  // The dermatologist's name wraps (three columns on a 390 px phone): never cut.
                  styles={{ inner: { height: 'auto' }, label: { flexDirection: 'column', lineHeight: 1.15, whiteSpace: 'normal', overflow: 'visible', height: 'auto', textAlign: 'center' } }}
                  h="auto"
                  py={6}
                  px={6}
                >
                  <span>{time}</span>
                  {showDermatologist && (
                    <Text span size="xs" fw={400} maw="100%" style={{ overflowWrap: 'anywhere' }}>
                      {slot.dermatologistName}
                    </Text>
                  )}
                </Button>
              );
            })}
          </SimpleGrid>
        </Stack>
      ))}
    </Stack>
  );
}

/** "That time was just taken": the next free times from the refusal, one tap to pick one. */
export function TakenNotice({ nextSlots, onSelect }: { nextSlots: Slot[]; onSelect: (slot: Slot) => void }) {
  const { t } = useTranslation('appointments');
  const lang = currentLanguage();
  return (
    <Alert color="orange.9" variant="light" role="alert" title={t('slots.takenTitle')}>
      <Stack gap="sm">
        <Text>{nextSlots.length > 0 ? t('slots.takenHint') : t('slots.takenNone')}</Text>
        <Group gap="xs">
          {nextSlots.map((s) => (
            <Button key={slotKey(s)} size="md" mih={44} variant="white" onClick={() => onSelect(s)}>
              {`${longDay(s.startsAt, s.timeZone, lang)}, ${clockTime(s.startsAt, s.timeZone, lang)}`}
            </Button>
          ))}
        </Group>
      </Stack>
    </Alert>
  );
}
