// The Electron shell: one window, the IPC handlers, the menu. Thin on purpose: everything it
// does goes through main/app, which the web bridge uses too.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, session, shell, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type IpcEvents } from '../../shared/ipc';
import { electronHistoryDir } from '../app/appDataDir';
import { createIpcEndpoint, historyStoreFor, type IpcEndpoint } from '../app/ipcHandlers';
import { LabService } from '../app/labService';
import { buildMenu } from './menu';
import { isSafeExternalUrl, isTrustedRendererUrl, windowOptions } from './windowOptions';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const lab = new LabService();
let endpoint: IpcEndpoint | null = null;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(windowOptions(path.join(here, '../preload')));
  const emit = <E extends keyof IpcEvents>(channel: E, payload: IpcEvents[E]) => {
    if (!window.isDestroyed()) window.webContents.send(channel, payload);
  };
  // The session history lives in the app's own folder (docs/history.md).
  endpoint = createIpcEndpoint(emit, lab, { history: historyStoreFor(electronHistoryDir(app.getPath('userData'))) });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.on('closed', () => endpoint?.dispose());
  window.once('ready-to-show', () => window.show());
  window.setMenu(buildMenu(window));
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(path.join(rendererDir, 'index.html'));
  return window;
}

function trustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return isTrustedRendererUrl(url, rendererDir, devServerUrl);
}

function registerIpc(): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, payload) => {
      if (!trustedSender(event) || !endpoint) {
        return { ok: false, code: 'UNTRUSTED_SENDER', message: 'request from an untrusted frame', transcript: null };
      }
      return endpoint.invoke(channel, payload);
    });
  }
}

app.whenReady().then(() => {
  // No permission (camera, notifications, geolocation...) is ever needed.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  registerIpc();
  void lab.ensure();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('window-all-closed', () => {
  void lab.close();
  if (process.platform !== 'darwin') app.quit();
});
