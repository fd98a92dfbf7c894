import { Command } from 'commander';
import { criteriaJsonSchema } from '../../criteria/json-schema.js';
import { say, type CommandContext } from '../context.js';
import { example } from '../help.js';
import { EXIT } from '../errors.js';

export function schemaCommand(ctx: CommandContext): Command {
  return new Command('schema')
    .description(say(ctx.lang, 'in JSON Schema của tệp tiêu chí', 'print the JSON Schema of criteria files'))
    .addHelpText('after', example(ctx.lang, say(ctx.lang, 'JSON Schema cho trình soạn thảo gợi ý và kiểm tra khi sửa tệp tiêu chí', 'the JSON Schema an editor uses to complete and check criteria files'), 'parscore schema'))
    .action(() => {
      ctx.io.stdout.write(JSON.stringify(criteriaJsonSchema(), null, 2) + '\n');
      ctx.exit(EXIT.ok);
    });
}
