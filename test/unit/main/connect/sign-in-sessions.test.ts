import { describe, expect, it } from 'vitest';
import type { SignInSessionLike } from '../../../../main/connect/sign-in-session';
import { SignInSessions } from '../../../../main/connect/sign-in-sessions';

/** A stand-in for an Electron partition's Session: records what was done to it. */
function fakePartition(name: string) {
  const calls: string[] = [];
  let permissionHandler: Parameters<SignInSessionLike['setPermissionRequestHandler']>[0] | undefined;
  const session = {
    name,
    calls,
    webRequest: { onBeforeRequest: (listener: null) => void calls.push(`onBeforeRequest:${String(listener)}`) },
    setPermissionRequestHandler: (handler: Parameters<SignInSessionLike['setPermissionRequestHandler']>[0]) => {
      permissionHandler = handler;
    },
    setPermissionCheckHandler: () => undefined,
    setDevicePermissionHandler: () => undefined,
    clearStorageData: async () => void calls.push('clearStorageData'),
    clearCache: async () => void calls.push('clearCache'),
    granted: () => {
      const answers: boolean[] = [];
      permissionHandler?.(null, 'media', (value) => answers.push(value));
      return answers;
    },
  };
  return session;
}

function registry() {
  const partitions: ReturnType<typeof fakePartition>[] = [];
  let n = 0;
  const sessions = new SignInSessions(
    (name) => {
      const existing = partitions.find((partition) => partition.name === name);
      if (existing) return existing;
      const created = fakePartition(name);
      partitions.push(created);
      return created;
    },
    () => `r${(n += 1)}`,
  );
  return { sessions, partitions };
}

describe('SignInSessions', () => {
  it('gives every single sign-in its own in-memory partition, emptied when its window goes', async () => {
    const { sessions, partitions } = registry();
    const first = sessions.lease(undefined);
    const second = sessions.lease({ kind: 'fresh' });
    expect(first.session).not.toBe(second.session);
    expect(partitions.map((partition) => partition.name)).toEqual(['signin-r1', 'signin-r2']);
    expect(partitions.every((partition) => !partition.name.startsWith('persist:'))).toBe(true);
    await first.windowGone();
    expect(partitions[0]?.calls).toEqual(['onBeforeRequest:null', 'clearStorageData', 'clearCache']);
    expect(partitions[1]?.calls).toEqual([]);
  });

  it("shares one partition between a batch's windows and keeps its login when a window goes", async () => {
    const { sessions, partitions } = registry();
    const first = sessions.lease({ kind: 'shared', id: 'batch-a' });
    await first.windowGone();
    const second = sessions.lease({ kind: 'shared', id: 'batch-a' });
    expect(second.session).toBe(first.session);
    expect(partitions).toHaveLength(1);
    expect(partitions[0]?.name).toBe('signin-batch-r1');
    // Only the window's request listener went; cookies and storage stay for the next company.
    expect(partitions[0]?.calls).toEqual(['onBeforeRequest:null']);
    expect(partitions[0]?.granted()).toEqual([false]);
  });

  it("never removes a later window's request listener when an earlier window of the batch goes late", async () => {
    const { sessions, partitions } = registry();
    const first = sessions.lease({ kind: 'shared', id: 'batch-a' });
    sessions.lease({ kind: 'shared', id: 'batch-a' });
    await first.windowGone();
    expect(partitions[0]?.calls).toEqual([]);
  });

  it('empties a shared partition on release, and the next batch gets a new one', async () => {
    const { sessions, partitions } = registry();
    sessions.lease({ kind: 'shared', id: 'batch-a' });
    expect(sessions.sharedCount()).toBe(1);
    await sessions.release('batch-a');
    expect(partitions[0]?.calls).toEqual(['onBeforeRequest:null', 'clearStorageData', 'clearCache']);
    expect(sessions.sharedCount()).toBe(0);
    await sessions.release('batch-a');
    expect(partitions[0]?.calls).toHaveLength(3);
    const next = sessions.lease({ kind: 'shared', id: 'batch-a' });
    expect(next.session).not.toBe(partitions[0]);
    expect(partitions.map((partition) => partition.name)).toEqual(['signin-batch-r1', 'signin-batch-r2']);
  });
});
