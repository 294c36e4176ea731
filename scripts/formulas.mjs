// The table's formulas, typeset at build time: MathJax draws each as SVG
// paths (TeX's own glyphs, so the page needs no math fonts: about 15 KB
// brotli for all of them, against 48 KB of KaTeX fonts and its CSS), and
// KaTeX writes the same TeX as MathML for screen readers. Each formula
// becomes a <template> that the page clones: no math code ships, nothing is
// parsed at run time, and Trusted Types have nothing to guard. A TeX error
// fails the build.
import katex from 'katex';
import { liteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import { RegisterHTMLHandler } from 'mathjax-full/js/handlers/html.js';
import { TeX } from 'mathjax-full/js/input/tex.js';
import { AllPackages } from 'mathjax-full/js/input/tex/AllPackages.js';
import { mathjax } from 'mathjax-full/js/mathjax.js';
import { SVG } from 'mathjax-full/js/output/svg.js';
import { formulaTemplateId } from '../web/src/shared/formula-template.js';

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
// fontCache 'none': every glyph inline, so no two formulas share an id (and
// brotli folds the repeats: smaller than 'local' here).
const tex = new TeX({
  packages: AllPackages,
  formatError: (_jax, error) => {
    throw error;
  },
});
const doc = mathjax.document('', { InputJax: tex, OutputJax: new SVG({ fontCache: 'none' }) });

/** One formula: the SVG to see (hidden from screen readers), MathML to hear. */
export function renderFormula(source) {
  const svg = adaptor.firstChild(doc.convert(source, { display: true }));
  // No style attributes (a vertical-align only inline formulas need, and
  // MathJax's empty style="false"), so the page's CSP needs no style-src-attr.
  const strip = (node) => {
    if (adaptor.kind(node) === '#text') return;
    adaptor.removeAttribute(node, 'style');
    for (const child of adaptor.childNodes(node)) strip(child);
  };
  strip(svg);
  adaptor.removeAttribute(svg, 'role');
  adaptor.setAttribute(svg, 'aria-hidden', 'true');
  adaptor.setAttribute(svg, 'focusable', 'false');
  const mathml = katex.renderToString(source, { displayMode: true, throwOnError: true, output: 'mathml' });
  return `<span class="formula">${adaptor.outerHTML(svg)}<span class="visually-hidden">${mathml}</span></span>`;
}

/** <template> elements for every activation's f and f′. */
export function formulaTemplates(lab) {
  return lab.activations
    .flatMap((meta) => [
      `<template id="${formulaTemplateId(meta.id, 'f')}">${renderFormula(meta.formula)}</template>`,
      `<template id="${formulaTemplateId(meta.id, 'df')}">${renderFormula(meta.gradientFormula)}</template>`,
    ])
    .join('\n');
}
