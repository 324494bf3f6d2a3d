import { processIo } from './cli/context.js';
import { runCli } from './cli/program.js';

const code = await runCli(process.argv.slice(2), processIo);
// `serve` keeps running through its listening socket; every other command ends here.
if (code !== 0) process.exit(code);
