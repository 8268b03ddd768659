import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createProgramBodySchema,
  cursorQuerySchema,
  pageSchema,
  programParamsSchema,
  programSchema,
  updateProgramBodySchema,
} from '@loyalty/shared';
import { notFound } from '../../domain-error.ts';
import { prismaSql } from '../../db/prisma.ts';
import { oldestFirst, pageOfSorted } from '../../http/cursor.ts';
import { mutate, read } from '../../http/route-context.ts';
import { responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { republishMemberProfiles } from '../members/member-profiles-republish.ts';
import { appendEvents } from '../outbox/outbox.repository.ts';
import { programView, programsRepository as repo } from './programs.repository.ts';

const sameKeys = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((key, i) => key === b[i]);

export function programsRoutes(deps: ApiDeps) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['programs'];
    app.get(
      '/v1/programs',
      {
        config: { auth: 'programs:read' },
        schema: {
          operationId: 'listPrograms',
          tags,
          summary: 'Your loyalty programs',
          description: "Your tenant's loyalty programs, oldest first, with their settings. Needs `programs:read`.",
          querystring: cursorQuerySchema,
          response: responses({ 200: pageSchema(programSchema) }),
        },
      },
      (req) =>
        read(deps.config, req, async (tx) =>
          pageOfSorted((await repo.list(tx)).map(programView), req.query, oldestFirst()),
        ),
    );

    app.get(
      '/v1/programs/:programId',
      {
        config: { auth: 'programs:read' },
        schema: {
          operationId: 'getProgram',
          tags,
          summary: 'One program',
          description: "One program with its settings. Needs `programs:read`; 404 when it is not one of your tenant's.",
          params: programParamsSchema,
          response: responses({ 200: programSchema }),
        },
      },
      (req) =>
        read(deps.config, req, async (tx) => {
          const program = await repo.find(tx, req.params.programId);
          if (!program) throw notFound('program');
          return programView(program);
        }),
    );

    app.post(
      '/v1/programs',
      {
        config: { auth: 'programs:write', idempotent: true },
        schema: {
          operationId: 'createProgram',
          tags,
          summary: 'Create a program (currency and time zone are validated)',
          description:
            'Creates a loyalty program with its currency (ISO 4217, fixed once created), time zone (IANA) and settings: point expiry, longest hold, tier basis, a per-purchase cap and the custom attributes analytics may see; omitted settings take their defaults. Needs `programs:write`. Recorded in the audit log; a retry without the same Idempotency-Key creates a second program.',
          body: createProgramBodySchema,
          response: responses({ 201: programSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          const program = programView(await repo.create(tx, { tenantId: p.tenantId, ...req.body }));
          const sql = prismaSql(tx);
          await recordAudit(sql, {
            tenantId: p.tenantId,
            actor: p.actor,
            action: 'program.created',
            entityType: 'program',
            entityId: program.id,
            after: program,
            requestId: req.id,
          });
          await appendEvents(sql, [
            { type: 'program_created', tenantId: p.tenantId, programId: program.id, data: { program } },
          ]);
          return { status: 201, body: program };
        }),
    );

    app.patch(
      '/v1/programs/:programId',
      {
        config: { auth: 'programs:write', idempotent: true },
        schema: {
          operationId: 'updateProgram',
          tags,
          summary: 'Update a program (its currency is fixed once created)',
          description:
            "Changes the name, the time zone or the settings it names (the others keep their values); the currency cannot change. A changed `settings.analyticsAttributes` list republishes the program's members to analytics with only those attributes. Needs `programs:write`. Repeating the same patch leaves the same program.",
          params: programParamsSchema,
          body: updateProgramBodySchema,
          response: responses({ 200: programSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          await repo.lock(tx, req.params.programId);
          const found = await repo.find(tx, req.params.programId);
          if (!found) throw notFound('program');
          const before = programView(found);
          const after = programView(
            await repo.update(tx, before.id, {
              name: req.body.name ?? before.name,
              timezone: req.body.timezone ?? before.timezone,
              settings: { ...before.settings, ...req.body.settings },
            }),
          );
          const sql = prismaSql(tx);
          await recordAudit(sql, {
            tenantId: p.tenantId,
            actor: p.actor,
            action: 'program.updated',
            entityType: 'program',
            entityId: after.id,
            before,
            after,
            requestId: req.id,
          });
          await appendEvents(sql, [
            { type: 'program_updated', tenantId: p.tenantId, programId: after.id, data: { program: after } },
          ]);
          if (!sameKeys(before.settings.analyticsAttributes, after.settings.analyticsAttributes))
            await republishMemberProfiles(sql, p.tenantId, after.id, after.settings.analyticsAttributes);
          return { status: 200, body: after };
        }),
    );
  };
}
