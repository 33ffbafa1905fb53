/**
 * Start the fake platform for `npm run demo` (and manual runs): `npx tsx tools/fake-platform/start.ts`
 * prints its URL and serves until interrupted.
 */
import { pathToFileURL } from 'node:url';
import { createFakePlatform, type FakePlatform, type FakePlatformOptions } from './fake-platform.js';

export async function startFakePlatform(options: FakePlatformOptions = {}): Promise<FakePlatform> {
  return createFakePlatform(options);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const fake = await startFakePlatform({ port: Number(process.env.FAKE_PLATFORM_PORT ?? 0) });
  process.stdout.write(`fake data.gov.tw listening at ${fake.url} (${fake.state.datasets.size} datasets)\n`);
  process.on('SIGINT', () => void fake.close().then(() => process.exit(0)));
}
