// "Who looked at my record": the patient sees each person who opened their
// request, photos or report, in plain words. No IP addresses, no codes.
import { Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client.ts';
import type { AccessLog, AccessLogEntry } from '../../../contracts/audit/index.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { PageSkeleton } from '../app/Shell.tsx';
import { currentLanguage } from '../i18n/index.ts';

export function AccessLogPage() {
  const { t } = useTranslation('patient');
  const log = useQuery({ queryKey: ['patient', 'access-log'], queryFn: () => get<AccessLog>('/api/me/access-log') });
  return (
    <Stack gap="md" maw={640}>
      <Title order={1} size="h2">
        {t('accessLog.title')}
      </Title>
      <Text>{t('accessLog.lead')}</Text>
      {log.isPending && <PageSkeleton />}
      <ErrorNotice error={log.error} />
      {log.data && log.data.entries.length === 0 && <EmptyState title={t('accessLog.empty')} hint={t('accessLog.emptyHint')} />}
      {log.data && log.data.entries.length > 0 && (
        <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('accessLog.listLabel')}>
          {log.data.entries.map((entry) => (
            <Card component="li" key={entry.key} withBorder padding="md" radius="md">
              <AccessSentence entry={entry} />
            </Card>
          ))}
        </Stack>
      )}
      {log.data?.hasMore && (
        <Text size="sm" c="dimmed">
          {t('accessLog.onlyLatest', { count: log.data.entries.length })}
        </Text>
      )}
      <Text size="sm" c="dimmed">
        {t('accessLog.worried')}
      </Text>
    </Stack>
  );
}

function AccessSentence({ entry }: { entry: AccessLogEntry }) {
  const { t } = useTranslation('patient');
  const lang = currentLanguage();
  const when = new Date(entry.when);
  const sameYear = when.getFullYear() === new Date().getFullYear();
  const date = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) }).format(when);
  const time = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit' }).format(when);
  const role = entry.role ? t(`accessLog.roles.${entry.role}`) : null;
  const who =
    role && entry.organisation
      ? t('accessLog.whoRoleOrg', { who: entry.who, role, organisation: entry.organisation })
      : role
        ? t('accessLog.whoRole', { who: entry.who, role })
        : entry.who;
  return (
    <Stack gap={2}>
      <Text>{t('accessLog.sentence', { who, what: t(`accessLog.what.${entry.what}`), date })}</Text>
      <Text size="sm" c="dimmed">
        <time dateTime={entry.when}>{t('accessLog.at', { time })}</time>
      </Text>
    </Stack>
  );
}
