// The "Code" panel: the selected activation in C++, NumPy and PyTorch, with
// the current parameters. The bodies come from the C++ table (snippets);
// tests/node/snippets.test.mjs runs all three against the golden data.

function pyValue(v) {
  if (typeof v === 'string') return JSON.stringify(v);
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

function cppValue(p, v) {
  if (p.choices) return JSON.stringify(v);
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

function indent(body, pad) {
  return body
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

export function cppSnippet(meta, params) {
  const args = [
    'double x',
    ...meta.params.map(
      (p) => `${p.choices ? 'std::string_view' : 'double'} ${p.name} = ${cppValue(p, params[p.name])}`,
    ),
  ].join(', ');
  const [f, df] = meta.snippets.cpp;
  const includes = ['<algorithm>', '<cmath>', ...(meta.params.some((p) => p.choices) ? ['<string_view>'] : [])];
  return [
    ...includes.map((h) => `#include ${h}`),
    '',
    `// ${meta.label}: f(x)`,
    `double ${meta.id}(${args}) {`,
    indent(f, '  '),
    '}',
    '',
    `// ${meta.label}: f'(x)${meta.reference === 'pytorch' ? ", with PyTorch's conventions at kinks" : ''}`,
    `double ${meta.id}_grad(${args}) {`,
    indent(df, '  '),
    '}',
  ].join('\n');
}

export function numpySnippet(meta, params) {
  const args = ['x', ...meta.params.map((p) => `${p.name}=${pyValue(params[p.name])}`)].join(', ');
  const [f, df] = meta.snippets.numpy;
  const imports = ['import numpy as np'];
  if (/\berfc?\(/.test(f + df)) imports.push('from scipy.special import erfc');
  return [
    ...imports,
    '',
    '',
    `def ${meta.id}(${args}):`,
    indent(f, '    '),
    '',
    '',
    `def ${meta.id}_grad(${args}):`,
    indent(df, '    '),
    '',
    '',
    'x = np.linspace(-5, 5, 11)',
    `print(${meta.id}(x), ${meta.id}_grad(x))`,
  ].join('\n');
}

export function torchSnippet(meta, params, values) {
  // The table's expression, which the golden-data generator also evaluates.
  const call = meta.snippets.torch.replace(/\{(\w+)\}/g, (_, name) => pyValue(params[name]));
  const xs =
    values && values.length
      ? Array.from(values.slice(0, 8), (v) => (Number.isFinite(v) ? pyValue(v) : `float("${v}")`))
      : ['-2.0', '0.0', '3.0'];
  return [
    'import torch',
    'import torch.nn.functional as F',
    '',
    `x = torch.tensor([${xs.join(', ')}], dtype=torch.float64, requires_grad=True)`,
    `y = ${call}`,
    "y.sum().backward()  # x.grad now holds f'(x)",
    'print(y.detach(), x.grad)',
  ].join('\n');
}

export const LANGUAGES = [
  { id: 'cpp', label: 'C++', make: cppSnippet },
  { id: 'numpy', label: 'NumPy', make: numpySnippet },
  { id: 'torch', label: 'PyTorch', make: torchSnippet },
];
