import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { IpcEvents } from '../../shared/ipc';

type Command = IpcEvents['app:command']['command'];

/** File: New session, Open transcript, Export; Practice; the usual Edit/View/Window menus. */
export function buildMenu(window: BrowserWindow): Menu {
  const send = (command: Command) => () => window.webContents.send('app:command', { command });
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Session', accelerator: 'CmdOrCtrl+N', click: send('new-session') },
        { label: 'Open Transcript…', accelerator: 'CmdOrCtrl+O', click: send('open-transcript') },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: send('export') },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Practice',
      submenu: [{ label: 'Choose a Scenario…', accelerator: 'CmdOrCtrl+P', click: send('practice') }],
    },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
