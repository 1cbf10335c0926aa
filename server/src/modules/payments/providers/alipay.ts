import type { AlipaySdkCommonResult, IRequestParams } from 'alipay-sdk';
import type { AlipaySettings } from '../../../config.js';
import { DomainError } from '../../../http/errors.js';
import { decimalAmount, minorAmount } from '../rules.js';
import { alipaySdkOf, verifyAlipayStyle } from './alipay-verify.js';
import type { PaymentProvider } from './types.js';

/** The SDK's call to Alipay's gateway (`AlipaySdk.exec`): the one network boundary of this provider. */
export type AlipayExec = (method: string, params: IRequestParams) => Promise<AlipaySdkCommonResult>;

/** Alipay's time format, in Beijing time: "2026-12-01 19:30:00". */
function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const SUCCESS = '10000';

function refused(result: AlipaySdkCommonResult, what: string): DomainError {
  return new DomainError('PROVIDER_UNAVAILABLE', `Alipay refused the ${what}`, {
    code: result.code,
    subCode: result.subCode ?? result.sub_code,
  });
}

/**
 * Alipay through the official alipay-sdk: page pay (alipay.trade.page.pay, a signed gateway URL the
 * browser opens), notifications verified with Alipay's public key, trade query and refund through
 * `exec`. Amounts travel as yuan with two decimals; only CNY is taken.
 */
export function alipayProvider(settings: AlipaySettings, exec?: AlipayExec): PaymentProvider {
  const sdk = alipaySdkOf({
    appId: settings.appId,
    privateKey: settings.privateKey,
    publicKey: settings.alipayPublicKey,
    gateway: settings.gateway,
  });
  const call: AlipayExec = exec ?? ((method, params) => sdk.exec(method, params));
  return {
    name: 'alipay',
    async createPayment(payment) {
      if (payment.currency !== 'CNY') {
        throw new DomainError('PROVIDER_NOT_CONFIGURED', 'Alipay takes payments in CNY only', {
          provider: 'alipay',
          currency: payment.currency,
        });
      }
      const payUrl = sdk.pageExecute('alipay.trade.page.pay', 'GET', {
        notifyUrl: payment.notifyUrl,
        returnUrl: payment.returnUrl,
        bizContent: {
          outTradeNo: payment.paymentId,
          productCode: 'FAST_INSTANT_TRADE_PAY',
          totalAmount: decimalAmount(payment.amount),
          subject: payment.title.slice(0, 256),
          timeExpire: beijingTime(payment.payableUntil),
        },
      });
      return { payUrl, providerRef: null };
    },
    async verifyNotification(input) {
      if (input.kind !== 'form') return null;
      const report = verifyAlipayStyle(sdk, input.fields, settings.appId);
      return report ? { kind: 'report', report } : null;
    },
    async queryPayment(payment) {
      const result = await call('alipay.trade.query', { bizContent: { outTradeNo: payment.id } });
      if (result.code !== SUCCESS) {
        // ACQ.TRADE_NOT_EXIST: the customer never reached the cashier; nothing is paid.
        return { paymentId: payment.id, tradeId: null, paid: false, amount: null, currency: null };
      }
      const status = String(result.tradeStatus ?? '');
      return {
        paymentId: payment.id,
        tradeId: result.tradeNo ? String(result.tradeNo) : null,
        paid: status === 'TRADE_SUCCESS' || status === 'TRADE_FINISHED',
        amount: result.totalAmount === undefined ? null : minorAmount(String(result.totalAmount)),
        currency: 'CNY',
      };
    },
    async refund(refund) {
      const result = await call('alipay.trade.refund', {
        bizContent: {
          outTradeNo: refund.paymentId,
          refundAmount: decimalAmount(refund.amount),
          // Alipay refunds once per out_request_no: a retry of this refund is never paid out twice.
          outRequestNo: refund.refundId,
          ...(refund.reason ? { refundReason: refund.reason.slice(0, 256) } : {}),
        },
      });
      if (result.code !== SUCCESS) throw refused(result, 'refund');
      return { providerRefundId: `${String(result.tradeNo ?? refund.providerTradeId)}:${refund.refundId}` };
    },
  };
}
