// The one place errors become HTTP answers: application/problem+json with a
// stable code, never a stack trace. Validation errors name the field paths.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { PROBLEM_CONTENT_TYPE, type Problem } from '../../../contracts/common/problem.ts';
import { AppError, ERROR_STATUS, type ErrorCode, type FieldError } from './app-error.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemBody(
  status: number,
  code: string,
  detail: string,
  extra: { errors?: FieldError[]; instance?: string; [k: string]: unknown } = {},
): Problem {
  return {
    type: `https://dermlink.org/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...extra,
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem) {
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_VALIDATION: 'validation_failed',
};

function zodPath(instancePath: string | undefined, where: string | undefined): string {
  const parts = (instancePath ?? '').split('/').filter(Boolean);
  const base = where && where !== 'body' ? [where, ...parts] : parts;
  return base.join('.') || (where ?? '');
}

export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, 'application error');
      return sendProblem(
        reply,
        problemBody(error.status, error.code, error.message, {
          ...(error.fields ? { errors: error.fields } : {}),
          ...(error.extra ?? {}),
        }),
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((v) => ({
        path: zodPath(v.instancePath, error.validationContext),
        message: v.message ?? 'invalid',
      }));
      return sendProblem(
        reply,
        problemBody(400, 'validation_failed', 'Some fields are missing or invalid.', { errors }),
      );
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ issues: error.cause.issues.map((i) => i.path.join('.')) }, 'response did not match its schema');
      return sendProblem(reply, problemBody(500, 'internal', 'Something went wrong on our side.'));
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) {
      return sendProblem(reply, problemBody(ERROR_STATUS[mapped], mapped, error.message));
    }
    if (error.statusCode === 429) {
      return sendProblem(reply, problemBody(429, 'rate_limited', 'Too many attempts. Wait a moment, then try again.'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, problemBody(error.statusCode, 'bad_request', error.message));
    }
    request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'unhandled error');
    return sendProblem(reply, problemBody(500, 'internal', 'Something went wrong on our side. Try again in a moment.'));
  });
}
