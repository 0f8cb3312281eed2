import type { Timers } from '../../main/connect/connect-flow';
import type { Queryable } from '../db/database';

/**
 * Liveness and readiness (issue 10 item 7; firm-server.md section 6). Liveness is "the event loop
 * answers" and never touches the database: a database outage must not make the orchestrator
 * restart every replica. Readiness says whether this replica should get traffic: the database
 * answers, the migrations are applied, the encryption keys are loaded and proven to open the stored
 * values (server/crypto/key-health.ts), and it is not shutting down.
 */

/** Why a replica is not ready; fixed words, so `/readyz` says nothing about the database or the key but this. */
export const READINESS_PROBLEMS = ['shutting_down', 'database_unreachable', 'migrations_pending', 'key_not_loaded', 'check_failed', 'check_timed_out'] as const;

/** One reason a replica is not ready. */
export type ReadinessProblem = (typeof READINESS_PROBLEMS)[number];

/** Asks whether the replica may take traffic: the problems found, none when ready. */
export type ReadinessCheck = () => Promise<readonly ReadinessProblem[]>;

/** What `databaseReadiness` asks. */
export interface DatabaseReadinessDeps {
  /** The database (or pool) to reach with `SELECT 1`. */
  db: Queryable;
  /** Whether every migration this build knows is applied (helper "db"'s migration table). */
  migrationsApplied: () => Promise<boolean>;
  /**
   * Whether this replica's keys open the stored values: checked at start against each key's
   * canary and the key ids in use, and false from the first value found that they cannot open
   * (KeyHealth.ready). A replica with a missing or wrong key takes no traffic.
   */
  keyLoaded: () => boolean;
}

/** The readiness of a replica over its database, migrations and key; a failed `SELECT 1` stops there. */
export function databaseReadiness(deps: DatabaseReadinessDeps): ReadinessCheck {
  return async () => {
    const problems: ReadinessProblem[] = [];
    if (!deps.keyLoaded()) problems.push('key_not_loaded');
    try {
      await deps.db.query('SELECT 1');
    } catch {
      return [...problems, 'database_unreachable'];
    }
    try {
      if (!(await deps.migrationsApplied())) problems.push('migrations_pending');
    } catch {
      problems.push('database_unreachable');
    }
    return problems;
  };
}

/** Default bound on one readiness check: a hung database makes the replica unready, not the probe hang. */
export const DEFAULT_READINESS_TIMEOUT_MS = 2_000;

/**
 * Runs `check` within `timeoutMs` on `timers`: a check that throws is `check_failed`, one that does
 * not answer in time `check_timed_out`. Never throws.
 */
export function boundedReadiness(check: ReadinessCheck, timers: Timers, timeoutMs = DEFAULT_READINESS_TIMEOUT_MS): Promise<readonly ReadinessProblem[]> {
  return new Promise((resolve) => {
    let settled = false;
    const timer = timers.set(() => {
      if (settled) return;
      settled = true;
      resolve(['check_timed_out']);
    }, timeoutMs);
    check().then(
      (problems) => {
        if (settled) return;
        settled = true;
        timers.clear(timer);
        resolve(problems);
      },
      () => {
        if (settled) return;
        settled = true;
        timers.clear(timer);
        resolve(['check_failed']);
      },
    );
  });
}
