import { compileRules, type CompiledRules } from '@loyalty/shared';
import type { Db } from '../../db/pool.ts';
import { activeRulesForProgram } from '../rules/rules.repository.ts';

// Compiling a program's rules (conditions into closures, schedules into calendars) costs far
// more than evaluating them, so compiled rules are kept per program and reused for as long as
// the stored rules are unchanged: the cache key is every rule's id and last update.

export interface CompiledRulesCache {
  get(db: Db, programId: string): Promise<CompiledRules>;
}

export function createCompiledRulesCache(maxPrograms = 1_000): CompiledRulesCache {
  const cache = new Map<string, { signature: string; compiled: CompiledRules }>();
  return {
    async get(db, programId) {
      const rules = await activeRulesForProgram(db, programId);
      const signature = rules.map((r) => `${r.id}@${r.updatedAt}`).join(',');
      const hit = cache.get(programId);
      if (hit && hit.signature === signature) return hit.compiled;
      const compiled = compileRules(rules);
      if (cache.size >= maxPrograms) cache.delete(cache.keys().next().value!);
      cache.set(programId, { signature, compiled });
      return compiled;
    },
  };
}
