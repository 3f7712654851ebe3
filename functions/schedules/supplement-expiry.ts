import middy from '@middy/core';
import { lambdaContextInLogs } from '../../shared/observability/lambda.js';
import { jobs, servedProvinces } from '../../shared/composition/app.js';

/** Daily: refuses dossiers whose supplement time limit passed without the documents, or whose fees due at reception were not paid in time. */
export const handler = middy(async (): Promise<{ refused: number }> => {
  let refused = 0;
  for (const province of servedProvinces()) refused += await jobs.expireSupplements(province);
  return { refused };
}).use(lambdaContextInLogs());
