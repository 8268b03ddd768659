import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { createRuleBodySchema, STACKING_MODES, type Condition, type RuleDefinition } from '@loyalty/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo } from 'react';
import { Controller, get, useForm } from 'react-hook-form';
import { ApiErrorAlert } from '../errors/api-error-alert.tsx';
import { fieldErrorsOf } from '../errors/field-errors.ts';
import { formattersFor } from '../formatting/formatters.ts';
import { useProgram } from '../programs/programs-query.ts';
import { useSignedIn } from '../session/session.tsx';
import { ConditionEditor } from './condition-editor.tsx';
import { KindFields } from './kind-fields.tsx';
import {
  createBodyOf,
  formValuesOf,
  NEW_RULE,
  rulePatchOf,
  type PointsRule,
  type RuleFormValues,
} from './rule-form.ts';
import { ruleKeys, useRule } from './rules-queries.ts';
import { SimulatePane } from './simulate-pane.tsx';

// One rule, edited beside a live simulation. The form's values are the API's create body, so
// the shared schema checks them as typed, and a refusal from the API lands on the field (or
// condition node) its issue path names.

const STACKING_LABELS: Record<(typeof STACKING_MODES)[number], string> = {
  stack: 'Stack: adds to the other rules',
  best_of: 'Best of: only the best best-of rule counts',
  exclusive: 'Exclusive: the first that applies is the only one',
};

const SHOWN_PATHS = new Set([
  'name',
  'priority',
  'active',
  'stacking',
  'kind',
  'kind.points',
  'kind.percent',
  'kind.pointsPerUnit',
  'kind.rounding',
  'minAmount',
  'maxPoints',
  'approvalDays',
  'condition',
]);
const CONDITION_PATH = /^condition(\.(all|any)\.\d+|\.not)*(\.(field|op|value(\.[01])?))?$/;
const shows = (path: string) => SHOWN_PATHS.has(path) || CONDITION_PATH.test(path);

function OptionalNumber({
  form,
  name,
  label,
  description,
}: {
  form: ReturnType<typeof useForm<RuleFormValues, unknown, RuleDefinition>>;
  name: 'minAmount' | 'maxPoints' | 'approvalDays';
  label: string;
  description: string;
}) {
  return (
    <Controller
      control={form.control}
      name={name}
      render={({ field, fieldState }) => (
        <NumberInput
          label={label}
          description={description}
          allowDecimal={false}
          thousandSeparator
          value={field.value ?? ''}
          error={fieldState.error?.message}
          onChange={(v) => field.onChange(typeof v === 'number' ? v : undefined)}
          onBlur={field.onBlur}
        />
      )}
    />
  );
}

