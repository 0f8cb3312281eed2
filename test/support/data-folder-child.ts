/**
 * A second process for the data folder lock tests (run with `node --import tsx`):
 *   hold <folder>  takes the folder's lock, prints `locked`, releases it when stdin says `release`
 *                  (then prints `released`), and otherwise holds it until killed;
 *   open <folder>  opens PGlite on the folder; prints `opened`, or the error's name and message and
 *                  exits with 3.
 */
import { createInterface } from 'node:readline';
import { lockDataFolder } from '../../server/db/folder-lock';
import { openPglite } from '../../server/db/pglite';

async function main(mode: string | undefined, folder: string | undefined): Promise<void> {
  if (folder === undefined || (mode !== 'hold' && mode !== 'open')) {
    console.error('usage: data-folder-child.ts hold|open <folder>');
    process.exit(2);
  }
  if (mode === 'hold') await hold(folder);
  else await open(folder);
}

async function hold(folder: string): Promise<void> {
  const lock = await lockDataFolder(folder);
  process.stdout.write('locked\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'release') {
      await lock.release();
      process.stdout.write('released\n');
    }
  }
}

async function open(folder: string): Promise<void> {
  try {
    const db = await openPglite(folder);
    process.stdout.write('opened\n');
    await db.close();
  } catch (error) {
    const { name, message } = error as Error;
    process.stdout.write(`${JSON.stringify({ name, message })}\n`);
    process.exit(3);
  }
}

void main(process.argv[2], process.argv[3]);
