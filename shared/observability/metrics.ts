/**
 * Business metrics in CloudWatch's embedded metric format: one JSON line on stdout, which
 * CloudWatch Logs turns into the metrics, no API call. Only the service dimension: every other
 * dimension value would be a custom metric billed of its own. POWERTOOLS_METRICS_DISABLED=true
 * (the local runtime's default) writes nothing.
 */
const NAMESPACE = 'MotCua';
const SERVICE = 'mot-cua';

export type BusinessMetric = 'DossiersReceived' | 'DossiersReturned' | 'DossiersReturnedLate';

/** Counts what just happened to dossiers and writes the line at once (no handler has to flush). */
export function countDossiers(...counted: BusinessMetric[]): void {
  if (!counted.length || process.env.POWERTOOLS_METRICS_DISABLED === 'true') return;
  const values: Partial<Record<BusinessMetric, number>> = {};
  for (const metric of counted) values[metric] = (values[metric] ?? 0) + 1;
  const line = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: NAMESPACE, Dimensions: [['service']], Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' })) }],
    },
    service: SERVICE,
    ...values,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
