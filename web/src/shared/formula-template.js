// Where the page finds a formula the build rendered (scripts/formulas.mjs):
// the id of the <template> holding one activation's f (kind 'f') or f′ ('df').
export const formulaTemplateId = (id, kind) => `tex-${kind}-${id}`;
