import type { ScopeName } from '../shared/scope-names';

/**
 * Short Swedish descriptions shown next to each scope's wire name on the consent page, after the
 * resource table in fortnox.md section 6. Every scope gives read and write access.
 */
export const SCOPE_DESCRIPTIONS: Record<ScopeName, string> = {
  archive: 'Filarkiv',
  article: 'Artiklar',
  bookkeeping: 'Bokföring: konton, verifikationer och räkenskapsår',
  companyinformation: 'Företagsinformation',
  connectfile: 'Filkopplingar',
  costcenter: 'Kostnadsställen',
  currency: 'Valutor',
  customer: 'Kunder',
  inbox: 'Inkorg',
  invoice: 'Fakturor och avtal',
  noxfinansinvoice: 'Fakturor hos Fortnox Finans',
  offer: 'Offerter',
  order: 'Ordrar',
  payment: 'Inbetalningar och utbetalningar',
  price: 'Prislistor och priser',
  print: 'Utskriftsmallar',
  profile: 'Din användarprofil',
  project: 'Projekt',
  salary: 'Lön: anställda och lönetransaktioner',
  settings: 'Företagsinställningar',
  supplier: 'Leverantörer',
  supplierinvoice: 'Leverantörsfakturor',
  timereporting: 'Tidredovisning',
  assets: 'Inventarier',
  warehouse: 'Lager',
  warehousecustomdocument: 'Egna lagerdokument',
  companylogo: 'Företagets logotyp',
  deletevoucher: 'Radera verifikationer',
};
