// Which methods each path answers, so a known path asked with another method gets 405 with an
// Allow header (as HTTP says) rather than a 404 that suggests the path does not exist.

interface RegisteredRoute {
  pattern: RegExp;
  methods: string[];
}

/** `/v1/members/:memberId/points` → a regex matching concrete paths of that route. */
export function routePatternToRegex(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

export function createRouteMethodIndex() {
  const routes: RegisteredRoute[] = [];
  return {
    add(url: string, method: string | string[]): void {
      const methods = Array.isArray(method) ? method : [method];
      routes.push({ pattern: routePatternToRegex(url), methods });
    },
    /** The methods `path` answers, sorted; empty when no route has that path. */
    allowedMethods(path: string): string[] {
      const allowed = new Set<string>();
      for (const route of routes) if (route.pattern.test(path)) route.methods.forEach((m) => allowed.add(m));
      return [...allowed].sort();
    },
  };
}
