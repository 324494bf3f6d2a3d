import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorCatalogue } from '../errors.js';

export interface WireError {
  status: number;
  body: { error: string; code?: string };
}

/** Fastify's own error codes that mean "the request was bad", with the status to answer. */
const fastifyClientErrors: Record<string, { status: number; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: errorCatalogue['request.body_too_large'].message },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: 'Invalid Content-Length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: 'Empty request body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: 'Invalid JSON body' },
  FST_ERR_BAD_URL: { status: 400, message: 'Invalid URL' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, message: 'URL parameter too long' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400 },
};

/**
 * The one place an error becomes a status and a body. Client-API bodies are `{"error"}` as
 * RustDesk parses them; admin-API bodies add the stable `code`. Anything unexpected is a 500
 * with a generic message; the details go to the log only.
 */
export function toWireError(error: unknown, withCode: boolean): WireError {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: withCode ? { error: error.publicMessage, code: error.code } : { error: error.publicMessage },
    };
  }
  const fastifyError = error as Partial<FastifyError> & { validation?: unknown; validationContext?: string };
  if (fastifyError.validation) {
    const body = { error: `Invalid request: ${fastifyError.message ?? 'validation failed'}` };
    return { status: 400, body: withCode ? { ...body, code: 'request.invalid' } : body };
  }
  const known = fastifyError.code ? fastifyClientErrors[fastifyError.code] : undefined;
  const status = known?.status ?? fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const body = { error: known?.message ?? fastifyError.message ?? 'Invalid request' };
    return { status, body: withCode ? { ...body, code: 'request.invalid' } : body };
  }
  return { status: 500, body: withCode ? { error: 'internal error', code: 'internal' } : { error: 'internal error' } };
}

const withCodePrefixes = ['/api/admin/', '/api/account', '/api/session'];

export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url;
  const withCode = withCodePrefixes.some((prefix) => path.startsWith(prefix));
  const wire = toWireError(error, withCode);
  if (wire.status >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else if (error instanceof AppError && (error.detail || error.cause)) {
    request.log.info({ code: error.code, detail: error.detail, cause: error.cause }, 'request refused');
  }
  return reply.status(wire.status).type('application/json; charset=utf-8').send(wire.body);
}
