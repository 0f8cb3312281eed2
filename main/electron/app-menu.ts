/** The standard application menu for macOS and Windows (Linux gets the Windows layout). */
import { app, Menu, type MenuItemConstructorOptions } from 'electron';

/** Installs the menu. Developer tools appear only in development builds. */
export function installAppMenu(options: { appName: string; devTools: boolean; openHelp: () => void }): void {
  const isMac = process.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
    ...(options.devTools ? [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
  ];
  const template: MenuItemConstructorOptions[] = [
    ...(isMac
      ? [
          {
            label: options.appName,
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : [{ label: 'Arkiv', submenu: [{ role: 'quit', label: 'Avsluta' }] } satisfies MenuItemConstructorOptions]),
    { role: 'editMenu' },
    { label: isMac ? 'View' : 'Visa', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Fortnox utvecklarportal / Developer Portal', click: options.openHelp },
        ...(isMac ? [] : [{ role: 'about', label: `Om ${options.appName}` } satisfies MenuItemConstructorOptions]),
      ],
    },
  ];
  app.setAboutPanelOptions({ applicationName: options.appName, applicationVersion: app.getVersion() });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
