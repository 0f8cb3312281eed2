/**
 * The window's top-level views, in the order the sidebar lists them; the app opens on the first.
 * Adding a view is one entry here (its sidebar button, its Ctrl/Cmd-digit shortcut and its menu
 * item follow from the order), plus its label in the renderer's messages and main's menu texts,
 * which the types ask for. Shared so that main's app menu lists the same views with the same keys.
 */
export const APP_VIEWS = ['companies', 'connect', 'batch', 'tools', 'activity', 'clients', 'settings'] as const;

/** One top-level view. */
export type AppView = (typeof APP_VIEWS)[number];

/** True when `value` names a view. */
export function isAppView(value: unknown): value is AppView {
  return typeof value === 'string' && (APP_VIEWS as readonly string[]).includes(value);
}
