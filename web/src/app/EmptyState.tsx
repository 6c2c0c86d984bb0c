import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** Every list has one: what is missing and what to do about it. */
export function EmptyState({ title, hint, action }: { title: string; hint: string; action?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py="xl" role="status">
      <Title order={3} size="h4">
        {title}
      </Title>
      <Text c="dimmed" ta="center" maw={420}>
        {hint}
      </Text>
      {action}
    </Stack>
  );
}
