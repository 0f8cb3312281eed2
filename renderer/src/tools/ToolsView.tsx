import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { CompanySummary, CreateToolKeyResult, ToolKeyView } from '../../../shared/ipc-contract';
import { companyLabel } from '../companies/company-label';
import type { CompanyListState } from '../companies/company-list-state';
import { LocalApiStatus } from '../settings/LocalApiStatus';
import { useLocalApi } from '../settings/use-local-api';
import { useFirmServer } from '../settings/use-firm-server';
import { useNow } from '../common/use-now';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { CreateKeyForm } from './CreateKeyForm';
import { KeyActionDialog, type KeyAction } from './KeyActionDialog';
import { EMPTY_KEY_FORM, type KeyFormState } from './key-form';
import { KeyList } from './KeyList';
import { KeyListCard } from './KeyListCard';
import { ShownOncePanel, type ShownKey } from './ShownOncePanel';
import { useKeyActions, useKeyList, type KeyListAnswer } from './use-key-list';

type KeyNotice = {
  name: string;
  outcome: 'revoked' | 'not-saved' | 'failed' | 'removed' | 'remove-not-saved' | 'remove-still-usable' | 'remove-failed';
};

/** This computer's keys (stable: `useKeyList` reads again when it changes); the list is always there to read. */
const readToolKeys = (api: ConnectorApi): Promise<KeyListAnswer<never>> => api.listToolKeys().then((list) => ({ ok: true, keys: list.keys }));

export interface ToolsViewProps {
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

/** The firm's keys, loaded the first time firm mode's Tools view is shown. */
const FirmToolsView = lazy(() => import('./FirmToolsView').then((module) => ({ default: module.FirmToolsView })));

/**
 * The Tools view: in firm mode the firm server's integration keys (issue 10 items 5 and 6),
 * else this computer's tool keys. Until main has said which, it shows that it is loading.
 */
export function ToolsView(props: ToolsViewProps) {
  const firm = useFirmServer(props.api);
  const loading = (
    <p className="hint" role="status">
      {props.messages.tools.list.loading}
    </p>
  );
  if (firm === null) return loading;
  if (firm.url === null) return <LocalToolsView {...props} />;
  return (
    <Suspense fallback={loading}>
      <FirmToolsView {...props} firm={firm} />
    </Suspense>
  );
}

/**
 * The local Tools view (issue 8, item 2): create a key for a tool, see it once with ready examples, and
 * list, revoke and remove keys. The new key lives only in this component's state: "Done" forgets
 * it, and so does leaving the view (the component unmounts). The list is read again when the
 * window regains the focus or is shown again, and every 30 seconds, since tools use keys meanwhile.
 */
function LocalToolsView({ api, companies: companyList, messages, language, focusHeading }: ToolsViewProps) {
  const texts = messages.tools;
  const heading = useRef<HTMLHeadingElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const now = useNow(30_000);
  const { keys, reload, retry, upsert } = useKeyList(api, readToolKeys);
  const [form, setForm] = useState<KeyFormState>(EMPTY_KEY_FORM);
  const [shown, setShown] = useState<ShownKey | null>(null);
  const [confirming, setConfirming] = useState<{ key: ToolKeyView; action: KeyAction } | null>(null);
  const { busy: revoking, notice, setNotice, act } = useKeyActions<KeyNotice>(reload);
  const companies = companyList.load === 'loaded' ? companyList.companies : NO_COMPANIES;
  const localApi = useLocalApi(api);

  useEffect(() => {
    if (focusHeading) heading.current?.focus();
  }, [focusHeading]);

  const onCreated = (created: Extract<CreateToolKeyResult, { ok: true }>) => {
    const company = exampleCompany(created, companies);
    setShown({
      key: created.key,
      name: created.record.name,
      port: created.port,
      databaseNumber: company?.tenantId ?? null,
      companyName: company ? companyLabel(company, messages) : null,
    });
    upsert(created.record);
    setForm(EMPTY_KEY_FORM);
    setNotice(null);
  };

  const done = () => {
    setShown(null);
    listHeading.current?.focus();
    // The tool may have used the key meanwhile: show when.
    reload();
  };

  const revoke = async (key: ToolKeyView) => {
    setConfirming(null);
    await act(
      key,
      async () => {
        const result = await api.revokeToolKey(key.id);
        return { name: key.name, outcome: !result.revoked ? 'failed' : result.saved ? 'revoked' : 'not-saved' };
      },
      { name: key.name, outcome: 'failed' },
    );
  };

  const remove = async (key: ToolKeyView) => {
    setConfirming(null);
    await act(
      key,
      async () => {
        const { outcome } = await api.removeToolKey(key.id);
        // "unknown": already gone (dropped after 90 days meanwhile), which is what was asked.
        const shown: KeyNotice['outcome'] =
          outcome === 'removed' || outcome === 'unknown' ? 'removed' : outcome === 'not_saved' ? 'remove-not-saved' : outcome === 'still_usable' ? 'remove-still-usable' : 'remove-failed';
        return { name: key.name, outcome: shown };
      },
      { name: key.name, outcome: 'remove-failed' },
    );
    // The row (and its button) is gone: the focus goes to the list's heading, not to the page.
    listHeading.current?.focus();
  };

  const NOTICE_TEXTS: Record<KeyNotice['outcome'], (name: string) => string> = {
    revoked: texts.list.revoked,
    'not-saved': texts.list.revokedNotSaved,
    failed: texts.list.revokeFailed,
    removed: texts.list.removed,
    'remove-not-saved': texts.list.removeNotSaved,
    'remove-still-usable': texts.list.removeStillUsable,
    'remove-failed': texts.list.removeFailed,
  };

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
          companies={companies}
          companiesLoad={companyList.load}
          form={form}
          onFormChange={setForm}
          messages={messages}
          language={language}
          create={async (request) => {
            const result = await api.createToolKey(request);
            if (!result.ok) return texts.create.refusals[result.reason];
            onCreated(result);
            return null;
          }}
        />
      )}
      <KeyListCard
        headingRef={listHeading}
        heading={texts.list.heading}
        notice={notice && { text: NOTICE_TEXTS[notice.outcome](notice.name), ok: notice.outcome === 'revoked' || notice.outcome === 'removed' }}
        load={keys.load}
        loadingText={texts.list.loading}
        failedText={texts.list.loadFailed}
        retryText={texts.list.retry}
        onRetry={retry}
      >
        {keys.load === 'loaded' && (
          <KeyList
            keys={keys.keys}
            companies={companies}
            now={Math.max(now, keys.at)}
            messages={messages}
            language={language}
            revoking={revoking}
            onRevoke={(key) => setConfirming({ key, action: 'revoke' })}
            onRemove={(key) => setConfirming({ key, action: 'remove' })}
          />
        )}
      </KeyListCard>
      {(['revoke', 'remove'] as const).map((action) => (
        <KeyActionDialog
          key={action}
          action={action}
          keyName={confirming?.action === action ? confirming.key.name : null}
          messages={messages}
          onConfirm={() => {
            if (confirming?.action !== action) return;
            void (action === 'revoke' ? revoke(confirming.key) : remove(confirming.key));
          }}
          onCancel={() => setConfirming(null)}
        />
      ))}
    </section>
  );
}
