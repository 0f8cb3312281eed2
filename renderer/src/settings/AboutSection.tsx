import type { AppInfo, UpdateStatus } from '../../../shared/ipc-contract';
import type { Language } from '../i18n/language';
import type { Messages } from '../i18n/messages';
import { updateAboutText } from '../shell/update-status';

interface AboutSectionProps {
  /** Null when main's app info could not be read; the version is then left out. */
  info: AppInfo | null;
  /** Whether the app runs against the simulator (from the settings when the app info is missing). */
  simulator: boolean;
  updateStatus: UpdateStatus | null;
  messages: Messages;
  language: Language;
}

/** About: version, what the app does, simulator or real Fortnox, and the state of updates. */
export function AboutSection({ info, simulator, updateStatus, messages, language }: AboutSectionProps) {
  const texts = messages.about;
  return (
    <section className="card about" aria-labelledby="about-heading" data-testid="about-section">
      <h3 id="about-heading">{texts.heading}</h3>
      <p>{texts.description}</p>
      {info && <p data-testid="about-version">{messages.version(info.version)}</p>}
      <p data-testid="about-target">{simulator ? texts.simulator : texts.realFortnox}</p>
      <p data-testid="about-updates" data-state={updateStatus?.state ?? 'unknown'}>
        {updateAboutText(updateStatus, messages, language)}
      </p>
    </section>
  );
}
