import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { IpcEvents } from '../../shared/ipc';

type Command = IpcEvents['app:command']['command'];

/** File: New session, Open transcript, Export; Edit, with Find; Practice; the usual View/Window menus. */
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
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        // The window answers these keys itself (renderer/src/state/commands.ts), as it does in a
        // browser through `smtp-lens web`: the menu shows them but does not take them first.
        { label: 'Find…', accelerator: 'CmdOrCtrl+F', registerAccelerator: false, click: send('find') },
        { label: 'Find Next', accelerator: 'F3', registerAccelerator: false, click: send('find-next') },
        { label: 'Find Previous', accelerator: 'Shift+F3', registerAccelerator: false, click: send('find-previous') },
      ],
    },
    {
      label: 'Practice',
      submenu: [{ label: 'Choose a Scenario…', accelerator: 'CmdOrCtrl+P', click: send('practice') }],
    },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
