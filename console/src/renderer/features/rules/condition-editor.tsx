import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import {
  CONDITION_FIXED_FIELDS,
  parseCondition,
  type Condition,
  type ConditionOperator,
  type ConditionPredicate,
} from '@loyalty/shared';
import { useState } from 'react';
import {
  appendChild,
  childPath,
  childrenOf,
  FIXED_FIELD_OPTIONS,
  KEYED_FIELD_BASES,
  kindOf,
  listFromText,
  newPredicate,
  nodeAt,
  OPERATOR_LABELS,
  operatorsFor,
  removeAt,
  replaceAt,
  scalarFromText,
  setGroupKind,
  textOfValue,
  toggleNot,
  valueShapeOf,
  withField,
  withOperator,
  type NodePath,
} from './condition-tree.ts';

// The condition language edited as a tree of groups (match all / any, negated or not) and
// comparisons, with a JSON view for pasting; each validation message is shown on its node.

export interface ConditionEditorProps {
  value: Condition | undefined;
  onChange(next: Condition | undefined): void;
  /** The error at a path under the condition ('' for the condition itself). */
  errorAt(path: string): string | undefined;
  disabled?: boolean;
}

interface NodeProps {
  root: Condition;
  path: NodePath;
  onChange(next: Condition | undefined): void;
  errorAt(path: string): string | undefined;
  disabled: boolean;
}

const FIELD_OPTIONS = [
  { group: 'Fields', items: FIXED_FIELD_OPTIONS.map(({ value, label }) => ({ value, label })) },
  { group: 'By key', items: KEYED_FIELD_BASES.map((base) => ({ value: base, label: `${base}.<key>` })) },
];

const pathText = (path: NodePath) => path.join('.');
const under = (at: string, key: string) => (at ? `${at}.${key}` : key);

/** A text box whose text is kept while typed (so "12," or "-" survive) and parsed on each change. */
function ValueText({
  label,
  initial,
  error,
  disabled,
  onValue,
}: {
  label: string;
  initial: string;
  error?: string;
  disabled: boolean;
  onValue(text: string): void;
}) {
  const [text, setText] = useState(initial);
  return (
    <TextInput
      aria-label={label}
      placeholder={label}
      style={{ flex: 1, minWidth: 90 }}
      value={text}
      error={error}
      disabled={disabled}
      onChange={(e) => {
        setText(e.currentTarget.value);
        onValue(e.currentTarget.value);
      }}
    />
  );
}

function PredicateRow({ root, path, onChange, errorAt, disabled }: NodeProps) {
  const predicate = nodeAt(root, path) as ConditionPredicate;
  const set = (next: ConditionPredicate) => onChange(replaceAt(root, path, next));
  const keyed = KEYED_FIELD_BASES.find((base) => predicate.field.startsWith(`${base}.`));
  const shape = valueShapeOf(predicate.op);
  const at = pathText(path);
  const valueError = errorAt(under(at, 'value')) ?? errorAt(under(at, 'value.0')) ?? errorAt(under(at, 'value.1'));
  const id = `${at}|${predicate.field}|${predicate.op}`;
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap" data-condition-path={at}>
      <Select
        aria-label="Field"
        w={200}
        searchable
        allowDeselect={false}
        data={FIELD_OPTIONS}
        value={keyed ?? predicate.field}
        error={errorAt(under(at, 'field'))}
        disabled={disabled}
        onChange={(field) =>
          field &&
          set(
            withField(
              predicate,
              keyed === field ? predicate.field : field in CONDITION_FIXED_FIELDS ? field : `${field}.key`,
            ),
          )
        }
      />
      {keyed && (
        <TextInput
          aria-label="Key"
          w={100}
          value={predicate.field.slice(keyed.length + 1)}
          disabled={disabled}
          onChange={(e) =>
            set({ ...predicate, field: `${keyed}.${e.currentTarget.value}` as ConditionPredicate['field'] })
          }
        />
      )}
      <Select
        aria-label="Operator"
        w={130}
        allowDeselect={false}
        data={operatorsFor(predicate.field).map((op) => ({ value: op, label: OPERATOR_LABELS[op] }))}
        value={predicate.op}
        error={errorAt(under(at, 'op'))}
        disabled={disabled}
        onChange={(op) => op && set(withOperator(predicate, op as ConditionOperator))}
      />
      {shape === 'single' && (
        <ValueText
          key={id}
          label="Value"
          initial={textOfValue(predicate.value)}
          error={valueError}
          disabled={disabled}
          onValue={(t) => set({ ...predicate, value: scalarFromText(predicate.field, predicate.op, t) })}
        />
      )}
      {shape === 'list' && (
        <ValueText
          key={id}
          label="Values, comma-separated"
          initial={textOfValue(predicate.value)}
          error={valueError}
          disabled={disabled}
          onValue={(t) => set({ ...predicate, value: listFromText(predicate.field, predicate.op, t) })}
        />
      )}
      {shape === 'range' &&
        ([0, 1] as const).map((bound) => (
          <ValueText
            key={`${id}|${bound}`}
            label={bound === 0 ? 'From' : 'To'}
            initial={Array.isArray(predicate.value) ? String(predicate.value[bound] ?? '') : ''}
            error={bound === 0 ? valueError : undefined}
            disabled={disabled}
            onValue={(t) => {
              const range = Array.isArray(predicate.value) ? [...predicate.value] : [0, 0];
              const parsed = scalarFromText(predicate.field, predicate.op, t);
              range[bound] = typeof parsed === 'boolean' ? t : parsed;
              set({ ...predicate, value: range });
            }}
          />
        ))}
      <NodeActions root={root} path={path} onChange={onChange} disabled={disabled} what="comparison" />
    </Group>
  );
}

