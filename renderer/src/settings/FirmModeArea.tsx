import { useEffect, type ReactNode } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { FirmServerSection } from './FirmServerSection';
import { useFirmServer } from './use-firm-server';

interface FirmModeAreaProps {
  api: ConnectorApi;
  language: Language;
  /** The app's texts (connection issues, for what letting this computer's own connections go reports). */
  messages: Messages;
  /** The client id, redirect URI and secret forms: shown only while firm mode is off. */
  clientForms: ReactNode;
  /** Signing in or out, or the server's Fortnox client arriving, changes whether Connect works: main's app info is read again. */
  onConfigChanged: () => void;
}

/**
 * Settings' firm-mode part, loaded lazily with its texts (the initial bundle is at its budget):
 * the firm server section, and the client forms while firm mode is off (in firm mode the server
 * holds the Fortnox client, so no client id, redirect URI or secret is set on this computer).
 */
export function FirmModeArea({ api, language, messages, clientForms, onConfigChanged }: FirmModeAreaProps) {
  const firm = useFirmServer(api);
  const key = firm === null ? null : `${firm.url ?? ''}|${firm.user?.email ?? ''}|${firm.state}|${String(firm.connectReady)}`;
  useEffect(() => {
    if (key !== null) onConfigChanged();
  }, [key, onConfigChanged]);
  const section = firm && <FirmServerSection api={api} view={firm} language={language} issueText={(issue) => messages.issues[issue]} />;
  // Off, the integration's own settings come first and the firm server is an option below them;
  // on, the firm server is the integration's settings.
  if (firm !== null && firm.url !== null) return section;
  return (
    <>
      {clientForms}
      {section}
    </>
  );
}
