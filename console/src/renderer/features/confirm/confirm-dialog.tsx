import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';

// A destructive action asked twice, in a native <dialog> opened with showModal(): the page
// behind is inert, Escape cancels, focus starts on Cancel (the safe choice) and the caller
// returns it to the button that opened the dialog.

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  error: unknown;
  onConfirm(): void;
  onClose(): void;
}

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pending,
  error,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      element.showModal();
      cancel.current?.focus();
    }
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog ref={dialog} className="modal" aria-labelledby={titleId} onClose={onClose}>
      <Stack gap="md">
        <Title order={2} size="h3" id={titleId}>
          {title}
        </Title>
        <Text size="sm" component="div">
          {children}
        </Text>
        {error ? <ApiErrorAlert error={error} /> : null}
        <Group justify="flex-end">
          <Button ref={cancel} variant="default" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button color="red.8" loading={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </dialog>
  );
}
