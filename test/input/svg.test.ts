import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { sanitizeSvg } from '../../src/input/svg.js';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"';

function refused(svg: string): string {
  try {
    sanitizeSvg(svg);
  } catch (error) {
    assert.ok(isAppError(error, 'provider.invalid'), String(error));
    return error.publicMessage;
  }
  assert.fail(`accepted: ${svg}`);
}

describe('provider icons (sanitizeSvg)', () => {
  it('keeps an icon as icon sets publish it', () => {
    const github = `<svg role="img" viewBox="0 0 24 24" ${NS}><title>GitHub</title><path d="M12 .297c-6.63 0-12 5.373-12 12 0 5.303"/></svg>`;
    assert.equal(sanitizeSvg(github), github.replace(` ${NS}`, '').replace('<svg', `<svg ${NS}`));
  });

  it('keeps gradients, clip paths and same-document references', () => {
    const icon =
      `<svg ${NS} ${XLINK} viewBox="0 0 48 48"><defs><linearGradient id="a" x1="0" y1="0" x2="1" y2="1">` +
      `<stop offset="0" stop-color="#0078d4"/><stop offset="1" stop-color="#28a8ea"/></linearGradient>` +
      `<clipPath id="c"><rect width="48" height="48" rx="6"/></clipPath><path id="p" d="M0 0h10v10z"/></defs>` +
      `<g clip-path="url(#c)"><rect width="48" height="48" fill="url(#a)" style="fill: url('#a'); opacity: .9"/>` +
      `<use href="#p"/><use xlink:href="#p" transform="translate(12 12)"/></g></svg>`;
    assert.equal(sanitizeSvg(icon), icon);
  });

  it('drops what an editor leaves behind: declarations, comments, metadata, its own namespaces and attributes', () => {
    const icon =
      `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- Created with Inkscape -->\n` +
      `<svg ${NS} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" data-name="Layer 1" width="24" height="24">` +
      `<metadata><rdf>x</rdf></metadata><inkscape:grid/><g inkscape:label="Layer"><circle r="4" cx="5" cy="5"/></g></svg>`;
    assert.equal(sanitizeSvg(icon), `<svg ${NS} width="24" height="24"><g><circle r="4" cx="5" cy="5"/></g></svg>`);
    // Values of dropped attributes do not matter (Inkscape keeps Windows paths in some).
    const exported = `<svg ${NS}><rect inkscape:export-filename="C:\\icons\\a.png" width="1"/></svg>`;
    assert.equal(sanitizeSvg(exported), `<svg ${NS}><rect width="1"/></svg>`);
  });

  it('keeps what is inside a link or a switch, without the link', () => {
    assert.equal(sanitizeSvg(`<svg ${NS}><a href="#top"><switch><circle r="4"/></switch></a></svg>`), `<svg ${NS}><circle r="4"/></svg>`);
  });

  it('adds the SVG namespace when the root has none, so browsers draw it as SVG', () => {
    assert.equal(sanitizeSvg('<svg viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'), `<svg ${NS} viewBox="0 0 1 1"><rect width="1" height="1"/></svg>`);
  });

  it('writes text and attribute values back escaped', () => {
    assert.equal(
      sanitizeSvg(`<svg ${NS}><title>A &amp; B &lt;co&#x3e;</title><text font-family="&quot;Segoe UI&quot;">1 &gt; 0</text></svg>`),
      `<svg ${NS}><title>A &amp; B &lt;co&gt;</title><text font-family="&quot;Segoe UI&quot;">1 &gt; 0</text></svg>`,
    );
  });

  it('refuses scripts and other active content', () => {
    for (const inner of [
      '<script>alert(1)</script>',
      '<script href="https://evil.example/x.js"/>',
      '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
      '<iframe src="https://evil.example"/>',
      '<a href="#x"><set attributeName="href" to="javascript&#58;alert(1)"/><circle r="4"/></a>',
      '<animate attributeName="href" values="javascript:alert(1)"/>',
      '<g><g><handler type="text/javascript">x</handler></g></g>',
    ]) {
      assert.match(refused(`<svg ${NS}>${inner}</svg>`), /active content/, inner);
    }
  });

  it('refuses event handlers, whatever their case', () => {
    for (const attribute of ['onload="alert(1)"', 'onLoad="x"', 'ONCLICK="x"', 'onbegin="x"']) {
      assert.match(refused(`<svg ${NS}><rect ${attribute}/></svg>`), /event handler/, attribute);
    }
    assert.match(refused(`<svg ${NS} onload="alert(1)"/>`), /event handler/);
  });

  it('refuses references off the image, however they are spelled', () => {
    for (const inner of [
      '<use href="https://evil.example/sprite.svg#a"/>',
      `<use xlink:href="javascript:alert(1)" ${XLINK}/>`,
      '<use href="&#106;avascript:alert(1)"/>',
      '<use href=" #a"/>',
      '<image href="https://tracker.example/pixel.png"/>',
      '<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>',
      '<rect fill="url(https://tracker.example/p#a)"/>',
      '<rect fill="url( &quot;//tracker.example/p&quot;)"/>',
      '<rect filter="URL(https://tracker.example/f#a)"/>',
      '<a href="https://evil.example"><circle r="4"/></a>',
      '<metadata><a xlink:href="https://evil.example"/></metadata>',
    ]) {
      assert.match(refused(`<svg ${NS}>${inner}</svg>`), /off the image/, inner);
    }
  });

  it('keeps an inline raster image', () => {
    const icon = `<svg ${NS}><image width="1" height="1" href="data:image/png;base64,iVBORw0KGgo="/></svg>`;
    assert.equal(sanitizeSvg(icon), icon);
  });

  it('refuses CSS that could load something: url(), @import, escapes and image functions', () => {
    for (const inner of [
      '<rect style="fill:url(https://tracker.example/x)"/>',
      '<rect style="background-image: url(//tracker.example/x)"/>',
      '<rect style="fill:\\75 rl(https://tracker.example/x)"/>',
      '<rect style="background: image-set(&quot;https://tracker.example/x.png&quot; 1x)"/>',
      '<style>rect { fill: url(https://tracker.example/x) }</style>',
      '<style>@import "https://tracker.example/x.css";</style>',
      '<style><![CDATA[ @import url(https://tracker.example/x.css); ]]></style>',
      '<style>rect { behavior: expression(alert(1)) }</style>',
    ]) {
      assert.match(refused(`<svg ${NS}>${inner}</svg>`), /CSS/, inner);
    }
    const styled = `<svg ${NS}><style>.a { fill: #333 } rect &gt; .b { fill: url(#g) }</style><rect class="a"/></svg>`;
    assert.equal(sanitizeSvg(styled), styled);
  });

  it('refuses entities, document types and processing instructions', () => {
    assert.match(refused(`<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;">]><svg ${NS}>&x;</svg>`), /DOCTYPE/);
    assert.match(refused(`<svg ${NS}>&nbsp;</svg>`), /not well-formed/);
    assert.match(refused(`<?xml-stylesheet href="https://evil.example/x.css"?><svg ${NS}/>`), /processing instruction/);
    assert.match(refused(`<svg ${NS}><?php echo 1 ?></svg>`), /processing instruction/);
  });

  it('refuses anything it cannot parse as XML', () => {
    for (const svg of [
      `<svg ${NS}><rect></svg>`,
      `<svg ${NS}><rect/></g></svg>`,
      `<svg ${NS}><rect width=1/></svg>`,
      `<svg ${NS}><rect width="1"width="2"/></svg>`,
      `<svg ${NS}><rect width="1" width="2"/></svg>`,
      `<svg ${NS}><rect title="a<b"/></svg>`,
      `<svg ${NS}>a & b</svg>`,
      `<svg ${NS}><!-- unterminated </svg>`,
      `<svg ${NS}><rect/>`,
      `<svg ${NS}></svg><script>alert(1)</script>`,
      `<svg ${NS}></svg>trailing`,
      `<svg ${NS}>\u0000</svg>`,
      `<svg ${NS}>&#0;</svg>`,
      `<svg ${NS}><${'g>'.repeat(100)}${'</g>'.repeat(100)}</svg>`,
      '',
    ]) {
      assert.match(refused(svg), /not well-formed|must be an <svg>|nested too deeply/, svg);
    }
  });

  it('refuses a root that is not <svg> in the SVG namespace', () => {
    assert.match(refused('<img src=x onerror=alert(1)>'), /not well-formed|<svg>/);
    assert.match(refused('<html><svg/></html>'), /<svg>/);
    assert.match(refused('<svg xmlns="http://www.w3.org/1999/xhtml"/>'), /<svg>/);
    assert.match(refused(`<svg ${NS}><g xmlns="http://www.w3.org/1999/xhtml"><rect/></g></svg>`), /namespace/);
    assert.match(refused(`<svg ${NS} xmlns:xlink="https://evil.example/ns"/>`), /namespace/);
  });

  it('refuses more than 32 KiB', () => {
    assert.match(refused(`<svg ${NS}>${' '.repeat(33 * 1024)}</svg>`), /32 KiB/);
  });
});
