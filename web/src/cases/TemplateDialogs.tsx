// The dermatologist's personal answer templates: save the answer being written
// as a template (a name, and the text as it is); rename, update or delete them.
// Inserting one is the answer form's menu.
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnswerDraft } from '../../../contracts/cases/answer.ts';
import { ErrorNotice } from '../app/ErrorNotice.tsx';
import { createTemplate, deleteTemplate, templatesKey, updateTemplate, type AnswerTemplate } from './api.ts';

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

/**
 * The dermatologist's templates: rename one, replace its text with the answer
 * being written (a template improves with use), or delete it.
 */
export function ManageTemplatesDialog({ opened, onClose, templates, content }: { opened: boolean; onClose: () => void; templates: AnswerTemplate[]; content: AnswerDraft }) {
  const { t } = useTranslation('cases');
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: templatesKey });
  const remove = useMutation({ mutationFn: (id: string) => deleteTemplate(id), onSuccess: refresh });
  const change = useMutation({
    mutationFn: ({ template, name, replaceContent }: { template: AnswerTemplate; name: string; replaceContent: boolean }) =>
      updateTemplate(template.id, { name, content: replaceContent ? content : template.content }),
    onSuccess: async (_r, { template, replaceContent }) => {
      await refresh();
      setDone({ id: template.id, what: replaceContent ? 'replaced' : 'renamed' });
    },
  });
  const [names, setNames] = useState<Record<string, string>>({});
  const [done, setDone] = useState<{ id: string; what: 'renamed' | 'replaced' } | null>(null);
  const nameOf = (tpl: AnswerTemplate) => names[tpl.id] ?? tpl.name;
  const busy = (id: string) => (change.isPending && change.variables?.template.id === id) || (remove.isPending && remove.variables === id);
  return (
    <Modal opened={opened} onClose={onClose} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('templates.manageTitle')} size="lg" centered>
      <Stack gap="md">
        {templates.length === 0 && <Text c="dimmed">{t('answer.noTemplates')}</Text>}
        {templates.map((tpl) => {
          const name = nameOf(tpl).trim();
          const renamed = name !== '' && name !== tpl.name;
          return (
            <Stack key={tpl.id} gap={6} component="section" aria-label={tpl.name}>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (renamed) change.mutate({ template: tpl, name, replaceContent: false });
                }}
              >
                <Group align="flex-end" gap="xs" wrap="nowrap">
                  <TextInput
                    style={{ flex: 1 }}
                    label={t('templates.nameOf', { name: tpl.name })}
                    maxLength={100}
                    value={nameOf(tpl)}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setNames((n) => ({ ...n, [tpl.id]: value }));
                    }}
                  />
                  <Button type="submit" variant="default" disabled={!renamed || busy(tpl.id)} aria-label={t('templates.renameOne', { name: tpl.name })}>
                    {t('templates.rename')}
                  </Button>
                </Group>
              </form>
              <Group gap="xs">
                <Button
                  size="xs"
                  variant="light"
                  disabled={busy(tpl.id)}
                  aria-label={t('templates.replaceOne', { name: tpl.name })}
                  onClick={() => change.mutate({ template: tpl, name: tpl.name, replaceContent: true })}
                >
                  {t('templates.replace')}
                </Button>
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
                {done?.id === tpl.id && (
                  <Text size="sm" c="teal.9" role="status">
                    {t(done.what === 'renamed' ? 'templates.renamed' : 'templates.replaced')}
                  </Text>
                )}
              </Group>
            </Stack>
          );
        })}
        <ErrorNotice error={change.error ?? remove.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
