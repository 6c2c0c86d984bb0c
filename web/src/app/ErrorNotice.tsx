import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** Says what happened and what to do next, in the user's language, without internal detail. */
export function useErrorMessage() {
  const { t } = useTranslation('errors');
  return (error: unknown): string => {
    const code = error instanceof ApiError ? error.code : 'internal';
    return t(code, { defaultValue: t('internal') });
  };
}

export function ErrorNotice({ error }: { error: unknown }) {
  const message = useErrorMessage();
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" title={t('error.title')} role="alert">
      {message(error)}
    </Alert>
  );
}
