import { Command } from 'commander';
import { criteriaJsonSchema } from '../../criteria/json-schema.js';
import { say, type CommandContext } from '../context.js';
import { EXIT } from '../errors.js';

export function schemaCommand(ctx: CommandContext): Command {
  return new Command('schema')
    .description(say(ctx.lang, 'in JSON Schema của tệp tiêu chí', 'print the JSON Schema of criteria files'))
    .action(() => {
      ctx.io.stdout.write(JSON.stringify(criteriaJsonSchema(), null, 2) + '\n');
      ctx.exit(EXIT.ok);
    });
}
