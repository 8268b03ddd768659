import type { z } from 'zod';

// What any JSON a client sends must satisfy before it reaches a schema, a query or jsonb:
// Postgres text and jsonb cannot hold NUL, jsonb refuses lone surrogates, and recursive code
// (validators, serializers) overflows the stack on deep nesting. The walk is iterative so the
// check itself survives any depth.

export interface JsonLimits {
  /** Objects and arrays nested inside one another, the top level counting as 1. */
  maxDepth: number;
  /** Object keys and array elements in the whole value. */
  maxNodes: number;
}

/** Limits for a whole request body. */
export const BODY_JSON_LIMITS: JsonLimits = { maxDepth: 32, maxNodes: 20_000 };

export type JsonPath = (string | number)[];

export interface JsonProblem {
  /** Where: keys and array indexes from the value's root (empty for the root itself). */
  path: JsonPath;
  problem: string;
}

/** What no string of a JSON body may hold: Postgres text and jsonb cannot store it. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
export const NUL_CHARACTER = /[\u0000]/;

/** The first reason a string cannot be stored or compared safely, if any. */
export function unsafeTextReason(text: string): string | undefined {
  if (NUL_CHARACTER.test(text)) return 'contains a NUL character (\\u0000)';
  if (!text.isWellFormed()) return 'is not well-formed Unicode (a lone surrogate)';
  return undefined;
}

interface Pending {
  value: unknown;
  path: JsonPath;
  depth: number;
}

/** A path as people read it: `order.lines[2]."odd key"`, or `(root)`. */
export function formatJsonPath(path: JsonPath): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const shown = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
      return i === 0 ? shown : `.${shown}`;
    })
    .join('');
}

/** The first problem found in a parsed JSON value, or undefined when it is safe. */
export function findUnsafeJson(root: unknown, limits: JsonLimits): JsonProblem | undefined {
  const stack: Pending[] = [{ value: root, path: [], depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const reason = unsafeTextReason(value);
      if (reason) return { path, problem: reason };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > limits.maxDepth) return { path, problem: `nests deeper than ${limits.maxDepth} levels` };
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value);
    nodes += entries.length;
    if (nodes > limits.maxNodes)
      return { path, problem: `holds more than ${limits.maxNodes} keys and elements in all` };
    // Pushed in reverse so the walk reports problems in document order.
    for (const [key, item] of entries.reverse()) {
      const itemPath = [...path, key];
      if (typeof key === 'string') {
        const reason = unsafeTextReason(key);
        if (reason) return { path: itemPath, problem: `key ${reason}` };
      }
      stack.push({ value: item, path: itemPath, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Refuses values that could not be stored as jsonb (or nest too deep), at the path of the problem. */
export function storableJson<T extends z.ZodType>(schema: T, limits: JsonLimits): T {
  return schema.superRefine((value, ctx) => {
    const unsafe = findUnsafeJson(value, limits);
    if (unsafe) ctx.addIssue({ code: 'custom', path: unsafe.path, message: unsafe.problem, abort: true });
  }) as unknown as T;
}
