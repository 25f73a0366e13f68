// The Electron shell: its windows, the IPC handlers, the menu. Thin on purpose: everything it
// does goes through main/app, which the web bridge uses too. Each window has its own endpoint
// (its own sessions and events), found by the webContents that sent the request.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type IpcEvents } from '../../shared/ipc';
import { electronHistoryDir } from '../app/appDataDir';
import { createIpcEndpoint, historyStoreFor, type IpcEndpoint } from '../app/ipcHandlers';
import { LabService } from '../app/labService';
import { electronProfileRoot } from '../app/profilePaths';
import { profileStoreFor } from '../app/profileStore';
import { safeStorageKeychain } from './safeStorageKeychain';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolResponse } from './appProtocol';
import { buildMenu } from './menu';
import { lockNavigation } from './navigationGuards';
import { denyAllPermissions } from './sessionPermissions';
import { createMainWindow, isTrustedSenderFrame, openLinkExternally } from './windowOptions';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const lab = new LabService();
const endpoints = new Map<number, IpcEndpoint>();

// Only possible before `ready`: app:// must be a standard, secure scheme from the start.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

function createWindow(): BrowserWindow {
  const window = createMainWindow(BrowserWindow, path.join(here, '../preload'));
  const emit = <E extends keyof IpcEvents>(channel: E, payload: IpcEvents[E]) => {
    if (!window.isDestroyed()) window.webContents.send(channel, payload);
  };
  // The session history lives in the app's own folder (docs/history.md).
  const history = historyStoreFor(electronHistoryDir(app.getPath('userData')));
  const id = window.webContents.id;
  // Saved servers beside it; their remembered secrets sealed by safeStorage (docs/data.md).
  const profiles = profileStoreFor(electronProfileRoot(app.getPath('userData')), safeStorageKeychain);
  endpoints.set(id, createIpcEndpoint(emit, lab, { history, profiles }));
  // No window ever opens; a documentation link goes to the user's browser, if on the allow-list.
  window.webContents.setWindowOpenHandler(({ url }) => {
    openLinkExternally(url, shell);
    return { action: 'deny' };
  });
  window.on('closed', () => {
    endpoints.get(id)?.dispose();
    endpoints.delete(id);
  });
  window.once('ready-to-show', () => window.show());
  window.setMenu(buildMenu(window));
  void window.loadURL(devServerUrl ?? APP_INDEX_URL);
  return window;
}

/** The app's own page, in the top frame: never a subframe, whatever its origin. */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  return isTrustedSenderFrame(event.senderFrame, devServerUrl);
}

function registerIpc(): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload) => {
      const endpoint = endpoints.get(event.sender.id);
      if (!trustedSender(event) || !endpoint) {
        return { ok: false, code: 'UNTRUSTED_SENDER', message: 'request from an untrusted frame', transcript: null };
      }
      try {
        return await endpoint.invoke(channel, payload);
      } catch (err) {
        return { ok: false, code: 'ERROR', message: (err as Error)?.message ?? String(err), transcript: null };
      }
    });
  }
}

app.whenReady().then(() => {
  // No permission (camera, notifications, geolocation, devices...) is ever needed.
  denyAllPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(request.url, request.method, rendererDir));
  registerIpc();
  void lab.ensure();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('web-contents-created', (_event, contents) => lockNavigation(contents));

app.on('window-all-closed', () => {
  void lab.close();
  if (process.platform !== 'darwin') app.quit();
});
