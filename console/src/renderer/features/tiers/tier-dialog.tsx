import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, NumberInput, SimpleGrid, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { createTierBodySchema } from '@loyalty/shared';
import { useEffect, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { errorTextOf } from '../errors/error-text.ts';
import { fieldErrorsOf } from '../errors/field-errors.ts';
import { NEW_TIER, perksFromText, textOfPerks, tierFormValuesOf, type Tier, type TierFormValues } from './tier-form.ts';

// A tier created or edited in a native <dialog> (modal, Escape closes, focus on the name); a
// refusal from the API (a name or threshold another tier has) is shown next to that field.

const SHOWN = new Set(['name', 'threshold', 'benefits.multiplier', 'benefits.description', 'benefits.perks']);

export interface TierDialogProps {
  open: boolean;
  tier: Tier | undefined;
  pending: boolean;
  error: unknown;
  onSubmit(values: z.output<typeof createTierBodySchema>): void;
  onClose(): void;
}

export function TierDialog({ open, tier, pending, error, onSubmit, onClose }: TierDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const form = useForm<TierFormValues, unknown, z.output<typeof createTierBodySchema>>({
    resolver: zodResolver(createTierBodySchema),
    defaultValues: NEW_TIER,
  });
  const { errors } = form.formState;
  // The perks box keeps its own text while typed; a new generation remounts it after a reset.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      form.reset(tier ? tierFormValuesOf(tier) : NEW_TIER);
      setGeneration((g) => g + 1);
      element.showModal();
    }
    if (!open && element.open) element.close();
  }, [open]);

  useEffect(() => {
    if (!error) return;
    for (const e of fieldErrorsOf(error, (p) => SHOWN.has(p))) {
      form.setError(e.path as 'name', { message: e.path === 'root' ? errorTextOf(error).message : e.message });
    }
  }, [error]);

  const number = (name: 'threshold' | 'benefits.multiplier', label: string, description: string, decimals: number) => (
    <Controller
      control={form.control}
      name={name}
      render={({ field, fieldState }) => (
        <NumberInput
          label={label}
          description={description}
          decimalScale={decimals}
          allowDecimal={decimals > 0}
          thousandSeparator
          value={field.value ?? ''}
          error={fieldState.error?.message}
          onChange={(v) => field.onChange(typeof v === 'number' ? v : undefined)}
          onBlur={field.onBlur}
        />
      )}
    />
  );

  return (
    <dialog ref={dialog} className="modal" aria-labelledby="tier-dialog-title" onClose={onClose}>
      <form noValidate onSubmit={form.handleSubmit(onSubmit)} onReset={onClose}>
        <Stack gap="md">
          <Title order={2} size="h3" id="tier-dialog-title">
            {tier ? `Edit ${tier.name}` : 'New tier'}
          </Title>
          <TextInput
            label="Name"
            required
            autoFocus
            data-autofocus
            error={errors.name?.message}
            {...form.register('name')}
          />
          <SimpleGrid cols={2} spacing="sm">
            {number('threshold', 'Threshold', 'Points to reach it; 0: base tier', 0)}
            {number('benefits.multiplier', 'Points multiplier', '1 to 10', 2)}
          </SimpleGrid>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            error={errors.benefits?.description?.message}
            {...form.register('benefits.description', { setValueAs: (v: string) => (v?.trim() ? v : undefined) })}
          />
          <Controller
            control={form.control}
            name="benefits.perks"
            render={({ field, fieldState }) => (
              <Textarea
                label="Perks"
                description="One a line, shown to members"
                autosize
                minRows={2}
                defaultValue={textOfPerks(field.value)}
                key={generation}
                error={fieldState.error?.message}
                onChange={(e) => field.onChange(perksFromText(e.currentTarget.value))}
              />
            )}
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
              {tier ? 'Save tier' : 'Create tier'}
            </Button>
          </Group>
        </Stack>
      </form>
    </dialog>
  );
}
