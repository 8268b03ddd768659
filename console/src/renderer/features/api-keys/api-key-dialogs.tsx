import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Checkbox, Code, Group, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import type { Permission } from '@loyalty/shared';
import { useEffect, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { fieldErrorsOf } from '../errors/field-errors.ts';
import { errorTextOf } from '../errors/error-text.ts';
import { useSignedIn } from '../session/session.tsx';
import { apiKeyFormSchema, scopeGroupsFor, toggleArea, type ApiKeyFormValues } from './api-key-form.ts';

// The two dialogs of the API keys screen, native <dialog>s opened with showModal() (the page
// behind is inert, Escape closes): the new key's name, scopes and expiry; then its secret,
// shown this once with a copy button.

function useModal(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return ref;
}

export interface CreateApiKeyDialogProps {
  open: boolean;
  pending: boolean;
  error: unknown;
  onSubmit(values: z.output<typeof apiKeyFormSchema>): void;
  onClose(): void;
}

const FIELDS: Record<string, 'name' | 'scopes' | 'expiresOn'> = {
  name: 'name',
  scopes: 'scopes',
  expiresAt: 'expiresOn',
};

export function CreateApiKeyDialog({ open, pending, error, onSubmit, onClose }: CreateApiKeyDialogProps) {
  const { permissions } = useSignedIn();
  const dialog = useModal(open);
  const groups = scopeGroupsFor(permissions);
  const form = useForm<ApiKeyFormValues, unknown, z.output<typeof apiKeyFormSchema>>({
    resolver: zodResolver(apiKeyFormSchema),
    defaultValues: { name: '', scopes: [], expiresOn: '' },
  });
  const { errors } = form.formState;

  useEffect(() => {
    if (open) form.reset({ name: '', scopes: [], expiresOn: '' });
  }, [open]);

  useEffect(() => {
    if (!error) return;
    for (const e of fieldErrorsOf(error, (p) => p in FIELDS)) {
      form.setError(e.path === 'root' ? 'root' : FIELDS[e.path]!, {
        message: e.path === 'root' ? errorTextOf(error).message : e.message,
      });
    }
  }, [error]);

  return (
    <dialog ref={dialog} className="modal modal-wide" aria-labelledby="create-key-title" onClose={onClose}>
      <form noValidate onSubmit={form.handleSubmit(onSubmit)} onReset={onClose}>
        <Stack gap="md">
          <Title order={2} size="h3" id="create-key-title">
            Create an API key
          </Title>
          <TextInput
            label="Name"
            description="Where the key is used, e.g. Shop checkout"
            required
            data-autofocus
            autoFocus
            error={errors.name?.message}
            {...form.register('name')}
          />
          <TextInput
            label="Expires on"
            description="Optional: the key works through this day"
            type="date"
            error={errors.expiresOn?.message}
            {...form.register('expiresOn')}
          />
          <Controller
            control={form.control}
            name="scopes"
            render={({ field, fieldState }) => {
              const selected = (field.value ?? []) as Permission[];
              return (
                <fieldset className="scopes-fieldset" aria-describedby="scopes-help">
                  <legend>
                    <Text size="sm" fw={500} span>
                      Scopes
                    </Text>
                  </legend>
                  <Text size="xs" c="dimmed" id="scopes-help" mb={6}>
                    Only the permissions your role holds can be given to a key.
                  </Text>
                  <ScrollArea.Autosize mah={260} type="auto">
                    <Stack gap={6}>
                      {groups.map((group) => (
                        <Group key={group.area} gap="md" wrap="nowrap" align="flex-start" className="scope-row">
                          <Checkbox
                            w={150}
                            label={group.area.replace('_', ' ')}
                            fw={600}
                            checked={group.scopes.every((s) => selected.includes(s))}
                            indeterminate={
                              group.scopes.some((s) => selected.includes(s)) &&
                              !group.scopes.every((s) => selected.includes(s))
                            }
                            onChange={() => field.onChange(toggleArea(selected, group))}
                          />
                          <Group gap="sm">
                            {group.scopes.map((scope) => (
                              <Checkbox
                                key={scope}
                                size="xs"
                                label={scope}
                                checked={selected.includes(scope)}
                                onChange={(e) =>
                                  field.onChange(
                                    e.currentTarget.checked
                                      ? [...selected, scope]
                                      : selected.filter((s) => s !== scope),
                                  )
                                }
                              />
                            ))}
                          </Group>
                        </Group>
                      ))}
                    </Stack>
                  </ScrollArea.Autosize>
                  {fieldState.error && (
                    <Text size="sm" c="red" role="alert" mt={4}>
                      {fieldState.error.message}
                    </Text>
                  )}
                </fieldset>
              );
            }}
          />
          {errors.root && (
            <Alert color="red" variant="light" role="alert">
              {errors.root.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="reset" variant="default">
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </dialog>
  );
}

export function ApiKeySecretDialog({
  secret,
  name,
  onClose,
}: {
  secret: string | undefined;
  name: string;
  onClose(): void;
}) {
  const dialog = useModal(secret !== undefined);
  const copyButton = useRef<HTMLButtonElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed'>();

  useEffect(() => {
    if (secret === undefined) return;
    setCopied(undefined);
    copyButton.current?.focus();
  }, [secret]);

  const copy = () =>
    navigator.clipboard.writeText(secret ?? '').then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );

  return (
    <dialog ref={dialog} className="modal modal-wide" aria-labelledby="key-secret-title" onClose={onClose}>
      <Stack gap="md">
        <Title order={2} size="h3" id="key-secret-title">
          Copy the key for {name}
        </Title>
        <Alert color="yellow" variant="light">
          <Text fw={700} size="sm">
            This is the only time the key is shown.
          </Text>
          Store it now in your secret manager. The API keeps only a hash of it: if it is lost, revoke this key and
          create another.
        </Alert>
        <Code block data-testid="api-key-secret" className="break-anywhere">
          {secret}
        </Code>
        <Group justify="space-between">
          <Text size="sm" c={copied === 'failed' ? 'red' : 'dimmed'} role="status">
            {copied === 'yes'
              ? 'Copied to the clipboard.'
              : copied === 'failed'
                ? 'Copying failed: select the key and copy it.'
                : ''}
          </Text>
          <Group gap="xs">
            <Button ref={copyButton} variant="default" onClick={() => void copy()}>
              Copy key
            </Button>
            <Button onClick={onClose}>I have stored it</Button>
          </Group>
        </Group>
      </Stack>
    </dialog>
  );
}
