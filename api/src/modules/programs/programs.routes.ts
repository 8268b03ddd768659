import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createProgramBodySchema, idParamsSchema, programSchema, updateProgramBodySchema } from '@loyalty/shared';
import { notFound } from '../../domain-error.ts';
import { mutate, poolExecutor, read } from '../../http/route-context.ts';
import { responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { appendEvents } from '../outbox/outbox.repository.ts';
import { findProgram, insertProgram, listPrograms, programView, updateProgram } from './programs.repository.ts';

export function programsRoutes(deps: ApiDeps) {
  const exec = poolExecutor(deps.pool);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/v1/programs', {
      config: { auth: 'programs:read' },
      schema: { tags: ['programs'], summary: 'Your loyalty programs', response: responses({ 200: z.object({ data: z.array(programSchema) }) }) },
    }, (req) => read(deps.pool, req, async (tx) => ({ data: (await listPrograms(tx)).map(programView) })));

    app.get('/v1/programs/:id', {
      config: { auth: 'programs:read' },
      schema: { tags: ['programs'], summary: 'One program', params: idParamsSchema, response: responses({ 200: programSchema }) },
    }, (req) => read(deps.pool, req, async (tx) => {
      const program = await findProgram(tx, req.params.id);
      if (!program) throw notFound('program');
      return programView(program);
    }));

    app.post('/v1/programs', {
      config: { auth: 'programs:write' },
      schema: { tags: ['programs'], summary: 'Create a program (currency and time zone are validated)', body: createProgramBodySchema, response: responses({ 201: programSchema }) },
    }, (req, reply) => mutate(req, reply, exec, async (tx, p) => {
      const program = programView(await insertProgram(tx, { tenantId: p.tenantId, ...req.body }));
      await recordAudit(tx, { tenantId: p.tenantId, actor: p.actor, action: 'program.created', entityType: 'program', entityId: program.id, after: program, requestId: req.id });
      await appendEvents(tx, [{ type: 'program_created', tenantId: p.tenantId, programId: program.id, data: { program } }]);
      return { status: 201, body: program };
    }));

    app.patch('/v1/programs/:id', {
      config: { auth: 'programs:write' },
      schema: { tags: ['programs'], summary: 'Update a program (its currency is fixed once created)', params: idParamsSchema, body: updateProgramBodySchema, response: responses({ 200: programSchema }) },
    }, (req, reply) => mutate(req, reply, exec, async (tx, p) => {
      const before = await findProgram(tx, req.params.id, { forUpdate: true });
      if (!before) throw notFound('program');
      const after = programView(await updateProgram(tx, {
        ...before,
        name: req.body.name ?? before.name,
        timezone: req.body.timezone ?? before.timezone,
        settings: { ...before.settings, ...req.body.settings },
      }));
      await recordAudit(tx, { tenantId: p.tenantId, actor: p.actor, action: 'program.updated', entityType: 'program', entityId: after.id, before: programView(before), after, requestId: req.id });
      await appendEvents(tx, [{ type: 'program_updated', tenantId: p.tenantId, programId: after.id, data: { program: after } }]);
      return { status: 200, body: after };
    }));
  };
}
