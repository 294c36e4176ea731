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

/** One formula (renderFormula's HTML) as a tree, [tag, {attributes},
 *  ...children] with text as strings, which formula-template.js's
 *  formulaNode() builds with createElementNS: a page can take it from JSON
 *  under Trusted Types, where parsing fetched HTML would need a policy. */
export function formulaTree(source) {
  const html = renderFormula(source);
  const body = adaptor.body(adaptor.parse(html, 'text/html'));
  // The tree holds exactly what the template would: the parser read it all back.
  if (adaptor.innerHTML(body) !== html) throw new Error(`formulaTree: ${source} does not read back as written`);
  const walk = (node) =>
    adaptor.kind(node) === '#text'
      ? adaptor.value(node)
      : [
          adaptor.kind(node),
          Object.fromEntries(adaptor.allAttributes(node).map((a) => [a.name, a.value])),
          ...adaptor.childNodes(node).map(walk),
        ];
  return walk(adaptor.firstChild(body));
}

/** {id: {f, df}} of formulaTree()s, for every activation: formulas.json. */
export function formulaTrees(lab) {
  return Object.fromEntries(
    lab.activations.map((meta) => [meta.id, { f: formulaTree(meta.formula), df: formulaTree(meta.gradientFormula) }]),
  );
}

/** <template> elements for the activations' f and f′ (ids: which; all by default). */
export function formulaTemplates(lab, ids = lab.activations.map((meta) => meta.id)) {
  return lab.activations
    .filter((meta) => ids.includes(meta.id))
    .flatMap((meta) => [
      `<template id="${formulaTemplateId(meta.id, 'f')}">${renderFormula(meta.formula)}</template>`,
      `<template id="${formulaTemplateId(meta.id, 'df')}">${renderFormula(meta.gradientFormula)}</template>`,
    ])
    .join('\n');
}
