import type { Language } from '../../shared/ui-language';
import type { CloseDecision } from './close-policy';

/**
 * Main's own texts for running in the background (tray menu, tooltip, the one-time explanation),
 * in Swedish and English. The window's texts live in renderer/src/i18n/messages.ts; these are shown
 * by the operating system (menus and dialogs), outside the window.
 */
export const BACKGROUND_TEXTS = {
  sv: {
    attention: (count: number) => (count === 1 ? '1 företag behöver åtgärdas' : `${count} företag behöver åtgärdas`),
    allWell: 'Alla anslutningar fungerar',
    open: 'Öppna Fortnox Connector',
    connect: 'Anslut ett företag…',
    quit: 'Avsluta',
    explainTitle: 'Fortnox Connector körs vidare',
    explainHidden: (platform: NodeJS.Platform) =>
      platform === 'darwin'
        ? 'Fönstret är stängt men appen körs vidare i menyraden, så att dina anslutningar hålls vid liv och verktyg kan använda dem. Öppna den igen från ikonen i menyraden eller Dock. Avsluta med Cmd+Q eller Avsluta i menyn.'
        : 'Fönstret är stängt men appen körs vidare i systemfältet, så att dina anslutningar hålls vid liv och verktyg kan använda dem. Öppna den igen från ikonen i systemfältet. Avsluta med Avsluta i ikonens meny eller i Arkiv-menyn.',
    explainMinimized:
      'Skrivbordet visar inga ikoner i systemfältet, så fönstret minimerades i stället för att stängas: appen körs vidare och håller dina anslutningar vid liv. Avsluta med Avsluta i Arkiv-menyn.',
    ok: 'OK',
  },
  en: {
    attention: (count: number) => (count === 1 ? '1 company needs attention' : `${count} companies need attention`),
    allWell: 'All connections are working',
    open: 'Open Fortnox Connector',
    connect: 'Connect a company…',
    quit: 'Quit',
    explainTitle: 'Fortnox Connector keeps running',
    explainHidden: (platform: NodeJS.Platform) =>
      platform === 'darwin'
        ? 'The window is closed but the app keeps running in the menu bar, so your connections stay alive and tools can use them. Open it again from the menu bar icon or the Dock. Quit with Cmd+Q or Quit in the menu.'
        : 'The window is closed but the app keeps running in the notification area, so your connections stay alive and tools can use them. Open it again from its icon there. Quit with Quit in the icon’s menu or Avsluta in the app’s Arkiv menu.',
    explainMinimized:
      'This desktop shows no notification-area icons, so the window was minimised instead of closed: the app keeps running and keeps your connections alive. Quit with Avsluta in the app’s Arkiv menu.',
    ok: 'OK',
  },
} as const satisfies Record<Language, unknown>;

/** The one-time explanation shown the first time closing the window keeps the app running. */
export function closeExplanation(
  decision: Exclude<CloseDecision, 'close'>,
  platform: NodeJS.Platform,
  language: Language,
): { title: string; message: string; button: string } {
  const texts = BACKGROUND_TEXTS[language];
  return {
    title: texts.explainTitle,
    message: decision === 'hide' ? texts.explainHidden(platform) : texts.explainMinimized,
    button: texts.ok,
  };
}
