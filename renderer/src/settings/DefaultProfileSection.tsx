import { useState } from 'react';
import type { ConnectorApi } from '../../../shared/connector-api';
import { pickerProfiles } from '../connect/scope-profiles';
import { useScopeProfiles } from '../connect/use-scope-profiles';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';

interface DefaultProfileSectionProps {
  api: ConnectorApi;
  messages: Messages;
  language: Language;
}

/** The empty choice of the select: no default profile. */
const NONE = '';

/**
 * "Standardprofil": the profile Connect starts with until another is used. When the IT
 * department's managed configuration sets a profile, that one is the default (or locked), and
 * the field shows it, disabled, with the reason.
 */
export function DefaultProfileSection({ api, messages, language }: DefaultProfileSectionProps) {
  const texts = messages.scopeProfiles;
  const profiles = useScopeProfiles(api);
  const [draft, setDraft] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  if (profiles.state.load !== 'loaded') return null;
  const { view } = profiles.state;
  const list = pickerProfiles(view, language, messages);
  const managed = view.managed !== null;
  const current = view.defaultProfile ?? NONE;
  const value = managed ? current : (draft ?? current);

  const save = async () => {
    setNotice(null);
    const result = await profiles.change({ action: 'set-default', profileId: value === NONE ? null : value });
    setDraft(null);
    if (result?.ok) setNotice({ ok: true, text: texts.settingsSaved });
    else setNotice({ ok: false, text: result ? texts.problems[result.problem === 'too_many' ? 'not_saved' : result.problem] : texts.problems.not_saved });
  };

  return (
    <section className="card" aria-labelledby="default-profile-heading" data-testid="default-profile">
      <h2 id="default-profile-heading">{texts.settingsHeading}</h2>
      <p className="hint">{texts.settingsIntro}</p>
      <label htmlFor="default-profile-select">{texts.settingsLabel}</label>
      <select
        id="default-profile-select"
        value={value}
        disabled={managed}
        aria-describedby={managed ? 'default-profile-managed' : undefined}
        onChange={(event) => {
          setDraft(event.target.value);
          setNotice(null);
        }}
      >
        {!managed && <option value={NONE}>{texts.settingsNone}</option>}
        {list.map((profile) => (
          <option key={profile.id} value={profile.id}>
            {profile.name}
          </option>
        ))}
      </select>
      {managed ? (
        <p id="default-profile-managed" className="hint" data-testid="default-profile-managed">
          {view.managed?.locked ? texts.settingsManagedLocked : texts.settingsManaged}
        </p>
      ) : (
        <div className="button-row">
          <button type="button" className="secondary" disabled={draft === null || draft === current} onClick={() => void save()}>
            {texts.settingsSave}
          </button>
        </div>
      )}
      <p role="status" className={notice && !notice.ok ? 'tone-problem' : 'hint'}>
        {notice?.text ?? ''}
      </p>
    </section>
  );
}
