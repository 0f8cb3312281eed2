import { describe, expect, it } from 'vitest';
import { StateRegistry, STATE_BYTES } from '../../../../main/connect/state-registry';
import { cryptoRandomBytes } from '../../../../main/connect/random-token';
import { FakeClock } from '../fake-timers';
import { ScriptedRandom } from '../scripted-random';

const MINUTE = 60 * 1000;

function setup() {
  const clock = new FakeClock();
  const random = new ScriptedRandom();
  const registry = new StateRegistry(random.bytes, clock.now);
  return { clock, random, registry, expiresAt: clock.now() + 10 * MINUTE };
}

/** The same string with the character at `index` replaced by another base64url character. */
function flipChar(value: string, index: number): string {
  const ch = value[index];
  const other = ch === 'A' ? 'B' : 'A';
  return `${value.slice(0, index)}${other}${value.slice(index + 1)}`;
}

describe('StateRegistry.issue', () => {
  it('makes a state of 32 random bytes: 43 base64url characters, at least 128 bits', () => {
    const { registry, random, expiresAt } = setup();
    const state = registry.issue('flow-one', expiresAt);
    expect(STATE_BYTES).toBe(32);
    expect(random.requests).toEqual([32]);
    expect(state).toHaveLength(43);
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('takes its bytes from the injected random source', () => {
    const { registry, expiresAt } = setup();
    const state = registry.issue('flow-one', expiresAt);
    expect(state).toBe(Buffer.from(ScriptedRandom.pattern(1, 32)).toString('base64url'));
  });

  it('gives each sign-in a different state', () => {
    const { registry, expiresAt } = setup();
    const states = new Set(['a', 'b', 'c', 'd', 'e'].map((flow) => registry.issue(`flow-${flow}`, expiresAt)));
    expect(states.size).toBe(5);
  });

  it('only ever uses base64url characters, with the real CSPRNG too', () => {
    const clock = new FakeClock();
    const registry = new StateRegistry(cryptoRandomBytes, clock.now);
    for (let i = 0; i < 50; i += 1) expect(registry.issue(`flow-${i}`, clock.now() + MINUTE)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('StateRegistry.consume', () => {
  it('accepts a state once and names the flow it was issued for', () => {
    const { registry, expiresAt } = setup();
    registry.issue('flow-one', expiresAt);
    const two = registry.issue('flow-two', expiresAt);
    expect(registry.consume(two)).toEqual({ ok: true, flowId: 'flow-two' });
  });

  it('refuses the same state the second time as already used', () => {
    const { registry, expiresAt } = setup();
    const state = registry.issue('flow-one', expiresAt);
    registry.consume(state);
    expect(registry.consume(state)).toEqual({ ok: false, reason: 'already_used' });
  });

  it('refuses a state that comes back at its expiry time as expired', () => {
    const { registry, clock, expiresAt } = setup();
    const state = registry.issue('flow-one', expiresAt);
    clock.advance(10 * MINUTE);
    expect(registry.consume(state)).toEqual({ ok: false, reason: 'expired' });
  });

  it('accepts a state one millisecond before its expiry', () => {
    const { registry, clock, expiresAt } = setup();
    const state = registry.issue('flow-one', expiresAt);
    clock.advance(10 * MINUTE - 1);
    expect(registry.consume(state)).toEqual({ ok: true, flowId: 'flow-one' });
  });

  it('spends an expired state, so a second attempt reads already used', () => {
    const { registry, clock, expiresAt } = setup();
    const state = registry.issue('flow-one', expiresAt);
    clock.advance(11 * MINUTE);
    registry.consume(state);
    expect(registry.consume(state)).toEqual({ ok: false, reason: 'already_used' });
  });

  it('refuses a missing or empty state as missing', () => {
    const { registry, expiresAt } = setup();
    registry.issue('flow-one', expiresAt);
    expect(registry.consume(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(registry.consume('')).toEqual({ ok: false, reason: 'missing' });
    expect(registry.pendingCount()).toBe(1);
  });

  it('refuses a state it never issued as unknown', () => {
    const { registry, expiresAt } = setup();
    registry.issue('flow-one', expiresAt);
    expect(registry.consume('not-a-state-we-made')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses near misses: one character changed, a prefix, extra characters, other case', () => {
    const { registry, expiresAt } = setup();
    const state = registry.issue('flow-one', expiresAt);
    const nearMisses = [
      flipChar(state, 0),
      flipChar(state, 21),
      flipChar(state, 42),
      state.slice(0, 42),
      state.slice(0, 22),
      `${state}A`,
      `${state}=`,
      ` ${state}`,
      state.toUpperCase() === state ? state.toLowerCase() : state.toUpperCase(),
    ];
    for (const attempt of nearMisses) expect(registry.consume(attempt)).toEqual({ ok: false, reason: 'unknown' });
    // None of them spent the real one.
    expect(registry.consume(state)).toEqual({ ok: true, flowId: 'flow-one' });
  });

  it('refuses a retired flow’s state, while other flows’ states still work', () => {
    const { registry, expiresAt } = setup();
    const one = registry.issue('flow-one', expiresAt);
    const two = registry.issue('flow-two', expiresAt);
    registry.retire('flow-one');
    expect(registry.consume(one)).toEqual({ ok: false, reason: 'already_used' });
    expect(registry.consume(two)).toEqual({ ok: true, flowId: 'flow-two' });
  });

  it('forgets a state an hour after its expiry, after which it is simply unknown', () => {
    const { registry, clock, expiresAt } = setup();
    const old = registry.issue('flow-old', expiresAt);
    clock.advance(10 * MINUTE + 60 * MINUTE + 1);
    registry.issue('flow-new', clock.now() + 10 * MINUTE);
    expect(registry.consume(old)).toEqual({ ok: false, reason: 'unknown' });
  });
});

describe('StateRegistry.pendingCount', () => {
  it('counts states that are neither spent, retired nor expired', () => {
    const { registry, clock, expiresAt } = setup();
    expect(registry.pendingCount()).toBe(0);
    const one = registry.issue('flow-one', expiresAt);
    registry.issue('flow-two', expiresAt);
    registry.issue('flow-three', clock.now() + MINUTE);
    expect(registry.pendingCount()).toBe(3);
    registry.consume(one);
    expect(registry.pendingCount()).toBe(2);
    registry.retire('flow-two');
    expect(registry.pendingCount()).toBe(1);
    clock.advance(MINUTE);
    expect(registry.pendingCount()).toBe(0);
  });
});
