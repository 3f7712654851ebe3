import { initPayment, partnerCode, paymentChannel, platformSecret, queryPayment } from '../adapters/payment-platform.js';
import { decidePaymentRequest, getPaymentRequest, paymentRequestsOn, putPaymentRequest, putRefundDue } from '../adapters/payment-requests.js';
import { findDossierByCode, getDossier, saveDossier } from '../adapters/repository.js';
import { lastReceiptNumber } from '../adapters/receipts.js';
import { onlinePayments } from '../app/payments.js';
import { access, appClock, provinces } from './app.js';

/*
 * Online payment apart from app.ts: only the functions that speak to the payment platform carry
 * its adapter.
 */

export const payments = /* @__PURE__ */ onlinePayments({
  store: {
    getDossier,
    saveDossier,
    lastReceiptNumber,
    findDossierByCode,
    putPaymentRequest,
    getPaymentRequest,
    decidePaymentRequest,
    paymentRequestsOn,
    putRefundDue,
  },
  clock: appClock,
  provinces,
  access,
  platform: { init: initPayment, query: queryPayment, secret: platformSecret, partner: partnerCode, channel: paymentChannel },
});
