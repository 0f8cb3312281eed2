import type { ToolKeyRefusal } from '../../../shared/ipc-contract';
import type { ToolExampleKind } from '../../../shared/tool-examples';
import { ENDED_KEY_KEPT_DAYS, MAX_TOOL_KEYS, type KeyRight } from '../../../shared/tool-key-rules';
import type { LifetimeChoice } from '../tools/key-form';
import type { KeyState } from '../tools/key-list';

/*
 * The Tools view's texts (issue 8, item 2), in Swedish and English. Kept beside messages.ts, which
 * includes them as `messages.tools`, so that file stays readable; the `ToolsMessages` type makes a
 * missing translation a compile error here too.
 */

/** One right as the form explains it. */
/** A confirmation dialog's texts, titled with the name of what it acts on. */
export interface ConfirmTexts {
  title: (name: string) => string;
  body: string;
  confirm: string;
  cancel: string;
}

export interface RightText {
  label: string;
  description: string;
}

/** Every text of the Tools view. */
export interface ToolsMessages {
  heading: string;
  intro: string;
  create: {
    heading: string;
    nameLabel: string;
    nameHint: string;
    companiesLegend: string;
    companiesAll: string;
    companiesAllHint: string;
    companiesChosen: string;
    filterLabel: string;
    filterPlaceholder: string;
    /** "3 av 120 företag valda". */
    chosenCount: (chosen: number, total: number) => string;
    /** Under the checklist when the search finds more than it shows. */
    moreMatches: (shown: number, matches: number) => string;
    noMatch: (query: string) => string;
    noCompanies: string;
    selectMatches: (count: number) => string;
    clearChosen: string;
    checklistLabel: string;
    checklistHint: string;
    rightsLegend: string;
    rights: Record<KeyRight, RightText>;
    tokenWarning: string;
    lifetimeLegend: string;
    lifetimes: Record<LifetimeChoice, string>;
    submit: string;
    creating: string;
    /** Above the field messages after a failed attempt. */
    problemsHeading: string;
    nameMissing: string;
    nameTooLong: (max: number, length: number) => string;
    nameNotOneLine: string;
    noneChosen: string;
    refusals: Record<ToolKeyRefusal, string>;
    requestFailed: string;
  };
  created: {
    heading: (name: string) => string;
    keyLabel: string;
    warning: string;
    copyKey: string;
    copied: string;
    copyFailed: string;
    /** Main copies a key only in the first 15 minutes after it was made in this session. */
    copyTooLate: string;
    examplesHeading: string;
    /** What the examples do: list the companies, then read one company through the app. */
    examplesIntro: (port: number, company: string | null) => string;
    exampleNames: Record<ToolExampleKind, string>;
    exampleNotes: Record<ToolExampleKind, string>;
    copyExample: (name: string) => string;
    done: string;
  };
  list: {
    heading: string;
    loading: string;
    loadFailed: string;
    retry: string;
    empty: string;
    filterLabel: string;
    count: (shown: number, total: number) => string;
    noMatch: string;
    columns: {
      name: string;
      companies: string;
      right: string;
      created: string;
      lastUsed: string;
      expires: string;
      actions: string;
    };
    allCompanies: string;
    /** Up to three names, then "och 9 till". */
    companyNames: (names: readonly string[], more: number) => string;
    rights: Record<KeyRight, string>;
    neverUsed: string;
    neverExpires: string;
    states: Record<KeyState, string>;
    revokedAt: (date: string) => string;
    revoke: string;
    revokeName: (name: string) => string;
    dialog: ConfirmTexts;
    revoked: (name: string) => string;
    revokedNotSaved: (name: string) => string;
    revokeFailed: (name: string) => string;
    /** "Ta bort / Remove": drops a revoked or expired key from the list for good. */
    remove: string;
    removeName: (name: string) => string;
    removeDialog: ConfirmTexts;
    removed: (name: string) => string;
    removeNotSaved: (name: string) => string;
    removeStillUsable: (name: string) => string;
    removeFailed: (name: string) => string;
    /** The pager under a long list. */
    pager: {
      label: string;
      previous: string;
      next: string;
      page: (page: number, pages: number) => string;
    };
  };
}

const svNumbers = new Intl.NumberFormat('sv-SE');
const enNumbers = new Intl.NumberFormat('en-GB');
const svCount = (count: number) => svNumbers.format(count);
const enCount = (count: number) => enNumbers.format(count);

