import { afterAll, beforeAll } from 'vitest';
import nock from 'nock';

/** The guard of test/setup.ts: the real platform is never called, only loopback. */
export function guardNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
}

/**
 * For a file that talks only to the local fake platform and breaks its transfers on purpose:
 * nock's interceptor, even when it lets loopback through, aborts the streamed retries that follow
 * a connection reset, so the faults under test would not be the only ones. Lifted for the file,
 * restored after it.
 */
export function withoutNockInterceptor(): void {
  beforeAll(() => {
    nock.restore();
  });
  afterAll(() => {
    nock.activate();
    guardNetwork();
  });
}
