// The photos an appointment already has on the server, as a grid of
// thumbnails: what each is, whether it is still being checked or must be taken
// again, Remove for who sent it (before the visit), and a tap opens the viewer.
import { Button, Card, Modal, SimpleGrid, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { photoVariantUrl, type Photo } from '../../../contracts/photos/photos.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { deletePhoto, photosKeys, useAppointmentPhotos } from '../photos/api.ts';
import { PhotoViewer } from '../photos/lazy.tsx';

export function AppointmentPhotoGrid({ appointmentId, audience }: { appointmentId: string; audience: 'patient' | 'clinician' }) {
  const { t } = useTranslation('previsit');
  const { t: tp } = useTranslation('photos');
  const queryClient = useQueryClient();
  const photos = useAppointmentPhotos(appointmentId);
  const [viewing, setViewing] = useState<Photo | null>(null);
  const remove = useMutation({
    mutationFn: deletePhoto,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: photosKeys.appointment(appointmentId) }),
  });
  const tagLabel = (photo: Photo) => (audience === 'patient' ? t(`photos.tag.${photo.tag}`) : tp(`tags.${photo.tag}`));

  if (photos.isPending)
    return (
      <SimpleGrid cols={3} spacing="xs">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} h={96} radius="sm" />
        ))}
      </SimpleGrid>
    );
  if (photos.isError) return <ErrorNotice error={photos.error} />;
  const list = photos.data.photos;
  const ready = list.filter((p) => p.status === 'ready');
  return (
    <Stack gap="xs" data-testid="appointment-photos">
      <Text fw={600}>{t('photos.sentTitle')}</Text>
      {list.length === 0 ? (
        <Text c="dimmed">{t('photos.none')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 2, xs: 3 }} spacing="xs">
          {list.map((photo) => {
            const tag = tagLabel(photo);
            const thumb =
              photo.status === 'ready' ? (
                <img src={photo.variants.find((v) => v.variant === 'thumb')?.url ?? photoVariantUrl(photo.id, 'thumb')} alt="" loading="lazy" style={{ width: '100%', aspectRatio: '1', objectFit: 'cover', display: 'block', borderRadius: 4 }} />
              ) : (
                <Skeleton h={96} animate={photo.status !== 'refused'} />
              );
            return (
              <Card key={photo.id} padding={4} withBorder data-testid="appointment-photo" data-status={photo.status}>
                {photo.status === 'ready' ? (
                  <UnstyledButton onClick={() => setViewing(photo)} aria-label={t('photos.open', { tag })} mih={44}>
                    {thumb}
                  </UnstyledButton>
                ) : (
                  thumb
                )}
                <Text size="sm" mt={4}>
                  {tag}
                </Text>
                {photo.status === 'refused' ? (
                  <Text size="sm" c="red.9">
                    {t('photos.refused')}
                  </Text>
                ) : photo.status !== 'ready' ? (
                  <Text size="sm" c="dimmed">
                    {t('photos.checking')}
                  </Text>
                ) : photo.quality && photo.quality.verdict !== 'good' ? (
                  <Text size="sm">{audience === 'patient' ? t('photos.retake') : photo.quality.reasons.map((r) => tp(`check.reasons.${r}`)).join(' · ')}</Text>
                ) : null}
                {photo.canDelete && (
                  <Button
                    size="compact-md"
                    mih={44}
                    variant="subtle"
                    color="red"
                    aria-label={t('photos.removeLabel', { tag })}
                    loading={remove.isPending && remove.variables === photo.id}
                    onClick={() => {
                      if (window.confirm(t('photos.removeConfirm'))) remove.mutate(photo.id);
                    }}
                  >
                    {t('photos.remove')}
                  </Button>
                )}
              </Card>
            );
          })}
        </SimpleGrid>
      )}
      <ErrorNotice error={remove.error} />
      <Modal opened={viewing !== null} onClose={() => setViewing(null)} fullScreen title={t('photos.viewerTitle')} closeButtonProps={{ 'aria-label': t('photos.closeViewer') }}>
        <Suspense fallback={<Skeleton h="70vh" />}>{viewing && <PhotoViewer photos={ready} initialPhotoId={viewing.id} followStepEvents={false} />}</Suspense>
      </Modal>
    </Stack>
  );
}
