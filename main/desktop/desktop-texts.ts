import type { AppView } from '../../shared/app-views';
import type { Language } from '../../shared/ui-language';

/**
 * Main's texts for the app menu and the context menu, in Swedish and English (the window's
 * language, which the renderer reports). Shown by the operating system outside the window, so they
 * live here beside background-texts.ts rather than in the renderer's messages.
 */
export interface DesktopTexts {
  file: string;
  quit: string;
  edit: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  selectAll: string;
  view: string;
  search: string;
  connect: string;
  /** The views as the sidebar names them (the menu's "Go to" items). */
  views: Record<AppView, string>;
  resetZoom: string;
  zoomIn: string;
  zoomOut: string;
  fullScreen: string;
  reload: string;
  devTools: string;
  window: string;
  minimize: string;
  zoom: string;
  front: string;
  close: string;
  help: string;
  developerPortal: string;
  about: (appName: string) => string;
  services: string;
  hide: (appName: string) => string;
  hideOthers: string;
  unhide: string;
  inspect: string;
}

export const DESKTOP_TEXTS: Record<Language, DesktopTexts> = {
  sv: {
    file: 'Arkiv',
    quit: 'Avsluta',
    edit: 'Redigera',
    undo: 'Ångra',
    redo: 'Gör om',
    cut: 'Klipp ut',
    copy: 'Kopiera',
    paste: 'Klistra in',
    selectAll: 'Markera allt',
    view: 'Visa',
    search: 'Sök i vyn',
    connect: 'Anslut ett företag…',
    views: { companies: 'Företag', connect: 'Anslut', batch: 'Anslut flera', tools: 'Verktyg', activity: 'Aktivitet', clients: 'Klienter', settings: 'Inställningar' },
    resetZoom: 'Verklig storlek',
    zoomIn: 'Zooma in',
    zoomOut: 'Zooma ut',
    fullScreen: 'Helskärm',
    reload: 'Läs in igen',
    devTools: 'Utvecklarverktyg',
    window: 'Fönster',
    minimize: 'Minimera',
    zoom: 'Zooma fönstret',
    front: 'Lägg alla överst',
    close: 'Stäng fönstret',
    help: 'Hjälp',
    developerPortal: 'Fortnox utvecklarportal',
    about: (appName) => `Om ${appName}`,
    services: 'Tjänster',
    hide: (appName) => `Göm ${appName}`,
    hideOthers: 'Göm övriga',
    unhide: 'Visa alla',
    inspect: 'Granska element',
  },
  en: {
    file: 'File',
    quit: 'Quit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: 'View',
    search: 'Find in View',
    connect: 'Connect a Company…',
    views: { companies: 'Companies', connect: 'Connect', batch: 'Connect Several', tools: 'Tools', activity: 'Activity', clients: 'Clients', settings: 'Settings' },
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullScreen: 'Toggle Full Screen',
    reload: 'Reload',
    devTools: 'Developer Tools',
    window: 'Window',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring All to Front',
    close: 'Close Window',
    help: 'Help',
    developerPortal: 'Fortnox Developer Portal',
    about: (appName) => `About ${appName}`,
    services: 'Services',
    hide: (appName) => `Hide ${appName}`,
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    inspect: 'Inspect Element',
  },
};
