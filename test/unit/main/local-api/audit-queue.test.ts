import { describe, expect, it } from 'vitest';
import { AUDIT_QUEUE_FREE_MAX, AuditQueue, type AuditBatch, type AuditQueueOptions } from '../../../../main/local-api/audit-queue';

/** A queue whose Buffer allocations are recorded. */
function counted(options: AuditQueueOptions = {}) {
  const allocated: Buffer[] = [];
  const queue = new AuditQueue({
    ...options,
    allocate: (bytes) => {
      const buffer = Buffer.alloc(bytes);
      allocated.push(buffer);
      return buffer;
    },
  });
  return { queue, allocated };
}

const linesOf = (batch: AuditBatch) => Array.from({ length: batch.length }, (_unused, index) => batch.line(index));

const line = (index: number, name = 'Power BI') => `{"at":${index},"keyName":${JSON.stringify(name)},"status":200}\n`;

describe('audit queue (lines off the V8 heap)', () => {
  it('keeps each line as its exact UTF-8 bytes, with its time and class, non-ASCII names intact', () => {
    const { queue } = counted();
    const texts = [line(1, 'Åkeri & Söner AB'), line(2, 'Bröd 🚚 📊 AB'), line(3, 'plain'), line(4, 'ä'.repeat(100) + '👩‍👩‍👧')];
    const sizes = texts.map((text, index) => queue.add(text, 1000 + index, index % 2 === 0));

    expect(sizes).toEqual(texts.map((text) => Buffer.byteLength(text, 'utf8')));
    // Not the characters: the names outside ASCII take more bytes.
    expect(sizes[1]).toBeGreaterThan(texts[1]?.length ?? 0);
    const batch = queue.take();
    if (!batch) throw new Error('no batch');
    expect(linesOf(batch)).toEqual(texts);
    expect(Array.from(batch.at.subarray(0, batch.length))).toEqual([1000, 1001, 1002, 1003]);
    expect(Array.from(batch.essential.subarray(0, batch.length))).toEqual([1, 0, 1, 0]);
    expect(batch.bytes).toBe(Buffer.byteLength(texts.join(''), 'utf8'));
    expect(batch.buffer.subarray(0, batch.bytes).toString('utf8')).toBe(texts.join(''));
    expect(queue.length).toBe(0);
    expect(queue.take()).toBeUndefined();
  });

  it('takes the exact size of a line near the buffer\'s end: three bytes for one unit (–, €, CJK) never cut the line', () => {
    // 139 bytes: after a 61-byte line, 78 are left for a line of 39 units that takes 79 bytes.
    const { queue } = counted({ initialBytes: 139 });
    const first = `${'x'.repeat(60)}\n`;
    const second = `{"companyName":"${'–'.repeat(20)}"}\n`;
    expect(second.length).toBe(39);
    expect(Buffer.byteLength(second)).toBe(79);

    expect(queue.add(first, 1, true)).toBe(61);
    expect(queue.add(second, 2, true)).toBe(79);

    const batch = queue.take();
    if (!batch) throw new Error('no batch');
    expect(linesOf(batch)).toEqual([first, second]);
  });

  it('grows its buffer and arrays by doubling past their first capacity, losing no byte, also when a line with emoji only just fits', () => {
    const { queue, allocated } = counted({ initialBytes: 64, initialLines: 2 });
    const texts: string[] = [];
    for (let index = 0; index < 300; index += 1) texts.push(line(index, index % 3 === 0 ? `Café ${'🚚'.repeat(index % 7)}` : 'AB'));
    for (const [index, text] of texts.entries()) expect(queue.add(text, index, true)).toBe(Buffer.byteLength(text));

    const batch = queue.take();
    if (!batch) throw new Error('no batch');
    expect(linesOf(batch)).toEqual(texts);
    expect(Array.from(batch.at.subarray(0, batch.length))).toEqual(texts.map((_text, index) => index));
    const total = Buffer.byteLength(texts.join(''));
    expect(batch.bytes).toBe(total);
    // 64, 128, … each twice the one before, the last the first power of two that holds them all.
    expect(allocated.map((buffer) => buffer.length)).toEqual(allocated.map((_buffer, index) => 64 * 2 ** index));
    expect(batch.buffer.length).toBeGreaterThanOrEqual(total);
    expect(batch.buffer.length / 2).toBeLessThan(total);
    expect(batch.ends.length).toBe(512);
  });

  it('refuses a line that would take the batch past its byte bound, keeping those before it', () => {
    const { queue } = counted({ initialBytes: 16, maxBytes: 100 });
    const text = `${'x'.repeat(39)}\n`;
    expect(queue.add(text, 1, true)).toBe(40);
    expect(queue.add(text, 2, true)).toBe(40);
    expect(queue.add(text, 3, true)).toBe(-1);
    expect(queue.add('ö'.repeat(10), 4, true)).toBe(20);
    expect(queue.add('ö', 5, true)).toBe(-1);

    const batch = queue.take();
    expect(batch && linesOf(batch)).toEqual([text, text, 'ö'.repeat(10)]);
    expect(batch?.bytes).toBe(100);
  });

  it('reuses the storage of released batches: a steady load, one batch filling while one is written, allocates two buffers in all', () => {
    const { queue, allocated } = counted({ initialBytes: 4096 });
    let writing: AuditBatch | undefined;
    for (let round = 0; round < 200; round += 1) {
      for (let index = 0; index < 20; index += 1) queue.add(line(round * 20 + index, 'Åkeri 🚚'), round, true);
      const batch = queue.take();
      if (!batch) throw new Error('no batch');
      expect(batch.line(0)).toBe(line(round * 20, 'Åkeri 🚚'));
      expect(batch.length).toBe(20);
      // The previous batch's write settles while this one waits for its own.
      if (writing) queue.release(writing);
      writing = batch;
    }

    expect(allocated).toHaveLength(2);
  });

  it('keeps at most two released batches, and none grown past the size kept for reuse', () => {
    const { queue, allocated } = counted({ initialBytes: 64 });
    const batches: AuditBatch[] = [];
    for (let round = 0; round < 4; round += 1) {
      queue.add(line(round), round, true);
      const batch = queue.take();
      if (batch) batches.push(batch);
    }
    expect(allocated).toHaveLength(4);
    for (const batch of batches) queue.release(batch);
    for (let round = 0; round < 4; round += 1) {
      queue.add(line(round), round, true);
      queue.take();
    }
    // Two came back from the free list; the other two were new.
    expect(allocated).toHaveLength(4 + 4 - AUDIT_QUEUE_FREE_MAX);

    const big = counted({ initialBytes: 64 });
    big.queue.add('x'.repeat(9 * 1024 * 1024), 1, true);
    const grown = big.queue.take();
    if (!grown) throw new Error('no batch');
    big.queue.release(grown);
    const before = big.allocated.length;
    big.queue.add(line(1), 1, true);
    expect(big.allocated).toHaveLength(before + 1);
    expect(big.queue.take()?.buffer.length).toBe(64);
  });

  it('starts a released batch empty: no line of its last use shows again', () => {
    const { queue } = counted();
    queue.add(line(1, 'först'), 1, true);
    queue.add(line(2, 'sedan'), 2, false);
    const first = queue.take();
    if (!first) throw new Error('no batch');
    queue.release(first);
    queue.add(line(3, 'tredje'), 3, true);

    const again = queue.take();
    expect(again).toBe(first);
    expect(again && linesOf(again)).toEqual([line(3, 'tredje')]);
    expect(again?.bytes).toBe(Buffer.byteLength(line(3, 'tredje')));
  });
});
