import { Type } from 'typebox';
import type { App, ModuleDeps } from '../../../app.js';
import { actorOf } from '../../../http/actor.js';
import {
  IdParams,
  LoginBody,
  QrLoginConfirmed,
  QrLoginCreated,
  QrLoginPoll,
  RefreshBody,
  RegisterBody,
  Session,
  SmsCodeBody,
  SmsCodeSent,
} from '../schemas.js';
import { sendSmsCode } from '../service/sms-codes.js';
import { registerCustomer } from '../service/register.js';
import { signIn } from '../service/sign-in.js';
import { endSession, refreshSession } from '../service/sessions.js';
import { approveQrLogin, createQrLogin, pollQrLogin } from '../service/qr-login.js';
import { perAddress, portal } from './hooks.js';

const tags = ['auth'];

/** /api/auth: codes, registration, the three ways to sign in, token rotation, QR login. */
export function authRoutes(app: App, deps: ModuleDeps): void {
  const limited = perAddress(deps);

  app.post(
    '/api/auth/sms-codes',
    {
      onRequest: limited,
      schema: {
        tags,
        summary: 'Send a 6-digit SMS code (90 s, 5 tries, one a minute per phone and purpose)',
        body: SmsCodeBody,
        response: { 202: SmsCodeSent },
      },
    },
    async (request, reply) => reply.status(202).send(await sendSmsCode(deps, request.body)),
  );

  app.post(
    '/api/auth/register',
    {
      onRequest: limited,
      schema: {
        tags,
        summary: 'Register a customer with a register code; answers customer-portal tokens',
        body: RegisterBody,
        response: { 201: Session },
      },
    },
    async (request, reply) => reply.status(201).send(await registerCustomer(deps, request.body)),
  );

  app.post(
    '/api/auth/login',
    {
      onRequest: limited,
      schema: {
        tags,
        summary: 'Sign in to a portal with username or phone and a password, or phone and a login code',
        body: LoginBody,
        response: { 200: Session },
      },
    },
    async (request) => signIn(deps, request.body),
  );

  app.post(
    '/api/auth/refresh',
    {
      onRequest: limited,
      schema: {
        tags,
        summary: 'Rotate a refresh token; a reused one revokes its whole family',
        body: RefreshBody,
        response: { 200: Session },
      },
    },
    async (request) => refreshSession(deps, request.body.refreshToken),
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags,
        summary: 'Sign out: the refresh token and every token rotated from it stop working',
        body: RefreshBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await endSession(deps, request.body.refreshToken);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/qr-logins',
    {
      onRequest: limited,
      schema: {
        tags,
        summary: 'Start a QR login: show qrContent as a QR code, then poll the request',
        response: { 201: QrLoginCreated },
      },
    },
    async (_request, reply) => reply.status(201).send(await createQrLogin(deps)),
  );

  app.post(
    '/api/auth/qr-logins/:id/confirm',
    {
      onRequest: [limited, portal(deps, 'customer')],
      schema: {
        tags,
        summary: 'Approve a QR login from a signed-in customer app',
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 200: QrLoginConfirmed },
      },
    },
    async (request) => approveQrLogin(deps, actorOf(request), request.params.id),
  );

  app.get(
    '/api/auth/qr-logins/:id',
    {
      onRequest: limited,
      schema: {
        tags,
        summary: 'Poll a QR login; the first poll after approval carries the tokens, once',
        params: IdParams,
        response: { 200: QrLoginPoll },
      },
    },
    async (request) => pollQrLogin(deps, request.params.id),
  );
}
