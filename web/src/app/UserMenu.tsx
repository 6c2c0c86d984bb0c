import { Avatar, Box, Menu, UnstyledButton, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionInfo } from './session.ts';

const initialsOf = (name: string) =>
  name
    .replace(/^(Dr|Pr)\.?\s+/i, '')
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

export function UserMenu({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('userMenu.open')} px="xs" py={4} style={{ minHeight: 44, minWidth: 44 }}>
          {/* On a phone the header keeps only the initials; the name and role show from the sm breakpoint. */}
          <Avatar size={32} color="cyan" hiddenFrom="sm" aria-hidden="true">
            {initialsOf(session.user.displayName)}
          </Avatar>
          <Box visibleFrom="sm">
            <Text size="sm" fw={600} lineClamp={1} maw={180}>
              {session.user.displayName}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={1} maw={180}>
              {t(`role.${session.role}`)}
              {session.organisation ? ` · ${session.organisation.name}` : ''}
            </Text>
          </Box>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to="/profile">
          {t('userMenu.profile')}
        </Menu.Item>
        <Menu.Item component={Link} to="/sign-out">
          {t('userMenu.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
