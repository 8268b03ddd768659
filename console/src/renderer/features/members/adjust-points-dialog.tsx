import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, NumberInput, Stack, Text, Textarea, Title } from '@mantine/core';
import type { Schemas } from '@loyalty/sdk';
import { adjustBodySchema } from '@loyalty/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import type { Formatters } from '../formatting/formatters.ts';
import { useSignedIn } from '../session/session.tsx';
import { memberKeys } from './members-queries.ts';

// A manual points adjustment in two steps: the amount and the (required) reason, then a
// confirmation that spells out the balance before and after. A native <dialog> opened with
// showModal() makes the page behind it inert and closes on Escape; focus goes to the amount
// on open, to Cancel on the confirmation of a debit (the safe choice), and back to the button
// that opened it on close.

type AdjustValues = z.input<typeof adjustBodySchema>;
type Member = Schemas['Member'];

export interface AdjustPointsDialogProps {
  member: Member;
  format: Formatters;
  open: boolean;
  onClose(): void;
  onAdjusted(postingId: string): void;
}

export function AdjustPointsDialog({ member, format, open, onClose, onAdjusted }: AdjustPointsDialogProps) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const form = useForm<AdjustValues>({ resolver: zodResolver(adjustBodySchema), defaultValues: { reason: '' } });
  const values = form.watch();

  const adjust = useMutation({
    mutationFn: ({ points, reason }: z.output<typeof adjustBodySchema>) =>
      client.call(
        client.api.POST('/v1/members/{memberId}/points/adjust', {
          params: { path: { memberId: member.id } },
          body: { points, reason },
        }),
      ),
    onSuccess: async (result) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: memberKeys.member(member.id) }),
        queryClient.invalidateQueries({ queryKey: memberKeys.postings(member.id) }),
        queryClient.invalidateQueries({ queryKey: memberKeys.tier(member.id) }),
      ]);
      onAdjusted(result.posting.id);
      onClose();
    },
  });

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      form.reset({ reason: '' });
      adjust.reset();
      setStep('edit');
      element.showModal();
    }
    if (!open && element.open) element.close();
  }, [open]);

  useEffect(() => {
    if (step !== 'confirm') return;
    (values.points !== undefined && values.points < 0 ? cancelRef : confirmRef).current?.focus();
  }, [step]);

  const points = Number(values.points ?? 0);
  const after = member.balance.available + points;

  return (
    <dialog ref={dialog} className="modal" aria-labelledby="adjust-title" onClose={onClose}>
      <Stack gap="md">
        <Title order={2} size="h3" id="adjust-title">
          {step === 'edit' ? 'Adjust points' : 'Confirm the adjustment'}
        </Title>
        {step === 'edit' ? (
          <form noValidate onSubmit={form.handleSubmit(() => setStep('confirm'))} onReset={() => onClose()}>
            <Stack gap="md">
              <Controller
                control={form.control}
                name="points"
                render={({ field, fieldState }) => (
                  <NumberInput
                    label="Points"
                    description="Positive credits the member, negative debits"
                    allowDecimal={false}
                    thousandSeparator
                    data-autofocus
                    autoFocus
                    required
                    error={fieldState.error?.message}
                    value={field.value ?? ''}
                    onChange={(v) => field.onChange(typeof v === 'number' ? v : undefined)}
                    onBlur={field.onBlur}
                  />
                )}
              />
              <Textarea
                label="Reason"
                description="Internal: why the balance is corrected (kept in the ledger)"
                required
                autosize
                minRows={2}
                error={form.formState.errors.reason?.message}
                {...form.register('reason')}
              />
              <Group justify="flex-end">
                <Button type="reset" variant="default">
                  Cancel
                </Button>
                <Button type="submit">Review</Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Stack gap="md">
            <Text>
              {points > 0 ? 'Credit' : 'Debit'} <strong className="numeric">{format.points(Math.abs(points))}</strong>{' '}
              points {points > 0 ? 'to' : 'from'} <strong>{member.name ?? member.externalId}</strong>.
            </Text>
            <Text size="sm">
              Available balance: <span className="numeric">{format.points(member.balance.available)}</span> →{' '}
              <strong className="numeric">{format.points(after)}</strong>
            </Text>
            <Text size="sm" c="dimmed">
              Reason: {values.reason}
            </Text>
            {after < 0 && (
              <Alert color="yellow" variant="light">
                The balance does not cover this debit: the API will refuse it.
              </Alert>
            )}
            {adjust.error && <ApiErrorAlert error={adjust.error} />}
            <Group justify="flex-end">
              <Button ref={cancelRef} variant="default" onClick={() => setStep('edit')} disabled={adjust.isPending}>
                Back
              </Button>
              <Button
                ref={confirmRef}
                color={points < 0 ? 'red' : undefined}
                loading={adjust.isPending}
                onClick={() => adjust.mutate(adjustBodySchema.parse(values))}
              >
                {points > 0 ? 'Credit' : 'Debit'} {format.points(Math.abs(points))} points
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </dialog>
  );
}
