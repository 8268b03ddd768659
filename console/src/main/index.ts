import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { consoleContentSecurityPolicy } from '@loyalty/shared';
import { IPC_CHANNELS, MENU_COMMAND_CHANNEL } from '../ipc/channels.ts';
import { ipcContract } from '../ipc/contract.ts';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME } from './app-origin.ts';
import { resolveAppFile } from './app-protocol.ts';
import { loadShellConfig } from './config.ts';
import { createIpcDispatcher } from './ipc-dispatch.ts';
import { createIpcHandlers } from './ipc-handlers.ts';
import { consoleMenuTemplate } from './menu-template.ts';
import { navigationDecision, windowOpenDecision } from './navigation-policy.ts';
import { createTokenVault } from './token-vault.ts';
import { consoleWindowOptions } from './window-options.ts';

// The Electron main process: thin wiring of the pure pieces beside it (window options, navigation
// policy, IPC dispatch and handlers, token vault, menu), which are tested without Electron.

const config = loadShellConfig();
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const appOrigin = config.devRendererUrl ? new URL(config.devRendererUrl).origin : APP_ORIGIN;
const origins = { appOrigin, apiOrigin: config.apiOrigin };
const csp = consoleContentSecurityPolicy(config.apiOrigin);

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const sessionPath = () => path.join(app.getPath('userData'), 'session.bin');
const vault = createTokenVault({
  storage: {
    isAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
    backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'),
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    decrypt: async (bytes) => (await safeStorage.decryptStringAsync(Buffer.from(bytes))).result,
  },
  file: {
    read: () => readFile(sessionPath()).catch(() => undefined),
    write: (bytes) => writeFile(sessionPath(), bytes, { mode: 0o600 }),
    remove: () => rm(sessionPath(), { force: true }),
  },
});

function serveAppFiles(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const found = resolveAppFile(request.url, rendererDir);
    if (found.kind === 'missing') return new Response('not found', { status: 404 });
    const body = await readFile(found.path);
    return new Response(body, {
      headers: {
        'content-type': found.contentType,
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}

function registerIpc(window: BrowserWindow): void {
  const dispatch = createIpcDispatcher({
    contract: ipcContract,
    trustedOrigins: [appOrigin],
    handlers: createIpcHandlers({
      apiOrigin: config.apiOrigin,
      version: app.getVersion(),
      platform: process.platform,
      vault,
      openExternal: (url) => shell.openExternal(url),
      chooseSavePath: async (suggestedName) => {
        const choice = await dialog.showSaveDialog(window, { defaultPath: suggestedName });
        return choice.canceled ? undefined : choice.filePath;
      },
      writeFile: (file, contents) => writeFile(file, contents),
    }),
  });
  for (const channel of Object.values(IPC_CHANNELS)) {
    ipcMain.handle(channel, (event, payload) => dispatch(event.senderFrame?.url, channel, payload));
  }
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(
    consoleWindowOptions({
      preloadPath: path.join(here, '../preload/index.cjs'),
      dark: nativeTheme.shouldUseDarkColors,
    }),
  );
  const contents = window.webContents;
  const follow = (decision: ReturnType<typeof navigationDecision>) => {
    if (decision.action === 'deny' && decision.openExternally) void shell.openExternal(decision.openExternally);
  };
  contents.on('will-navigate', (event, url) => {
    const decision = navigationDecision(url, origins);
    if (decision.action === 'deny') event.preventDefault();
    follow(decision);
  });
  contents.setWindowOpenHandler(({ url }) => {
    follow(windowOpenDecision(url, origins));
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      consoleMenuTemplate({
        isMac: process.platform === 'darwin',
        isDev: config.devRendererUrl !== undefined,
        appName: app.name,
        send: (command) => contents.send(MENU_COMMAND_CHANNEL, command),
      }),
    ),
  );
  registerIpc(window);
  void window.loadURL(config.devRendererUrl ?? APP_ENTRY_URL);
  return window;
}

void app.whenReady().then(() => {
  // Electron grants every permission (camera, notifications, ...) unless told otherwise.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveAppFiles();
  createWindow();
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) createWindow();
});
