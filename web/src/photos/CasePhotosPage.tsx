// /photos/:caseId: the photos of one case on their own page (phone-first):
// capture, the upload queue, the photos sent (a tap opens the viewer). Handy to
// finish a request's photos on a phone, or to add photos when asked to.
import { Anchor, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PhotoStep } from './PhotoStep.tsx';

export function CasePhotosPage() {
  const { t } = useTranslation('photos');
  const { caseId } = useParams();
  if (!caseId) return null;
  return (
    <Stack gap="md" maw={640} mx="auto">
      <Anchor component={Link} to={`/cases/${caseId}`} size="sm">
        ← {t('page.back')}
      </Anchor>
      <Title order={1} size="h2">
        {t('page.title')}
      </Title>
      <PhotoStep caseId={caseId} />
    </Stack>
  );
}
