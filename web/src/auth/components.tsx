// Pieces the identity pages share: the one-column layout, the code field, the
// password with its live rules, the recovery codes panel, error messages.
import { Alert, Button, Checkbox, Code, Container, CopyButton, Group, List, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client.ts';
import { SESSION_QUERY_KEY, type SessionInfo } from '../app/session.ts';
import { destinationAfterSignIn } from './return-to.ts';
import { lockedFor, PASSWORD_MIN_LENGTH, type PasswordRule } from './rules.ts';

/** Phone-first: one column, large targets, the primary action last. */
export function AuthPage({ title, lead, children }: { title: string; lead?: ReactNode; children: ReactNode }) {
  return (
    <Container size={480} px={0} py="md">
      <Stack gap="lg">
        <Stack gap="xs">
          <Title order={1} size="h2">
            {title}
          </Title>
          {lead && <Text size="md">{lead}</Text>}
        </Stack>
        {children}
      </Stack>
    </Container>
  );
}

/** Alert titles in the text colour: the light variants' coloured titles fail AA contrast. */
export const ALERT_STYLES = { title: { color: 'var(--mantine-color-text)' } } as const;

/** Large buttons for thumbs (at least 44 px). */
export const BIG = { size: 'lg', fullWidth: true } as const;

/** The 6-digit code: numeric keyboard and the phone's one-time-code autofill. */
export function CodeField({ value, onChange, error, label, autoFocus }: { value: string; onChange: (v: string) => void; error?: ReactNode; label: string; autoFocus?: boolean }) {
  const { t } = useTranslation('auth');
  return (
    <TextInput
      label={label}
      description={t('code.hint')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value.replace(/[^\d\s]/g, '').slice(0, 7))}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9 ]*"
      maxLength={7}
      size="lg"
      required
      autoFocus={autoFocus}
      error={error}
      styles={{ input: { letterSpacing: '0.3em', fontVariantNumeric: 'tabular-nums' } }}
    />
  );
}

export const codeIsComplete = (code: string) => /^\d{6}$/.test(code.replace(/\s/g, ''));

/** The error of an API call, said for this context: wrong code, locked account, expired link... */
export function useAuthErrorMessage() {
  const { t } = useTranslation(['auth', 'errors']);
  /** `link`: the error answers a token from an email (unknown token = invalid link); `patient`: plain words, code from the email. */
  return (error: unknown, opts: { link?: boolean; patient?: boolean } = {}): string => {
    if (opts.link && error instanceof ApiError && error.code === 'not_found') return t('auth:errors.link_invalid');
    if (opts.patient && error instanceof ApiError && error.code === 'invalid_code') return t('auth:errors.invalid_patient_code');
    if (!(error instanceof ApiError)) {
      // A passkey ceremony the person cancelled or the browser refused.
      if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError')) return t('auth:errors.passkey_cancelled');
      if (error instanceof Error && error.name === 'WebAuthnError') return t('auth:errors.passkey_unavailable');
      return t('errors:internal');
    }
    const problem = error.problem ?? {};
    if (error.code === 'account_locked') {
      // Repeated locks grow to hours (server/src/auth/lockout.ts): "2 hours", not "120 minutes".
      const { unit, count } = lockedFor(Number((problem as Record<string, unknown>).retryAfterSeconds ?? 0));
      return t(unit === 'hours' ? 'auth:errors.account_locked_hours' : 'auth:errors.account_locked', { count });
    }
    if (error.code === 'weak_password') {
      const rule = String((problem as Record<string, unknown>).rule ?? 'common');
      return t(`auth:password.rule.${rule}`, { defaultValue: t('auth:errors.weak_password'), min: PASSWORD_MIN_LENGTH });
    }
    return t(`auth:errors.${error.code}`, { defaultValue: t(`errors:${error.code}`, { defaultValue: t('errors:internal') }) });
  };
}

export function AuthError({ error, link, patient }: { error: unknown; link?: boolean; patient?: boolean }) {
  const message = useAuthErrorMessage();
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={t('error.title')} role="alert" styles={ALERT_STYLES}>
      {message(error, { link, patient })}
    </Alert>
  );
}

