import { useEffect, useRef } from 'react';
import type { FlowStatusMessage } from '../../../shared/ipc-contract';
import { scopeInfo } from '../../../shared/scope-catalogue';
import { isScopeName, type ScopeName } from '../../../shared/scope-names';
import { scopeParameter } from '../../../shared/scope-string';
import { companyLabel } from '../companies/company-label';
import { describeFailure } from './flow-failure';
import { formatCountdown, remainingMs } from './flow-status-state';
import { describeSuccess } from './flow-success';
import { isFlowOutcome } from './flow-status-visibility';
import type { KeepFailure } from './use-flow-actions';
import { useNow } from '../common/use-now';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';

/** A request to main that did not get as far as a flow status. */
export type RequestProblem = 'config_invalid' | 'no-response';

interface FlowStatusPanelProps {
  status: FlowStatusMessage;
  language: Language;
  messages: Messages;
  requestProblem: RequestProblem | null;
  /** True while a call to main is under way; the panel's buttons wait for it. */
  busy: boolean;
  /** True once the user pressed a button that talks to main; before that, never move focus. */
  userActed: boolean;
  /** Why Try again / Start over cannot be used now (same reason as for Connect), or null. */
  retryBlocked: boolean;
  onShowWindow: () => void;
  onStartOver: () => void;
  onCancel: () => void;
  onTryAgain: () => void;
  /** Shown after a success, where the company list is not already on screen. */
  onShowCompanies?: (() => void) | undefined;
  /** The company a row's Reconnect is for; then the Connect view's selection plays no part. */
  reconnecting?: string | null | undefined;
  /** After a reconnect reached another company: add that one instead, or let it go. */
  onKeepOther?: ((flowId: string) => void) | undefined;
  onDiscardOther?: ((flowId: string) => void) | undefined;
  /** The flow whose other company could not be added, and why. */
  keepFailedFor?: KeepFailure | null | undefined;
  /**
   * For an invalid_scope failure of the Connect view's own sign-in: the requested scopes Fortnox
   * named (empty when it did not say), and "Ta bort den och försök igen".
   */
  invalidScope?: { refused: readonly ScopeName[]; requested: readonly ScopeName[]; onRemoveAndRetry: () => void } | null | undefined;
  /** A connected company's organisation number (from the company list), so a success can name it. */
  organizationNumberOf?: ((tenantId: string) => string | null) | undefined;
  /** Closes a finished sign-in's outcome (the panel is then hidden until the next sign-in). */
  onDismiss?: (() => void) | undefined;
}

/** Shows the connect flow's phase and the actions that fit it. */
export function FlowStatusPanel(props: FlowStatusPanelProps) {
  const { status, messages, requestProblem, userActed } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  // The held state is part of the key: "Nej, spara inte" removes both of its buttons in the same
  // phase, and the focus must not fall to the page then either.
  const held = status.phase === 'failed' && status.otherCompany?.held === true;
  const keepFailed = status.phase !== 'idle' && props.keepFailedFor?.flowId === status.flowId;
  const phaseKey = status.phase === 'idle' ? 'idle' : `${status.phase}:${status.flowId}:${held ? 'held' : ''}:${keepFailed ? 'keep-failed' : ''}`;

  useEffect(() => {
    // After the user's own action, the button they pressed may have become disabled or gone, and
    // focus would fall back to the page; keep keyboard and screen-reader users where the news is.
    if (!userActed) return;
    const active = document.activeElement;
    if (!active || active === document.body || (active instanceof HTMLButtonElement && active.disabled)) {
      heading.current?.focus();
    }
  }, [phaseKey, userActed]);

  return (
    <section className="card flow-status" aria-labelledby="flow-status-heading" data-testid="flow-status">
      <div className="flow-status-head">
        <h2 id="flow-status-heading" ref={heading} tabIndex={-1}>
          {messages.flow.heading}
        </h2>
        {props.onDismiss && isFlowOutcome(status) && (
          <button
            type="button"
            className="small dismiss"
            aria-label={messages.shell.dismissLabel}
            data-testid="flow-dismiss"
            onClick={props.onDismiss}
          >
            {messages.shell.dismiss}
          </button>
        )}
      </div>
      {props.reconnecting && (
        <p className="flow-subject" dir="auto" data-testid="flow-reconnecting">
          {messages.flow.reconnecting(props.reconnecting)}
        </p>
      )}
      <div role="status" aria-live="polite" className="flow-live">
        <LiveSummary {...props} />
      </div>
      {status.phase === 'signing-in' && <SigningInDetails {...props} status={status} />}
      {status.phase === 'failed' && <Failure {...props} status={status} />}
      {status.phase === 'succeeded' && props.onShowCompanies && (
        <div className="button-row">
          <button type="button" className="secondary" onClick={props.onShowCompanies}>
            {messages.flow.showCompanies}
          </button>
        </div>
      )}
      {requestProblem && (
        <div role="alert" className="failure">
          {requestProblem === 'config_invalid' ? (
            <>
              <h3>{messages.flow.errors.config_invalid.title}</h3>
              <p>{messages.flow.errors.config_invalid.body}</p>
            </>
          ) : (
            <p>{messages.flow.requestFailed}</p>
          )}
        </div>
      )}
    </section>
  );
}

