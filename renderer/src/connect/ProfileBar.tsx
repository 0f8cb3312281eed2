import { useState, type FormEvent } from 'react';
import type { ScopeName } from '../../../shared/scope-names';
import { MAX_OWN_PROFILES, PROFILE_NAME_MAX } from '../../../shared/scope-profile-ids';
import type { ScopeProfileProblem } from '../../../shared/scope-profiles';
import { scopeParameter } from '../../../shared/scope-string';
import type { Messages } from '../i18n/messages';
import { ConfirmDialog } from '../common/ConfirmDialog';
import type { PickerProfile } from './scope-profiles';
import type { ScopeProfilesControl } from './use-scope-profiles';

interface ProfileBarProps {
  profiles: readonly PickerProfile[];
  /** The profile the current scopes are, or null ("Egna val"). */
  active: PickerProfile | null;
  scopes: readonly ScopeName[];
  messages: Messages;
  /** A profile was chosen: its scopes replace the selection. */
  onChoose: (profile: PickerProfile) => void;
  /** Null when main's profiles could not be read: only the built-in ones are offered then. */
  control: ScopeProfilesControl | null;
}

type Editing = { kind: 'create' } | { kind: 'rename'; id: string } | null;

/** A profile's id as part of an element id (own ids hold `:`). */
const domId = (id: string) => `profile-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/**
 * "Snabbval": one button per profile (built in, the IT department's, the accountant's own), and
 * for the own ones save-as, rename and delete. Choosing a profile replaces the selection.
 */
export function ProfileBar({ profiles, active, scopes, messages, onChoose, control }: ProfileBarProps) {
  const { picker, scopeProfiles: texts } = messages;
  const [editing, setEditing] = useState<Editing>(null);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [deleting, setDeleting] = useState<PickerProfile | null>(null);

  const problemText = (code: ScopeProfileProblem | null) =>
    code === null ? texts.problems.not_saved : code === 'too_many' ? texts.problems.too_many(MAX_OWN_PROFILES) : texts.problems[code];

  const startEditing = (next: Editing, initial: string) => {
    setEditing(next);
    setName(initial);
    setProblem(null);
    setNotice('');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!control || !editing) return;
    const trimmed = name.trim();
    if (trimmed === '') return setProblem(texts.nameMissing);
    if (trimmed.length > PROFILE_NAME_MAX) return setProblem(texts.nameTooLong(PROFILE_NAME_MAX, trimmed.length));
    const result =
      editing.kind === 'create'
        ? await control.change({ action: 'create', name: trimmed, scopes: [...scopes] })
        : await control.change({ action: 'rename', id: editing.id, name: trimmed });
    if (!result?.ok) return setProblem(problemText(result ? result.problem : null));
    setEditing(null);
    setNotice(editing.kind === 'create' ? texts.saved(trimmed) : texts.renamed(trimmed));
    if (editing.kind === 'create' && result.id) void control.change({ action: 'remember', profileId: result.id, scopes: [...scopes] });
  };

  const confirmDelete = async () => {
    const profile = deleting;
    setDeleting(null);
    if (!control || !profile) return;
    const result = await control.change({ action: 'delete', id: profile.id });
    setNotice(result?.ok ? texts.removed(profile.name) : problemText(result ? result.problem : null));
  };

  return (
    <div className="presets" role="group" aria-labelledby="presets-heading">
      <h3 id="presets-heading">{picker.presetsHeading}</h3>
      <p id="presets-intro" className="hint">
        {picker.presetsIntro}
      </p>
      <div className="button-row">
        {profiles.map((profile) => (
          <button
            key={profile.id}
            type="button"
            className={`preset preset-${profile.kind}`}
            aria-pressed={active?.id === profile.id}
            aria-describedby={`${domId(profile.id)}-scopes`}
            title={picker.presetScopes(scopeParameter(profile.scopes))}
            data-profile-id={profile.id}
            onClick={() => {
              setNotice('');
              onChoose(profile);
            }}
          >
            {profile.name}
          </button>
        ))}
      </div>
      {/* Descriptions for the profile buttons; kept outside them so they do not join their names. */}
      <div hidden>
        {profiles.map((profile) => (
          <span key={profile.id} id={`${domId(profile.id)}-scopes`}>
            {profile.kind === 'managed' ? `${texts.managedTag}: ` : ''}
            {picker.presetScopes(scopeParameter(profile.scopes))}
          </span>
        ))}
      </div>

      {control && editing === null && (
        <div className="button-row profile-actions">
          {active?.kind === 'own' ? (
            <>
              <button type="button" className="secondary small" onClick={() => startEditing({ kind: 'rename', id: active.id }, active.name)}>
                {texts.rename}
              </button>
              <button type="button" className="secondary small" onClick={() => setDeleting(active)}>
                {texts.remove}
              </button>
            </>
          ) : (
            active === null &&
            scopes.length > 0 && (
              <button type="button" className="secondary small" onClick={() => startEditing({ kind: 'create' }, '')}>
                {texts.saveAs}
              </button>
            )
          )}
        </div>
      )}

      {editing && (
        <form className="profile-name-form" onSubmit={(event) => void submit(event)} noValidate>
          <label htmlFor="profile-name">{texts.nameLabel}</label>
          <input
            id="profile-name"
            type="text"
            autoComplete="off"
            autoFocus
            value={name}
            maxLength={PROFILE_NAME_MAX * 2}
            aria-invalid={problem !== null}
            aria-describedby={problem ? 'profile-name-problem' : undefined}
            onChange={(event) => setName(event.target.value)}
          />
          <div className="button-row">
            <button type="submit" className="primary small">
              {editing.kind === 'create' ? texts.saveNew : texts.saveRename}
            </button>
            <button type="button" className="secondary small" onClick={() => setEditing(null)}>
              {texts.cancel}
            </button>
          </div>
          {problem && (
            <p id="profile-name-problem" className="field-errors single" role="alert">
              {problem}
            </p>
          )}
        </form>
      )}
      <p className="hint" role="status" data-testid="profile-notice">
        {notice}
      </p>

      <ConfirmDialog
        id="profile-delete"
        open={deleting !== null}
        title={deleting ? texts.removeDialog.title(deleting.name) : ''}
        body={texts.removeDialog.body}
        cancel={texts.removeDialog.cancel}
        confirm={texts.removeDialog.confirm}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
      />
    </div>
  );
}
