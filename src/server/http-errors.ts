import type { ServerResponse } from 'node:http';
import { noteOutcome } from '../observability/request-record';

/**
 * Codes of the errors the HTTP layer answers itself, before Apollo (README, "Query limits"). Each
 * answer is a GraphQL response: `{"errors":[{"message":…,"extensions":{"code":…}}]}`.
 */
export const HttpErrorCode = {
  NotFound: 'NOT_FOUND',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  BadRequest: 'BAD_REQUEST',
  ValidationFailed: 'GRAPHQL_VALIDATION_FAILED',
  /** 503 while the instance drains after SIGTERM: nothing ran; send it again (to another instance). */
  ShuttingDown: 'SHUTTING_DOWN',
} as const;

export interface HttpErrorAnswer {
  status: number;
  message: string;
  code: string;
  extensions?: Record<string, unknown>;
  /** Close the connection after answering (the rest of the request body was not read). */
  close?: boolean;
}

export function sendGraphQLError(res: ServerResponse, answer: HttpErrorAnswer): void {
  const body = JSON.stringify({ errors: [{ message: answer.message, extensions: { code: answer.code, ...answer.extensions } }] });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  };
  if (answer.close) headers.connection = 'close';
  noteOutcome(res, answer.code);
  res.writeHead(answer.status, headers).end(body);
}