/** Swedish. */
export const svTools: ToolsMessages = {
  heading: 'Verktyg',
  intro:
    'Ge ett program på den här datorn (ett Excel-ark, ett skript, ett rapportverktyg eller en AI-assistent) åtkomst till dina anslutna företag. Programmet får en egen nyckel och hämtar uppgifterna genom appen; inloggningarna till Fortnox stannar i appen, som håller dem vid liv.',
  create: {
    heading: 'Skapa en nyckel',
    nameLabel: 'Namn',
    nameHint: 'Så att du känner igen verktyget i listan, till exempel ”Excel-rapport moms”.',
    companiesLegend: 'Vilka företag',
    companiesAll: 'Alla anslutna företag',
    companiesAllHint: 'Även företag du ansluter senare.',
    companiesChosen: 'Valda företag',
    filterLabel: 'Sök bland företagen',
    filterPlaceholder: 'Namn eller organisationsnummer',
    chosenCount: (chosen, total) => `${svCount(chosen)} av ${svCount(total)} företag valda`,
    moreMatches: (shown, matches) => `Visar ${svCount(shown)} av ${svCount(matches)} träffar. Skriv mer i sökrutan för att hitta fler.`,
    noMatch: (query) => `Inget företag matchar ”${query}”.`,
    noCompanies: 'Inga företag är anslutna ännu. Anslut ett företag först, eller välj Alla anslutna företag.',
    selectMatches: (count) => `Välj alla träffar (${svCount(count)})`,
    clearChosen: 'Avmarkera alla',
    checklistLabel: 'Företag att välja',
    checklistHint: 'Pil ned från sökrutan går till listan, pilarna flyttar, mellanslag kryssar i.',
    rightsLegend: 'Vad verktyget får göra',
    rights: {
      read: {
        label: 'Bara läsa',
        description: 'Verktyget läser uppgifter från Fortnox genom appen; det kan inte skicka, skriva ut, bokföra eller ändra något. Räcker för rapporter och Excel.',
      },
      'read-write': {
        label: 'Läsa och skriva',
        description: 'Verktyget kan också skapa, ändra, ta bort, skicka och skriva ut i Fortnox genom appen, till exempel skapa och mejla fakturor.',
      },
      token: {
        label: 'Hämta åtkomsttoken',
        description:
          'Verktyget kan dessutom hämta företagets åtkomsttoken och anropa Fortnox direkt, utan att gå genom appen. Mest betrodd.',
      },
    },
    tokenWarning:
      'Välj bara detta för ett verktyg du litar fullt ut på. Med en åtkomsttoken kan verktyget göra allt som anslutningen tillåter, direkt mot Fortnox, utan att appen ser eller begränsar anropen.',
    lifetimeLegend: 'Giltig i',
    lifetimes: {
      '30': '30 dagar',
      '90': '90 dagar',
      '365': '1 år (365 dagar)',
      none: 'Tills vidare (går inte ut)',
    },
    submit: 'Skapa nyckel',
    creating: 'Skapar nyckeln …',
    problemsHeading: 'Rätta det här, så kan nyckeln skapas:',
    nameMissing: 'Ge nyckeln ett namn, så att du känner igen den i listan.',
    nameTooLong: (max, length) => `Namnet får vara högst ${max} tecken (nu ${length}).`,
    nameNotOneLine: 'Namnet ska vara en rad text, utan radbrytningar eller styrtecken.',
    noneChosen: 'Välj minst ett företag, eller välj Alla anslutna företag.',
    refusals: {
      too_many_keys: `Det finns redan ${svCount(MAX_TOOL_KEYS)} nycklar (återkallade och utgångna räknas med), så det går inte att skapa fler. Ta bort dem du inte behöver i listan nedan.`,
      unknown_companies: 'Ett av de valda företagen är inte längre anslutet. Kontrollera valet och försök igen.',
      not_saved: 'Nyckeln kunde inte sparas på datorn, så den skapades inte. Försök igen.',
      unavailable: 'Nycklar kan inte skapas just nu: appens nyckelregister gick inte att öppna. Starta om appen.',
    },
    requestFailed: 'Appen svarade inte. Ingenting du fyllt i har försvunnit; försök igen.',
  },
  created: {
    heading: (name) => `Nyckeln ”${name}” är skapad. Kopiera den nu.`,
    keyLabel: 'Nyckel',
    warning:
      'Nyckeln visas bara den här gången. Appen sparar den inte och kan inte visa den igen. Spara den där verktyget ska använda den. Tappar du bort den: återkalla den och skapa en ny.',
    copyKey: 'Kopiera nyckeln',
    copied: 'Kopierad.',
    copyFailed: 'Det gick inte att kopiera. Markera texten och kopiera den själv.',
    copyTooLate: 'Nyckeln kan bara kopieras med knappen de första 15 minuterna efter att den skapades. Markera texten och kopiera den själv, eller skapa en ny nyckel.',
    examplesHeading: 'Färdiga exempel',
    examplesIntro: (port, company) =>
      company === null
        ? `Exemplen hämtar listan över företagen som nyckeln får använda, från appen på den här datorn (port ${port}).`
        : `Exemplen hämtar listan över företagen som nyckeln får använda och sedan uppgifter om ${company} genom appen på den här datorn (port ${port}).`,
    exampleNames: {
      curl: 'curl',
      powershell: 'PowerShell',
      python: 'Python',
      'power-query': 'Excel Power Query',
    },
    exampleNotes: {
      curl: 'I Terminal (macOS, Linux) eller Kommandotolken. I Windows PowerShell: skriv curl.exe i stället för curl.',
      powershell: 'Windows PowerShell 5.1 eller PowerShell 7.',
      python: 'Python 3. Inga extra paket behövs.',
      'power-query':
        'I Excel: Data > Hämta data > Från andra källor > Tom fråga > Avancerad redigerare. Klistra in och välj Anonym när Excel frågar om åtkomst: nyckeln är inloggningen.',
    },
    copyExample: (name) => `Kopiera exemplet för ${name}`,
    done: 'Klar, jag har sparat nyckeln',
  },
  list: {
    heading: 'Nycklar',
    loading: 'Hämtar nycklarna …',
    loadFailed: 'Det gick inte att hämta nycklarna.',
    retry: 'Försök igen',
    empty: 'Inga nycklar ännu. Skapa en ovan när ett verktyg behöver åtkomst.',
    filterLabel: 'Sök nycklar',
    count: (shown, total) => (shown === total ? `${svCount(total)} ${total === 1 ? 'nyckel' : 'nycklar'}` : `${svCount(shown)} av ${svCount(total)} nycklar`),
    noMatch: 'Ingen nyckel har det namnet.',
    columns: {
      name: 'Namn',
      companies: 'Företag',
      right: 'Får',
      created: 'Skapad',
      lastUsed: 'Senast använd',
      expires: 'Går ut',
      actions: 'Åtgärder',
    },
    allCompanies: 'Alla anslutna företag',
    companyNames: (names, more) => (more === 0 ? names.join(', ') : `${names.join(', ')} och ${svCount(more)} till`),
    rights: { read: 'Bara läsa', 'read-write': 'Läsa och skriva', token: 'Hämta åtkomsttoken' },
    neverUsed: 'Aldrig',
    neverExpires: 'Går inte ut',
    states: { active: 'Aktiv', expired: 'Utgången', revoked: 'Återkallad' },
    revokedAt: (date) => `Återkallad ${date}`,
    revoke: 'Återkalla',
    revokeName: (name) => `Återkalla ${name}`,
    dialog: {
      title: (name) => `Återkalla nyckeln ”${name}”?`,
      body: 'Verktyg som använder nyckeln slutar fungera direkt. Det går inte att ångra; skapa en ny nyckel om verktyget behöver åtkomst igen.',
      confirm: 'Återkalla nyckeln',
      cancel: 'Avbryt',
    },
    revoked: (name) => `Nyckeln ”${name}” är återkallad och fungerar inte längre.`,
    revokedNotSaved: (name) =>
      `Nyckeln ”${name}” fungerar inte längre, men återkallelsen kunde inte sparas på datorn. Återkalla den igen efter en omstart om den visas som aktiv.`,
    revokeFailed: (name) => `Det gick inte att återkalla ”${name}”. Försök igen.`,
    remove: 'Ta bort',
    removeName: (name) => `Ta bort ${name}`,
    removeDialog: {
      title: (name) => `Ta bort nyckeln ”${name}” ur listan?`,
      body: `Nyckeln fungerar redan inte. Den försvinner ur listan och räknas inte längre mot gränsen på ${svCount(MAX_TOOL_KEYS)} nycklar; aktivitetsloggen behåller sina rader. Återkallade och utgångna nycklar tas annars bort av sig själva efter ${ENDED_KEY_KEPT_DAYS} dagar.`,
      confirm: 'Ta bort nyckeln',
      cancel: 'Avbryt',
    },
    removed: (name) => `Nyckeln ”${name}” är borttagen ur listan.`,
    removeNotSaved: (name) => `Det gick inte att spara på datorn, så ”${name}” finns kvar. Försök igen.`,
    removeStillUsable: (name) => `Nyckeln ”${name}” fungerar fortfarande. Återkalla den först.`,
    removeFailed: (name) => `Det gick inte att ta bort ”${name}”. Försök igen.`,
    pager: {
      label: 'Sidor med nycklar',
      previous: 'Föregående sida',
      next: 'Nästa sida',
      page: (page, pages) => `Sida ${svCount(page)} av ${svCount(pages)}`,
    },
  },
};

