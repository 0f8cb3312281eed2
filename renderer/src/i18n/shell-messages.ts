import type { IntegrationNameProblem } from '../../../shared/integration-name';
import type { AppView } from '../../../shared/app-views';
import { INTEGRATION_NAME_MAX } from '../../../shared/integration-name';
import type { SidebarCount } from '../shell/sidebar-counts';

/*
 * The desktop shell's texts (issue 9 item 5: sidebar, header, skip link, shortcuts, status and the
 * integration's name in Settings), in Swedish and English. Included in messages.ts as
 * `messages.shell`; the `ShellMessages` type makes a missing translation a compile error.
 */

/** Every text of the shell. */
export interface ShellMessages {
  /** The first tab stop: jumps past the header and the sidebar to the view. */
  skipLink: string;
  /** The sidebar count's description for screen readers; views without their own use `other`. */
  counts: Partial<Record<AppView, (count: SidebarCount) => string>> & { other: (count: SidebarCount) => string };
  /** "Kortkommando: Ctrl+1", the description of a sidebar item's shortcut. */
  shortcut: (keys: string) => string;
  /**
   * How the sidebar works from the keyboard (one tab stop, arrows between the views), the
   * sidebar's description and the current view's: `first` and `last` are the first and last
   * view's shortcuts ("Ctrl+1", "Ctrl+7").
   */
  navHint: (first: string, last: string) => string;
  /** The flow status's close button and its accessible name. */
  dismiss: string;
  dismissLabel: string;
  /** The window's title: the view, then the integration's (or app's) name. */
  windowTitle: (view: string, name: string) => string;
  integrationName: {
    heading: string;
    intro: string;
    label: string;
    hint: string;
    save: string;
    saved: (name: string) => string;
    cleared: string;
    sessionOnly: string;
    locked: string;
    problems: Record<IntegrationNameProblem, string>;
    failed: string;
  };
}

const svNumber = new Intl.NumberFormat('sv-SE');
const enNumber = new Intl.NumberFormat('en-GB');

export const svShell: ShellMessages = {
  skipLink: 'Hoppa till innehållet',
  counts: {
    companies: ({ total, attention }) =>
      `${svNumber.format(total)} företag` + (attention > 0 ? `, ${svNumber.format(attention)} behöver åtgärdas` : ''),
    tools: ({ total }) => (total === 1 ? '1 nyckel i bruk' : `${svNumber.format(total)} nycklar i bruk`),
    settings: ({ attention }) => (attention === 1 ? '1 uppgift saknas eller är fel' : `${svNumber.format(attention)} uppgifter saknas eller är fel`),
    other: ({ total, attention }) => svNumber.format(total) + (attention > 0 ? `, ${svNumber.format(attention)} behöver åtgärdas` : ''),
  },
  shortcut: (keys) => `Kortkommando: ${keys}`,
  navHint: (first, last) =>
    `Flytta mellan vyerna med upp- och nedpilen, Home och End, och öppna en med Enter eller blanksteg. ${first} till ${last} öppnar en vy var du än är.`,
  dismiss: 'Stäng',
  dismissLabel: 'Stäng statusen',
  windowTitle: (view, name) => `${view} – ${name}`,
  integrationName: {
    heading: 'Integrationens namn',
    intro: 'Namnet visas överst i fönstret och i fönstrets titel, så att alla på byrån ser vilken integration appen ansluter till.',
    label: 'Namn',
    hint: `Högst ${INTEGRATION_NAME_MAX} tecken. Lämna tomt för att visa Fortnox Connector.`,
    save: 'Spara namnet',
    saved: (name) => `Sparat: fönstret heter nu ${name}.`,
    cleared: 'Namnet är borttaget: fönstret visar Fortnox Connector.',
    sessionOnly: 'Inställningsfilen kunde inte läsas, så namnet gäller bara tills appen avslutas.',
    locked: 'Namnet bestäms av IT-avdelningens hanterade konfiguration och kan inte ändras här.',
    problems: { too_long: `Namnet är för långt: högst ${INTEGRATION_NAME_MAX} tecken.` },
    failed: 'Namnet kunde inte sparas. Försök igen.',
  },
};

export const enShell: ShellMessages = {
  skipLink: 'Skip to content',
  counts: {
    companies: ({ total, attention }) =>
      (total === 1 ? '1 company' : `${enNumber.format(total)} companies`) +
      (attention > 0 ? `, ${enNumber.format(attention)} need${attention === 1 ? 's' : ''} attention` : ''),
    tools: ({ total }) => (total === 1 ? '1 key in use' : `${enNumber.format(total)} keys in use`),
    settings: ({ attention }) => (attention === 1 ? '1 value missing or wrong' : `${enNumber.format(attention)} values missing or wrong`),
    other: ({ total, attention }) => enNumber.format(total) + (attention > 0 ? `, ${enNumber.format(attention)} need attention` : ''),
  },
  shortcut: (keys) => `Shortcut: ${keys}`,
  navHint: (first, last) => `Move between the views with the Up and Down arrows, Home and End, and open one with Enter or Space. ${first} to ${last} open a view from anywhere.`,
  dismiss: 'Close',
  dismissLabel: 'Close the status',
  windowTitle: (view, name) => `${view} – ${name}`,
  integrationName: {
    heading: "Integration's name",
    intro: "The name is shown at the top of the window and in the window's title, so everyone at the firm sees which integration the app connects to.",
    label: 'Name',
    hint: `At most ${INTEGRATION_NAME_MAX} characters. Leave it empty to show Fortnox Connector.`,
    save: 'Save the name',
    saved: (name) => `Saved: the window is now called ${name}.`,
    cleared: 'The name was removed: the window shows Fortnox Connector.',
    sessionOnly: 'The settings file could not be read, so the name holds only until the app quits.',
    locked: "The name is set by the IT department's managed configuration and cannot be changed here.",
    problems: { too_long: `The name is too long: at most ${INTEGRATION_NAME_MAX} characters.` },
    failed: 'The name could not be saved. Try again.',
  },
};
