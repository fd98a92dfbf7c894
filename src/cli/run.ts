import { main } from './main.js';

/** The binary's whole job: run with the real process and leave the exit code to Node. */
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
