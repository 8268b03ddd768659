import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createRuleBodySchema,
  listRulesQuerySchema,
  pageSchema,
  pointsRuleSchema,
  programParamsSchema,
  ruleParamsSchema,
  updateRuleBodySchema,
} from '@loyalty/shared';
import { mutate, read } from '../../http/route-context.ts';
import { noContent, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { createRulesService } from './rules.service.ts';

export function rulesRoutes(deps: ApiDeps) {
  const service = createRulesService();
  const exec = deps.config;
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['rules'];
    app.post(
      '/v1/programs/:programId/rules',
      {
        config: { auth: 'rules:write', idempotent: true },
        schema: {
          operationId: 'createRule',
          tags,
          summary: 'Create a points rule (fixed, percentage or dynamic; conditions, schedule, caps, stacking)',
          description:
            'Adds a points rule to the program: fixed points, a percentage of the amount, or points per currency unit with bands and category multipliers; with an optional condition, schedule, minimum amount, cap, stacking mode and approval period. It applies to purchases recorded from now on. Needs `rules:write`. 409 `rule_limit_reached` when the program already has 200 active rules; a retry without the same Idempotency-Key creates a second rule.',
          params: programParamsSchema,
          body: createRuleBodySchema,
          response: responses({ 201: pointsRuleSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, exec, async (tx, p) => ({
          status: 201,
          body: await service.create(tx, p, req.params.programId, req.body, req.id),
        })),
    );

    app.get(
      '/v1/programs/:programId/rules',
      {
        config: { auth: 'rules:read' },
        schema: {
          operationId: 'listRules',
          tags,
          summary: "A program's rules in the order they run (priority, then creation)",
          description:
            "The program's rules in the order they run: priority, then creation. Filter by active. Needs `rules:read`; 404 for an unknown program.",
          params: programParamsSchema,
          querystring: listRulesQuerySchema,
          response: responses({ 200: pageSchema(pointsRuleSchema) }),
        },
      },
      (req) => read(exec, req, (tx) => service.list(tx, req.params.programId, req.query)),
    );

    app.get(
      '/v1/rules/:ruleId',
      {
        config: { auth: 'rules:read' },
        schema: {
          operationId: 'getRule',
          tags,
          summary: 'One points rule',
          description: 'One points rule with its whole definition. Needs `rules:read`; 404 once deleted.',
          params: ruleParamsSchema,
          response: responses({ 200: pointsRuleSchema }),
        },
      },
      (req) => read(exec, req, (tx) => service.get(tx, req.params.ruleId)),
    );

    app.patch(
      '/v1/rules/:ruleId',
      {
        config: { auth: 'rules:write', idempotent: true },
        schema: {
          operationId: 'updateRule',
          tags,
          summary:
            'Change a rule: named fields are replaced, null removes an optional one; the result is validated as a whole',
          description:
            'Replaces the fields the patch names (kind and schedule whole), removes the optional ones set to `null`, and validates the result as a whole rule (400 lists every problem); purchases recorded from now on use it. Reactivating a rule counts against the 200 active rules (409 `rule_limit_reached`). Needs `rules:write`. Repeating the same patch leaves the same rule.',
          params: ruleParamsSchema,
          body: updateRuleBodySchema,
          response: responses({ 200: pointsRuleSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, exec, async (tx, p) => ({
          status: 200,
          body: await service.update(tx, p, req.params.ruleId, req.body, req.id),
        })),
    );

    app.delete(
      '/v1/rules/:ruleId',
      {
        config: { auth: 'rules:write', idempotent: true },
        schema: {
          operationId: 'deleteRule',
          tags,
          summary: 'Delete a rule (it stops applying at once; its history stays)',
          description:
            'Deletes the rule: purchases recorded from now on no longer use it, and orders already recorded keep their breakdown. Needs `rules:write`. Deleting again answers 404.',
          params: ruleParamsSchema,
          response: responses({ 204: noContent }),
        },
      },
      (req, reply) =>
        mutate(req, reply, exec, async (tx, p) => {
          await service.remove(tx, p, req.params.ruleId, req.id);
          return { status: 204, body: undefined };
        }),
    );
  };
}
