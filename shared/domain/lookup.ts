/** The public lookup's throttle: failed lookups of one code are counted per window. */
export const LOOKUP_WINDOW_S = 15 * 60;

/** Wrong secrets (or unknown codes) a code tolerates per window before lookups of it are refused. */
export const MAX_LOOKUP_FAILURES = 10;
