import type { Status, Step } from './model.js';

/**
 * Status codes of the National Public Service Portal (Cổng DVC quốc gia). 6 is the financial
 * obligation (fees due before processing starts); 7 (withdrawal requested) is not used.
 */
export function nationalStatus(status: Status, step?: Step): number {
  switch (status) {
    case 'SUBMITTED':
      return 1;
    case 'AWAITING_PAYMENT':
      return 6;
    case 'IN_PROCESSING':
      return step === 'RECEPTION' ? 2 : 4;
    case 'REFUSED':
      return 3;
    case 'SUPPLEMENT_REQUESTED':
      return 5;
    case 'WITHDRAWN':
      return 8;
    case 'RESULT_READY':
      return 9;
    case 'RETURNED':
      return 10;
  }
}
