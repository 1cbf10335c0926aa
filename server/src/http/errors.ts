import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The catalogue of error codes, each with its HTTP status. Services throw `DomainError` with one of
 * these codes; only `sendError` below turns them into responses. Codes are stable: clients rely on them.
 */
export const ERROR_CODES = {
  /** The body, query or path does not match the route's schema; `details.fields` lists each problem. */
  VALIDATION_FAILED: 400,
  /** The body is not parseable as its content type says (broken JSON, say). */
  MALFORMED_BODY: 400,
  /** No valid access token for this portal. */
  UNAUTHENTICATED: 401,
  /** Username, phone or password or SMS code do not match an active account. */
  INVALID_CREDENTIALS: 401,
  /** The SMS code is wrong, expired, used, or tried too often. */
  INVALID_CODE: 401,
  /** A refresh token was used twice; its whole family is now revoked. */
  TOKEN_REUSED: 401,
  /** The refresh token is unknown, expired or revoked. */
  INVALID_TOKEN: 401,
  /** Signed in, but the role lacks the permission this action needs. */
  FORBIDDEN: 403,
  /** The account is disabled by an administrator. */
  ACCOUNT_DISABLED: 403,
  /** The merchant portal is open only to staff of an approved merchant, apart from applying. */
  MERCHANT_NOT_APPROVED: 403,
  /** No such resource, or it belongs to someone else. */
  NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  PHONE_TAKEN: 409,
  EMAIL_TAKEN: 409,
  /** The same idempotency key is still being processed (a double click); retry shortly. */
  IDEMPOTENCY_KEY_IN_PROGRESS: 409,
  /** A generic state conflict: the resource is not in a state that allows this action. */
  CONFLICT: 409,
  /** The request is too large. */
  PAYLOAD_TOO_LARGE: 413,
  /** The body's content type is not one this route accepts. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** An idempotency key was used before with a different request. */
  IDEMPOTENCY_KEY_REUSED: 422,
  /** A domain rule refuses the request (details say which). */
  RULE_VIOLATION: 422,
  /** Too many requests; `Retry-After` says when to try again. */
  RATE_LIMITED: 429,
  /** Something failed on our side; the request id in the log tells what. */
  INTERNAL: 500,
  /** A dependency (the database) is not reachable. */
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes registered by modules beyond the core catalogue (e.g. SEAT_UNAVAILABLE), with their status. */
const moduleCodes = new Map<string, number>();

/** A module documents its own codes where it defines them and registers them here once. */
export function registerErrorCodes(codes: Record<string, number>): void {
  for (const [code, status] of Object.entries(codes)) moduleCodes.set(code, status);
}

export function statusOf(code: string): number {
  return (ERROR_CODES as Record<string, number>)[code] ?? moduleCodes.get(code) ?? 500;
}

/** The one error type services throw. `details` must be safe to show to the caller. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode | (string & {}),
    message: string,
    readonly details?: Record<string, unknown>,
    /** Seconds, for RATE_LIMITED. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} not found`);

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const path = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const extra =
    (issue.params?.additionalProperty as string | undefined) ?? (issue.params?.missingProperty as string | undefined);
  const field = [path, extra].filter(Boolean).join('.');
  return [context, field].filter(Boolean).join('.') || (context ?? 'body');
}

function validationDetails(error: FastifyError): Record<string, unknown> {
  const issues = (error.validation ?? []) as ValidationIssue[];
  return {
    fields: issues.map((issue) => ({
      field: fieldOf(issue, error.validationContext),
      problem:
        issue.keyword === 'additionalProperties'
          ? 'is not a known field'
          : issue.keyword === 'required'
            ? 'is required'
            : (issue.message ?? 'is invalid'),
    })),
  };
}

/** Fastify's own error codes for bad requests, mapped to ours. */
const FRAMEWORK_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
};

/** Converts anything thrown in a request into the `{error: {code, message, details}}` shape. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof DomainError) {
    if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
    return reply.status(statusOf(error.code)).send({
      error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
    });
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return reply.status(400).send({
      error: { code: 'VALIDATION_FAILED', message: 'The request is not valid', details: validationDetails(fastifyError) },
    });
  }
  const mapped = fastifyError.code ? FRAMEWORK_ERRORS[fastifyError.code] : undefined;
  if (mapped) {
    return reply.status(statusOf(mapped)).send({ error: { code: mapped, message: fastifyError.message } });
  }
  const status = fastifyError.statusCode ?? 500;
  if (fastifyError instanceof SyntaxError || status === 400) {
    return reply.status(400).send({ error: { code: 'MALFORMED_BODY', message: fastifyError.message } });
  }
  if (status > 400 && status < 500) {
    const code = status === 404 ? 'NOT_FOUND' : status === 405 ? 'METHOD_NOT_ALLOWED' : 'BAD_REQUEST';
    return reply.status(status).send({ error: { code, message: fastifyError.message } });
  }
  request.log.error({ err: error }, 'request failed');
  return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong on our side' } });
}