function NodeActions({
  root,
  path,
  onChange,
  disabled,
  what,
}: Pick<NodeProps, 'root' | 'path' | 'onChange' | 'disabled'> & { what: string }) {
  return (
    <Group gap={2} wrap="nowrap" mt={4}>
      <Button
        variant="subtle"
        color="gray"
        size="compact-xs"
        aria-label={`not: negate the ${what}`}
        disabled={disabled}
        onClick={() => onChange(toggleNot(root, path))}
      >
        not
      </Button>
      <ActionIcon
        variant="subtle"
        color="red"
        aria-label={`Remove ${what}`}
        disabled={disabled}
        onClick={() => onChange(removeAt(root, path))}
      >
        <span aria-hidden>✕</span>
      </ActionIcon>
    </Group>
  );
}

function ConditionNode(props: NodeProps) {
  const { root, path, onChange, errorAt, disabled } = props;
  const node = nodeAt(root, path)!;
  const kind = kindOf(node);
  const at = pathText(path);
  if (kind === 'predicate') return <PredicateRow {...props} />;
  if (kind === 'not') {
    return (
      <Paper withBorder p="xs" className="condition-not" data-condition-path={at}>
        <Group justify="space-between" mb={6}>
          <Badge color="red" variant="light">
            not
          </Badge>
          <Button
            variant="subtle"
            color="gray"
            size="compact-xs"
            disabled={disabled}
            onClick={() => onChange(toggleNot(root, path))}
          >
            Remove negation
          </Button>
        </Group>
        <ConditionNode {...props} path={childPath(path, node, 0)} />
      </Paper>
    );
  }
  const children = childrenOf(node);
  const groupError = errorAt(at);
  return (
    <Paper
      withBorder
      p="sm"
      className="condition-group"
      data-condition-path={at}
      role="group"
      aria-label={`Match ${kind}`}
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Text size="sm">Match</Text>
            <SegmentedControl
              size="xs"
              aria-label="Match all or any"
              disabled={disabled}
              value={kind}
              data={[
                { value: 'all', label: 'all' },
                { value: 'any', label: 'any' },
              ]}
              onChange={(k) => onChange(setGroupKind(root, path, k as 'all' | 'any'))}
            />
            <Text size="sm">of these</Text>
          </Group>
          <NodeActions root={root} path={path} onChange={onChange} disabled={disabled} what="group" />
        </Group>
        {groupError && (
          <Text size="sm" c="red" role="alert">
            {groupError}
          </Text>
        )}
        {children.length === 0 && (
          <Text size="sm" c="dimmed">
            {kind === 'all' ? 'An empty “all” group is always true.' : 'An empty “any” group is never true.'}
          </Text>
        )}
        {children.map((_, i) => (
          <ConditionNode key={i} {...props} path={childPath(path, node, i)} />
        ))}
        <Group gap="xs">
          <Button
            variant="light"
            size="compact-sm"
            disabled={disabled}
            onClick={() => onChange(appendChild(root, path, newPredicate()))}
          >
            Add comparison
          </Button>
          <Button
            variant="light"
            size="compact-sm"
            disabled={disabled}
            onClick={() => onChange(appendChild(root, path, { any: [newPredicate()] }))}
          >
            Add group
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function JsonView({ value, onChange, disabled }: Pick<ConditionEditorProps, 'value' | 'onChange' | 'disabled'>) {
  const [text, setText] = useState(() => (value ? JSON.stringify(value, null, 2) : ''));
  const [problem, setProblem] = useState<string>();
  return (
    <Textarea
      label="Condition as JSON"
      description="Validated by the same schema as the API; an empty box means every purchase qualifies"
      autosize
      minRows={6}
      ff="monospace"
      value={text}
      disabled={disabled}
      error={problem}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        if (next.trim() === '') {
          setProblem(undefined);
          onChange(undefined);
          return;
        }
        let json: unknown;
        try {
          json = JSON.parse(next);
        } catch {
          setProblem('not valid JSON yet');
          return;
        }
        const parsed = parseCondition(json);
        if (parsed.ok) {
          setProblem(undefined);
          onChange(parsed.condition);
        } else {
          setProblem(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
        }
      }}
    />
  );
}

export function ConditionEditor({ value, onChange, errorAt, disabled = false }: ConditionEditorProps) {
  const [view, setView] = useState<'visual' | 'json'>('visual');
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          Condition
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Condition view"
          value={view}
          onChange={(v) => setView(v as 'visual' | 'json')}
          data={[
            { value: 'visual', label: 'Visual' },
            { value: 'json', label: 'JSON' },
          ]}
        />
      </Group>
      {view === 'json' ? (
        <JsonView value={value} onChange={onChange} disabled={disabled} />
      ) : value === undefined ? (
        <Group justify="space-between" className="condition-empty">
          <Text size="sm" c="dimmed">
            Every purchase qualifies.
          </Text>
          <Button
            variant="light"
            size="compact-sm"
            disabled={disabled}
            onClick={() => onChange({ all: [newPredicate()] })}
          >
            Add a condition
          </Button>
        </Group>
      ) : (
        <ConditionNode root={value} path={[]} onChange={onChange} errorAt={errorAt} disabled={disabled} />
      )}
      {view === 'visual' && errorAt('') && (
        <Text size="sm" c="red" role="alert">
          {errorAt('')}
        </Text>
      )}
    </Stack>
  );
}
