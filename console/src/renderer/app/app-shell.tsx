import {
  ActionIcon,
  AppShell,
  Badge,
  Group,
  Menu,
  NavLink,
  Text,
  Tooltip,
  UnstyledButton,
  useMantineColorScheme,
} from '@mantine/core';
import { Outlet, useLocation, useNavigate, useParams } from '@tanstack/react-router';
import { useEffect } from 'react';
import { consoleBridge } from '../platform/bridge.ts';
import { rememberProgram } from '../features/programs/home-redirect.tsx';
import { ProgramSwitcher } from '../features/programs/program-switcher.tsx';
import { useSession, useSignedIn } from '../features/session/session.tsx';
import { navItemsFor } from './nav-items.ts';

export const FIND_MEMBER_INPUT_ID = 'find-member';

export function AppShellLayout() {
  const { programId } = useParams({ from: '/programs/$programId' });
  const { claims, permissions, tenantName } = useSignedIn();
  const { logOut } = useSession();
  const { colorScheme, toggleColorScheme } = useMantineColorScheme();
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(() => rememberProgram(programId), [programId]);

  // Native menu commands (Electron only): the shortcuts are registered by main.
  useEffect(
    () =>
      consoleBridge()?.onMenuCommand((command) => {
        if (command === 'log-out') void logOut();
        if (command === 'toggle-theme') toggleColorScheme();
        if (command === 'go-members' || command === 'find-member') {
          void navigate({ to: '/programs/$programId/members', params: { programId } }).then(() => {
            if (command === 'find-member') document.getElementById(FIND_MEMBER_INPUT_ID)?.focus();
          });
        }
      }),
    [logOut, navigate, programId, toggleColorScheme],
  );

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 0 }} padding="lg">
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
            <Text fw={700} size="lg" className="brand">
              Loyalty Studio
            </Text>
            <ProgramSwitcher programId={programId} />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Tooltip label={colorScheme === 'dark' ? 'Light theme' : 'Dark theme'}>
              <ActionIcon variant="default" size="lg" aria-label="Toggle dark theme" onClick={toggleColorScheme}>
                <span aria-hidden>{colorScheme === 'dark' ? '☀' : '☾'}</span>
              </ActionIcon>
            </Tooltip>
            <Menu position="bottom-end" width={240}>
              <Menu.Target>
                <UnstyledButton className="user-button">
                  <Text size="sm" fw={500}>
                    {tenantName ?? 'Workspace'}
                  </Text>
                  <Badge variant="light" size="sm">
                    {claims.role}
                  </Badge>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Signed in as {claims.role}</Menu.Label>
                <Menu.Item onClick={() => void logOut()}>Log out</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        {navItemsFor(permissions).map((item) => (
          <NavLink
            key={item.to}
            href={`#${item.to.replace('$programId', programId)}`}
            label={item.label}
            active={location.pathname.startsWith(item.to.replace('$programId', programId))}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
