// What the table holds, in words for the pages and README, so that no count
// or claim about the activations is written by hand anywhere.

import { labPagePlaceholders } from '../lab/lab-state.js';

const list = (items) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** {count, sources: "the 23 elementwise activations of torch.nn and Squareplus"} */
export function tableSummary(lab) {
  const fromPytorch = lab.activations.filter((a) => a.reference === 'pytorch');
  const others = lab.activations.filter((a) => a.reference !== 'pytorch').map((a) => a.label);
  const torch = `the ${fromPytorch.length} elementwise activations of torch.nn`;
  return { count: lab.activations.length, sources: others.length ? `${torch} and ${list(others)}` : torch };
}

/** The {{name}} placeholders that scripts/build-web.mjs fills in the HTML. */
export function pagePlaceholders(lab) {
  const summary = tableSummary(lab);
  return {
    activation_count: String(summary.count),
    activation_sources: summary.sources,
    pytorch_version: lab.pytorchVersion,
    ...labPagePlaceholders(lab),
  };
}
