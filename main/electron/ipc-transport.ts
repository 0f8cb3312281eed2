/** Connects the transport-free IPC router to Electron's ipcMain, one handler per contract channel. */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { IpcRouter } from '../ipc/ipc-router';
import type { IpcSender } from '../ipc/trusted-sender';

/** The facts the trust check needs, read from an Electron IPC event. */
export function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame ? frame.url : null,
    isMainFrame: frame ? frame.parent === null : false,
  };
}

/** Registers every channel of the contract with ipcMain. */
export function registerIpcHandlers(router: IpcRouter): void {
  for (const channel of router.channels) {
    ipcMain.handle(channel, (event, payload: unknown) => router.invoke(channel, senderOf(event), payload));
  }
}
