import type { z } from 'zod';
import { eventContract, invokeContract, type InvokeContract } from '../../shared/ipc-contract';
import type { EventChannel } from '../../shared/ipc-channels';
import type { Logger } from '../logging/logger';
import { isTrustedSender, type IpcSender, type TrustedSenderPolicy } from './trusted-sender';

/** One handler per renderer-to-main channel, typed from the contract. */
export type IpcHandlers = {
  [C in keyof InvokeContract]: (
    args: z.output<InvokeContract[C]['args']>,
  ) => z.input<InvokeContract[C]['result']> | Promise<z.input<InvokeContract[C]['result']>>;
};

/** What the renderer is told when a message is refused: nothing about why, to give a probe nothing. */
export class IpcRefusedError extends Error {
  constructor() {
    super('IPC request refused');
    this.name = 'IpcRefusedError';
  }
}

function isKnownChannel(channel: string): channel is keyof InvokeContract {
  return Object.prototype.hasOwnProperty.call(invokeContract, channel);
}

/**
 * Routes renderer-to-main messages through one gate: the sender is checked, the payload parsed
 * with the channel's schema, the handler's result parsed again on the way out (so a field the
 * contract does not declare, such as a token, can never leave main). Refusals are logged with the
 * channel and reason only, never the payload.
 */
export function createIpcRouter(handlers: IpcHandlers, policy: TrustedSenderPolicy, log: Logger) {
  return {
    channels: Object.keys(invokeContract) as (keyof InvokeContract)[],
    async invoke(channel: string, sender: IpcSender, payload: unknown): Promise<unknown> {
      if (!isKnownChannel(channel)) {
        log.warn('IPC refused: unknown channel', { senderId: sender.webContentsId });
        throw new IpcRefusedError();
      }
      if (!isTrustedSender(sender, policy)) {
        log.warn('IPC refused: untrusted sender', { channel, senderId: sender.webContentsId });
        throw new IpcRefusedError();
      }
      const entry = invokeContract[channel];
      const parsed = entry.args.safeParse(payload);
      if (!parsed.success) {
        log.warn('IPC refused: invalid payload', { channel, issues: parsed.error.issues.length });
        throw new IpcRefusedError();
      }
      const handler = handlers[channel] as (args: unknown) => unknown;
      const result = entry.result.safeParse(await handler(parsed.data));
      if (!result.success) {
        // A bug in main, not an attack: the value is not sent, and its content is not logged.
        log.error('IPC result dropped: it does not match the contract', { channel });
        throw new IpcRefusedError();
      }
      return result.data;
    },
  };
}

/** The router's type. */
export type IpcRouter = ReturnType<typeof createIpcRouter>;

/**
 * Wraps a raw main-to-renderer send so every payload is parsed with the event contract first.
 * A payload that does not fit is dropped and logged (without content), never sent.
 */
export function createEventSender(
  send: (channel: EventChannel, payload: unknown) => void,
  log: Logger,
): <C extends EventChannel>(channel: C, payload: z.input<(typeof eventContract)[C]>) => void {
  return (channel, payload) => {
    const parsed = eventContract[channel].safeParse(payload);
    if (!parsed.success) {
      log.error('IPC event dropped: payload does not match the contract', { channel });
      return;
    }
    send(channel, parsed.data);
  };
}
