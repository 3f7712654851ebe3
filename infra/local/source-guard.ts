/** How long a source's failed lookups count against it: AWS WAF's rate-based rules look back five minutes too. */
export const SOURCE_WINDOW_MS = 5 * 60_000;

/** Failed lookups one source address may make per window before its lookups are refused. */
export const SOURCE_FAILURE_LIMIT = 100;

/**
 * What the WAF web ACL does on AWS, for the local runtime: failed public lookups (an unknown code
 * or a wrong secret) are counted per client address over a sliding window, and a source past the
 * limit is refused — nothing is ever counted per code, so no one can lock a citizen out.
 */
export function sourceGuard(limit = SOURCE_FAILURE_LIMIT, windowMs = SOURCE_WINDOW_MS, now: () => number = Date.now) {
  const failures = new Map<string, number[]>();
  const recent = (source: string) => {
    const since = now() - windowMs;
    const kept = (failures.get(source) ?? []).filter((at) => at > since);
    if (kept.length) failures.set(source, kept);
    else failures.delete(source);
    return kept;
  };
  return {
    refuses: (source: string): boolean => recent(source).length >= limit,
    countFailure: (source: string): void => {
      failures.set(source, [...recent(source), now()]);
    },
  };
}
