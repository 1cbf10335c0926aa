import { createVerify, generateKeyPairSync } from 'node:crypto';
import type { AlipaySdkCommonResult, IRequestParams } from 'alipay-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestActor } from '../support/actors.js';
import type { TestApp } from '../support/app.js';
import { createSeatedSession, customer, holdOrder } from '../support/orders.js';
import {
  createPaymentsTestApp,
  openPayment,
  paymentCounts,
  paymentRow,
  postNotification,
  refundsOfPayment,
  runRefundJob,
  settlePayments,
  signedFields,
} from '../support/payments.js';
import { createSchedulingWorld, type SchedulingWorld } from '../support/scheduling.js';
import { alipaySignContent } from '../../src/modules/payments/rules.js';

const APP_ID = '2021000000000001';

/** Keys as Alipay's console shows them: bare base64, the app's private key PKCS#1, Alipay's public key SPKI. */
function consoleKeys() {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    appPrivate: app.privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64'),
    appPublicPem: app.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    alipayPrivatePem: alipay.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    alipayPublic: alipay.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

describe('Alipay through alipay-sdk', () => {
  let t: TestApp;
  let world: SchedulingWorld;
  let buyer: TestActor;
  const keys = consoleKeys();
  /** Alipay's gateway as the SDK's `exec` reaches it: the one part replaced. */
  const calls: { method: string; params: IRequestParams }[] = [];
  const answers = new Map<string, (params: IRequestParams) => AlipaySdkCommonResult>();

  beforeAll(async () => {
    t = await createPaymentsTestApp(
      {
        ALIPAY_APP_ID: APP_ID,
        ALIPAY_PRIVATE_KEY: keys.appPrivate,
        ALIPAY_PUBLIC_KEY: keys.alipayPublic,
        ALIPAY_GATEWAY: 'https://openapi-sandbox.dl.alipaydev.com/gateway.do',
      },
      {
        alipayExec: async (method, params) => {
          calls.push({ method, params });
          const answer = answers.get(method);
          if (!answer) throw new Error(`unexpected call ${method}`);
          return answer(params);
        },
      },
    );
    world = await createSchedulingWorld(t);
    buyer = await customer(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const twoSeatOrder = async () => {
    const session = await createSeatedSession(t, world);
    return holdOrder(t, buyer, { sessionId: session.id, seats: [session.at(2, 1).id, session.at(2, 2).id] });
  };

  /** A notification as Alipay sends it for a paid page-pay trade, signed with Alipay's key. */
  const alipayNotification = (paymentId: string, overrides: Record<string, string> = {}) =>
    signedFields(
      {
        gmt_create: '2026-11-20 16:00:05',
        charset: 'utf-8',
        seller_email: 'shop@example.com',
        subject: 'Film × 2',
        buyer_id: '2088102177846880',
        invoice_amount: '90.00',
        notify_id: '2026112000222160007001',
        fund_bill_list: '[{"amount":"90.00","fundChannel":"ALIPAYACCOUNT"}]',
        notify_type: 'trade_status_sync',
        trade_status: 'TRADE_SUCCESS',
        receipt_amount: '90.00',
        app_id: APP_ID,
        buyer_pay_amount: '90.00',
        seller_id: '2088102177649450',
        gmt_payment: '2026-11-20 16:00:06',
        notify_time: '2026-11-20 16:00:07',
        version: '1.0',
        out_trade_no: paymentId,
        total_amount: '90.00',
        trade_no: '2026112022001446880500000001',
        auth_app_id: APP_ID,
        point_amount: '0.00',
        ...overrides,
      },
      keys.alipayPrivatePem,
    );

  it('opens page pay with a gateway URL signed by the app key, as the SDK signs it', async () => {
    const order = await twoSeatOrder();
    const { paymentId, payUrl } = await openPayment(t, buyer, order.id, 'alipay');
    const url = new URL(payUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://openapi-sandbox.dl.alipaydev.com/gateway.do');
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({ method: 'alipay.trade.page.pay', app_id: APP_ID, sign_type: 'RSA2' });
    expect(params.notify_url).toBe(`${t.config.publicUrl}/api/payments/alipay/notify`);
    expect(JSON.parse(params.biz_content!)).toMatchObject({
      out_trade_no: paymentId,
      total_amount: '90.00',
      product_code: 'FAST_INSTANT_TRADE_PAY',
    });
    // Alipay checks a request's signature over every parameter but `sign`, sorted.
    const { sign, ...signed } = params;
    const content = Object.keys(signed)
      .sort()
      .map((key) => `${key}=${signed[key]}`)
      .join('&');
    expect(createVerify('RSA-SHA256').update(content).verify(keys.appPublicPem, sign!, 'base64')).toBe(true);
  });

  it('applies a notification signed as Alipay signs, verified through alipay-sdk, once', async () => {
    const order = await twoSeatOrder();
    const { paymentId } = await openPayment(t, buyer, order.id, 'alipay');
    const fields = alipayNotification(paymentId);
    expect(alipaySignContent(fields)).not.toContain('sign');
    const answers = await Promise.all([1, 2, 3].map(() => postNotification(t, 'alipay', fields)));
    expect(answers.map((answer) => answer.body)).toEqual(['success', 'success', 'success']);
    const view = (await t.app.inject({ method: 'GET', url: `/api/orders/${order.id}`, headers: buyer.headers })).json();
    expect(view.status).toBe('paid');
    expect(view.tickets).toHaveLength(2);
    expect((await paymentRow(t, paymentId)).provider_trade_id).toBe('2026112022001446880500000001');
  });

  it('answers failure to notifications Alipay did not sign, or for another app, and changes nothing', async () => {
    const order = await twoSeatOrder();
    const { paymentId } = await openPayment(t, buyer, order.id, 'alipay');
    const genuine = alipayNotification(paymentId);
    const { sign: _sign, sign_type: _type, ...unsigned } = genuine;
    const before = await paymentCounts(t);
    const forgeries = [
      signedFields(unsigned, t.config.sandboxKeys!.privateKey),
      { ...genuine, total_amount: '0.01', invoice_amount: '0.01' },
      alipayNotification(paymentId, { app_id: '2021000000000999' }),
    ];
    for (const forged of forgeries) expect((await postNotification(t, 'alipay', forged)).body).toBe('failure');
    // The sandbox's endpoint does not take Alipay's notifications either.
    expect((await postNotification(t, 'sandbox', genuine)).body).toBe('failure');
    expect({ ...(await paymentCounts(t)), inbox: 0 }).toEqual({ ...before, inbox: 0 });
    expect((await paymentRow(t, paymentId)).status).toBe('pending');
  });

  it('queries a trade in flight before expiry and refunds through alipay.trade.refund', async () => {
    const order = await twoSeatOrder();
    const { paymentId } = await openPayment(t, buyer, order.id, 'alipay');
    // Only this payment was paid at Alipay; the earlier tests' open payments never reached the cashier.
    answers.set('alipay.trade.query', (params) =>
      (params.bizContent as { outTradeNo: string }).outTradeNo === paymentId
        ? {
            code: '10000',
            msg: 'Success',
            outTradeNo: paymentId,
            tradeNo: '2026112022001446880500000777',
            tradeStatus: 'TRADE_SUCCESS',
            totalAmount: '90.00',
          }
        : { code: '40004', msg: 'Business Failed', subCode: 'ACQ.TRADE_NOT_EXIST' },
    );
    answers.set('alipay.trade.refund', () => ({ code: '10000', msg: 'Success', tradeNo: '2026112022001446880500000777', fundChange: 'Y' }));
    t.clock.advance(16 * 60_000);
    expect(await settlePayments(t)).toBe(1);
    expect(calls.filter((call) => call.method === 'alipay.trade.query').map((call) => call.params.bizContent)).toContainEqual({
      outTradeNo: paymentId,
    });
    const refund = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${order.id}/refunds`,
      headers: buyer.headers,
      payload: { reason: 'plans changed' },
    });
    expect(refund.statusCode, refund.body).toBe(201);
    expect(refund.json().status).toBe('succeeded');
    const sent = calls.find((call) => call.method === 'alipay.trade.refund')!;
    expect(sent.params.bizContent).toEqual({
      outTradeNo: paymentId,
      refundAmount: '90.00',
      outRequestNo: refund.json().refundId,
      refundReason: 'plans changed',
    });
    expect(await refundsOfPayment(t, paymentId)).toEqual([expect.objectContaining({ amount: 9000, status: 'succeeded' })]);
    t.clock.advance(-16 * 60_000);
  });

  it('keeps a refund Alipay refused pending and sends it again later', async () => {
    const order = await twoSeatOrder();
    const { paymentId } = await openPayment(t, buyer, order.id, 'alipay');
    expect((await postNotification(t, 'alipay', alipayNotification(paymentId, { trade_no: '2026112022001446880500000888' }))).body).toBe(
      'success',
    );
    answers.set('alipay.trade.refund', () => ({ code: '20000', msg: 'Service Currently Unavailable', subCode: 'isp.unknow-error' }));
    const refund = await t.app.inject({ method: 'POST', url: `/api/orders/${order.id}/refunds`, headers: buyer.headers, payload: {} });
    expect(refund.statusCode).toBe(201);
    expect(refund.json().status).toBe('pending');
    answers.set('alipay.trade.refund', () => ({ code: '10000', msg: 'Success' }));
    expect((await runRefundJob(t)).sent).toBe(0);
    t.clock.advance(11_000);
    expect((await runRefundJob(t)).sent).toBe(1);
    expect(await refundsOfPayment(t, paymentId)).toEqual([expect.objectContaining({ status: 'succeeded' })]);
  });
});
