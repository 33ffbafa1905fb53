/** `odsync config`: the effective configuration, secrets masked. */
import type { Command } from 'commander';
import { maskedConfig } from '../../src/config/index.js';
import type { CliIo } from '../cli-io.js';
import { loadBasics, type RuntimeOptions } from '../runtime.js';

export function registerConfigCommand(program: Command, options: RuntimeOptions, io: CliIo): void {
  program
    .command('config')
    .description('print the effective configuration (secrets masked)')
    .action(() => {
      const { config } = loadBasics(options);
      io.stdout(JSON.stringify(maskedConfig(config), null, 2) + '\n');
    });
}
