/*
 * The company table's texts (issue 9 item 3), in Swedish and English: columns, the detail pane,
 * the "⋯" menu, selection and bulk actions, and the attention summary. Kept beside messages.ts,
 * which includes them as `messages.companyTable`; the type makes a missing translation a compile error.
 */

const svNumbers = new Intl.NumberFormat('sv-SE');
const enNumbers = new Intl.NumberFormat('en-GB');
const svNumber = (value: number) => svNumbers.format(value);
const enNumber = (value: number) => enNumbers.format(value);

/** Every text of the company table, its detail pane and its bulk actions. */
export interface CompanyTableMessages {
  columns: {
    name: string;
    organizationNumber: string;
    databaseNumber: string;
    status: string;
    scopes: string;
    renewBy: string;
    actions: string;
  };
  /** How the keys work, read by screen readers with the table. */
  keysHint: string;
  /** The "⋯" button's name for one company. */
  moreActions: (company: string) => string;
  /** The menu's name. */
  menuLabel: (company: string) => string;
  /** A renew-by cell for a service account kept alive by its own sign-in. */
  renewNotNeeded: string;
  /** A renew-by cell with no date (access-only, or it needs a new sign-in anyway). */
  renewNone: string;
  selectedCount: (count: number) => string;
  selectAll: string;
  clearSelection: string;
  bulk: {
    label: string;
    test: (count: number) => string;
    testing: (done: number, total: number) => string;
    /** After a bulk test: how many worked, how many did not. */
    tested: (ok: number, total: number) => string;
    /** The companies whose test failed, named after the summary. */
    failedList: (names: string) => string;
    reconnect: (count: number) => string;
    /** Bulk reconnect starts a batch; said when another sign-in or batch is under way. */
    reconnectBusy: string;
    reconnectStarted: (count: number) => string;
    reconnectFailed: string;
    reconnectTooMany: (max: number) => string;
    reconnectNoScopes: string;
    reconnectConfig: string;
    exportSelected: (count: number) => string;
    exportAll: string;
    exporting: string;
    exported: (count: number) => string;
    exportCancelled: string;
    exportFailed: string;
  };
  attention: {
    /** The summary's name for screen readers. */
    label: string;
    needsReconnect: (count: number) => string;
    error: (count: number) => string;
    renewSoon: (count: number) => string;
    /** Hint that a count filters the list. */
    showOnly: string;
  };
  detail: {
    label: string;
    close: string;
    none: string;
    identity: string;
    accountType: string;
    status: string;
    granted: string;
    requested: string;
    notGranted: string;
    notRequested: string;
    times: string;
    actions: string;
    /** The group holding Disconnect, apart from the other actions. */
    danger: string;
  };
}

export const svCompanyTable: CompanyTableMessages = {
  columns: {
    name: 'Namn',
    organizationNumber: 'Org.nr',
    databaseNumber: 'Databasnummer',
    status: 'Status',
    scopes: 'Behörigheter',
    renewBy: 'Förnya senast',
    actions: 'Åtgärder',
  },
  keysHint:
    'Piltangenterna flyttar mellan företagen, Skift och piltangent eller Ctrl-klick väljer flera, Ctrl+A väljer alla, Enter visar detaljer och Delete kopplar från.',
  moreActions: (company) => `Fler åtgärder för ${company}`,
  menuLabel: (company) => `Åtgärder för ${company}`,
  renewNotNeeded: 'behövs inte',
  renewNone: '–',
  selectedCount: (count) => (count === 1 ? '1 valt' : `${svNumber(count)} valda`),
  selectAll: 'Välj alla',
  clearSelection: 'Avmarkera',
  bulk: {
    label: 'Åtgärder för valda företag',
    test: (count) => `Testa valda (${svNumber(count)})`,
    testing: (done, total) => `Testar … ${svNumber(done)} av ${svNumber(total)} klara`,
    tested: (ok, total) =>
      ok === total
        ? `${svNumber(total)} testade: alla fungerar.`
        : `${svNumber(total)} testade: ${svNumber(ok)} fungerar, ${svNumber(total - ok)} fungerar inte.`,
    failedList: (names) => `Fungerar inte: ${names}`,
    reconnect: (count) => `Anslut valda igen (${svNumber(count)})`,
    reconnectBusy: 'En annan inloggning pågår redan. Vänta tills den är klar.',
    reconnectStarted: (count) => `${svNumber(count)} företag läggs i kö för att anslutas igen.`,
    reconnectFailed: 'Det gick inte att börja ansluta igen. Försök igen.',
    reconnectTooMany: (max) => `Högst ${svNumber(max)} företag kan anslutas igen på en gång. Välj färre.`,
    reconnectNoScopes: 'De valda företagen har inga behörigheter som appen känner till. Anslut dem igen ett i taget med Ändra behörigheter….',
    reconnectConfig: 'Inställningarna för integrationen är inte klara, så inget kan anslutas. Se Inställningar.',
    exportSelected: (count) => `Exportera valda (${svNumber(count)}) som CSV`,
    exportAll: 'Exportera alla som CSV',
    exporting: 'Exporterar …',
    exported: (count) => (count === 1 ? '1 företag sparades som CSV.' : `${svNumber(count)} företag sparades som CSV.`),
    exportCancelled: 'Exporten avbröts.',
    exportFailed: 'Filen kunde inte sparas.',
  },
  attention: {
    label: 'Att åtgärda',
    needsReconnect: (count) => `${svNumber(count)} behöver anslutas igen`,
    error: (count) => (count === 1 ? '1 har fel' : `${svNumber(count)} har fel`),
    renewSoon: (count) => `${svNumber(count)} ska förnyas inom 7 dagar`,
    showOnly: 'Visar bara dem i listan',
  },
  detail: {
    label: 'Detaljer',
    close: 'Stäng detaljer',
    none: 'Välj ett företag i listan för att se detaljer och alla åtgärder.',
    identity: 'Uppgifter',
    accountType: 'Kontotyp',
    status: 'Status',
    granted: 'Beviljade behörigheter',
    requested: 'Begärda behörigheter',
    notGranted: 'Begärd men inte beviljad',
    notRequested: 'Beviljad utan att ha begärts',
    times: 'Tider',
    actions: 'Åtgärder',
    danger: 'Koppla från',
  },
};

