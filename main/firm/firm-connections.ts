import type { RestoreResult } from '../../shared/attention-rows';
import type { ConnectionIssue } from '../../shared/connection-issues';
import type { CompaniesChanged, CompanySummary, TestResult } from '../../shared/ipc-contract';
import { normalizeTenantId } from '../../shared/tenant-id';
import type { Language } from '../../shared/ui-language';
import type { AuthorizationGrant } from '../connect/connect-flow';
import { companyDetailsText } from '../connections/company-details-text';
import type { CompanyConnections, ReconnectBasis } from '../connections/company-connections';
import type { CompanyListing, ConnectedCompany, DisconnectOutcome } from '../connections/connections-service';
import { FortnoxCallError } from '../fortnox/fortnox-call-error';
import type { Logger } from '../logging/logger';
import type { FirmCompanies } from './firm-events';
import type { ReturnedCompany } from '../batch/returned-company';
import { UnexpectedCompanyError } from '../connections/connections-service';
import { FirmApiError, FirmUnreachableError, type FirmServerClient } from './firm-server-client';
import { FIRM_CODE_ISSUES } from '../../shared/firm-problems';

/** Collaborators of the firm-mode connections. */
export interface FirmConnectionsDeps {
  /** The client for the server in use now (null while firm mode is off or signed out). */
  client: () => FirmServerClient | null;
  now: () => number;
  log: Logger;
  publish: (change: CompaniesChanged) => void;
}

/** What went wrong talking to the firm server, as the connection issue the UI already explains. */
export function issueOf(error: unknown): ConnectionIssue {
  if (error instanceof FirmUnreachableError) return error.reason === 'timeout' ? 'timeout' : 'network';
  // Every code has its issue (firm-problems.ts), each with its own text.
  if (error instanceof FirmApiError) return FIRM_CODE_ISSUES[error.code];
  return 'invalid_response';
}

const canonical = (tenantId: string) => normalizeTenantId(tenantId) ?? tenantId;

/**
 * The company list and its actions in firm mode: the list is the server's (`GET /v1/firm/companies`,
 * then its events), a verified code goes to `POST /v1/authorizations`, and test and disconnect are
 * the server's. Nothing here holds a Fortnox token or the client secret: the server exchanges codes
 * and keeps the tokens. Changes reach the renderer as the same `companies:changed` messages the
 * local connections send.
 */
export class FirmConnections implements CompanyConnections {
  private readonly companies = new Map<string, CompanySummary>();
  /**
   * Batch sign-ins that reached a company not on the list, by flow: the server has stored it
   * already, so "let it go" disconnects it there (unless it was connected before this sign-in).
   */
  private readonly held = new Map<string, { company: ConnectedCompany; wasConnected: boolean }>();
  /** The version of the list shown; an event with an older one is ignored. */
  private shownVersion = -1;

  constructor(private readonly deps: FirmConnectionsDeps) {}

  /** The version of the list shown (-1 before the first). */
  version(): number {
    return this.shownVersion;
  }

  /**
   * Takes a list from the server (the first answer, or an event): ignored when older than the list
   * shown; otherwise the renderer is told what was added, changed and removed.
   */
  apply(list: FirmCompanies): boolean {
    if (list.version < this.shownVersion) {
      this.deps.log.info('older firm company list ignored', { version: list.version, shown: this.shownVersion });
      return false;
    }
    this.shownVersion = list.version;
    const next = new Map(list.companies.map((company) => [company.tenantId, company] as const));
    const removed = [...this.companies.keys()].filter((tenantId) => !next.has(tenantId));
    const upserted = list.companies.filter((company) => JSON.stringify(this.companies.get(company.tenantId)) !== JSON.stringify(company));
    this.companies.clear();
    for (const [tenantId, company] of next) this.companies.set(tenantId, company);
    if (removed.length > 0 || upserted.length > 0) this.deps.publish({ upserted, removed });
    return true;
  }

  /** Forgets the list (signed out, or firm mode turned off); the renderer is told each removal. */
  clear(publish = true): void {
    const removed = [...this.companies.keys()];
    this.companies.clear();
    this.shownVersion = -1;
    if (publish && removed.length > 0) this.deps.publish({ upserted: [], removed });
  }

  /** Fetches the whole list again (after signing in, or when the event stream reconnects). */
  async refresh(): Promise<void> {
    const client = this.deps.client();
    if (!client) return;
    this.apply(await client.companies());
  }

  listing(): CompanyListing {
    return { companies: this.list(), attention: [], omitted: 0 };
  }

  list(): CompanySummary[] {
    return [...this.companies.values()];
  }

  company(tenantId: string): CompanySummary | undefined {
    return this.companies.get(canonical(tenantId));
  }

  record(tenantId: string): ReconnectBasis | undefined {
    return this.company(tenantId);
  }

  /** The company's name, for texts (undefined: not listed). */
  companyName(tenantId: string): string | null | undefined {
    return this.company(tenantId)?.companyName;
  }

  /**
   * Hands the verified code to the server, which exchanges it and keeps the tokens. A reconnect the
   * user signed in to another company for does not replace the target: the server stores tokens by
   * the company they are for, so it is simply that other company that is connected (and listed).
   */
  async authorize(grant: AuthorizationGrant): Promise<ConnectedCompany> {
    return (await this.handOver(grant)).connected;
  }

