import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * Business metrics in CloudWatch's embedded metric format (one JSON log line, no API call). Only
 * the service dimension: every other dimension value would be a custom metric billed of its own.
 */
export const metrics = new Metrics({ namespace: 'MotCua', serviceName: 'mot-cua' });

export type BusinessMetric = 'DossiersReceived' | 'DossiersReturned' | 'DossiersReturnedLate';

/** Counts what just happened to dossiers and writes the line at once (no handler has to flush). */
export function countDossiers(...counted: BusinessMetric[]): void {
  if (!counted.length) return;
  for (const metric of counted) metrics.addMetric(metric, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}
