import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  companiesDocumentSchema,
  companiesMigrations,
  COMPANIES_FILE_VERSION,
  emptyCompaniesDocument,
  type CompanyRecord,
} from '../../../main/connections/company-records';
import { createLogger } from '../../../main/logging/logger';
import { createVersionedJsonFile } from '../../../main/storage/versioned-json-file';

/** Swedish first words, Å, Ä and Ö among them, so the seeded list exercises the collation. */
const NAMES = ['Alfa', 'Bergs Bygg', 'Café Söder', 'Dala Revision', 'Ekonomihuset', 'Fjällbacka Fisk', 'Gotlands Glas', 'Hälsingebygd', 'Ängby Trädgård', 'Åkeri Syd', 'Örebro Plåt', 'Zeta Konsult'];

/** How the seeded firm looks beyond its size. */
export interface SeedOptions {
  /**
   * Names as long as real ones get ("Fjällbacka Fisk Förvaltning och Fastighetsservice i Norra
   * Bohuslän 5 AB"), and every 25th company (the 5th, 30th…) with access only, without offline
   * access: its Reconnect says "with offline access".
   */
  long?: boolean;
  /** What Fortnox said when each company that needs a new sign-in was refused (its status detail). */
  fortnoxSaid?: string;
}

/**
 * The `index`th seeded company: every 25th needs a new sign-in, every 40th has an error, the rest
 * are active (with `long`, see SeedOptions); refreshed within the last five days, so no background
 * refresh falls due.
 */
export function seededCompany(index: number, now: number, options: SeedOptions = {}): CompanyRecord {
  const accessOnly = options.long === true && index % 25 === 5;
  const status = index % 25 === 3 ? 'needs_reconnect' : index % 40 === 7 ? 'error' : accessOnly ? 'access_only' : 'active';
  const first = NAMES[index % NAMES.length] ?? 'Bolag';
  return {
    tenantId: String(5_000_000 + index),
    companyName: options.long ? `${first} Förvaltning och Fastighetsservice i Norra Bohuslän ${index} AB` : `${first} ${index} AB`,
    organizationNumber: `55${String(index).padStart(4, '0')}-${String((index * 7) % 10_000).padStart(4, '0')}`,
    accountType: index % 9 === 0 ? 'service' : 'user',
    requestedScopes: ['companyinformation', 'invoice', 'customer', 'bookkeeping'],
    grantedScopes: ['companyinformation', 'invoice', 'customer', 'bookkeeping'],
    offlineAccess: !accessOnly,
    connectedAt: now - (index % 40) * 86_400_000,
    lastRefreshedAt: now - (index % 5) * 86_400_000,
    accessTokenExpiresAt: now + 3_600_000,
    refreshTokenIssuedAt: now - (index % 5) * 86_400_000,
    status,
    statusIssue: status === 'needs_reconnect' ? 'invalid_grant' : status === 'error' ? 'server_error' : null,
    statusDetail: status === 'needs_reconnect' ? (options.fortnoxSaid ?? null) : null,
    lastTest: null,
  };
}

/**
 * A data folder whose `companies.json` holds `count` companies (written through the app's own
 * versioned file, so it loads as the app's own), for the list at scale in end-to-end tests and
 * the list bench. The companies have no tokens: enough to list, sort, filter and select them.
 */
export async function seedCompanies(count: number, now: number, dataDir?: string, options: SeedOptions = {}): Promise<string> {
  const dir = dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'connector-seeded-')));
  await mkdir(dir, { recursive: true });
  const file = createVersionedJsonFile({
    filePath: path.join(dir, 'companies.json'),
    currentVersion: COMPANIES_FILE_VERSION,
    schema: companiesDocumentSchema,
    migrations: companiesMigrations,
    empty: emptyCompaniesDocument,
    now: () => new Date(now),
    log: createLogger(() => undefined),
  });
  await file.load();
  await file.save({ ...emptyCompaniesDocument(), companies: Array.from({ length: count }, (_, index) => seededCompany(index, now, options)) });
  return dir;
}
