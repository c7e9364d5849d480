/**
 * The reference servers' clock: real time plus an offset, so a demo or a test can jump to
 * "three days later" without waiting, while time still moves between two requests.
 */
export interface ServerClock {
  now(): Date;
  /** Jumps to the given ISO time; the clock keeps running from there. */
  set(iso: string): void;
  /** Moves the clock forward (or back, when negative) by `ms` milliseconds. */
  advance(ms: number): void;
}

export function createServerClock(startAt?: string, realNow: () => number = Date.now): ServerClock {
  let offset = startAt === undefined ? 0 : parseTime(startAt) - realNow();
  return {
    now: () => new Date(realNow() + offset),
    set(iso) {
      offset = parseTime(iso) - realNow();
    },
    advance(ms) {
      if (!Number.isFinite(ms)) throw new RangeError(`not a number of milliseconds: ${ms}`);
      offset += ms;
    },
  };
}

function parseTime(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 time: ${iso}`);
  return ms;
}
