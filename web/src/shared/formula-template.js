// Where the page finds a formula the build rendered (scripts/formulas.mjs):
// the <template> of one activation's f (kind 'f') or f′ ('df') when the HTML
// holds it (a first visit's activation), else formulas.json, one tree per
// formula, fetched once.
export const formulaTemplateId = (id, kind) => `tex-${kind}-${id}`;

const NS = { svg: 'http://www.w3.org/2000/svg', math: 'http://www.w3.org/1998/Math/MathML' };

/** The DOM of a formula tree ([tag, {attributes}, ...children], text as
 *  strings; formulas.mjs formulaTree()), built node by node: no HTML is
 *  parsed, so Trusted Types have nothing to guard. */
export function formulaNode([tag, attributes, ...children], ns = null) {
  const space = NS[tag] ?? ns;
  const node = space ? document.createElementNS(space, tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (!name.startsWith('xmlns')) node.setAttribute(name, value); // createElementNS set it
  }
  for (const child of children) node.append(typeof child === 'string' ? child : formulaNode(child, space));
  return node;
}

let all = null;
/** Every formula tree, {id: {f, df}}, from formulas.json beside this
 *  bundle: one fetch, however often it is asked for. */
export function loadFormulas() {
  all ??= fetch(new URL('formulas.json', import.meta.url)).then((response) => {
    if (!response.ok) throw new Error(`formulas.json: HTTP ${response.status}`);
    return response.json();
  });
  all.catch(() => (all = null)); // the next activation asks again
  return all;
}

const KINDS = { f: 'formula', df: 'gradientFormula' };
const latest = new WeakMap(); // box -> the activation id it was last asked to show

/**
 * Puts meta's f and f′ into their boxes ({f, df}: elements): at once from
 * the page's templates, else from formulas.json. Until that is in, a box
 * keeps its last formula, hidden (.formula-pending): no layout shift, and no
 * flash of the wrong one; with the file already fetched, the new formula is
 * in before the next frame. If the fetch fails, the TeX source as text.
 * box.dataset.activation names the activation a box shows.
 */
export function showFormulas(meta, boxes) {
  const put = (make) => {
    for (const [kind, box] of Object.entries(boxes)) {
      box.replaceChildren(make(kind));
      box.dataset.activation = meta.id;
      box.classList.remove('formula-pending');
    }
  };
  const template = (kind) => document.getElementById(formulaTemplateId(meta.id, kind));
  for (const box of Object.values(boxes)) latest.set(box, meta.id);
  if (Object.keys(boxes).every(template)) {
    put((kind) => template(kind).content.cloneNode(true));
    return;
  }
  for (const box of Object.values(boxes)) box.classList.add('formula-pending');
  // Only if the boxes still want this activation (a later switch wins).
  const current = () => Object.values(boxes).every((box) => latest.get(box) === meta.id);
  loadFormulas().then(
    (trees) => current() && put((kind) => formulaNode(trees[meta.id][kind])),
    () => current() && put((kind) => meta[KINDS[kind]]),
  );
}

/** Fetches formulas.json as soon as a reader points at, touches or focuses
 *  the element (the activation select), so that the pick finds it in. */
export function prefetchFormulas(element) {
  const fetchNow = () => {
    for (const type of ['pointerenter', 'focus', 'touchstart']) element.removeEventListener(type, fetchNow);
    loadFormulas().catch(() => {}); // showFormulas() says a failure
  };
  for (const type of ['pointerenter', 'focus', 'touchstart'])
    element.addEventListener(type, fetchNow, { passive: true });
}
