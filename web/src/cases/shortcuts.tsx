// Keyboard shortcuts of the dermatologist's case page, listed behind `?`.
// Keys are ignored while typing in a field, and with Ctrl/Alt/Meta held.
import { Kbd, Modal, Table } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export type ShortcutAction = 'help' | 'nextPhoto' | 'previousPhoto' | 'answer' | 'template' | 'sign' | 'nextCase' | 'claim';
type ListedAction = ShortcutAction | 'zoom' | 'fullscreen';

const KEYMAP: Record<string, ShortcutAction> = {
  '?': 'help',
  j: 'nextPhoto',
  ArrowRight: 'nextPhoto',
  ArrowDown: 'nextPhoto',
  k: 'previousPhoto',
  ArrowLeft: 'previousPhoto',
  ArrowUp: 'previousPhoto',
  a: 'answer',
  t: 'template',
  s: 'sign',
  n: 'nextCase',
  c: 'claim',
};

export const SHORTCUT_LIST: { keys: string[]; action: ListedAction }[] = [
  { keys: ['j', '→'], action: 'nextPhoto' },
  { keys: ['k', '←'], action: 'previousPhoto' },
  { keys: ['+', '-', '0'], action: 'zoom' },
  { keys: ['f'], action: 'fullscreen' },
  { keys: ['a'], action: 'answer' },
  { keys: ['t'], action: 'template' },
  { keys: ['s'], action: 'sign' },
  { keys: ['n'], action: 'nextCase' },
  { keys: ['c'], action: 'claim' },
  { keys: ['?'], action: 'help' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return target.getAttribute('role') === 'combobox' || target.getAttribute('role') === 'textbox';
}

export function useShortcuts(handler: (action: ShortcutAction) => boolean | void, enabled = true) {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      // A modal or menu open elsewhere keeps its own keys.
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const action = KEYMAP[event.key];
      if (!action) return;
      const handled = ref.current(action);
      if (handled !== false) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

export function ShortcutsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('cases');
  return (
    <Modal opened={opened} onClose={onClose} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('shortcuts.title')} centered>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('shortcuts.key')}</Table.Th>
            <Table.Th>{t('shortcuts.action')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {SHORTCUT_LIST.map((s) => (
            <Table.Tr key={s.action}>
              <Table.Td>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? ` ${t('shortcuts.or')} ` : ''}
                    <Kbd>{k}</Kbd>
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{t(`shortcuts.actions.${s.action}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
