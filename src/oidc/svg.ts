import { AppError } from '../errors.js';

const MAX_SVG = 32 * 1024;

/**
 * Provider icons are SVG markup: the RustDesk client draws them with SvgPicture.string and the
 * console shows them only as `<img src="data:…">`, where scripts never run. They are still
 * stored clean: no scripts, event handlers, foreign objects, entities, or links off the image.
 */
export function sanitizeSvg(input: string): string {
  if (input.length > MAX_SVG) throw new AppError('provider.invalid', { message: 'icon must be at most 32 KiB of SVG' });
  let svg = input
    .replace(/<\?xml[\s\S]*?\?>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[\s\S]*?>/gi, '')
    .trim();
  if (!/^<svg[\s>]/i.test(svg) || !/<\/svg>\s*$/i.test(svg)) {
    throw new AppError('provider.invalid', { message: 'icon must be an <svg> element' });
  }
  svg = svg
    .replace(/<(script|foreignObject|iframe|object|embed|style)[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<(script|foreignObject|iframe|object|embed|style)\b[^>]*\/?>/gi, '')
    .replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    // Only same-document references (#id) and inline images survive in href attributes.
    .replace(/\s+(xlink:)?href\s*=\s*("(?!#|data:image\/(?:png|jpeg|gif|webp);)[^"]*"|'(?!#|data:image\/(?:png|jpeg|gif|webp);)[^']*')/gi, '');
  if (/<script|javascript:|<foreignObject|\son[a-z]+\s*=/i.test(svg)) {
    throw new AppError('provider.invalid', { message: 'icon contains active content' });
  }
  return svg;
}
