import { useCallback, useEffect, useState } from 'react';
import type { ConnectionIssue } from '../../../shared/connection-issues';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { LocalLeftovers as Leftovers } from '../../../shared/local-leftovers';
import { ConfirmDialog } from '../common/ConfirmDialog';
import type { LeftoverMessages } from '../i18n/firm-messages';

interface LocalLeftoversProps {
  api: ConnectorApi;
  texts: LeftoverMessages;
  /** The text for why Fortnox could not be told (the app's connection issue texts). */
  issueText: (issue: ConnectionIssue) => string;
  /** Changes when firm mode's URL or session does, so what is left is read again. */
  reloadKey: string;
}

type Company = Leftovers['companies'][number];
type Failure = { company: Company; reason: string };
type Asking = 'let-go' | 'remove-anyway' | 'remove-secret' | null;

/**
 * Settings in firm mode (issue 10 item 5): this computer's own connections and client secret,
 * still stored but unused while the firm's server is. Letting the connections go revokes each at
 * Fortnox (main reads this computer's secret for that) and removes it, one at a time with the
 * progress shown; those Fortnox could not be told of stay until the user confirms removing them
 * anyway. The secret is removed on its own confirmation. Nothing shows when nothing is left.
 */
export function LocalLeftovers({ api, texts, issueText, reloadKey }: LocalLeftoversProps) {
  const [left, setLeft] = useState<Leftovers | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [failures, setFailures] = useState<Failure[]>([]);
  const [outcome, setOutcome] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setLeft(await api.getLocalLeftovers());
    } catch {
      setLeft(null);
    }
  }, [api]);
  useEffect(() => {
    let live = true;
    api.getLocalLeftovers().then(
      (value) => live && setLeft(value),
      () => live && setLeft(null),
    );
    return () => {
      live = false;
    };
  }, [api, reloadKey]);

  const name = (company: Company) => company.companyName ?? texts.unnamed(company.tenantId);

  /** Lets each company go in turn; those Fortnox could not be told of are kept unless `removeIfNotRevoked`. */
  const letGo = async (companies: Company[], removeIfNotRevoked: boolean) => {
    setAsking(null);
    setOutcome(null);
    const failed: Failure[] = [];
    let removed = 0;
    for (const [index, company] of companies.entries()) {
      setProgress(texts.progress(index + 1, companies.length, name(company)));
      try {
        const result = await api.letGoLocalConnection(company.tenantId, removeIfNotRevoked);
        if (result.removed) removed += 1;
        else failed.push({ company, reason: result.issue ? issueText(result.issue) : texts.keptNote });
      } catch {
        failed.push({ company, reason: texts.keptNote });
      }
    }
    setProgress(null);
    setFailures(failed);
    setOutcome(texts.letGoDone(removed));
    await reload();
  };

  const removeSecret = async () => {
    setAsking(null);
    setOutcome(null);
    try {
      const result = await api.removeLocalSecret();
      setOutcome(result.removed ? texts.secretRemoved : texts.secretNotRemoved);
    } catch {
      setOutcome(texts.secretNotRemoved);
    }
    await reload();
  };

  const companies = left?.firmActive ? left.companies : [];
  const secret = left?.firmActive === true && left.clientSecret;
  const busy = progress !== null;
  const shown = companies.length > 0 || secret || outcome !== null || failures.length > 0;
  if (!shown) return null;
  // Failures listed are the companies still left (a retry or a removal elsewhere may have taken some).
  const stillFailed = failures.filter((failure) => companies.some((company) => company.tenantId === failure.company.tenantId));

  return (
    <div className="firm-leftovers" data-testid="local-leftovers">
      <h4>{texts.heading}</h4>
      {(companies.length > 0 || secret) && (
        <p className="notice notice-info" data-testid="local-leftovers-notice">
          {texts.notice(companies.length, secret)}
        </p>
      )}
      {stillFailed.length > 0 && !busy && (
        <div className="notice notice-warning" data-testid="local-leftovers-failed">
          <p>{texts.failedHeading(stillFailed.length)}</p>
          <ul>
            {stillFailed.map((failure) => (
              <li key={failure.company.tenantId} dir="auto">
                {texts.failedRow(name(failure.company), failure.reason)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="button-row">
        {companies.length > 0 && (
          <button type="button" className="secondary" disabled={busy} onClick={() => setAsking('let-go')}>
            {texts.letGo}
          </button>
        )}
        {stillFailed.length > 0 && (
          <button type="button" className="secondary" disabled={busy} onClick={() => setAsking('remove-anyway')}>
            {texts.removeAnyway}
          </button>
        )}
        {secret && (
          <button type="button" className="secondary" disabled={busy} onClick={() => setAsking('remove-secret')}>
            {texts.removeSecret}
          </button>
        )}
      </div>
      <div role="status" className="form-outcome" data-testid="local-leftovers-status">
        {progress !== null ? <p>{progress}</p> : outcome !== null && <p className="tone-ok">{outcome}</p>}
      </div>
      <ConfirmDialog
        id="leftovers-let-go"
        open={asking === 'let-go'}
        title={texts.letGoTitle(companies.length)}
        body={texts.letGoBody}
        cancel={texts.cancel}
        confirm={texts.letGoConfirm}
        onConfirm={() => void letGo(companies, false)}
        onCancel={() => setAsking(null)}
      />
      <ConfirmDialog
        id="leftovers-remove-anyway"
        open={asking === 'remove-anyway'}
        title={texts.removeAnywayTitle(stillFailed.length)}
        body={texts.removeAnywayBody}
        cancel={texts.cancel}
        confirm={texts.removeAnywayConfirm}
        onConfirm={() => void letGo(stillFailed.map((failure) => failure.company), true)}
        onCancel={() => setAsking(null)}
      />
      <ConfirmDialog
        id="leftovers-remove-secret"
        open={asking === 'remove-secret'}
        title={texts.removeSecretTitle}
        body={texts.removeSecretBody}
        cancel={texts.cancel}
        confirm={texts.removeSecretConfirm}
        onConfirm={() => void removeSecret()}
        onCancel={() => setAsking(null)}
      />
    </div>
  );
}