/** The part that screen readers announce politely: idle, signing in, succeeded. */
function LiveSummary({ status, messages, language, organizationNumberOf }: FlowStatusPanelProps) {
  const { flow } = messages;
  switch (status.phase) {
    case 'idle':
      return <p>{flow.idle}</p>;
    case 'signing-in':
      return (
        <div className="signing-in">
          <h3>{flow.signingInHeading}</h3>
          <p>{flow.signingInHelp}</p>
          {status.serviceAccount && <p>{flow.signingInServiceAccount}</p>}
        </div>
      );
    case 'exchanging':
      return (
        <div className="signing-in">
          <p data-testid="flow-exchanging">{flow.exchanging}</p>
        </div>
      );
    case 'succeeded': {
      const organizationNumber = status.company ? (organizationNumberOf?.(status.company.tenantId) ?? null) : null;
      const view = describeSuccess(status, messages, organizationNumber);
      return (
        <div className="success">
          <h3>{flow.succeededHeading}</h3>
          {view.company && (
            <p className="connected-company" data-testid="flow-company" dir="auto">
              {view.company}
            </p>
          )}
          {view.reconnected && <p>{view.reconnected}</p>}
          <p>{flow.approvedScopes}</p>
          <ul className="approved-scopes">
            {view.scopes.map((name) => (
              <li key={name}>
                {isScopeName(name) && <>{scopeInfo(name).label[language]} </>}
                <code>{name}</code>
              </li>
            ))}
          </ul>
          {(view.notGranted.length > 0 || view.notRequested.length > 0) && (
            <div className="warning scope-note" data-testid="flow-scope-note">
              <p className="warning-heading">{flow.scopesDifferHeading}</p>
              {view.notGranted.length > 0 && (
                <p>
                  {flow.scopesNotGranted} <code>{view.notGranted.join(' ')}</code>
                </p>
              )}
              {view.notRequested.length > 0 && (
                <p>
                  {flow.scopesNotRequested} <code>{view.notRequested.join(' ')}</code>
                </p>
              )}
            </div>
          )}
          <p>{status.serviceAccount ? flow.serviceAccountYes : flow.serviceAccountNo}</p>
        </div>
      );
    }
    case 'failed':
      // Failures are announced by the role="alert" block instead.
      return null;
  }
}

type SigningIn = Extract<FlowStatusMessage, { phase: 'signing-in' }>;

function SigningInDetails({ status, messages, busy, retryBlocked, onShowWindow, onStartOver, onCancel, reconnecting }: FlowStatusPanelProps & { status: SigningIn }) {
  const { flow } = messages;
  const now = useNow();
  return (
    <>
      <p className="sign-in-location" data-testid="flow-sign-in-location">
        {flow.signInLocation}{' '}
        {status.location ? (
          <>
            {status.location.secure && (
              <span role="img" aria-label={flow.signInLocationSecure} title={flow.signInLocationSecure}>
                🔒
              </span>
            )}{' '}
            <code dir="ltr" data-testid="flow-sign-in-host">
              {status.location.host}
            </code>
            {!status.location.secure && <> {flow.signInLocationInsecure}</>}
          </>
        ) : (
          <span>{flow.signInLocationPending}</span>
        )}
      </p>
      <p className="countdown">
        {flow.timeLeft}: <span role="timer">{formatCountdown(remainingMs(status.expiresAt, now))}</span>
      </p>
      <p className="hint">
        {flow.requestedScopes} <code>{scopeParameter(status.scopes)}</code>
      </p>
      <div className="button-row">
        <button type="button" className="primary" disabled={busy} onClick={onShowWindow}>
          {flow.showWindow}
        </button>
        <button type="button" className="secondary" disabled={busy || retryBlocked} aria-describedby="start-over-hint" onClick={onStartOver}>
          {flow.startOver}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={onCancel}>
          {flow.cancel}
        </button>
      </div>
      <p id="start-over-hint" className="hint">
        {reconnecting ? flow.startOverHintReconnect : flow.startOverHint}
      </p>
    </>
  );
}

type Failed = Extract<FlowStatusMessage, { phase: 'failed' }>;

