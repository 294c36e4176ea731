// The functions of issue #11's goals, shared by the kernel suite (which
// runs them) and its report (which reads the goals off them). tfjs: the
// name of TensorFlow.js's op and its arguments after x, with PyTorch's
// defaults (leaky_relu's slope is 0.01; tfjs's default is 0.2). group:
// 'relu' (piecewise linear) or 'smooth' (transcendental), as the goals
// group them.
export const FUNCTIONS = [
  { name: 'relu', group: 'relu', tfjs: ['relu'] },
  { name: 'leaky_relu', group: 'relu', tfjs: ['leakyRelu', 0.01] },
  { name: 'relu6', group: 'relu', tfjs: ['relu6'] },
  { name: 'hardtanh', group: 'relu', tfjs: ['clipByValue', -1, 1] },
  { name: 'sigmoid', group: 'smooth', tfjs: ['sigmoid'] },
  { name: 'tanh', group: 'smooth', tfjs: ['tanh'] },
  { name: 'silu', group: 'smooth' },
  { name: 'elu', group: 'smooth', tfjs: ['elu'] },
  { name: 'selu', group: 'smooth', tfjs: ['selu'] },
  { name: 'gelu', group: 'smooth' },
  { name: 'gelu_tanh', id: 'gelu', params: { approximate: 'tanh' }, group: 'smooth' },
  { name: 'softplus', group: 'smooth', tfjs: ['softplus'] },
  { name: 'mish', group: 'smooth' },
];

// Every function runs at GOAL_N, where most goals are read; the relu family
// at every n >= GOAL_N; SWEPT at every size.
export const GOAL_N = 1e5;
export const SWEPT = ['relu', 'sigmoid'];
