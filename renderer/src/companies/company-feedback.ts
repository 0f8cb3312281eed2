import type { ConnectionIssue } from '../../../shared/connection-issues';
import type { DisconnectResult, TestResult } from '../../../shared/ipc-contract';
import type { Messages } from '../i18n/messages';


/** What a row shows after the user pressed one of its buttons (kept per tenant id). */
export type RowFeedback =
  | { kind: 'testing' }
  | { kind: 'tested'; result: TestResult }
  | { kind: 'copied' }
  | { kind: 'copy-failed' }
  | { kind: 'already-signing-in' }
  | { kind: 'config-invalid' }
  | { kind: 'no-response' };

/** How a message looks: fine, needs attention, or in progress. */
export type Tone = 'ok' | 'problem' | 'neutral';

/** A message about a connection issue: the sentence, plus Fortnox's own words when it sent any. */
export interface IssueText {
  text: string;
  fortnoxSaid: string | null;
}

/** The sentence for an issue and Fortnox's untrusted detail (blank detail is left out). */
export function issueText(issue: ConnectionIssue, detail: string | null, messages: Messages): IssueText {
  const trimmed = detail?.trim();
  return { text: messages.issues[issue], fortnoxSaid: trimmed ? trimmed : null };
}

/** One row's feedback as text and tone. */
export function feedbackText(feedback: RowFeedback, messages: Messages): { tone: Tone; text: string; fortnoxSaid: string | null } {
  const texts = messages.companies;
  switch (feedback.kind) {
    case 'testing':
      return { tone: 'neutral', text: texts.actions.testing, fortnoxSaid: null };
    case 'tested': {
      const { result } = feedback;
      if (result.ok) return { tone: 'ok', text: texts.testOk(result.companyName?.trim() || null), fortnoxSaid: null };
      const issue = issueText(result.issue, result.detail, messages);
      return { tone: 'problem', text: `${texts.testFailed} ${issue.text}`, fortnoxSaid: issue.fortnoxSaid };
    }
    case 'copied':
      return { tone: 'ok', text: texts.copied, fortnoxSaid: null };
    case 'copy-failed':
      return { tone: 'problem', text: texts.copyFailed, fortnoxSaid: null };
    case 'already-signing-in':
      return { tone: 'problem', text: messages.flow.alreadySigningIn, fortnoxSaid: null };
    case 'config-invalid':
      return { tone: 'problem', text: messages.flow.errors.config_invalid.title, fortnoxSaid: null };
    case 'no-response':
      return { tone: 'problem', text: texts.requestFailed, fortnoxSaid: null };
  }
}

/** What the disconnect notice says. `removeInFortnox` asks the user to finish the job in Fortnox. */
export interface DisconnectView {
  tone: Tone;
  text: string;
  issue: string | null;
  removeInFortnox: string | null;
}

/** The outcome of a disconnect, or of a disconnect call that got no answer (`result` null). */
export function describeDisconnect(result: DisconnectResult | null, company: string, messages: Messages): DisconnectView {
  const texts = messages.companies;
  if (result === null) return { tone: 'problem', text: texts.requestFailed, issue: null, removeInFortnox: null };
  const issue = result.issue ? messages.issues[result.issue] : null;
  if (!result.removed) return { tone: 'problem', text: texts.disconnectFailed(company), issue, removeInFortnox: null };
  if (!result.revoked) {
    return { tone: 'problem', text: texts.disconnectedLocally(company), issue, removeInFortnox: texts.removeInFortnox };
  }
  return { tone: 'ok', text: texts.disconnected(company), issue: null, removeInFortnox: null };
}
