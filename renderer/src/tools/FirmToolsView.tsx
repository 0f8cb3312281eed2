import { useEffect, useRef, useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { FirmDeskProblem, FirmKeyView, FirmView } from '../../../shared/ipc-contract';
import { useNow } from '../common/use-now';
import { FIRM_DESK_MESSAGES, type FirmDeskMessages } from '../i18n/firm-desk-messages';
import { useLocalApi } from '../settings/use-local-api';
import { CreateKeyForm } from './CreateKeyForm';
import { KeyActionDialog } from './KeyActionDialog';
import { EMPTY_KEY_FORM, type KeyFormState } from './key-form';
import { KeyList } from './KeyList';
import { KeyListCard, type KeyNoticeText } from './KeyListCard';
import { ShownKeyField } from './ShownKeyField';
import { useKeyActions, useKeyList, type KeyListAnswer } from './use-key-list';
import type { ToolsViewProps } from './ToolsView';

/** The firm's keys (stable: `useKeyList` reads again when it changes). */
const readFirmKeys = (api: ConnectorApi): Promise<KeyListAnswer<FirmDeskProblem>> => api.listFirmKeys();

/** A key just created, as its panel shows it: lives only in this view's state. */
interface ShownFirmKey {
  key: string;
  name: string;
  serverUrl: string;
}

/**
 * The Tools view in firm mode (issue 10 items 5 and 6): the firm server's integration keys. An
 * admin creates them (the key shown once, then forgotten: it lives only in this view's state),
 * lists and revokes them; an accountant is told that admins manage them. Every failure names its
 * cause (signed out, no role, server down, bad input) and the form keeps what was typed.
 */
export function FirmToolsView({ api, companies, messages, language, focusHeading, firm }: ToolsViewProps & { firm: FirmView }) {
  const desk = FIRM_DESK_MESSAGES[language];
  const heading = useRef<HTMLHeadingElement>(null);
  const localApi = useLocalApi(api);

  useEffect(() => {
    if (focusHeading) heading.current?.focus();
  }, [focusHeading]);

  const user = firm.user;
  const localApiOn = localApi !== null && localApi.status.state !== 'off';
  return (
    <section className="tools-view" aria-labelledby="tools-heading" data-testid="firm-tools">
      <h2 id="tools-heading" ref={heading} tabIndex={-1}>
        {messages.tools.heading}
      </h2>
      <p className="intro">{desk.tools.intro}</p>
      {user === null ? (
        <p className="notice" data-testid="firm-tools-signed-out">
          {desk.tools.signedOut}
        </p>
      ) : user.role !== 'admin' ? (
        <div className="notice" data-testid="firm-tools-admins-only">
          <p>{desk.tools.adminsOnly}</p>
          {localApiOn && <p>{desk.tools.localApiForwarded}</p>}
        </div>
      ) : (
        <AdminKeys api={api} companies={companies} messages={messages} language={language} desk={desk} />
      )}
    </section>
  );
}

/** An admin's part: the create form (or the new key once), and the firm's keys with Revoke. */
function AdminKeys({ api, companies: companyList, messages, language, desk }: Omit<ToolsViewProps, 'focusHeading'> & { desk: FirmDeskMessages }) {
  const texts = messages.tools;
  const listHeading = useRef<HTMLHeadingElement>(null);
  const now = useNow(30_000);
  const { keys, reload, retry, upsert } = useKeyList(api, readFirmKeys);
  const [form, setForm] = useState<KeyFormState>(EMPTY_KEY_FORM);
  const [shown, setShown] = useState<ShownFirmKey | null>(null);
  const [confirming, setConfirming] = useState<FirmKeyView | null>(null);
  const { busy: revoking, notice, setNotice, act } = useKeyActions<KeyNoticeText>(reload);
  const companies = companyList.load === 'loaded' ? companyList.companies : [];

  const create = async (request: Parameters<ConnectorApi['createFirmKey']>[0]): Promise<string | null> => {
    const result = await api.createFirmKey(request);
    if (!result.ok) return desk.problems[result.problem];
    setShown({ key: result.key, name: result.record.name, serverUrl: result.serverUrl });
    upsert(result.record);
    setForm(EMPTY_KEY_FORM);
    setNotice(null);
    return null;
  };

  const done = () => {
    setShown(null);
    listHeading.current?.focus();
    reload();
  };

  const revoke = async (key: FirmKeyView) => {
    setConfirming(null);
    await act(
      key,
      async () => {
        const result = await api.revokeFirmKey(key.id);
        return result.ok ? { text: desk.tools.revoked(key.name), ok: true } : { text: desk.tools.revokeFailed(key.name, desk.problems[result.problem]), ok: false };
      },
      { text: desk.tools.revokeFailed(key.name, desk.problems.server_error), ok: false },
    );
  };

  return (
    <>
      {shown ? (
        <FirmShownOnce api={api} shown={shown} desk={desk} onDone={done} />
      ) : (
        <CreateKeyForm
          companies={companies}
          companiesLoad={companyList.load}
          form={form}
          onFormChange={setForm}
          messages={messages}
          language={language}
          create={create}
        />
      )}
      <KeyListCard
        headingRef={listHeading}
        heading={texts.list.heading}
        notice={notice}
        load={keys.load}
        loadingText={desk.tools.loading}
        failedText={keys.load === 'failed' && keys.problem !== null ? desk.problems[keys.problem] : texts.list.loadFailed}
        retryText={desk.tools.retry}
        failedTestId="firm-keys-failed"
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
            onRevoke={setConfirming}
          />
        )}
      </KeyListCard>
      <KeyActionDialog
        action="revoke"
        keyName={confirming?.name ?? null}
        messages={messages}
        onConfirm={() => {
          if (confirming) void revoke(confirming);
        }}
        onCancel={() => setConfirming(null)}
      />
    </>
  );
}

