import { Type } from 'typebox';
import type { App, ModuleDeps } from '../../../app.js';
import { actorOf } from '../../../http/actor.js';
import { PasswordResetBody, ProfileBody, User } from '../schemas.js';
import { getMe, resetPassword, updateMe } from '../service/profile.js';
import { anyPortal, anyPortalOptional, perAddress } from './hooks.js';

const tags = ['me'];

/** /api/me: the signed-in user, for a token of any portal. */
export function meRoutes(app: App, deps: ModuleDeps): void {
  const signedIn = anyPortal(deps);

  app.get(
    '/api/me',
    {
      onRequest: signedIn,
      schema: { tags, summary: 'The signed-in user', security: [{ bearer: [] }], response: { 200: User } },
    },
    async (request) => getMe(deps, actorOf(request)),
  );

  app.patch(
    '/api/me',
    {
      onRequest: signedIn,
      schema: {
        tags,
        summary: 'Change nickname, email or avatar (null clears one)',
        security: [{ bearer: [] }],
        body: ProfileBody,
        response: { 200: User },
      },
    },
    async (request) => updateMe(deps, actorOf(request), request.body),
  );

  app.post(
    '/api/me/password',
    {
      onRequest: [perAddress(deps), anyPortalOptional(deps)],
      schema: {
        tags,
        summary: 'Set a new password with a reset-password code; ends every session of the user',
        description: 'Works signed out (a forgotten password). Signed in, the phone must be your own.',
        security: [{}, { bearer: [] }],
        body: PasswordResetBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await resetPassword(deps, request.actor, request.body);
      return reply.status(204).send(null);
    },
  );
}
