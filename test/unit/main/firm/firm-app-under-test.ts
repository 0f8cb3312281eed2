import { createAppServices, type AppServices } from '../../../../main/app-services';
import type { ManagedSource } from '../../../../main/config/managed-source';
import { companiesPublisher } from '../../../../main/connector-main';
import type { SaveFilePort } from '../../../../main/storage/save-file-port';
import { EVENT_CHANNELS } from '../../../../shared/ipc-channels';
import type { CompaniesChanged, FlowStatusMessage } from '../../../../shared/ipc-contract';
import { mainRecorders, testConnectorMain } from '../app-under-test';
import type { FakeClock } from '../fake-timers';
import { FakeSafeStorage } from '../storage/fake-safe-storage';

/** How to open the app's main side for firm mode. */
export interface OpenFirmAppOptions {
  /** The IT department's managed configuration (absent: none). */
  managed?: ManagedSource;
  /** Opens the firm's sign-in page in the browser (provider sign-in). */
  openSignInPage?: (url: string) => Promise<void>;
  /** Where exports are saved (the Activity view's CSV). */
  save?: SaveFilePort;
}

/**
 * The app's main side (app-under-test.ts's wiring, the real app services and IPC router) with no
 * Fortnox client configured at all: firm mode needs none. `close` stops firm mode and waits for
 * its last vault write (a session forgotten after a refusal), so a temporary folder is never
 * removed under it.
 */
export async function openFirmApp(dir: string, clock: FakeClock, options: OpenFirmAppOptions = {}) {
  const recorders = mainRecorders(clock);
  const { secrets, log, sent, sendToRenderer, clipboard, logText } = recorders;
  const services: AppServices = await createAppServices({
    dataDir: dir,
    env: {},
    safeStorage: new FakeSafeStorage(),
    platform: 'linux',
    fetcher: (url, init) => fetch(url, init),
    now: clock.now,
    timers: clock.timers,
    log,
    secrets,
    publishCompanies: companiesPublisher(sendToRenderer, log),
    publishFirm: (view) => sendToRenderer(EVENT_CHANNELS.firmChanged, view),
    deviceName: () => 'Annas dator',
    ...(options.managed ? { managed: options.managed } : {}),
    ...(options.openSignInPage ? { openSignInPage: options.openSignInPage } : {}),
  });
  const { main, windows, invoke, replies } = testConnectorMain(services, recorders, clock, {
    firm: services.firm,
    diagnostics: () => '',
    ...(options.save ? { saveFile: options.save } : {}),
  });
  const changes = () => sent.filter((event) => event.channel === EVENT_CHANNELS.companiesChanged).map((event) => event.payload as CompaniesChanged);
  const flow = () => sent.filter((event) => event.channel === EVENT_CHANNELS.flowStatus).map((event) => event.payload as FlowStatusMessage);
  const close = async () => {
    services.firm.stop();
    await services.firm.settled();
  };
  return { services, main, windows, invoke, replies, sent, clipboard, changes, flow, logText, close };
}
