import type { RouteOptions } from 'fastify';

// Clients generated from the OpenAPI document name their methods after operationIds; a name
// derived from the path would change whenever the path does. So every documented route names
// its operation, and a route that does not, or repeats another's name, refuses to register.

const OPERATION_ID = /^[a-z][A-Za-z0-9]*$/;

/** Routes outside the document: the reference UI's own routes and routes marked hidden. */
export function isDocumented(route: RouteOptions): boolean {
  const schema = route.schema as { hide?: boolean } | undefined;
  return !route.url.startsWith('/docs') && schema?.hide !== true;
}

/** An onRoute hook that refuses a documented route without a unique, camelCase operationId. */
export function operationIdGuard(): (route: RouteOptions) => void {
  const seen = new Map<string, string>();
  return (route) => {
    // Fastify adds a HEAD route beside each GET, with the same schema; the document leaves it out.
    if (route.method === 'HEAD' || !isDocumented(route)) return;
    const where = `${String(route.method)} ${route.url}`;
    const operationId = (route.schema as { operationId?: unknown } | undefined)?.operationId;
    if (typeof operationId !== 'string' || !OPERATION_ID.test(operationId)) {
      throw new Error(`route ${where} must declare schema.operationId, a camelCase name clients will call it by`);
    }
    const other = seen.get(operationId);
    if (other !== undefined) throw new Error(`route ${where} repeats the operationId ${operationId} of ${other}`);
    seen.set(operationId, where);
  };
}
