import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../ipc/channels.ts';

// The native menu with its keyboard shortcuts. Console commands are sent to the renderer, which
// owns navigation; the rest are Electron's standard roles.

export interface MenuTemplateInput {
  isMac: boolean;
  isDev: boolean;
  appName: string;
  send(command: MenuCommand): void;
}

export function consoleMenuTemplate({ isMac, isDev, appName, send }: MenuTemplateInput): MenuItemConstructorOptions[] {
  const command = (label: string, accelerator: string, name: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => send(name),
  });
  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: appName,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [
    ...appMenu,
    {
      label: 'File',
      submenu: [
        command('Log out', 'CmdOrCtrl+Shift+Q', 'log-out'),
        { type: 'separator' },
        { role: isMac ? 'close' : 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Go',
      submenu: [
        command('Members', 'CmdOrCtrl+1', 'go-members'),
        command('Find a member', 'CmdOrCtrl+K', 'find-member'),
      ],
    },
    {
      label: 'View',
      submenu: [
        command('Toggle dark theme', 'CmdOrCtrl+Shift+L', 'toggle-theme'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(isDev ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
      ],
    },
    { role: 'windowMenu' },
  ];
}