/** English. */
export const enTools: ToolsMessages = {
  heading: 'Tools',
  intro:
    'Give a program on this computer (an Excel workbook, a script, a reporting tool or an AI assistant) access to your connected companies. The program gets its own key and fetches data through the app; the Fortnox sign-ins stay in the app, which keeps them alive.',
  create: {
    heading: 'Create a key',
    nameLabel: 'Name',
    nameHint: 'So that you recognise the tool in the list, for example "VAT report in Excel".',
    companiesLegend: 'Which companies',
    companiesAll: 'All connected companies',
    companiesAllHint: 'Including companies you connect later.',
    companiesChosen: 'Chosen companies',
    filterLabel: 'Search the companies',
    filterPlaceholder: 'Name or organisation number',
    chosenCount: (chosen, total) => `${enCount(chosen)} of ${enCount(total)} companies chosen`,
    moreMatches: (shown, matches) => `Showing ${enCount(shown)} of ${enCount(matches)} matches. Type more in the search box to find others.`,
    noMatch: (query) => `No company matches "${query}".`,
    noCompanies: 'No companies are connected yet. Connect a company first, or choose All connected companies.',
    selectMatches: (count) => `Choose all matches (${enCount(count)})`,
    clearChosen: 'Clear all',
    checklistLabel: 'Companies to choose from',
    checklistHint: 'Arrow down from the search box goes to the list, the arrows move, space ticks.',
    rightsLegend: 'What the tool may do',
    rights: {
      read: {
        label: 'Read only',
        description: 'The tool reads data from Fortnox through the app; it cannot send, print, book or change anything. Enough for reports and Excel.',
      },
      'read-write': {
        label: 'Read and write',
        description: 'The tool can also create, change, delete, send and print in Fortnox through the app, for example create and email invoices.',
      },
      token: {
        label: 'Get access tokens',
        description:
          "The tool can also get the company's access token and call Fortnox directly, without going through the app. The most trusted.",
      },
    },
    tokenWarning:
      'Choose this only for a tool you trust completely. With an access token the tool can do everything the connection allows, directly with Fortnox, without the app seeing or limiting its calls.',
    lifetimeLegend: 'Valid for',
    lifetimes: {
      '30': '30 days',
      '90': '90 days',
      '365': '1 year (365 days)',
      none: 'Until revoked (never expires)',
    },
    submit: 'Create key',
    creating: 'Creating the key …',
    problemsHeading: 'Fix this, and the key can be created:',
    nameMissing: 'Give the key a name, so that you recognise it in the list.',
    nameTooLong: (max, length) => `The name can be at most ${max} characters (now ${length}).`,
    nameNotOneLine: 'The name must be one line of text, without line breaks or control characters.',
    noneChosen: 'Choose at least one company, or choose All connected companies.',
    refusals: {
      too_many_keys: `There are already ${enCount(MAX_TOOL_KEYS)} keys (revoked and expired ones included), so no more can be created. Remove those you no longer need in the list below.`,
      unknown_companies: 'One of the chosen companies is no longer connected. Check the choice and try again.',
      not_saved: 'The key could not be saved on this computer, so it was not created. Try again.',
      unavailable: "Keys cannot be created right now: the app's key register could not be opened. Restart the app.",
    },
    requestFailed: 'The app did not answer. Nothing you filled in is lost; try again.',
  },
  created: {
    heading: (name) => `The key "${name}" is created. Copy it now.`,
    keyLabel: 'Key',
    warning:
      'The key is shown this once. The app does not keep it and cannot show it again. Store it where the tool will use it. If you lose it: revoke it and create a new one.',
    copyKey: 'Copy the key',
    copied: 'Copied.',
    copyFailed: 'Could not copy. Select the text and copy it yourself.',
    copyTooLate: 'The copy buttons work only for the first 15 minutes after the key was made. Select the text and copy it yourself, or make a new key.',
    examplesHeading: 'Ready examples',
    examplesIntro: (port, company) =>
      company === null
        ? `The examples fetch the list of companies the key may use, from the app on this computer (port ${port}).`
        : `The examples fetch the list of companies the key may use, then details of ${company} through the app on this computer (port ${port}).`,
    exampleNames: {
      curl: 'curl',
      powershell: 'PowerShell',
      python: 'Python',
      'power-query': 'Excel Power Query',
    },
    exampleNotes: {
      curl: 'In Terminal (macOS, Linux) or the Command Prompt. In Windows PowerShell, type curl.exe instead of curl.',
      powershell: 'Windows PowerShell 5.1 or PowerShell 7.',
      python: 'Python 3. No extra packages needed.',
      'power-query':
        'In Excel: Data > Get Data > From Other Sources > Blank Query > Advanced Editor. Paste, and choose Anonymous when Excel asks about access: the key is the credential.',
    },
    copyExample: (name) => `Copy the ${name} example`,
    done: 'Done, I have stored the key',
  },
  list: {
    heading: 'Keys',
    loading: 'Fetching the keys …',
    loadFailed: 'The keys could not be fetched.',
    retry: 'Try again',
    empty: 'No keys yet. Create one above when a tool needs access.',
    filterLabel: 'Search keys',
    count: (shown, total) => (shown === total ? `${enCount(total)} ${total === 1 ? 'key' : 'keys'}` : `${enCount(shown)} of ${enCount(total)} keys`),
    noMatch: 'No key has that name.',
    columns: {
      name: 'Name',
      companies: 'Companies',
      right: 'May',
      created: 'Created',
      lastUsed: 'Last used',
      expires: 'Expires',
      actions: 'Actions',
    },
    allCompanies: 'All connected companies',
    companyNames: (names, more) => (more === 0 ? names.join(', ') : `${names.join(', ')} and ${enCount(more)} more`),
    rights: { read: 'Read only', 'read-write': 'Read and write', token: 'Get access tokens' },
    neverUsed: 'Never',
    neverExpires: 'Never expires',
    states: { active: 'Active', expired: 'Expired', revoked: 'Revoked' },
    revokedAt: (date) => `Revoked ${date}`,
    revoke: 'Revoke',
    revokeName: (name) => `Revoke ${name}`,
    dialog: {
      title: (name) => `Revoke the key "${name}"?`,
      body: 'Tools using the key stop working at once. This cannot be undone; create a new key if the tool needs access again.',
      confirm: 'Revoke the key',
      cancel: 'Cancel',
    },
    revoked: (name) => `The key "${name}" is revoked and no longer works.`,
    revokedNotSaved: (name) =>
      `The key "${name}" no longer works, but the revocation could not be saved on this computer. Revoke it again after a restart if it shows as active.`,
    revokeFailed: (name) => `"${name}" could not be revoked. Try again.`,
    remove: 'Remove',
    removeName: (name) => `Remove ${name}`,
    removeDialog: {
      title: (name) => `Remove the key "${name}" from the list?`,
      body: `The key already does not work. It leaves the list and no longer counts toward the limit of ${enCount(MAX_TOOL_KEYS)} keys; the activity log keeps its lines. Revoked and expired keys are otherwise removed by themselves after ${ENDED_KEY_KEPT_DAYS} days.`,
      confirm: 'Remove the key',
      cancel: 'Cancel',
    },
    removed: (name) => `The key "${name}" is removed from the list.`,
    removeNotSaved: (name) => `This computer could not save the change, so "${name}" is still there. Try again.`,
    removeStillUsable: (name) => `The key "${name}" still works. Revoke it first.`,
    removeFailed: (name) => `"${name}" could not be removed. Try again.`,
    pager: {
      label: 'Pages of keys',
      previous: 'Previous page',
      next: 'Next page',
      page: (page, pages) => `Page ${enCount(page)} of ${enCount(pages)}`,
    },
  },
};