  /**
   * Batch connect through the server: the code is handed over like any other, then `accept` says
   * whether the company belongs to the batch. The server has stored it either way; one the batch
   * does not want is held here until the user keeps it or lets it go (then disconnected at the
   * server, unless it was connected before).
   */
  async authorizeIf(grant: AuthorizationGrant, accept: (company: ReturnedCompany) => boolean): Promise<ConnectedCompany> {
    const { connected, company } = await this.handOver(grant);
    const returned: ReturnedCompany = {
      tenantId: company.tenantId,
      companyName: company.companyName,
      organizationNumber: company.organizationNumber,
      alreadyConnected: connected.reconnected,
    };
    if (accept(returned)) return connected;
    this.held.set(grant.flowId, { company: connected, wasConnected: connected.reconnected });
    this.deps.log.warn('batch sign-in reached a company not on the list; the user decides whether the firm keeps it', { flowId: grant.flowId, tenantId: company.tenantId });
    throw new UnexpectedCompanyError(returned);
  }

  private async handOver(grant: AuthorizationGrant): Promise<{ connected: ConnectedCompany; company: CompanySummary }> {
    const client = this.deps.client();
    if (!client) throw new FortnoxCallError('unauthorized');
    try {
      const answer = await client.authorize({
        code: grant.code,
        redirectUri: grant.redirectUri,
        requestedScopes: grant.scopes,
        offlineAccess: grant.offlineAccess,
        accountType: grant.serviceAccount ? 'service' : 'user',
      });
      this.upsert(answer.company);
      const granted = new Set<string>(answer.company.grantedScopes);
      const requested = new Set<string>(grant.scopes);
      this.deps.log.info('company connected through the firm server', { tenantId: answer.company.tenantId, reconnected: answer.reconnected });
      const connected = {
        tenantId: answer.company.tenantId,
        companyName: answer.company.companyName,
        reconnected: answer.reconnected,
        scopesNotGranted: grant.scopes.filter((scope) => !granted.has(scope)),
        scopesNotRequested: answer.company.grantedScopes.filter((scope) => !requested.has(scope)),
      };
      return { connected, company: answer.company };
    } catch (error) {
      if (error instanceof FortnoxCallError) throw error;
      throw new FortnoxCallError(issueOf(error));
    }
  }

  async test(tenantId: string): Promise<TestResult> {
    const at = this.deps.now();
    const client = this.deps.client();
    if (!client || !this.company(tenantId)) return { ok: false, issue: 'unknown_company', detail: null, at };
    try {
      const { company } = await client.testCompany(canonical(tenantId));
      this.upsert(company);
      const last = company.lastTest;
      if (last?.ok) return { ok: true, companyName: last.companyName ?? company.companyName, at: last.at };
      return { ok: false, issue: last?.issue ?? company.statusIssue ?? 'server_error', detail: company.statusDetail, at: last?.at ?? at };
    } catch (error) {
      return { ok: false, issue: issueOf(error), detail: null, at };
    }
  }

  async disconnect(tenantId: string): Promise<DisconnectOutcome> {
    const client = this.deps.client();
    if (!client || !this.company(tenantId)) return { removed: false, revoked: false, issue: 'unknown_company' };
    try {
      const { revoked } = await client.disconnectCompany(canonical(tenantId));
      this.remove(canonical(tenantId));
      return { removed: true, revoked, issue: revoked ? null : 'revoked' };
    } catch (error) {
      if (error instanceof FirmApiError && error.code === 'company_not_found') {
        this.remove(canonical(tenantId));
        return { removed: true, revoked: false, issue: 'unknown_company' };
      }
      return { removed: false, revoked: false, issue: issueOf(error) };
    }
  }

  /** Firm mode lists no attention rows: damaged records and unknown connections are the local store's. */
  disconnectAttention(): Promise<DisconnectOutcome> {
    return Promise.resolve({ removed: false, revoked: false, issue: null });
  }

  restore(): Promise<RestoreResult> {
    return Promise.resolve({ ok: false, reason: 'not_found', issue: null });
  }

  /** Keeps a company a batch did not ask for (the server has it already). */
  keepHeld(flowId: string): Promise<ConnectedCompany | undefined> {
    const held = this.held.get(flowId);
    this.held.delete(flowId);
    return Promise.resolve(held?.company);
  }

  /** Lets companies a batch did not ask for go: disconnected at the server, unless they were connected before. */
  discardHeld(flowId?: string): number {
    const flows = flowId === undefined ? [...this.held.keys()] : this.held.has(flowId) ? [flowId] : [];
    for (const flow of flows) {
      const held = this.held.get(flow);
      this.held.delete(flow);
      if (held && !held.wasConnected) {
        void this.disconnect(held.company.tenantId).then((outcome) =>
          this.deps.log.info('company not on the batch list let go at the firm server', { tenantId: held.company.tenantId, removed: outcome.removed }),
        );
      }
    }
    return flows.length;
  }

  /** A single sign-in takes no batch question away (the server exchanged every other code already). */
  discardHeldExcept(): number {
    return 0;
  }

  detailsText(tenantId: string, language: Language = 'sv'): string | undefined {
    const company = this.company(tenantId);
    return company ? companyDetailsText(company, language) : undefined;
  }

  private upsert(company: CompanySummary): void {
    this.companies.set(company.tenantId, company);
    this.deps.publish({ upserted: [company], removed: [] });
  }

  private remove(tenantId: string): void {
    if (!this.companies.delete(tenantId)) return;
    this.deps.publish({ upserted: [], removed: [tenantId] });
  }
}
