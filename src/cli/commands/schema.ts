import type { Command } from 'commander';
import { specJsonSchema } from '../../spec/json-schema.js';
import { printJson } from '../output.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of the fleet spec (for editor completion and CI checks)')
    .addHelpText('after', '\nExample:\n  crossrole schema > crossrole.schema.json\n  # VS Code / yaml-language-server: add to crossrole.yaml\n  # yaml-language-server: $schema=./crossrole.schema.json')
    .action(() => printJson(specJsonSchema()));
}
