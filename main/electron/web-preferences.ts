/**
 * The hardened web preferences both windows share (Electron security checklist items 2-4, 6, 8,
 * 11): sandboxed, context-isolated, no Node anywhere, web security on, no webviews.
 */
import type { WebPreferences } from 'electron';

/** Hardened preferences, plus the window's own (preload, session, devTools). */
export function hardenedWebPreferences(own: WebPreferences): WebPreferences {
  return {
    ...own,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  };
}
