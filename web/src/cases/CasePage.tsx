// /cases/:id and /queue/:id: the draft wizard, the requester's page or the
// dermatologist's page, by the case's state and the caller's role.
import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { useSession } from '../app/session.ts';
import { PageSkeleton } from '../app/Shell.tsx';
import { useCase } from './api.ts';
import { lazy } from 'react';

// Each role downloads only its own case page.
const DraftWizard = lazy(async () => ({ default: (await import('./DraftWizard.tsx')).DraftWizard }));
const RequesterCasePage = lazy(async () => ({ default: (await import('./RequesterCasePage.tsx')).RequesterCasePage }));
const ExpertCasePage = lazy(async () => ({ default: (await import('./ExpertCasePage.tsx')).ExpertCasePage }));

export function CasePage() {
  const { t } = useTranslation('cases');
  const { caseId } = useParams();
  const { data: session } = useSession();
  const query = useCase(caseId);
  if (query.isPending) return <PageSkeleton />;
  if (query.error) {
    if (query.error instanceof ApiError && query.error.status === 404)
      return (
        <EmptyState
          title={t('case.notFound.title')}
          hint={t('case.notFound.hint')}
          action={
            <Button component={Link} to={session?.role === 'dermatologist' ? '/queue' : '/cases'}>
              {t('case.backToList')}
            </Button>
          }
        />
      );
    return <ErrorNotice error={query.error} />;
  }
  const detail = query.data;
  if (session?.role === 'dermatologist') return <ExpertCasePage key={detail.id} detail={detail} />;
  if (detail.state === 'draft') return <DraftWizard key={detail.id} detail={detail} />;
  return <RequesterCasePage detail={detail} />;
}
