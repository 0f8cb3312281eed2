import { useEffect, useRef, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { CompanySummary, CreateToolKeyResult, ToolKeyView } from '../../../shared/ipc-contract';
import { companyLabel } from '../companies/company-label';
import type { CompanyListState } from '../companies/company-list-state';
import { LocalApiStatus } from '../components/LocalApiStatus';
import { useLocalApi } from '../hooks/use-local-api';
import { useNow } from '../hooks/use-now';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { CreateKeyForm } from './CreateKeyForm';
import { EMPTY_KEY_FORM, type KeyFormState } from './key-form';
import { upsertKey } from './key-list';
import { KeyList } from './KeyList';
import { RevokeKeyDialog } from './RevokeKeyDialog';
import { ShownOncePanel, type ShownKey } from './ShownOncePanel';

type KeysState = { load: 'loading' } | { load: 'failed' } | { load: 'loaded'; keys: readonly ToolKeyView[] };

type RevokeNotice = { name: string; outcome: 'revoked' | 'not-saved' | 'failed' };

interface ToolsViewProps {
  api: ConnectorApi;
  companies: CompanyListState;
  messages: Messages;
  language: Language;
  /** Move the focus to the heading on mount (when a button, not the menu, led here). */
  focusHeading: boolean;
}

const NO_COMPANIES: readonly CompanySummary[] = [];

/** The company the examples of a new key read: its first chosen company, or the first connected one for "all". */
function exampleCompany(created: Extract<CreateToolKeyResult, { ok: true }>, companies: readonly CompanySummary[]): CompanySummary | null {
  const allowed = created.record.companies;
  if (allowed === 'all') return companies[0] ?? null;
  return companies.find((company) => company.tenantId === allowed[0]) ?? null;
}

/**
 * The Tools view (issue 8, item 2): create a key for a tool, see it once with ready examples, and
 * list and revoke keys. The new key lives only in this component's state: "Done" forgets it, and
 * so does leaving the view (the component unmounts).
 */
export function ToolsView({ api, companies: companyList, messages, language, focusHeading }: ToolsViewProps) {
  const texts = messages.tools;
  const heading = useRef<HTMLHeadingElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const now = useNow(30_000);
  const [keys, setKeys] = useState<KeysState>({ load: 'loading' });
  const [generation, setGeneration] = useState(0);
  const [form, setForm] = useState<KeyFormState>(EMPTY_KEY_FORM);
  const [shown, setShown] = useState<ShownKey | null>(null);
  const [confirming, setConfirming] = useState<ToolKeyView | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [notice, setNotice] = useState<RevokeNotice | null>(null);
  const companies = companyList.load === 'loaded' ? companyList.companies : NO_COMPANIES;
  const localApi = useLocalApi(api);

  useEffect(() => {
    if (focusHeading) heading.current?.focus();
  }, [focusHeading]);

  useEffect(() => {
    let current = true;
    api.listToolKeys().then(
      (list) => current && setKeys({ load: 'loaded', keys: list.keys }),
      () => current && setKeys((previous) => (previous.load === 'loaded' ? previous : { load: 'failed' })),
    );
    return () => {
      current = false;
    };
  }, [api, generation]);

  const onCreated = (created: Extract<CreateToolKeyResult, { ok: true }>) => {
    const company = exampleCompany(created, companies);
    setShown({
      key: created.key,
      name: created.record.name,
      port: created.port,
      databaseNumber: company?.tenantId ?? null,
      companyName: company ? companyLabel(company, messages) : null,
    });
    setKeys((previous) => (previous.load === 'loaded' ? { load: 'loaded', keys: upsertKey(previous.keys, created.record) } : previous));
    setForm(EMPTY_KEY_FORM);
    setNotice(null);
  };

  const done = () => {
    setShown(null);
    listHeading.current?.focus();
    // The tool may have used the key meanwhile: show when.
    setGeneration((value) => value + 1);
  };

  const revoke = async (key: ToolKeyView) => {
    setConfirming(null);
    setRevoking(key.id);
    setNotice(null);
    try {
      const result = await api.revokeToolKey(key.id);
      setNotice({ name: key.name, outcome: !result.revoked ? 'failed' : result.saved ? 'revoked' : 'not-saved' });
    } catch {
      setNotice({ name: key.name, outcome: 'failed' });
    } finally {
      setRevoking(null);
      setGeneration((value) => value + 1);
    }
  };

  const noticeText = (value: RevokeNotice) =>
    value.outcome === 'revoked' ? texts.list.revoked(value.name) : value.outcome === 'not-saved' ? texts.list.revokedNotSaved(value.name) : texts.list.revokeFailed(value.name);

  return (
    <section className="tools-view" aria-labelledby="tools-heading">
      <h2 id="tools-heading" ref={heading} tabIndex={-1}>
        {texts.heading}
      </h2>
      <p className="intro">{texts.intro}</p>
      {/* Where tools reach the app (or why they cannot now), above everything that depends on it. */}
      <LocalApiStatus status={localApi?.status ?? null} messages={messages} onRetry={() => api.retryLocalApi()} />
      {shown ? (
        <ShownOncePanel api={api} shown={shown} messages={messages} onDone={done} />
      ) : (
        <CreateKeyForm
          api={api}
          companies={companies}
          companiesLoad={companyList.load}
          form={form}
          onFormChange={setForm}
          messages={messages}
          language={language}
          onCreated={onCreated}
        />
      )}
      <section className="card" aria-labelledby="tool-keys-heading">
        <h3 id="tool-keys-heading" ref={listHeading} tabIndex={-1}>
          {texts.list.heading}
        </h3>
        <div role="status" data-testid="tool-revoke-outcome">
          {notice && <p className={notice.outcome === 'revoked' ? 'tone-ok' : 'tone-problem'}>{noticeText(notice)}</p>}
        </div>
        {keys.load === 'loading' && (
          <p className="hint" role="status">
            {texts.list.loading}
          </p>
        )}
        {keys.load === 'failed' && (
          <div className="notice notice-error" role="alert">
            <p>{texts.list.loadFailed}</p>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setKeys({ load: 'loading' });
                setGeneration((value) => value + 1);
              }}
            >
              {texts.list.retry}
            </button>
          </div>
        )}
        {keys.load === 'loaded' && (
          <KeyList
            keys={keys.keys}
            companies={companies}
            now={now}
            messages={messages}
            language={language}
            revoking={revoking}
            onRevoke={setConfirming}
          />
        )}
      </section>
      <RevokeKeyDialog
        keyName={confirming?.name ?? null}
        messages={messages}
        onConfirm={() => confirming && void revoke(confirming)}
        onCancel={() => setConfirming(null)}
      />
    </section>
  );
}
