/** Ctrl-C (or Ctrl-D on an empty line) at a prompt. */
export class PromptCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** What typing does to a hidden answer: keys in, the answer so far (and whether it ended) out. */
export function typeHidden(answer: string, keys: string): { answer: string; ended?: 'enter' | 'cancel' } {
  for (const key of keys) {
    if (key === '\r' || key === '\n') return { answer, ended: 'enter' };
    if (key === '\u0003' || (key === '\u0004' && answer === '')) return { answer, ended: 'cancel' };
    if (key === '\u007f' || key === '\b') answer = [...answer].slice(0, -1).join('');
    // Ctrl-U clears the line, as at a shell prompt.
    else if (key === '\u0015') answer = '';
    else if (key >= ' ') answer += key;
  }
  return { answer };
}

/**
 * One line typed at the terminal, read in raw mode so that nothing is echoed; undefined when
 * standard input is not a terminal. The question goes to standard error, keeping standard
 * output for what a script may capture.
 */
export async function promptHidden(question: string): Promise<string | undefined> {
  const input = process.stdin;
  if (!input.isTTY) return undefined;
  process.stderr.write(question);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let answer = '';
      const onData = (keys: string) => {
        const typed = typeHidden(answer, keys);
        answer = typed.answer;
        if (!typed.ended) return;
        input.off('data', onData);
        if (typed.ended === 'cancel') reject(new PromptCancelled());
        else resolve(answer);
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
    process.stderr.write('\n');
  }
}
