import type { ConnectionIssue } from '../../../shared/connection-issues';
import { useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { CompanySummary, ConnectResult, FlowStatusMessage, ReconnectRequest } from '../../../shared/ipc-contract';
import type { RowFeedback } from '../companies/company-feedback';
import type { RequestProblem } from './FlowStatusPanel';
import { isAccessOnly } from '../companies/access-only';
import type { Selection } from './scope-selection';
import type { ScopeName } from '../../../shared/scope-names';

/** Which call to main is under way. */
export type Pending = 'connect' | 'restart' | 'focus' | 'cancel' | 'keep' | 'discard' | null;

/** A company the Connect view is reconnecting ("with other scopes"), and the selection to go back to. */
export interface ReconnectTarget {
  tenantId: string;
  name: string;
  previous: Selection;
}

/**
 * The last sign-in the user started, so that Try again and Start over repeat the same kind:
 * `connect` uses the Connect view's selection (and its reconnect target, if any); `reconnect`
 * is a row's Reconnect, which lets main reuse the company's own scopes.
 */
export type Attempt = { kind: 'connect' } | { kind: 'reconnect'; tenantId: string };

/** Everything the flow status panel and the Connect and Reconnect buttons need. */
export interface FlowActions {
  pending: Pending;
  userActed: boolean;
  /** A request problem, only while the status it happened under is still the current one. */
  requestProblem: RequestProblem | null;
  attempt: Attempt;
  /** Starts a sign-in; `scopes` replaces the selection's (invalid_scope's "remove it and try again"). */
  connect: (restart: boolean, scopes?: readonly ScopeName[]) => void;
  showWindow: () => void;
  cancel: () => void;
  tryAgain: () => void;
  startOver: () => void;
  /** A row's Reconnect: same scopes as before. Returns what the row should say, or null when a sign-in started. */
  reconnectFromRow: (company: CompanySummary) => Promise<RowFeedback | null>;
  /** After a reconnect reached another company: add that one instead, or let it go. */
  keepOther: (flowId: string) => void;
  discardOther: (flowId: string) => void;
  /** The flow whose other company could not be added, and why (main's issue), if the last "add instead" failed. */
  keepFailedFor: KeepFailure | null;
}

/** "Add it instead" failed for this flow; `issue` is what went wrong talking to Fortnox, when known. */
export interface KeepFailure {
  flowId: string;
  issue: ConnectionIssue | null;
}

/** The calls to main that start, focus, cancel and repeat sign-ins, with their pending state. */
export function useFlowActions(input: {
  api: ConnectorApi;
  status: FlowStatusMessage;
  selection: Selection;
  target: ReconnectTarget | null;
}): FlowActions {
  const { api, status, selection, target } = input;
  const [pending, setPending] = useState<Pending>(null);
  // Set once the user has asked for something; only then may a new status move the focus.
  const [userActed, setUserActed] = useState(false);
  // Remembered with the status it happened under, so the next status from main replaces it.
  const [problem, setProblem] = useState<{ code: RequestProblem; during: FlowStatusMessage } | null>(null);
  const [attempt, setAttempt] = useState<Attempt>({ kind: 'connect' });
  const [keepFailedFor, setKeepFailedFor] = useState<KeepFailure | null>(null);

  async function call(kind: Exclude<Pending, null>, run: () => Promise<RequestProblem | null>) {
    setPending(kind);
    setUserActed(true);
    setProblem(null);
    try {
      const code = await run();
      if (code) setProblem({ code, during: status });
    } catch {
      setProblem({ code: 'no-response', during: status });
    } finally {
      setPending(null);
    }
  }

  const refusal = (result: ConnectResult): RequestProblem | null =>
    result.result === 'refused' ? 'config_invalid' : null;

  /** Reconnects a company; `restart` replaces a sign-in that is open instead of focusing it. */
  async function reconnect(request: Omit<ReconnectRequest, 'restart'>, restart: boolean) {
    return refusal(await api.reconnectCompany({ ...request, restart }));
  }

  /** Starts a sign-in with the current selection (restart replaces one that is open). */
  const connect = (restart: boolean, scopes: readonly ScopeName[] = selection.scopes) =>
    void call(restart ? 'restart' : 'connect', async () => {
      setAttempt({ kind: 'connect' });
      const options = { offlineAccess: selection.offlineAccess, serviceAccount: selection.serviceAccount };
      if (target) return reconnect({ tenantId: target.tenantId, scopes: [...scopes], ...options }, restart);
      return refusal(await api.startConnect({ scopes: [...scopes], ...options, restart }));
    });

  /** Asks main to bring the open sign-in window to the front (startConnect without restart). */
  const showWindow = () =>
    void call('focus', async () => {
      const scopes = status.phase === 'signing-in' && status.scopes.length > 0 ? status.scopes : selection.scopes;
      const result = await api.startConnect({
        scopes: [...scopes],
        offlineAccess: selection.offlineAccess,
        serviceAccount: status.phase === 'signing-in' ? status.serviceAccount : selection.serviceAccount,
        restart: false,
      });
      return refusal(result);
    });

  const cancel = () =>
    void call('cancel', async () => {
      await api.cancelConnect();
      return null;
    });

  const repeat = (restart: boolean) => {
    if (attempt.kind === 'connect') return connect(restart);
    const { tenantId } = attempt;
    void call(restart ? 'restart' : 'connect', () => reconnect({ tenantId }, restart));
  };

  const reconnectFromRow = async (company: CompanySummary): Promise<RowFeedback | null> => {
    setUserActed(true);
    setProblem(null);
    try {
      // An access-only connection's action is to reconnect with offline access this time.
      const result = await api.reconnectCompany({
        tenantId: company.tenantId,
        ...(isAccessOnly(company) ? { offlineAccess: true } : {}),
      });
      if (result.result === 'refused') return { kind: 'config-invalid' };
      if (result.result === 'focused-existing') return { kind: 'already-signing-in' };
      setAttempt({ kind: 'reconnect', tenantId: company.tenantId });
      return null;
    } catch {
      return { kind: 'no-response' };
    }
  };

  const keepOther = (flowId: string) =>
    void call('keep', async () => {
      const result = await api.keepHeldCompany(flowId);
      setKeepFailedFor(result.kept ? null : { flowId, issue: result.issue });
      return null;
    });

  const discardOther = (flowId: string) =>
    void call('discard', async () => {
      await api.discardHeldCompany(flowId);
      return null;
    });

  return {
    keepOther,
    discardOther,
    keepFailedFor,
    pending,
    userActed,
    requestProblem: problem && problem.during === status ? problem.code : null,
    attempt,
    connect,
    showWindow,
    cancel,
    tryAgain: () => repeat(false),
    startOver: () => repeat(true),
    reconnectFromRow,
  };
}
