// The dermatologist's personal answer templates: save the answer being written
// as a template (a name, and the text as it is), and delete old ones. Inserting
// one is the answer form's menu.
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnswerDraft } from '../../../contracts/cases/answer.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { createTemplate, deleteTemplate, templatesKey, type AnswerTemplate } from './api.ts';

export function SaveTemplateDialog({ opened, onClose, content }: { opened: boolean; onClose: () => void; content: AnswerDraft }) {
  const { t } = useTranslation('cases');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () => createTemplate({ name: name.trim(), content }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: templatesKey });
      setName('');
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('templates.saveTitle')} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save.mutate();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{t('templates.saveHint')}</Text>
          <TextInput label={t('templates.name')} required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <ErrorNotice error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!name.trim()} loading={save.isPending}>
              {t('templates.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function DeleteTemplatesDialog({ opened, onClose, templates }: { opened: boolean; onClose: () => void; templates: AnswerTemplate[] }) {
  const { t } = useTranslation('cases');
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => deleteTemplate(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templatesKey }),
  });
  return (
    <Modal opened={opened} onClose={onClose} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('templates.deleteTitle')} centered>
      <Stack gap="xs">
        {templates.length === 0 && <Text c="dimmed">{t('answer.noTemplates')}</Text>}
        {templates.map((tpl) => (
          <Group key={tpl.id} justify="space-between" wrap="nowrap">
            <Text>{tpl.name}</Text>
            <Button
              size="xs"
              variant="outline"
              color="red.9"
              aria-label={t('templates.deleteOne', { name: tpl.name })}
              loading={remove.isPending && remove.variables === tpl.id}
              onClick={() => remove.mutate(tpl.id)}
            >
              {t('templates.delete')}
            </Button>
          </Group>
        ))}
        <ErrorNotice error={remove.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
