// Small shared pieces of the case screens: state in plain words, time left
// (colour AND text AND icon), dates in the user's language.
import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseState } from '../../../contracts/clinical/case-state.ts';
import type { Deadline, CasePriority } from '../../../contracts/cases/case.ts';
import { currentLanguage } from '../i18n/index.ts';
import { useClinicalLabels } from './clinical-labels.ts';
import './cases.css';

export function formatDate(iso: string | null | undefined, withTime = false): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Intl.DateTimeFormat(currentLanguage(), withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(date);
}

const STATE_COLOR: Record<CaseState, string> = {
  draft: 'gray',
  submitted: 'blue',
  in_review: 'indigo',
  awaiting_requester: 'orange',
  answered: 'green',
  acknowledged: 'gray',
  withdrawn: 'gray',
};

export function StateBadge({ state }: { state: CaseState }) {
  const tc = useClinicalLabels();
  return (
    <Badge color={STATE_COLOR[state]} variant="dot" tt="none" size="md" styles={{ label: { whiteSpace: 'normal' } }} h="auto" py={2}>
      {tc(`caseState.${state}`)}
    </Badge>
  );
}

function humanDuration(ms: number, lang: string): string {
  const abs = Math.abs(ms);
  const hours = Math.round(abs / 3_600_000);
  const rtf = new Intl.NumberFormat(lang, { style: 'unit', unit: hours >= 48 ? 'day' : hours >= 1 ? 'hour' : 'minute', unitDisplay: 'long' });
  if (hours >= 48) return rtf.format(Math.round(abs / 86_400_000));
  if (hours >= 1) return rtf.format(hours);
  return rtf.format(Math.max(1, Math.round(abs / 60_000)));
}

const BAND_STYLE = {
  plenty: { tone: 'tone-ok', icon: '●' },
  under_a_day: { tone: 'tone-warn', icon: '▲' },
  overdue: { tone: 'tone-bad', icon: '■' },
  paused: { tone: 'tone-muted', icon: '❚❚' },
  none: { tone: 'tone-muted', icon: '–' },
} as const;

/** "3 days left" / "5 hours left" / "Overdue by 2 hours", with a shape and colour per band. */
export function TimeLeft({ deadline, size = 'sm' }: { deadline: Deadline; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation('cases');
  const lang = currentLanguage();
  const style = BAND_STYLE[deadline.band];
  let label: string;
  if (deadline.band === 'none' || deadline.msLeft === null) label = deadline.at ? t('deadline.due', { date: formatDate(deadline.at) }) : t('deadline.none');
  else if (deadline.band === 'paused') label = t('deadline.paused');
  else if (deadline.msLeft < 0) label = t('deadline.overdue', { duration: humanDuration(deadline.msLeft, lang) });
  else label = t('deadline.left', { duration: humanDuration(deadline.msLeft, lang) });
  return (
    <Text size={size} className={style.tone} fw={deadline.band === 'overdue' ? 700 : 500} component="span" style={{ whiteSpace: 'nowrap' }}>
      <span aria-hidden>{style.icon} </span>
      {label}
    </Text>
  );
}

const PRIORITY_STYLE: Record<CasePriority, { color: string; icon: string }> = {
  suspected_cancer: { color: 'red.9', icon: '⚠' },
  urgent: { color: '#9c3b00', icon: '▲' },
  routine: { color: 'gray.7', icon: '' },
};

export function PriorityBadge({ priority }: { priority: CasePriority | null }) {
  const { t } = useTranslation('cases');
  if (!priority) return null;
  const style = PRIORITY_STYLE[priority];
  return (
    <Badge color={style.color} variant={priority === 'routine' ? 'outline' : 'filled'} tt="none" style={{ minWidth: 'max-content' }}>
      {style.icon ? <span aria-hidden>{style.icon} </span> : null}
      {t(`priority.${priority}`)}
    </Badge>
  );
}
