/**
 * The one clock every handler reads. On AWS it is the wall clock; the local runtime can set it
 * (PUT /_local/clock) so that demos and tests travel in time.
 */
let fixedAt: number | undefined;

export const clock = {
  now: (): number => fixedAt ?? Date.now(),
  /** Freezes the clock at an instant; undefined returns to real time. */
  set: (at: number | undefined): void => {
    fixedAt = at;
  },
};
