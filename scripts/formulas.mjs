// The table's formulas as KaTeX HTML, rendered at build time: the pages ship
// KaTeX's stylesheet and the fonts a formula uses, not its parser (about
// 75 KB of gzip'd JS). Each formula becomes a <template> in the page, which
// the page clones: no HTML parsing at run time, so Trusted Types have
// nothing to guard.
import katex from 'katex';
import { formulaTemplateId } from '../web/src/shared/formula-template.js';

const render = (tex) => katex.renderToString(tex, { displayMode: true, throwOnError: true, output: 'htmlAndMathml' });

/** <template> elements for every activation's f and f′ (a TeX error fails the build). */
export function formulaTemplates(lab) {
  return lab.activations
    .flatMap((meta) => [
      `<template id="${formulaTemplateId(meta.id, 'f')}">${render(meta.formula)}</template>`,
      `<template id="${formulaTemplateId(meta.id, 'df')}">${render(meta.gradientFormula)}</template>`,
    ])
    .join('\n');
}

/** KaTeX's stylesheet with only its woff2 fonts named (every browser that
 *  runs this site reads woff2), so the others need not be shipped. */
export function katexCss(css) {
  const trimmed = css.replace(
    /src:url\(([^)]+\.woff2)\) format\("woff2"\)(,url\([^)]+\) format\("[a-z]+"\))+/g,
    'src:url($1) format("woff2")',
  );
  if (/\.(woff|ttf)\)/.test(trimmed)) throw new Error('katex.min.css: a font other than woff2 is still named');
  return trimmed;
}
