import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { loginBodySchema } from '@loyalty/shared';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { loginFailureOf } from './login-failure.ts';
import { useSession } from './session.tsx';

type LoginValues = z.input<typeof loginBodySchema>;

export function LoginPage({ apiOrigin, notice }: { apiOrigin: string; notice?: string }) {
  const { logIn } = useSession();
  const form = useForm<LoginValues>({
    resolver: zodResolver(loginBodySchema),
    defaultValues: { tenant: '', email: '', password: '' },
  });
  const { errors, isSubmitting } = form.formState;

  const submit = form.handleSubmit(async (values) => {
    try {
      await logIn(values);
    } catch (err) {
      for (const failure of loginFailureOf(err, apiOrigin)) {
        form.setError(failure.field === 'form' ? 'root' : failure.field, { message: failure.message });
      }
    }
  });

  return (
    <main className="login-screen">
      <Paper component="section" withBorder shadow="sm" p="xl" radius="md" w={400} aria-labelledby="login-title">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <div>
              <Title order={1} id="login-title" size="h2">
                Loyalty Studio
              </Title>
              <Text c="dimmed" size="sm">
                Log in to your workspace
              </Text>
            </div>
            {notice && !errors.root && (
              <Alert color="blue" variant="light" role="status">
                {notice}
              </Alert>
            )}
            {errors.root && (
              <Alert color="red" variant="light" role="alert">
                {errors.root.message}
              </Alert>
            )}
            <TextInput
              label="Workspace"
              description="Your company's workspace id, e.g. acme"
              autoComplete="organization"
              autoFocus
              error={errors.tenant?.message}
              {...form.register('tenant')}
            />
            <TextInput
              label="E-mail"
              type="email"
              autoComplete="username"
              error={errors.email?.message}
              {...form.register('email')}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              error={errors.password?.message}
              {...form.register('password')}
            />
            <Button type="submit" loading={isSubmitting} fullWidth>
              Log in
            </Button>
          </Stack>
        </form>
      </Paper>
    </main>
  );
}
