import type { RouteOptions } from 'fastify';
import { isDocumented } from './operation-ids.ts';

// The summary names an operation in a list; the description is what an integrator reads before
// calling it: what it changes, who may call it, how it fails, whether a retry is safe. Who may
// call it is config.auth, so the description must name that very permission (or say that the
// route needs no credentials): a permission changed in one place and not the other fails here,
// when the route registers, rather than in a client's 403.

export const PUBLIC_ROUTE_WORDS = 'needs no credentials';

/** What a route's description must contain to say who may call it. */
export function permissionMention(auth: string): string {
  return auth === 'public' ? PUBLIC_ROUTE_WORDS : `\`${auth}\``;
}

/** An onRoute hook that refuses a documented route whose description is missing or names another permission. */
export function operationDescriptionGuard(): (route: RouteOptions) => void {
  return (route) => {
    if (route.method === 'HEAD' || !isDocumented(route)) return;
    const where = `${String(route.method)} ${route.url}`;
    const description = (route.schema as { description?: unknown } | undefined)?.description;
    const auth = route.config?.auth;
    if (typeof description !== 'string' || description.trim() === '') {
      throw new Error(`route ${where} must declare schema.description: what it does, who may call it, how it fails`);
    }
    if (auth !== undefined && !description.includes(permissionMention(auth))) {
      throw new Error(`the description of route ${where} must name who may call it: ${permissionMention(auth)}`);
    }
  };
}