export const enCompanyTable: CompanyTableMessages = {
  columns: {
    name: 'Name',
    organizationNumber: 'Org. no.',
    databaseNumber: 'Database number',
    status: 'Status',
    scopes: 'Permissions',
    renewBy: 'Renew by',
    actions: 'Actions',
  },
  keysHint:
    'Arrow keys move between companies, Shift and an arrow key or Ctrl-click select several, Ctrl+A selects all, Enter shows details and Delete disconnects.',
  moreActions: (company) => `More actions for ${company}`,
  menuLabel: (company) => `Actions for ${company}`,
  renewNotNeeded: 'not needed',
  renewNone: '–',
  selectedCount: (count) => `${enNumber(count)} selected`,
  selectAll: 'Select all',
  clearSelection: 'Clear selection',
  bulk: {
    label: 'Actions for the selected companies',
    test: (count) => `Test selected (${enNumber(count)})`,
    testing: (done, total) => `Testing … ${enNumber(done)} of ${enNumber(total)} done`,
    tested: (ok, total) =>
      ok === total
        ? `${enNumber(total)} tested: all work.`
        : `${enNumber(total)} tested: ${enNumber(ok)} work, ${enNumber(total - ok)} do not.`,
    failedList: (names) => `Not working: ${names}`,
    reconnect: (count) => `Reconnect selected (${enNumber(count)})`,
    reconnectBusy: 'Another sign-in is already under way. Wait until it has finished.',
    reconnectStarted: (count) => `${enNumber(count)} ${count === 1 ? 'company is' : 'companies are'} queued to be reconnected.`,
    reconnectFailed: 'Reconnecting could not be started. Try again.',
    reconnectTooMany: (max) => `At most ${enNumber(max)} companies can be reconnected at once. Choose fewer.`,
    reconnectNoScopes: 'The selected companies have no permissions this app knows. Reconnect them one at a time with Change scopes….',
    reconnectConfig: 'The integration’s settings are not complete, so nothing can be connected. See Settings.',
    exportSelected: (count) => `Export selected (${enNumber(count)}) as CSV`,
    exportAll: 'Export all as CSV',
    exporting: 'Exporting …',
    exported: (count) => (count === 1 ? '1 company was saved as CSV.' : `${enNumber(count)} companies were saved as CSV.`),
    exportCancelled: 'The export was cancelled.',
    exportFailed: 'The file could not be saved.',
  },
  attention: {
    label: 'To deal with',
    needsReconnect: (count) => `${enNumber(count)} need${count === 1 ? 's' : ''} reconnecting`,
    error: (count) => `${enNumber(count)} ${count === 1 ? 'has an error' : 'have errors'}`,
    renewSoon: (count) => `${enNumber(count)} to renew within 7 days`,
    showOnly: 'Showing only those in the list',
  },
  detail: {
    label: 'Details',
    close: 'Close details',
    none: 'Choose a company in the list to see its details and every action.',
    identity: 'Details',
    accountType: 'Account type',
    status: 'Status',
    granted: 'Granted permissions',
    requested: 'Requested permissions',
    notGranted: 'Requested but not granted',
    notRequested: 'Granted without being requested',
    times: 'Times',
    actions: 'Actions',
    danger: 'Disconnect',
  },
};
