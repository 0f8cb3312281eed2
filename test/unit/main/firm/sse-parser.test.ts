import { describe, expect, it } from 'vitest';
import { SseLimitError, SseParser, type ServerSentEvent } from '../../../../main/firm/sse-parser';

const LIMITS = { maxLineBytes: 100, maxEventBytes: 150 };

function parse(chunks: string[], limits = LIMITS): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const parser = new SseParser(limits, (event) => events.push(event));
  for (const chunk of chunks) parser.feed(chunk);
  return events;
}

describe('the bounded server-sent events parser', () => {
  it('dispatches named events with their data, ignoring comments and unknown fields', () => {
    expect(parse([': keep-alive\n\nevent: companies\ndata: {"a":1}\nretry: 10\nfoo: bar\n\n'])).toEqual([
      { event: 'companies', data: '{"a":1}', id: undefined },
    ]);
  });

  it('joins data lines, keeps the last id, and names an unnamed event "message"', () => {
    expect(parse(['id: 7\ndata: one\ndata:two\n\n'])).toEqual([{ event: 'message', data: 'one\ntwo', id: '7' }]);
  });

  it('reads the same events whatever the chunking and line endings (LF, CRLF, CR, split CRLF)', () => {
    const text = 'event: companies\r\ndata: x\r\n\r\nevent: companies\rdata: y\r\rdata: z\n\n';
    const whole = parse([text]);
    expect(whole.map((event) => event.data)).toEqual(['x', 'y', 'z']);
    const byChar = parse([...text]);
    expect(byChar).toEqual(whole);
    expect(parse(['\uFEFFdata: a\r', '\n', '\r\n'])).toEqual([{ event: 'message', data: 'a', id: undefined }]);
  });

  it('does not dispatch an event that has not ended with a blank line', () => {
    expect(parse(['event: companies\ndata: x\n'])).toEqual([]);
  });

  it('throws on a line longer than the limit, even before it ends', () => {
    expect(() => parse([`data: ${'x'.repeat(200)}`])).toThrow(SseLimitError);
    expect(() => parse([`data: ${'x'.repeat(200)}\n`])).toThrow(new SseLimitError('line'));
  });

  it('throws on an event whose data passes the limit over many short lines', () => {
    const lines = Array.from({ length: 10 }, () => `data: ${'y'.repeat(20)}\n`).join('');
    expect(() => parse([lines])).toThrow(new SseLimitError('event'));
  });
});
