import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { typeHidden } from '../../src/cli/terminal.js';

describe('hidden prompt keys', () => {
  it('ends the answer at Enter, whether the terminal sends CR or LF', () => {
    assert.deepEqual(typeHidden('', 'secret\r'), { answer: 'secret', ended: 'enter' });
    assert.deepEqual(typeHidden('sec', 'ret\n'), { answer: 'secret', ended: 'enter' });
    assert.deepEqual(typeHidden('', 'sec'), { answer: 'sec' });
  });

  it('erases with Backspace (one character, even outside the BMP) and clears the line with Ctrl-U', () => {
    assert.deepEqual(typeHidden('', 'abx\u007fc\r'), { answer: 'abc', ended: 'enter' });
    assert.deepEqual(typeHidden('pa😀', '\b'), { answer: 'pa' });
    assert.deepEqual(typeHidden('wrong', '\u0015right'), { answer: 'right' });
    assert.deepEqual(typeHidden('', '\u007f'), { answer: '' });
  });

  it('gives up at Ctrl-C, and at Ctrl-D only on an empty line', () => {
    assert.equal(typeHidden('half', '\u0003').ended, 'cancel');
    assert.equal(typeHidden('', '\u0004').ended, 'cancel');
    assert.deepEqual(typeHidden('x', '\u0004'), { answer: 'x' });
  });

  it('ignores other control keys, such as the escape sequences of arrow keys’ lead byte', () => {
    assert.deepEqual(typeHidden('', 'a\u001b\tb'), { answer: 'ab' });
  });
});
