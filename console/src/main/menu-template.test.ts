import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { consoleMenuTemplate } from './menu-template.ts';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);
}

describe('consoleMenuTemplate', () => {
  it('gives the console commands shortcuts and sends them to the renderer', () => {
    const send = vi.fn();
    const all = items(consoleMenuTemplate({ isMac: false, isDev: false, appName: 'Loyalty Studio', send }));
    const find = all.find((i) => i.label === 'Find a member')!;
    expect(find.accelerator).toBe('CmdOrCtrl+K');
    (find.click as () => void)();
    expect(send).toHaveBeenCalledWith('find-member');
    expect(all.map((i) => i.accelerator).filter(Boolean)).toEqual([
      'CmdOrCtrl+Shift+Q',
      'CmdOrCtrl+1',
      'CmdOrCtrl+K',
      'CmdOrCtrl+Shift+L',
    ]);
  });

  it('offers developer tools only in development, and the app menu only on macOS', () => {
    const roles = (isDev: boolean, isMac: boolean) =>
      items(consoleMenuTemplate({ isMac, isDev, appName: 'L', send: () => undefined })).map((i) => i.role);
    expect(roles(false, false)).not.toContain('toggleDevTools');
    expect(roles(true, false)).toContain('toggleDevTools');
    expect(roles(false, true)).toContain('about');
    expect(roles(false, false)).not.toContain('about');
  });
});
