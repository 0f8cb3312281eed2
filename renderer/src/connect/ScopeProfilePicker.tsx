import type { ConnectorApi } from '../../../shared/connector-api';
import type { ScopeName } from '../../../shared/scope-names';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { ProfileBar } from './ProfileBar';
import { ScopePicker } from './ScopePicker';
import { activeProfile, lockedProfile, pickerProfiles } from './scope-profiles';
import type { ScopeProfilesControl } from './use-scope-profiles';

interface ScopeProfilePickerProps {
  /** The chosen scopes. */
  value: readonly ScopeName[];
  /** New scopes; `profileId` when a profile was chosen (else null: the scopes were edited). */
  onChange: (scopes: readonly ScopeName[], profileId: string | null) => void;
  /** The profile chosen last, so that two profiles with the same scopes show the right one pressed. */
  chosenProfileId: string | null;
  /** From useScopeProfiles: main's profiles and the call that changes them. */
  profiles: ScopeProfilesControl;
  language: Language;
  messages: Messages;
  openHelp: ConnectorApi['openHelp'];
  /** Scopes Fortnox refused in the last sign-in (invalid_scope). */
  refused?: readonly ScopeName[];
}

/**
 * The scope picker with its profiles: what the Connect view and the batch view embed. Controlled
 * (value and onChange). A profile the IT department locked replaces the profiles with the reason,
 * and the scopes cannot be changed. Choosing a profile is remembered as the one used last.
 */
export function ScopeProfilePicker({ value, onChange, chosenProfileId, profiles, language, messages, openHelp, refused = [] }: ScopeProfilePickerProps) {
  const view = profiles.state.load === 'loaded' ? profiles.state.view : null;
  const list = pickerProfiles(view, language, messages);
  const locked = lockedProfile(view);
  const active = activeProfile(list, value, chosenProfileId);
  const lockedReason = locked ? messages.scopeProfiles.locked(locked.name ?? messages.scopeProfiles.managedName) : null;
  return (
    <ScopePicker
      value={value}
      onChange={(scopes) => onChange(scopes, null)}
      language={language}
      messages={messages}
      openHelp={openHelp}
      lockedReason={lockedReason}
      refused={refused}
      profiles={
        <>
          {profiles.state.load === 'failed' && <p className="hint">{messages.scopeProfiles.loadFailed}</p>}
          <ProfileBar
            profiles={list}
            active={active}
            scopes={value}
            messages={messages}
            control={profiles.state.load === 'loaded' ? profiles : null}
            onChoose={(profile) => {
              onChange(profile.scopes, profile.id);
              if (profiles.state.load === 'loaded') void profiles.change({ action: 'remember', profileId: profile.id, scopes: [...profile.scopes] });
            }}
          />
        </>
      }
    />
  );
}
