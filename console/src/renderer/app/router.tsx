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
import { MemberPage } from '../features/members/member-page.tsx';
import { MembersPage } from '../features/members/members-page.tsx';
import { HomeRedirect } from '../features/programs/home-redirect.tsx';
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

const routeTree = rootRoute.addChildren([
  homeRoute,
  programRoute.addChildren([dashboardRoute, membersRoute, memberRoute]),
]);

export function createConsoleRouter() {
  return createRouter({ routeTree, history: createHashHistory(), defaultPreload: false });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createConsoleRouter>;
  }
}