export function RuleEditorPage({ programId, ruleId }: { programId: string; ruleId: string | undefined }) {
  const { client, permissions } = useSignedIn();
  const program = useProgram(programId);
  const rule = useRule(ruleId);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const format = useMemo(() => formattersFor(navigator.language, program?.timezone ?? 'UTC'), [program?.timezone]);
  const canWrite = permissions.can('rules:write');
  const form = useForm<RuleFormValues, unknown, RuleDefinition>({
    resolver: zodResolver(createRuleBodySchema),
    defaultValues: NEW_RULE,
  });
  const { errors, isDirty } = form.formState;

  useEffect(() => {
    if (rule.data) form.reset(formValuesOf(rule.data));
  }, [rule.data]);

  const save = useMutation({
    mutationFn: async (values: RuleDefinition): Promise<PointsRule> => {
      if (!rule.data) {
        return client.call(
          client.api.POST('/v1/programs/{programId}/rules', {
            params: { path: { programId } },
            body: createBodyOf(values),
          }),
        );
      }
      const patch = rulePatchOf(rule.data, values);
      if (Object.keys(patch).length === 0) return rule.data;
      return client.call(
        client.api.PATCH('/v1/rules/{ruleId}', {
          params: { path: { ruleId: rule.data.id } },
          body: patch as never,
        }),
      );
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(ruleKeys.rule(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: ruleKeys.list(programId) });
      form.reset(formValuesOf(saved));
      if (!ruleId) {
        await navigate({
          to: '/programs/$programId/rules/$ruleId',
          params: { programId, ruleId: saved.id },
          replace: true,
        });
      }
    },
    onError: (err) => {
      for (const e of fieldErrorsOf(err, shows)) form.setError(e.path as 'root', { message: e.message });
    },
  });

  const back = (
    <Anchor href={`#/programs/${programId}/rules`} size="sm">
      ← Points rules
    </Anchor>
  );
  if (rule.error) {
    return (
      <Stack gap="md">
        {back}
        <ApiErrorAlert error={rule.error} />
      </Stack>
    );
  }
  if (ruleId && !rule.data) return <Loader aria-label="Loading the rule" />;

  const kind = form.watch('kind');
  const schedule = form.watch('schedule');
  const rootError = errors.root?.message;

  return (
    <Stack gap="lg">
      {back}
      <Title order={1} size="h2">
        {rule.data ? rule.data.name : 'New rule'}
      </Title>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <form noValidate onSubmit={form.handleSubmit((values) => save.mutate(values))} aria-label="Rule">
            <fieldset disabled={!canWrite} className="plain-fieldset">
              <Stack gap="md">
                <Card withBorder padding="md">
                  <Stack gap="sm">
                    <TextInput label="Name" required error={errors.name?.message} {...form.register('name')} />
                    <SimpleGrid cols={2} spacing="sm">
                      <Controller
                        control={form.control}
                        name="priority"
                        render={({ field, fieldState }) => (
                          <NumberInput
                            label="Priority"
                            description="Lower runs first"
                            allowDecimal={false}
                            value={field.value ?? ''}
                            error={fieldState.error?.message}
                            onChange={(v) => field.onChange(typeof v === 'number' ? v : undefined)}
                            onBlur={field.onBlur}
                          />
                        )}
                      />
                      <Controller
                        control={form.control}
                        name="stacking"
                        render={({ field, fieldState }) => (
                          <Select
                            label="Stacking"
                            description="How it combines with other rules"
                            allowDeselect={false}
                            data={STACKING_MODES.map((m) => ({ value: m, label: STACKING_LABELS[m] }))}
                            value={field.value ?? 'stack'}
                            error={fieldState.error?.message}
                            onChange={(v) => v && field.onChange(v)}
                          />
                        )}
                      />
                    </SimpleGrid>
                    <Controller
                      control={form.control}
                      name="active"
                      render={({ field }) => (
                        <Switch
                          label="Active: applies to purchases recorded from now on"
                          checked={field.value ?? true}
                          onChange={(e) => field.onChange(e.currentTarget.checked)}
                        />
                      )}
                    />
                  </Stack>
                </Card>
                <Card withBorder padding="md">
                  <KindFields control={form.control as never} kind={kind} errors={errors} />
                </Card>
                <Card withBorder padding="md">
                  <Controller
                    control={form.control}
                    name="condition"
                    render={({ field }) => (
                      <ConditionEditor
                        value={field.value as Condition | undefined}
                        onChange={field.onChange}
                        disabled={!canWrite}
                        errorAt={(path) =>
                          (get(errors, path ? `condition.${path}` : 'condition') as { message?: string } | undefined)
                            ?.message
                        }
                      />
                    )}
                  />
                </Card>
                <Card withBorder padding="md">
                  <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
                    <OptionalNumber
                      form={form}
                      name="minAmount"
                      label="Minimum amount"
                      description={`Minor units of ${program?.currency ?? 'the currency'}`}
                    />
                    <OptionalNumber form={form} name="maxPoints" label="Points cap" description="Per transaction" />
                    <OptionalNumber
                      form={form}
                      name="approvalDays"
                      label="Hold for days"
                      description="Points stay pending"
                    />
                  </SimpleGrid>
                  {schedule && (
                    <Text size="xs" c="dimmed" mt="sm">
                      Schedule kept as it is: {JSON.stringify(schedule)}
                    </Text>
                  )}
                </Card>
                {rootError && (
                  <Alert color="red" variant="light" role="alert" title="The API refused the rule">
                    {rootError}
                  </Alert>
                )}
                {canWrite && (
                  <Group justify="flex-end">
                    {isDirty && (
                      <Text size="sm" c="dimmed">
                        Unsaved changes
                      </Text>
                    )}
                    <Button type="submit" loading={save.isPending}>
                      {rule.data ? 'Save rule' : 'Create rule'}
                    </Button>
                  </Group>
                )}
              </Stack>
            </fieldset>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <SimulatePane
            programId={programId}
            currency={program?.currency ?? 'EUR'}
            format={format}
            ruleId={rule.data?.id}
            unsaved={!rule.data || isDirty}
          />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
