// The photos a case already has on the server, as a grid of thumbnails with
// their tag, status and the server's verdict in words; Delete on a draft (when
// the API allows it); a click opens the photo (onOpen).
import { Badge, Button, Card, Group, Modal, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { photoVariantUrl, type Photo, type PhotoTag } from '../../../contracts/photos/photos.ts';
import { EmptyState } from '../app/EmptyState.tsx';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { deletePhoto, photosKeys, useCasePhotos } from './api.ts';
import { PhotoViewer } from './PhotoViewer.tsx';
import classes from './photos.module.css';

export interface CasePhotoListProps {
  caseId: string;
  /** GP editing a draft: empty state says what to add; Delete where allowed. */
  editable?: boolean;
  /** Opens a photo; by default a full-screen PhotoViewer over the page. */
  onOpen?: (photo: Photo) => void;
}

const REQUIRED: PhotoTag[] = ['overview', 'close_up'];

function StatusLine({ photo }: { photo: Photo }) {
  const { t } = useTranslation('photos');
  const { t: te } = useTranslation('errors');
  if (photo.status === 'refused')
    return (
      <Text size="xs" c="red.9">
        {t('queue.state.refused')}: {te(photo.refusalCode ?? 'internal', { defaultValue: te('internal') })}
      </Text>
    );
  if (photo.status !== 'ready')
    return (
      <Text size="xs" c="dimmed">
        {t('queue.state.processing')}
      </Text>
    );
  if (photo.quality && photo.quality.verdict !== 'good')
    return (
      <Text size="xs">
        {photo.quality.reasons.map((r) => t(`check.reasons.${r}`)).join(' · ')}
      </Text>
    );
  return null;
}

export function CasePhotoList({ caseId, editable = false, onOpen: openPhoto }: CasePhotoListProps) {
  const { t } = useTranslation('photos');
  const queryClient = useQueryClient();
  const [viewing, setViewing] = useState<Photo | null>(null);
  const onOpen = openPhoto ?? setViewing;
  const photos = useCasePhotos(caseId);
  const remove = useMutation({
    mutationFn: deletePhoto,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: photosKeys.case(caseId) }),
  });

  if (photos.isPending)
    return (
      <div className={classes.grid}>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className={classes.gridImage} />
        ))}
      </div>
    );
  if (photos.isError) return <ErrorNotice error={photos.error} />;
  const list = photos.data.photos;
  const missing = REQUIRED.filter((tag) => !list.some((p) => p.tag === tag && p.status !== 'refused'));
  return (
    <Stack gap="xs" data-testid="case-photo-list">
      {list.length === 0 ? (
        <EmptyState title={t('list.emptyTitle')} hint={editable ? t('list.emptyHint') : t('list.emptyReadOnly')} />
      ) : (
        <div className={classes.grid}>
          {list.map((photo) => {
            const tag = t(`tags.${photo.tag}`);
            const image =
              photo.status === 'ready' ? (
                <img className={classes.gridImage} src={photo.variants.find((v) => v.variant === 'thumb')?.url ?? photoVariantUrl(photo.id, 'thumb')} alt="" loading="lazy" />
              ) : (
                <Skeleton className={classes.gridImage} animate={photo.status !== 'refused'} />
              );
            return (
              <Card key={photo.id} padding={4} withBorder data-testid="case-photo" data-status={photo.status}>
                {photo.status === 'ready' ? (
                  <UnstyledButton onClick={() => onOpen(photo)} aria-label={t('list.open', { tag })}>
                    {image}
                  </UnstyledButton>
                ) : (
                  image
                )}
                <Group gap={4} mt={4} justify="space-between" wrap="nowrap">
                  <Badge size="sm" variant="outline" color="gray.7" tt="none">
                    {tag}
                  </Badge>
                </Group>
                <StatusLine photo={photo} />
                {photo.duplicateOf && (
                  <Text size="xs" c="dimmed">
                    {t('list.duplicate')}
                  </Text>
                )}
                {editable && photo.canDelete && (
                  <Button
                    size="compact-md"
                    mih={44}
                    variant="subtle"
                    color="red"
                    aria-label={t('list.deleteLabel', { tag })}
                    loading={remove.isPending && remove.variables === photo.id}
                    onClick={() => {
                      if (window.confirm(t('list.deleteConfirm'))) remove.mutate(photo.id);
                    }}
                  >
                    {t('list.delete')}
                  </Button>
                )}
              </Card>
            );
          })}
        </div>
      )}
      {editable && list.length > 0 && missing.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('list.missing', { tags: missing.map((tag) => t(`tags.${tag}`)).join(', ') })}
        </Text>
      )}
      <ErrorNotice error={remove.error} />
      <Modal opened={viewing !== null} onClose={() => setViewing(null)} fullScreen title={t('list.title')} closeButtonProps={{ 'aria-label': t('viewer.close') }}>
        {viewing && <PhotoViewer photos={list.filter((p) => p.status === 'ready')} initialPhotoId={viewing.id} followStepEvents={false} />}
      </Modal>
    </Stack>
  );
}
