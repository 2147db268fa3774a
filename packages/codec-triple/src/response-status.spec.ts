import { describe, expect, it } from 'vitest';
import { Code } from './code.js';
import {
  type CallStatus,
  checkResponseHeaders,
  httpStatusToCode,
  isTrailersOnly,
  statusFromTrailers,
  statusToError,
} from './response-status.js';
import { RpcError } from './rpc-error.js';

describe('httpStatusToCode (triple.md §5)', () => {
  it.each([
    [100, Code.Internal],
    [199, Code.Internal],
    [400, Code.Internal],
    [431, Code.Internal],
    [401, Code.Unauthenticated],
    [403, Code.PermissionDenied],
    [404, Code.Unimplemented],
    [429, Code.Unavailable],
    [502, Code.Unavailable],
    [503, Code.Unavailable],
    [504, Code.Unavailable],
    [500, Code.Unknown],
    [415, Code.Unknown],
    [302, Code.Unknown],
  ])('maps %i to %i', (status, code) => {
    expect(httpStatusToCode(status)).toBe(code);
  });
});

describe('checkResponseHeaders', () => {
  it('reads a Java 3.3 trailers-only error from grpc-status, overriding :status 500 (triple.md §10.9)', () => {
    const error = checkResponseHeaders({
      ':status': '500',
      'content-type': 'application/grpc',
      'grpc-status': '2',
      'grpc-message': 'boom',
    });
    expect(error).toBeInstanceOf(RpcError);
    expect(error!.code).toBe(Code.Unknown);
    expect(error!.rawMessage).toBe('boom');
  });

  it('gives UNIMPLEMENTED for {:status 404, grpc-status 12} (triple.md §10.9)', () => {
    expect(checkResponseHeaders({ ':status': '404', 'grpc-status': '12' })!.code).toBe(Code.Unimplemented);
  });

  it('passes a trailers-only OK, and attaches the attachments of a trailers-only error', () => {
    expect(checkResponseHeaders({ ':status': '200', 'grpc-status': '0' })).toBeUndefined();
    const error = checkResponseHeaders({
      ':status': '200',
      'grpc-status': '5',
      'grpc-message': 'x',
      traceid: 't',
    });
    expect(error!.code).toBe(Code.NotFound);
    expect(error!.metadata).toEqual({ traceid: 't' });
  });

  it('maps a non-200 status without grpc-status', () => {
    const error = checkResponseHeaders({ ':status': '503', 'content-type': 'text/plain' });
    expect(error!.code).toBe(Code.Unavailable);
    expect(error!.rawMessage).toBe('HTTP status 503');
    expect(checkResponseHeaders({ ':status': '415' })!.code).toBe(Code.Unknown);
    expect(checkResponseHeaders({})!.code).toBe(Code.Internal);
  });

  it('accepts any application/grpc* content-type and rejects others', () => {
    for (const contentType of ['application/grpc', 'application/grpc+proto', 'application/grpc+json']) {
      expect(checkResponseHeaders({ ':status': '200', 'content-type': contentType })).toBeUndefined();
    }
    const error = checkResponseHeaders({ ':status': '200', 'content-type': 'text/html' });
    expect(error!.code).toBe(Code.Unknown);
    expect(error!.rawMessage).toBe('unexpected content-type "text/html"');
    expect(checkResponseHeaders({ ':status': '200' })!.rawMessage).toBe('unexpected content-type none');
  });
});

describe('statusFromTrailers', () => {
  it('reads code, decoded message and unpadded or padded details', () => {
    expect(
      statusFromTrailers({
        'grpc-status': '3',
        'grpc-message': 'bad%20arg%3A%20100%25',
        'grpc-status-details-bin': 'CAMSA2JhZA',
      }),
    ).toEqual({
      code: Code.InvalidArgument,
      message: 'bad arg: 100%',
      details: Uint8Array.of(8, 3, 18, 3, 98, 97, 100),
    });
    expect(statusFromTrailers({ 'grpc-status': '3', 'grpc-status-details-bin': 'AQI=' }).details).toEqual(
      Uint8Array.of(1, 2),
    );
  });

  it('reads OK without a message', () => {
    expect(statusFromTrailers({ 'grpc-status': '0' })).toEqual({
      code: Code.Ok,
      message: '',
      details: undefined,
    });
  });

  it('gives Internal for a missing grpc-status and Unknown for an invalid one', () => {
    expect(statusFromTrailers({ 'grpc-message': 'x' })).toMatchObject({
      code: Code.Internal,
      message: 'missing grpc-status',
    });
    for (const bad of ['17', '-1', 'ok', '', '2 ', '02x']) {
      expect(statusFromTrailers({ 'grpc-status': bad }).code, bad).toBe(Code.Unknown);
    }
    expect(statusFromTrailers({ 'grpc-status': 'x', 'grpc-message': 'why' }).message).toBe(
      'invalid grpc-status "x": why',
    );
  });

  it('keeps only the first 4096 characters of a huge message, without splitting a surrogate pair', () => {
    const huge = statusFromTrailers({ 'grpc-status': '2', 'grpc-message': '%41'.repeat(10_000) });
    expect(huge.message).toBe('A'.repeat(4096));
    const emoji = statusFromTrailers({
      'grpc-status': '2',
      'grpc-message': `${'a'.repeat(4095)}%F0%9F%98%80`,
    });
    expect(emoji.message).toBe('a'.repeat(4095));
  });

  it('takes the first of repeated values', () => {
    expect(statusFromTrailers({ 'grpc-status': ['14', '0'] }).code).toBe(Code.Unavailable);
  });
});

describe('statusToError and isTrailersOnly', () => {
  it('gives no error for OK, and an RpcError with metadata and details otherwise', () => {
    expect(statusToError({ code: Code.Ok, message: 'ignored', details: undefined })).toBeUndefined();
    const status: CallStatus = { code: Code.DeadlineExceeded, message: 'late', details: Uint8Array.of(1) };
    const error = statusToError(status, { k: 'v' })!;
    expect(error).toBeInstanceOf(RpcError);
    expect(error.code).toBe(Code.DeadlineExceeded);
    expect(error.message).toBe('[DEADLINE_EXCEEDED] late');
    expect(error.metadata).toEqual({ k: 'v' });
    expect(error.details).toEqual(Uint8Array.of(1));
    expect(statusToError(status)!.metadata).toEqual({});
  });

  it('detects a trailers-only response by grpc-status', () => {
    expect(isTrailersOnly({ ':status': '200', 'grpc-status': '0' })).toBe(true);
    expect(isTrailersOnly({ ':status': '200', 'content-type': 'application/grpc' })).toBe(false);
  });
});
