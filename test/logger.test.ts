import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('never writes secrets: redacted keys, passwords in URLs, literal secrets in messages and errors', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination, level: 'debug', secrets: ['topsecretkey'] });
    const child = logger.child({ job: 'sync-catalog', runId: 7 });
    child.info(
      {
        databaseUrl: 'postgres://u:pw1@h/db',
        apiKey: 'topsecretkey',
        headers: { authorization: 'Bearer abc' },
      },
      'start',
    );
    child.warn('connecting to postgres://admin:hunter22@10.0.0.1/odsync');
    child.error({ err: new Error('auth failed with key topsecretkey for postgres://a:pw2@h/db') }, 'boom');
    const out = lines.join('');
    for (const secret of ['pw1', 'topsecretkey', 'Bearer abc', 'hunter22', 'pw2'])
      expect(out).not.toContain(secret);
    expect(out).toContain('"job":"sync-catalog"');
    expect(out).toContain('"runId":7');
    expect(out).toContain('postgres://admin:***@10.0.0.1/odsync');
  });

  it('redacts the configured API-key header wherever a request or an error carries it', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination, secretHeaders: ['X-Api-Key'] });
    logger.info({ headers: { 'X-Api-Key': 'k-one' } }, 'request');
    logger.info({ req: { headers: { 'x-api-key': 'k-two' } } }, 'request');
    logger.info({ err: { config: { headers: { 'X-Api-Key': 'k-three' } } } }, 'network error');
    const out = lines.join('');
    for (const secret of ['k-one', 'k-two', 'k-three']) expect(out).not.toContain(secret);
    expect(out.match(/\*\*\*/g)).toHaveLength(3);
  });
});
