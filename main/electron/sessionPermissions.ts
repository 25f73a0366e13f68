import type { Session } from 'electron';

// The app needs no permission at all: no camera or microphone, notifications, geolocation,
// clipboard reads, fullscreen, USB, serial or HID devices, and no external protocol handlers.
// Electron grants every request when no handler is set (Electron's security checklist, item 5),
// so each kind of request is answered "no". No electron import here: a unit test calls these.

/** Every permission the page asks for (a prompt in a browser) is refused. */
export function denyPermissionRequest(
  _webContents: unknown,
  _permission: string,
  callback: (permissionGranted: boolean) => void,
): void {
  callback(false);
}

/** Every permission the page checks for (navigator.permissions, feature checks) is refused. */
export function denyPermissionCheck(): boolean {
  return false;
}

/** No device (WebHID, WebUSB, Web Serial) is ever offered to the page. */
export function denyDevicePermission(): boolean {
  return false;
}

/** Sets the three handlers on a session; main.ts does it for the default session, the one the
 * window uses (it has no partition of its own and loads nothing remote). */
export function denyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>,
): void {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.setDevicePermissionHandler(denyDevicePermission);
}
