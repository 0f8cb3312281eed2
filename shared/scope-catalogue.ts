import { SCOPE_NAMES, UNLISTED_SCOPES, type ScopeName } from './scope-names';

/**
 * What each Fortnox scope grants, grouped the way an accountant thinks about Fortnox, with Swedish
 * and English texts. Plain data: no DOM, no Node, no zod, so the renderer can bundle it.
 *
 * Source: ../shared/reference/fortnox.md section 6 (Fortnox's scopes page, S9, plus the C# SDK's
 * Scope enum, S19). Fortnox: "each scope gives both read and write access; there are no read-only
 * scopes", so every description says what can be read AND changed.
 */

/** A text in both languages the app speaks. */
export interface LocalizedText {
  sv: string;
  en: string;
}

export const SCOPE_GROUP_IDS = [
  'bookkeeping',
  'invoicing',
  'customers-suppliers',
  'salary',
  'articles-warehouse',
  'projects-time',
  'archive-files',
  'settings-company',
] as const;

/** One group of scopes in the picker. */
export type ScopeGroupId = (typeof SCOPE_GROUP_IDS)[number];

export interface ScopeGroup {
  id: ScopeGroupId;
  label: LocalizedText;
}

/** The groups in the order the picker shows them. */
export const SCOPE_GROUPS: readonly ScopeGroup[] = [
  { id: 'bookkeeping', label: { sv: 'Bokföring', en: 'Bookkeeping' } },
  { id: 'invoicing', label: { sv: 'Fakturering och order', en: 'Invoicing and orders' } },
  { id: 'customers-suppliers', label: { sv: 'Kunder och leverantörer', en: 'Customers and suppliers' } },
  { id: 'salary', label: { sv: 'Lön', en: 'Payroll' } },
  { id: 'articles-warehouse', label: { sv: 'Artiklar och lager', en: 'Articles and warehouse' } },
  { id: 'projects-time', label: { sv: 'Projekt och tid', en: 'Projects and time' } },
  { id: 'archive-files', label: { sv: 'Arkiv och filer', en: 'Archive and files' } },
  { id: 'settings-company', label: { sv: 'Inställningar och företag', en: 'Settings and company' } },
];

export interface ScopeInfo {
  name: ScopeName;
  group: ScopeGroupId;
  label: LocalizedText;
  /** One line: what the scope lets the integration read and change. */
  description: LocalizedText;
  /**
   * False for the five scopes that only the C# SDK's enum lists, not Fortnox's scopes page
   * (fortnox.md section 6); whether Fortnox still accepts them is unconfirmed.
   */
  onScopesPage: boolean;
}

type ScopeTexts = Omit<ScopeInfo, 'name' | 'onScopesPage'>;