type CopyOutcome = 'copied' | 'failed' | 'too-late';

/** The new key, this once: the key, a copy button (main writes the clipboard), where tools use it, Done. */
function FirmShownOnce({ api, shown, desk, onDone }: { api: ConnectorApi; shown: ShownFirmKey; desk: FirmDeskMessages; onDone: () => void }) {
  const texts = desk.tools.created;
  const heading = useRef<HTMLHeadingElement>(null);
  const [outcome, setOutcome] = useState<CopyOutcome | null>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  const copy = async () => {
    setOutcome(null);
    try {
      const answer = await api.copyFirmKey(shown.key);
      setOutcome(answer.copied ? 'copied' : answer.reason === 'not_recent' ? 'too-late' : 'failed');
    } catch {
      setOutcome('failed');
    }
  };

  return (
    <section className="card shown-once" aria-labelledby="firm-key-created-heading" data-testid="firm-key-created">
      <h3 id="firm-key-created-heading" ref={heading} tabIndex={-1} dir="auto">
        {texts.heading(shown.name)}
      </h3>
      <p className="notice notice-warning">{texts.warning}</p>
      <ShownKeyField
        inputId="firm-created-key"
        label={texts.keyLabel}
        value={shown.key}
        valueTestId="firm-key-value"
        copyLabel={texts.copyKey}
        onCopy={() => void copy()}
        statusTestId="firm-key-copy-outcome"
        outcome={
          outcome === null ? null : (
            <span className={outcome === 'copied' ? 'tone-ok' : 'tone-problem'}>
              {outcome === 'copied' ? texts.copied : outcome === 'too-late' ? texts.copyTooLate : texts.copyFailed}
            </span>
          )
        }
      />
      <p className="hint">{texts.serverHint(shown.serverUrl)}</p>
      <div className="button-row">
        <button type="button" className="primary" onClick={onDone} data-testid="firm-key-done">
          {texts.done}
        </button>
      </div>
    </section>
  );
}
