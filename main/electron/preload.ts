// The preload script: exposes the named API of shared/apiFactory.ts to the sandboxed
// renderer. Built as one CommonJS file (electron-vite), as sandbox: true requires.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { makeApi, type Invoke, type Subscribe } from '../../shared/apiFactory';

const invoke: Invoke = (channel, request) => ipcRenderer.invoke(channel, request);

const subscribe: Subscribe = (channel, listener) => {
  const handler = (_event: IpcRendererEvent, payload: Parameters<typeof listener>[0]) => listener(payload);
  ipcRenderer.on(channel, handler);
  return () => {
    ipcRenderer.removeListener(channel, handler);
  };
};

contextBridge.exposeInMainWorld('smtpLens', makeApi(invoke, subscribe));
