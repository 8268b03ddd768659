import { Alert, Text } from '@mantine/core';
import { errorTextOf } from './error-text.ts';

export function ApiErrorAlert({ error }: { error: unknown }) {
  const text = errorTextOf(error);
  return (
    <Alert color="red" variant="light" title={text.title} role="alert">
      <Text size="sm">{text.message}</Text>
      {text.requestId && (
        <Text size="xs" c="dimmed" mt={4}>
          Request id: <code>{text.requestId}</code>
        </Text>
      )}
    </Alert>
  );
}
