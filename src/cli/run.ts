import type { Output } from './io.js';
import { main } from './main.js';

/**
 * The binary's whole job: run with the real process and leave the exit code to Node.
 *
 * A reader that goes away (`parscore score … --format json | head -1`) closes the pipe, and the next
 * write fails with EPIPE: that ends the output quietly, with the command's own exit code, and
 * writers stop generating (see Output.failed). Any other failure of stdout or stderr (a full disk
 * behind `> FILE`) means output was lost, so the exit code is never 0 then.
 */
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') process.exitCode = 2;
  });
}

function output(stream: NodeJS.WriteStream): Output {
  return {
    write: (chunk) => stream.write(chunk),
    isTTY: stream.isTTY,
    // Set as soon as a write fails, before the 'error' event is emitted.
    get failed() {
      return stream.errored;
    },
  };
}

const code = await main(process.argv.slice(2), {
  stdout: output(process.stdout),
  stderr: output(process.stderr),
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