/** Password and its confirmation with the rules checked as they type (the server adds "not a common password"). */
export function NewPasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  serverRule,
  showErrors,
  email,
}: {
  password: string;
  confirm: string;
  onPassword: (v: string) => void;
  onConfirm: (v: string) => void;
  serverRule?: PasswordRule | null;
  showErrors: boolean;
  email?: string;
}) {
  const { t } = useTranslation('auth');
  const longEnough = [...password].length >= PASSWORD_MIN_LENGTH;
  const local = email?.split('@')[0]?.toLowerCase();
  const containsEmail = !!local && local.length >= 4 && password.toLowerCase().includes(local);
  const matches = confirm.length > 0 && confirm === password;
  const rules: Array<{ ok: boolean; label: string }> = [
    { ok: longEnough, label: t('password.rules.length', { min: PASSWORD_MIN_LENGTH }) },
    { ok: password.length > 0 && !containsEmail && serverRule !== 'common', label: t('password.rules.notCommon') },
    { ok: matches, label: t('password.rules.match') },
  ];
  return (
    <Stack gap="sm">
      <PasswordInput
        label={t('password.new')}
        value={password}
        onChange={(e) => onPassword(e.currentTarget.value)}
        autoComplete="new-password"
        size="lg"
        required
        error={serverRule ? t(`password.rule.${serverRule}`, { min: PASSWORD_MIN_LENGTH }) : showErrors && !longEnough ? t('password.rule.too_short', { min: PASSWORD_MIN_LENGTH }) : undefined}
        aria-describedby="password-rules"
      />
      <List id="password-rules" size="sm" spacing={4} listStyleType="none" aria-live="polite">
        {rules.map((r) => (
          <List.Item key={r.label}>
            <Text span size="sm" c={r.ok ? 'teal.9' : 'dimmed'}>
              <span aria-hidden="true">{r.ok ? '✓ ' : '○ '}</span>
              {r.label}
              <VisuallyHidden> {r.ok ? t('password.rules.met') : t('password.rules.notMet')}</VisuallyHidden>
            </Text>
          </List.Item>
        ))}
      </List>
      <PasswordInput
        label={t('password.confirm')}
        value={confirm}
        onChange={(e) => onConfirm(e.currentTarget.value)}
        autoComplete="new-password"
        size="lg"
        required
        error={showErrors && confirm !== password ? t('password.mismatch') : undefined}
      />
    </Stack>
  );
}

export const passwordAcceptable = (password: string, confirm: string) => [...password].length >= PASSWORD_MIN_LENGTH && password === confirm;

/** Recovery codes, shown once: copy, download as text, and say they are saved. */
export function RecoveryCodesPanel({ codes, onDone, doneLabel }: { codes: string[]; onDone: () => void; doneLabel: string }) {
  const { t } = useTranslation('auth');
  const [saved, setSaved] = useState(false);
  const text = `${t('recovery.fileHeader')}\n\n${codes.join('\n')}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'dermlink-recovery-codes.txt';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" title={t('recovery.onceTitle')} styles={ALERT_STYLES}>
        {t('recovery.onceBody')}
      </Alert>
      <SimpleGrid cols={2} spacing="xs" component="ul" aria-label={t('recovery.listLabel')} style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <Code fz="md" style={{ display: 'block', padding: '8px 10px' }}>
              {code}
            </Code>
          </li>
        ))}
      </SimpleGrid>
      <Group grow>
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button variant="outline" size="md" onClick={copy} aria-live="polite">
              {copied ? t('recovery.copied') : t('recovery.copy')}
            </Button>
          )}
        </CopyButton>
        <Button variant="outline" size="md" onClick={download}>
          {t('recovery.download')}
        </Button>
      </Group>
      <Checkbox size="md" label={t('recovery.saved')} checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
      <Button {...BIG} disabled={!saved} onClick={onDone}>
        {doneLabel}
      </Button>
    </Stack>
  );
}

/** After any successful sign-in step: the session becomes this one and, once complete, the page opened before signing in, else home (return-to.ts). */
export function useCompleteSignIn() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async (session: SessionInfo) => {
    // Read before the session changes: arriving on that page forgets it.
    const to = session.secondFactorPending ? null : destinationAfterSignIn(session.role);
    queryClient.setQueryData(SESSION_QUERY_KEY, session);
    await queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
    if (to) void navigate(to, { replace: true });
  };
}

/** A single-use token from the link's #token= fragment (emails), or from the path. */
export function readLinkToken(param: string | undefined): string {
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  return hash.get('token') ?? param ?? '';
}
