import {
  createHashHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  useNavigate,
} from '@tanstack/react-router';
import { DashboardPage } from '../features/dashboard/dashboard-page.tsx';
import { parseDashboardSearch } from '../features/dashboard/time-range.ts';
import { ApiKeysPage } from '../features/api-keys/api-keys-page.tsx';
import { MemberPage } from '../features/members/member-page.tsx';
import { MembersPage } from '../features/members/members-page.tsx';
import { HomeRedirect } from '../features/programs/home-redirect.tsx';
import { RuleEditorPage } from '../features/rules/rule-editor-page.tsx';
import { RulesPage } from '../features/rules/rules-page.tsx';
import { TiersPage } from '../features/tiers/tiers-page.tsx';
import { AppShellLayout } from './app-shell.tsx';

// Routes live in the URL's hash: the same build works from app:// in Electron, from file:// and
// under /console/ on the API, with no server rewriting paths to index.html.

const rootRoute = createRootRoute({ component: Outlet });
const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomeRedirect });
const programRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/programs/$programId',
  component: AppShellLayout,
});
const dashboardRoute = createRoute({
  getParentRoute: () => programRoute,
  path: '/dashboard',
  validateSearch: parseDashboardSearch,
  component: function Dashboard() {
    const { programId } = dashboardRoute.useParams();
    const search = dashboardRoute.useSearch();
    const navigate = useNavigate({ from: dashboardRoute.fullPath });
    return (
      <DashboardPage
        programId={programId}
        search={search}
        onSearch={(next) => void navigate({ search: (prev) => ({ ...prev, ...next }), replace: true })}
      />
    );
  },
});
const membersRoute = createRoute({
  getParentRoute: () => programRoute,
  path: '/members',
  component: function Members() {
    const { programId } = membersRoute.useParams();
    return <MembersPage programId={programId} />;
  },
});
const memberRoute = createRoute({
  getParentRoute: () => programRoute,
  path: '/members/$memberId',
  component: function Member() {
    const { programId, memberId } = memberRoute.useParams();
    return <MemberPage programId={programId} memberId={memberId} />;
  },
});

const rulesRoute = createRoute({
  getParentRoute: () => programRoute,
  path: '/rules',
  component: function Rules() {
    const { programId } = rulesRoute.useParams();
    return <RulesPage programId={programId} />;
  },
});
const ruleRoute = createRoute({
  getParentRoute: () => programRoute,
  path: '/rules/$ruleId',
  component: function Rule() {
    const { programId, ruleId } = ruleRoute.useParams();
    // A new rule's editor remounts once it is saved and has an id.
    return <RuleEditorPage key={ruleId} programId={programId} ruleId={ruleId === 'new' ? undefined : ruleId} />;
  },
});

const apiKeysRoute = createRoute({
  getParentRoute: () => programRoute,
  path: '/api-keys',
  component: function ApiKeys() {
    const { programId } = apiKeysRoute.useParams();
    return <ApiKeysPage programId={programId} />;
  },
});

const tiersRoute = createRoute({
  getParentRoute: () => programRoute,
  path: '/tiers',
  component: function Tiers() {
    const { programId } = tiersRoute.useParams();
    return <TiersPage programId={programId} />;
  },
});

const routeTree = rootRoute.addChildren([
  homeRoute,
  programRoute.addChildren([
    dashboardRoute,
    membersRoute,
    memberRoute,
    rulesRoute,
    ruleRoute,
    tiersRoute,
    apiKeysRoute,
  ]),
]);

export function createConsoleRouter() {
  return createRouter({ routeTree, history: createHashHistory(), defaultPreload: false });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createConsoleRouter>;
  }
}