/** Keyed by wire name so that a scope without texts is a type error. */
const SCOPE_TEXTS: Record<ScopeName, ScopeTexts> = {
  archive: {
    group: 'archive-files',
    label: { sv: 'Filarkiv', en: 'File archive' },
    description: {
      sv: 'Läsa och ändra filer och mappar i Fortnox filarkiv.',
      en: "Read and change files and folders in Fortnox's file archive.",
    },
  },
  article: {
    group: 'articles-warehouse',
    label: { sv: 'Artiklar', en: 'Articles' },
    description: {
      sv: 'Läsa och ändra artikelregistret och artiklarnas webbadresskopplingar.',
      en: 'Read and change the article register and the articles’ URL connections.',
    },
  },
  bookkeeping: {
    group: 'bookkeeping',
    label: { sv: 'Bokföring', en: 'Bookkeeping' },
    description: {
      sv: 'Läsa och ändra konton, kontoplaner, räkenskapsår och verifikationer samt SIE-export. Kräver licensen Bokföring.',
      en: 'Read and change accounts, charts of accounts, financial years and vouchers, and export SIE. Needs the Accounting licence.',
    },
  },
  companyinformation: {
    group: 'settings-company',
    label: { sv: 'Företagsinformation', en: 'Company information' },
    description: {
      sv: 'Läsa företagets namn, organisationsnummer, adress och databasnummer. Appen behöver den för att veta vilket företag som anslöts.',
      en: "Read the company's name, organisation number, address and database number. The app needs it to tell which company was connected.",
    },
  },
  connectfile: {
    group: 'archive-files',
    label: { sv: 'Filkopplingar', en: 'File connections' },
    description: {
      sv: 'Koppla filer från arkivet till artiklar, leverantörsfakturor och verifikationer (verifikationer kräver även Filarkiv).',
      en: 'Attach archive files to articles, supplier invoices and vouchers (vouchers also need File archive).',
    },
  },
  costcenter: {
    group: 'bookkeeping',
    label: { sv: 'Kostnadsställen', en: 'Cost centres' },
    description: {
      sv: 'Läsa och ändra kostnadsställen.',
      en: 'Read and change cost centres.',
    },
  },
  currency: {
    group: 'bookkeeping',
    label: { sv: 'Valutor', en: 'Currencies' },
    description: {
      sv: 'Läsa och ändra valutor och valutakurser.',
      en: 'Read and change currencies and exchange rates.',
    },
  },
  customer: {
    group: 'customers-suppliers',
    label: { sv: 'Kunder', en: 'Customers' },
    description: {
      sv: 'Läsa och ändra kundregistret.',
      en: 'Read and change the customer register.',
    },
  },
  inbox: {
    group: 'archive-files',
    label: { sv: 'Inkorg', en: 'Inbox' },
    description: {
      sv: 'Läsa och ändra filer i Fortnox inkorg, till exempel inskannade kvitton och fakturor.',
      en: "Read and change files in Fortnox's inbox, such as scanned receipts and invoices.",
    },
  },
  invoice: {
    group: 'invoicing',
    label: { sv: 'Kundfakturor', en: 'Customer invoices' },
    description: {
      sv: 'Läsa och ändra kundfakturor, periodiseringar, avtal, avtalsmallar och skattereduktioner (rot och rut).',
      en: 'Read and change customer invoices, accruals, contracts, contract templates and tax reductions.',
    },
  },
  noxfinansinvoice: {
    group: 'invoicing',
    label: { sv: 'Nox Finans-fakturor', en: 'Nox Finans invoices' },
    description: {
      sv: 'Läsa och ändra fakturor hos Nox Finans (factoring).',
      en: 'Read and change invoices handled by Nox Finans (factoring).',
    },
  },
  offer: {
    group: 'invoicing',
    label: { sv: 'Offerter', en: 'Offers' },
    description: {
      sv: 'Läsa och ändra offerter.',
      en: 'Read and change offers (quotes).',
    },
  },
  order: {
    group: 'invoicing',
    label: { sv: 'Order', en: 'Orders' },
    description: {
      sv: 'Läsa och ändra order.',
      en: 'Read and change orders.',
    },
  },
  payment: {
    group: 'invoicing',
    label: { sv: 'Betalningar', en: 'Payments' },
    description: {
      sv: 'Läsa och ändra inbetalningar på kundfakturor och utbetalningar på leverantörsfakturor.',
      en: 'Read and change payments of customer invoices and of supplier invoices.',
    },
  },
  price: {
    group: 'articles-warehouse',
    label: { sv: 'Prislistor', en: 'Price lists' },
    description: {
      sv: 'Läsa och ändra prislistor och priser.',
      en: 'Read and change price lists and prices.',
    },
  },
  print: {
    group: 'settings-company',
    label: { sv: 'Utskriftsmallar', en: 'Print templates' },
    description: {
      sv: 'Läsa och ändra utskriftsmallar.',
      en: 'Read and change print templates.',
    },
  },
  profile: {
    group: 'settings-company',
    label: { sv: 'Användarprofil', en: 'User profile' },
    description: {
      sv: 'Läsa uppgifter om användaren som godkände anslutningen: namn, e-post och om hen är systemadministratör.',
      en: 'Read details of the user who approved the connection: name, email and whether they are a system administrator.',
    },
  },
  project: {
    group: 'projects-time',
    label: { sv: 'Projekt', en: 'Projects' },
    description: {
      sv: 'Läsa och ändra projekt.',
      en: 'Read and change projects.',
    },
  },
  salary: {
    group: 'salary',
    label: { sv: 'Lön', en: 'Payroll' },
    description: {
      sv: 'Läsa och ändra anställda, lönetransaktioner, frånvaro, närvaro, utlägg och schematider. Kräver lönemodulen.',
      en: 'Read and change employees, salary transactions, absence, attendance, expenses and schedules. Needs the payroll module.',
    },
  },
  settings: {
    group: 'settings-company',
    label: { sv: 'Företagsinställningar', en: 'Company settings' },
    description: {
      sv: 'Läsa och ändra företagsinställningar, etiketter, betalsätt och fördefinierade konton.',
      en: 'Read and change company settings, labels, modes of payment and predefined accounts.',
    },
  },
  supplier: {
    group: 'customers-suppliers',
    label: { sv: 'Leverantörer', en: 'Suppliers' },
    description: {
      sv: 'Läsa och ändra leverantörsregistret. Ger inte åtkomst till leverantörsfakturor.',
      en: 'Read and change the supplier register. Does not give access to supplier invoices.',
    },
  },
  supplierinvoice: {
    group: 'customers-suppliers',
    label: { sv: 'Leverantörsfakturor', en: 'Supplier invoices' },
    description: {
      sv: 'Läsa och ändra leverantörsfakturor, deras periodiseringar och webbadresskopplingar.',
      en: 'Read and change supplier invoices, their accruals and URL connections.',
    },
  },
  timereporting: {
    group: 'projects-time',
    label: { sv: 'Tidredovisning', en: 'Time reporting' },
    description: {
      sv: 'Läsa och ändra tidredovisning.',
      en: 'Read and change time reports.',
    },
  },
  assets: {
    group: 'bookkeeping',
    label: { sv: 'Inventarier', en: 'Fixed assets' },
    description: {
      sv: 'Läsa och ändra anläggningsregistret (inventarier och avskrivningar).',
      en: 'Read and change the fixed-asset register (assets and depreciation).',
    },
  },
  warehouse: {
    group: 'articles-warehouse',
    label: { sv: 'Lager', en: 'Warehouse' },
    description: {
      sv: 'Läsa och ändra lagermodulen: lagerställen, saldon och lagerhändelser.',
      en: 'Read and change the warehouse module: stock locations, balances and stock movements.',
    },
  },
  warehousecustomdocument: {
    group: 'articles-warehouse',
    label: { sv: 'Egna lagerdokument', en: 'Custom warehouse documents' },
    description: {
      sv: 'Läsa och ändra egna dokumenttyper i lagermodulen.',
      en: 'Read and change custom document types in the warehouse module.',
    },
  },
  companylogo: {
    group: 'settings-company',
    label: { sv: 'Företagslogotyp', en: 'Company logo' },
    description: {
      sv: 'Läsa och ändra företagets logotyp.',
      en: "Read and change the company's logo.",
    },
  },
  deletevoucher: {
    group: 'bookkeeping',
    label: { sv: 'Radera verifikationer', en: 'Delete vouchers' },
    description: {
      sv: 'Radera verifikationer i bokföringen.',
      en: 'Delete vouchers from the bookkeeping.',
    },
  },
};

