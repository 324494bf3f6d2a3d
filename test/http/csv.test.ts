import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { csvCell, csvLine, csvTime, sendCsv } from '../../src/http/csv.js';

describe('CSV (RFC 4180) for log exports', () => {
  it('writes plain text and numbers as they are, and nothing for a missing value', () => {
    assert.deepEqual([csvCell('kiosk-1'), csvCell(42), csvCell(-1), csvCell(0), csvCell(''), csvCell(undefined), csvCell(null), csvCell(Number.NaN)], ['kiosk-1', '42', '-1', '0', '', '', '', '']);
  });

  it('quotes a cell holding a comma, a quote mark or a line break, doubling the quote marks', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('cr\rhere'), '"cr\rhere"');
  });

  it('makes text that a spreadsheet would run as a formula plain text with a leading quote mark (OWASP)', () => {
    assert.equal(csvCell('=1+1'), `"'=1+1"`);
    assert.equal(csvCell('+41 22'), `"'+41 22"`);
    assert.equal(csvCell('-2+3'), `"'-2+3"`);
    assert.equal(csvCell('@SUM(A1)'), `"'@SUM(A1)"`);
    assert.equal(csvCell('\t=1'), `"'\t=1"`);
    assert.equal(csvCell('\r=1'), `"'\r=1"`);
    assert.equal(csvCell('=HYPERLINK("http://evil.example/","x")'), `"'=HYPERLINK(""http://evil.example/"",""x"")"`);
    // Only the start counts: a formula sign inside text is harmless.
    assert.equal(csvCell('a=b'), 'a=b');
    assert.equal(csvCell('alice@example.com'), 'alice@example.com');
  });

  it('ends each record with CRLF and writes times as ISO 8601 in UTC', () => {
    assert.equal(csvLine(['id', 'a,b', 3, undefined]), 'id,"a,b",3,\r\n');
    assert.equal(csvTime(Date.UTC(2026, 11, 3, 17, 21, 0, 5)), '2026-12-03T17:21:00.005Z');
    assert.equal(csvTime(0), '', 'not yet');
  });

  it('sends the UTF-8 byte order mark and the header, then every chunk as it is read, as a download', async () => {
    const app = Fastify();
    let read = 0;
    async function* chunks() {
      for (const chunk of [[{ n: 1 }, { n: 2 }], [{ n: 3 }]]) {
        read++;
        yield chunk;
      }
    }
    app.get('/x.csv', async (_request, reply) => sendCsv(reply, { filename: 'log "x".csv', header: ['n', 'label'], chunks: chunks(), cells: (row) => [row.n, `=${row.n}`] }));
    const response = await app.inject({ method: 'GET', url: '/x.csv' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(response.headers['content-disposition'], 'attachment; filename="log__x_.csv"');
    assert.equal(response.body, `\uFEFFn,label\r\n1,"'=1"\r\n2,"'=2"\r\n3,"'=3"\r\n`);
    assert.equal(read, 2);
    await app.close();
  });

  it('answers a JSON-able error, not a broken download, when the first chunk cannot be read', async () => {
    const app = Fastify();
    // eslint-disable-next-line require-yield
    async function* failing(): AsyncGenerator<{ n: number }[]> {
      throw new Error('database gone');
    }
    app.get('/x.csv', async (_request, reply) => sendCsv(reply, { filename: 'x.csv', header: ['n'], chunks: failing(), cells: (row) => [row.n] }));
    const response = await app.inject({ method: 'GET', url: '/x.csv' });
    assert.equal(response.statusCode, 500);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    await app.close();
  });
});
