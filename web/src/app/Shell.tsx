import { AppShell, Burger, Group, NavLink, Skeleton, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NAVIGATION } from './navigation.ts';
import { isSignedIn, useSession } from './session.ts';
import { SessionGuard } from '../auth/SessionGuard.tsx';
import { UserMenu } from './UserMenu.tsx';

// The notifications bell loads after the first screen (its own chunk).
const Bell = lazy(() => import('../notifications/Bell.tsx'));

export function PageSkeleton() {
  return (
    <Stack gap="md" aria-busy="true">
      <Skeleton height={28} width="40%" />
      <Skeleton height={16} />
      <Skeleton height={16} width="80%" />
      <Skeleton height={120} />
    </Stack>
  );
}

export function Shell({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const { data: session } = useSession();
  const location = useLocation();
  const signedIn = isSignedIn(session);
  const items = signedIn ? NAVIGATION[session.role] : [];
  const role = signedIn ? session.role : null;
  // Navigation labels live in each feature's namespace, fetched after the first screen: show a
  // placeholder until they are here rather than suspend the whole layout.
  const navNamespaces = [...new Set(items.map((item) => item.labelKey.split(':')[0]!))];
  const { t: tNav, ready: navReady } = useTranslation(navNamespaces, { useSuspense: false });
  // Photos queued before a reload or a lost signal go as soon as the requester is back;
  // the upload code loads only when something is waiting.
  useEffect(() => {
    if (role === 'requester') void import('../photos/resume.ts').then((m) => m.resumePendingPhotoUploads());
  }, [role]);
  // The most specific entry wins: /cases/new lights "New request", not also "My cases".
  const activeTo = items
    .filter((item) => location.pathname === item.to || location.pathname.startsWith(`${item.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={items.length ? { width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } } : undefined}
      padding="md"
    >
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            {items.length > 0 && <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />}
            <Text component={Link} to="/" fw={700} size="lg" c="cyan.9" td="none" aria-label={t('appName')}>
              DermLink
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            {signedIn && (
              <Suspense fallback={null}>
                <Bell />
              </Suspense>
            )}
            {signedIn && <UserMenu session={session} />}
          </Group>
        </Group>
      </AppShell.Header>
      {items.length > 0 && (
        <AppShell.Navbar p="xs" aria-label={t('nav.label')}>
          {items.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={navReady ? tNav(item.labelKey) : <Skeleton height={14} width={120} aria-hidden="true" />}
              // Filled, and no lighter on hover: the default light variant (and filled hover) fail AA contrast.
              variant="filled"
              style={{ '--nl-hover': 'var(--mantine-color-cyan-9)' } as React.CSSProperties}
              active={item.to === activeTo}
              onClick={close}
            />
          ))}
        </AppShell.Navbar>
      )}
      <SessionGuard />
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<PageSkeleton />}>{children ?? <Outlet />}</Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
