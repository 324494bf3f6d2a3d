import { AppError } from '../errors.js';
import { parseXmlSubset, XmlSubsetError, type XmlElement, type XmlNode } from './xml-subset.js';

const MAX_SVG = 32 * 1024;
const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** What an icon draws with (SVG 1.1/2 shapes, paint servers, clipping, text, filters). */
const ELEMENTS = new Set(
  (
    'svg g defs symbol use title desc path rect circle ellipse line polyline polygon text tspan textPath ' +
    'linearGradient radialGradient stop clipPath mask pattern marker image style filter feBlend ' +
    'feColorMatrix feComponentTransfer feFuncR feFuncG feFuncB feFuncA feComposite feFlood ' +
    'feGaussianBlur feMerge feMergeNode feOffset feDropShadow feMorphology'
  ).split(' '),
);

/** Containers an icon can do without: left out, their content kept. */
const UNWRAPPED = new Set(['a', 'switch']);

/** Elements that run, embed or change the document: refused, not dropped, so the administrator knows. */
const ACTIVE = new Set(
  'script foreignobject iframe object embed audio video handler listener animate set animatemotion animatetransform animatecolor discard'.split(' '),
);

const ATTRIBUTES = new Set(
  (
    'id class style transform d x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height viewBox ' +
    'preserveAspectRatio points pathLength version xml:space href xlink:href ' +
    'fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit ' +
    'stroke-dasharray stroke-dashoffset stroke-opacity opacity clip-path clip-rule mask filter color ' +
    'display visibility overflow shape-rendering vector-effect paint-order isolation mix-blend-mode ' +
    'offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod patternUnits ' +
    'patternContentUnits patternTransform clipPathUnits maskUnits maskContentUnits filterUnits ' +
    'primitiveUnits marker-start marker-mid marker-end markerWidth markerHeight markerUnits refX refY ' +
    'orient font-family font-size font-weight font-style font-variant text-anchor dominant-baseline ' +
    'alignment-baseline baseline-shift letter-spacing word-spacing text-decoration dx dy rotate ' +
    'textLength lengthAdjust writing-mode direction startOffset in in2 result mode operator k1 k2 k3 ' +
    'k4 values type stdDeviation flood-color flood-opacity lighting-color color-interpolation ' +
    'color-interpolation-filters tableValues slope intercept amplitude exponent radius edgeMode ' +
    'role aria-hidden aria-label focusable'
  ).split(' '),
);

/** An inline raster image is part of the icon; any other href must point inside it. */
const INLINE_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$/;

function invalid(message: string): never {
  throw new AppError('provider.invalid', { message: `icon ${message}` });
}

/**
 * CSS (a style attribute, a <style> element, and presentation attributes, which browsers
 * parse as CSS values) may not load anything: url() only as `url(#id)`, no @-rules in style
 * sheets (@import takes a bare string), no functions that fetch images, and no escapes
 * (`\75 rl(` is url()).
 */
function checkCss(text: string, where: string, styleSheet: boolean): void {
  const css = text.toLowerCase();
  if (css.includes('\\')) invalid(`uses a backslash (a CSS escape) in ${where}`);
  if (styleSheet && css.includes('@')) invalid(`uses a CSS @-rule in ${where}`);
  if (/(?:image|cross-fade|element|expression|src)[a-z-]*\s*\(/.test(css)) invalid(`uses a CSS function that loads content in ${where}`);
  for (const match of css.matchAll(/url\s*\(\s*['"]?\s*(.?)/g)) {
    if (match[1] !== '#') invalid(`links off the image with CSS url() in ${where}; only url(#id) is allowed`);
  }
}

/** The value of an attribute that is kept (or an href, kept or not: a link off the image is refused). */
function checkAttribute(element: string, name: string, value: string): void {
  if (name === 'href' || name === 'xlink:href') {
    if (value.startsWith('#') || (element === 'image' && INLINE_IMAGE.test(value))) return;
    invalid(`links off the image (${element} ${name}); only #id references and inline PNG, JPEG, GIF or WebP images are allowed`);
  }
  if (name === 'style') checkCss(value, 'a style attribute', true);
  else checkCss(value, `the ${name} attribute`, false);
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, '&quot;');

/** The element, checked and written back with only allowed parts; undefined when it is dropped. */
function clean(element: XmlElement, usesXlink: { value: boolean }): string | undefined {
  const { name } = element;
  if (ACTIVE.has(name.toLowerCase())) invalid(`contains active content (<${name}>)`);
  let attributes = '';
  for (const [attribute, value] of element.attributes) {
    if (attribute === 'xmlns') {
      if (value !== SVG_NS) invalid(`uses the namespace ${JSON.stringify(value.slice(0, 64))}; only SVG is allowed`);
      continue;
    }
    if (attribute === 'xmlns:xlink') {
      if (value !== XLINK_NS) invalid('binds xlink to another namespace');
      continue;
    }
    // Handlers are refused wherever they are, even on what would be dropped.
    if (/^on/i.test(attribute.slice(attribute.indexOf(':') + 1))) invalid(`has an event handler (${attribute}); scripts are not allowed`);
    if (!ATTRIBUTES.has(attribute)) continue;
    checkAttribute(name, attribute, value);
    if (attribute.startsWith('xlink:')) usesXlink.value = true;
    attributes += ` ${attribute}="${escapeAttribute(value)}"`;
  }
  // Children are checked even inside an element that is dropped: a refusal is never hidden.
  const children = element.children.map((child) => cleanNode(child, name, usesXlink));
  const content = children.join('');
  if (UNWRAPPED.has(name)) return content;
  if (!ELEMENTS.has(name)) return undefined;
  return content ? `<${name}${attributes}>${content}</${name}>` : `<${name}${attributes}/>`;
}

function cleanNode(node: XmlNode, parent: string, usesXlink: { value: boolean }): string {
  if ('name' in node) return clean(node, usesXlink) ?? '';
  if (parent === 'style') checkCss(node.text, 'a <style> element', true);
  return escapeText(node.text);
}

/**
 * Provider icons are SVG markup: the RustDesk client draws them with SvgPicture.string and the
 * console shows them only as `<img src="data:…">`, where scripts never run. They are still
 * stored clean, by an allow-list over a strict parse: markup that does not parse, scripts,
 * event handlers, entities and anything that links off the image are refused; elements and
 * attributes an icon does not need (editor metadata) are dropped; the result is written anew.
 */
export function sanitizeSvg(input: string): string {
  if (input.length > MAX_SVG) invalid('must be at most 32 KiB of SVG');
  let root: XmlElement;
  try {
    root = parseXmlSubset(input);
  } catch (error) {
    if (error instanceof XmlSubsetError) invalid(`is not well-formed SVG: ${error.message}`);
    throw error;
  }
  const declared = root.attributes.find(([name]) => name === 'xmlns')?.[1];
  if (root.name !== 'svg' || (declared !== undefined && declared !== SVG_NS)) invalid('must be an <svg> element');
  const usesXlink = { value: false };
  const body = clean(root, usesXlink) ?? '';
  const namespaces = ` xmlns="${SVG_NS}"${usesXlink.value ? ` xmlns:xlink="${XLINK_NS}"` : ''}`;
  return body.replace(/^<svg/, `<svg${namespaces}`);
}