/** Every scope, in the order of SCOPE_NAMES (the order the scope string uses). */
export const SCOPE_CATALOGUE: readonly ScopeInfo[] = SCOPE_NAMES.map((name) => ({
  name,
  ...SCOPE_TEXTS[name],
  onScopesPage: !UNLISTED_SCOPES.includes(name),
}));

/** The catalogue entry for one scope. */
export function scopeInfo(name: ScopeName): ScopeInfo {
  return { name, ...SCOPE_TEXTS[name], onScopesPage: !UNLISTED_SCOPES.includes(name) };
}

/** The scopes of one group, in catalogue order. */
export function scopesInGroup(group: ScopeGroupId): ScopeName[] {
  return SCOPE_CATALOGUE.filter((scope) => scope.group === group).map((scope) => scope.name);
}

export const SCOPE_PRESET_IDS = [
  'accounting',
  'invoicing',
  'accounts-payable',
  'payroll',
  'company-info',
] as const;

/** One ready-made selection for a common kind of integration. */
export type ScopePresetId = (typeof SCOPE_PRESET_IDS)[number];

export interface ScopePreset {
  id: ScopePresetId;
  label: LocalizedText;
  /** Always includes companyinformation: the app needs it to tell which company was connected. */
  scopes: readonly ScopeName[];
}

/** Presets for common integrations, in the order the picker shows them. */
export const SCOPE_PRESETS: readonly ScopePreset[] = [
  {
    id: 'accounting',
    label: { sv: 'Bokföring', en: 'Bookkeeping' },
    scopes: ['companyinformation', 'bookkeeping', 'costcenter', 'currency', 'project'],
  },
  {
    id: 'invoicing',
    label: { sv: 'Fakturering', en: 'Invoicing' },
    scopes: ['companyinformation', 'customer', 'article', 'price', 'invoice', 'payment'],
  },
  {
    id: 'accounts-payable',
    label: { sv: 'Leverantörsfakturor', en: 'Supplier invoices' },
    // `supplier` alone does not reach supplier invoices (fortnox.md section 12, item 5), and
    // attaching the invoice image needs archive + connectfile (section 6).
    scopes: [
      'companyinformation',
      'supplier',
      'supplierinvoice',
      'payment',
      'archive',
      'connectfile',
      'inbox',
    ],
  },
  {
    id: 'payroll',
    label: { sv: 'Lön', en: 'Payroll' },
    scopes: ['companyinformation', 'salary'],
  },
  {
    id: 'company-info',
    label: { sv: 'Bara företagsinformation', en: 'Company information only' },
    scopes: ['companyinformation'],
  },
];
