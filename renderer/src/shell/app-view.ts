/** The top-level views, in the order the navigation lists them. The app opens on the first. */
export const APP_VIEWS = ['companies', 'connect', 'tools', 'activity', 'settings'] as const;

/** One top-level view. */
export type AppView = (typeof APP_VIEWS)[number];
