import { NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { ROUNDING_MODES } from '@loyalty/shared';
import { Controller, type Control, type FieldErrors } from 'react-hook-form';
import { kindOfType, type RuleFormValues } from './rule-form.ts';

// What a rule gives: fixed points, a percentage of the amount, or points per currency unit.
// Bands and category multipliers of a dynamic rule are kept as they are (shown, not edited here).

const ROUNDING_LABELS: Record<(typeof ROUNDING_MODES)[number], string> = {
  floor: 'Down (floor)',
  ceil: 'Up (ceil)',
  half_up: 'Nearest, .5 up',
  half_even: 'Nearest, .5 to even',
};

type KindErrors = FieldErrors<RuleFormValues>['kind'] & Record<string, { message?: string } | undefined>;

export function KindFields({
  control,
  kind,
  errors,
}: {
  control: Control<RuleFormValues, unknown, unknown>;
  kind: RuleFormValues['kind'];
  errors: FieldErrors<RuleFormValues>;
}) {
  const kindErrors = errors.kind as KindErrors | undefined;
  const number = (name: 'points' | 'percent' | 'pointsPerUnit', label: string, decimals: number) => (
    <Controller
      control={control}
      name={`kind.${name}` as 'kind'}
      render={({ field }) => (
        <NumberInput
          label={label}
          decimalScale={decimals}
          allowDecimal={decimals > 0}
          thousandSeparator
          value={(field.value as unknown as number | undefined) ?? ''}
          error={kindErrors?.[name]?.message}
          onChange={(v) => field.onChange(typeof v === 'number' ? v : undefined)}
          onBlur={field.onBlur}
        />
      )}
    />
  );
  return (
    <Controller
      control={control}
      name="kind"
      render={({ field }) => (
        <Stack gap="xs">
          <Text size="sm" fw={500} id="kind-label">
            Gives
          </Text>
          <SegmentedControl
            aria-labelledby="kind-label"
            value={kind.type}
            onChange={(type) => field.onChange(kindOfType(type as RuleFormValues['kind']['type'], kind))}
            data={[
              { value: 'fixed', label: 'Fixed points' },
              { value: 'percentage', label: 'Percentage' },
              { value: 'dynamic', label: 'Per currency unit' },
            ]}
          />
          {kindErrors?.message && (
            <Text size="sm" c="red" role="alert">
              {kindErrors.message}
            </Text>
          )}
          <SimpleGrid cols={2} spacing="sm">
            {kind.type === 'fixed' && number('points', 'Points per purchase', 0)}
            {kind.type === 'percentage' && number('percent', 'Percent of the amount', 2)}
            {kind.type === 'dynamic' && number('pointsPerUnit', 'Points per major currency unit', 2)}
            {kind.type !== 'fixed' && (
              <Controller
                control={control}
                name={'kind.rounding' as 'kind'}
                render={({ field: rounding }) => (
                  <Select
                    label="Rounding"
                    allowDeselect={false}
                    data={ROUNDING_MODES.map((m) => ({ value: m, label: ROUNDING_LABELS[m] }))}
                    value={rounding.value as unknown as string}
                    error={kindErrors?.rounding?.message}
                    onChange={(v) => v && rounding.onChange(v)}
                  />
                )}
              />
            )}
          </SimpleGrid>
          {kind.type === 'dynamic' && (kind.bands || kind.categoryMultipliers) && (
            <Text size="xs" c="dimmed">
              Kept as they are: {kind.bands ? `${kind.bands.length} amount band(s)` : ''}
              {kind.bands && kind.categoryMultipliers ? ' and ' : ''}
              {kind.categoryMultipliers ? `multipliers for ${Object.keys(kind.categoryMultipliers).join(', ')}` : ''}.
            </Text>
          )}
        </Stack>
      )}
    />
  );
}