/** "Du loggade in på Café Söder AB, inte Bokföringsbyrån Norr AB": said first, before the generic text. */
function WrongCompanyText({ status, messages }: FlowStatusPanelProps & { status: Failed }) {
  const other = status.otherCompany;
  if (!other) return null;
  return (
    <p className="wrong-company" dir="auto" data-testid="flow-wrong-company">
      {messages.flow.wrongCompany(companyLabel(other.actual, messages), companyLabel(other.expected, messages))}
    </p>
  );
}

/** What became of the sign-in to the other company: still held, let go, or not added (and why). */
function OtherCompanyOutcome({ status, messages, keepFailedFor }: FlowStatusPanelProps & { status: Failed }) {
  const other = status.otherCompany;
  if (!other) return null;
  const actual = companyLabel(other.actual, messages);
  const keepFailure = keepFailedFor?.flowId === status.flowId ? keepFailedFor : null;
  if (keepFailure) {
    return (
      <p data-testid="flow-other-outcome">
        {messages.flow.otherKeepFailed(actual)}
        {keepFailure.issue && ` ${messages.issues[keepFailure.issue]}`}
      </p>
    );
  }
  return other.held ? (
    <p className="hint">{messages.flow.otherHeldHint}</p>
  ) : (
    <p data-testid="flow-other-outcome">{messages.flow.otherDiscarded(actual)}</p>
  );
}

function Failure(props: FlowStatusPanelProps & { status: Failed }) {
  const { status, messages, busy, retryBlocked, onTryAgain, reconnecting } = props;
  const { flow } = messages;
  const view = describeFailure(status, messages);
  const calm = status.error === 'cancelled' || status.error === 'superseded';
  return (
    <>
      <div role="alert" className={calm ? 'failure calm' : 'failure'}>
        <h3>{view.title}</h3>
        <WrongCompanyText {...props} status={status} />
        <p>{view.body}</p>
        <OtherCompanyOutcome {...props} status={status} />
        {view.issue && <p data-testid="flow-issue">{view.issue}</p>}
        {view.fortnoxSaid && (
          <p className="untrusted">
            {flow.fortnoxSaid} <span dir="auto">{view.fortnoxSaid}</span>
          </p>
        )}
        {view.blockedAddress && (
          <p className="untrusted">
            {flow.blockedAddress} <code dir="ltr">{view.blockedAddress}</code>
          </p>
        )}
        {view.details && (
          <p className="untrusted">
            {flow.details} <span dir="auto">{view.details}</span>
          </p>
        )}
        {!reconnecting && <p className="hint">{flow.selectionKept}</p>}
      </div>
      <InvalidScope {...props} />
      {status.otherCompany?.held && (
        <div className="button-row">
          <button
            type="button"
            className="secondary"
            disabled={busy}
            data-testid="flow-keep-other"
            onClick={() => props.onKeepOther?.(status.flowId)}
          >
            {(status.otherCompany.alreadyConnected ? flow.reconnectOtherInstead : flow.addOtherInstead)(
              companyLabel(status.otherCompany.actual, messages),
            )}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={busy}
            data-testid="flow-discard-other"
            onClick={() => props.onDiscardOther?.(status.flowId)}
          >
            {flow.discardOther}
          </button>
        </div>
      )}
      <div className="button-row">
        <button
          type="button"
          className="primary"
          disabled={busy || retryBlocked}
          aria-describedby="connect-reason"
          onClick={onTryAgain}
        >
          {flow.tryAgain}
        </button>
      </div>
    </>
  );
}

/** invalid_scope: which requested scope Fortnox refused, and a way to drop it and sign in again. */
function InvalidScope({ invalidScope, messages, language, busy }: FlowStatusPanelProps) {
  if (!invalidScope) return null;
  const texts = messages.scopeProfiles;
  const { refused, requested } = invalidScope;
  if (refused.length === 0) {
    return (
      <div className="invalid-scope" data-testid="flow-invalid-scope">
        <p>{texts.refusedUnknown}</p>
        <details className="scope-details">
          <summary>{texts.details}</summary>
          <pre className="scope-string">
            <code>{scopeParameter(requested)}</code>
          </pre>
        </details>
      </div>
    );
  }
  const labels = refused.map((name) => `${scopeInfo(name).label[language]} (${name})`).join(', ');
  return (
    <div className="invalid-scope" data-testid="flow-invalid-scope">
      <p>{texts.refusedNamed(labels)}</p>
      <div className="button-row">
        <button type="button" className="primary" disabled={busy || requested.length <= refused.length} onClick={invalidScope.onRemoveAndRetry}>
          {texts.removeAndRetry}
        </button>
      </div>
    </div>
  );
}
