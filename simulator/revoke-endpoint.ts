import { authenticateClient, invalidClientResult, isFormEncoded, oauthErrorResult } from './client-authentication';
import { answerWithFault, type FaultInjector } from './fault-injection';
import type { GrantStore } from './grant-store';
import { jsonResult, type Route, type RouteResult } from './simulator-http';
import { REVOKE_PATH } from './simulator-paths';
import type { RevocationRecord, SimulatorRecords } from './simulator-records';
import type { SimulatorClient } from './simulator-script';

/** What the revoke endpoint works with. */
export interface RevokeEndpointDeps {
  clients: readonly SimulatorClient[];
  grants: GrantStore;
  faults: FaultInjector;
  records: SimulatorRecords;
  now: () => number;
}

/**
 * `POST /oauth-v1/revoke` with Basic auth and `token_type_hint=refresh_token&token=...`
 * (fortnox.md section 4). It answers `{"revoked":true}` for any token, known or not, as Fortnox
 * does; only the live refresh token of the calling client's grant actually ends that grant.
 * Access tokens cannot be revoked.
 */
export function revokeRoute(deps: RevokeEndpointDeps): Route {
  const revoke = (record: RevocationRecord, client: SimulatorClient | undefined, formEncoded: boolean): RouteResult => {
    if (client === undefined) return invalidClientResult();
    if (!formEncoded)
      return oauthErrorResult(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded');
    if (record.token === null || record.token === '') {
      return oauthErrorResult(400, 'invalid_request', 'The token parameter is required');
    }
    const tenantId = deps.grants.revokeRefreshToken(record.token, client.clientId);
    record.revoked = tenantId !== undefined;
    record.tenantId = tenantId ?? null;
    return jsonResult(200, { revoked: true });
  };

  return {
    methods: ['POST'],
    path: REVOKE_PATH,
    async handle(request) {
      const form = await request.form();
      const auth = authenticateClient(request.headers.authorization, deps.clients);
      const fault = deps.faults.take('revoke');
      const record: RevocationRecord = {
        at: deps.now(),
        clientId: auth.clientId,
        basicAuthValid: auth.client !== undefined,
        tokenTypeHint: form.get('token_type_hint'),
        token: form.get('token'),
        revoked: false,
        tenantId: null,
        fault: fault?.kind ?? null,
      };
      deps.records.revocations.push(record);
      deps.records.addSecrets(...auth.received, record.token);
      return answerWithFault(fault, () => revoke(record, auth.client, isFormEncoded(request.headers['content-type'])));
    },
  };
}
