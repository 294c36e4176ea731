// Types for activation-lab (hand-written: Emscripten 3.1.6 has no --emit-tsd).

export interface ActivationParam {
  /** PyTorch's keyword argument name, e.g. "negative_slope". */
  readonly name: string;
  /** Default value; for a choice parameter, the default choice. */
  readonly default: number | string;
  /** Suggested slider range and step. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** Values accepted (inclusive); -Infinity/Infinity when unbounded. */
  readonly domain: readonly [number, number];
  /** Present for enumerated parameters such as gelu's approximate. */
  readonly choices?: readonly string[];
}

export interface Activation {
  /** torch.nn.functional name, e.g. "leaky_relu". */
  readonly id: string;
  readonly label: string;
  /** "ReLU family" | "Smooth" | "Saturating" | "Shrink" */
  readonly group: string;
  /** LaTeX for f(x) and f'(x). */
  readonly formula: string;
  readonly gradientFormula: string;
  /** One sentence for learners. */
  readonly note: string;
  /**
   * Code for the "Code" panel: bodies of C++ and NumPy functions of x and the
   * parameters ([f, f']), and the PyTorch expression of x ({name} marks a
   * parameter's value), e.g. "F.leaky_relu(x, negative_slope={negative_slope})".
   */
  readonly snippets: {
    readonly cpp: readonly [string, string];
    readonly numpy: readonly [string, string];
    readonly torch: string;
  };
  readonly xRange: readonly [number, number];
  /**
   * What the golden data (and so the accuracy claim) comes from: "pytorch"
   * (PyTorch's function and autograd, version `pytorchVersion`) or "mpmath"
   * (PyTorch has no such function: exact values computed with mpmath).
   */
  readonly reference: 'pytorch' | 'mpmath';
  /** f and f' use only + - * / and comparisons: equal to PyTorch to the bit. */
  readonly bitExact: boolean;
  readonly params: readonly ActivationParam[];
}

/** Parameters keyed by PyTorch name; missing keys take their defaults. */
export type ActivationParams = Readonly<Record<string, number | string>>;

/** evaluate and gradient: the result's type follows xs's (and out's, if given). */
export interface Elementwise {
  <Out extends Float32Array = Float32Array>(
    id: string,
    xs: Float32Array,
    params?: ActivationParams,
    options?: EvaluateOptions<Out>,
  ): Out;
  <Out extends Float64Array = Float64Array>(
    id: string,
    xs: Float64Array | readonly number[],
    params?: ActivationParams,
    options?: EvaluateOptions<Out>,
  ): Out;
}

/** evaluate's and gradient's options. */
export interface EvaluateOptions<Out extends Float32Array | Float64Array> {
  /** Where the result goes (and what is returned): the result's type, xs's length. */
  out?: Out;
}

/** Thrown by parseValues: names the token and where it is. */
export declare class ParseValuesError extends RangeError {
  readonly code: 'not_a_number' | 'out_of_range' | 'too_long' | 'too_many';
  readonly token: string;
  /** 1-based line and column (in characters). */
  readonly line: number;
  readonly column: number;
  /** How to write values, for showing next to the error. */
  readonly help: string;
}

/** Training data: a built-in target on an even grid, or your own points. */
export type TrainingData =
  | { target?: string; n?: number; xRange?: readonly [number, number] }
  | { x: Float64Array | Float32Array | readonly number[]; y: Float64Array | Float32Array | readonly number[] };

interface CommonTrainerOptions {
  /** Hidden layers' activation: a table id (default "relu"), with its parameters. */
  activation?: string;
  params?: ActivationParams;
  /** Widths of 1-12 hidden layers of 1-128 units (default [64, 64]). */
  hidden?: readonly number[];
  /** "linear" (default): a 1-unit nn.Linear output layer. "none": the last
   *  hidden layer (1 unit) is the output, y = f(w x + b). */
  output?: 'linear' | 'none';
  /** "pytorch": nn.Linear's U(±1/√fan_in) for W and b; "he": Kaiming
   *  uniform W, b = 0; "constant_bias": He W and every b = `bias`. */
  init?: 'pytorch' | 'he' | 'constant_bias';
  bias?: number;
  /** Seeds the init (SplitMix64) and the mini-batch order: 0 to 2^53 - 1. */
  seed?: number;
  /** 0 (default): full batch. Else shuffled mini-batches, as DataLoader(shuffle=True). */
  batch_size?: number;
  weight_decay?: number;
  /** Default: 256 points of sin(πx) on [-1, 1]. */
  data?: TrainingData;
}

/** torch.optim.SGD's options (lr defaults to 0.01; PyTorch requires it). */
export interface SgdTrainerOptions extends CommonTrainerOptions {
  optimizer?: 'sgd';
  lr?: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
}

/** torch.optim.Adam's options and defaults. */
export interface AdamTrainerOptions extends CommonTrainerOptions {
  optimizer: 'adam';
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  amsgrad?: boolean;
}

export type TrainerOptions = SgdTrainerOptions | AdamTrainerOptions;

/** nn.Linear's parameters: weight is out x in, row-major. */
export interface LayerWeights {
  in: number;
  out: number;
  weight: Float64Array | readonly number[];
  bias: Float64Array | readonly number[];
}

export interface LayerStats {
  units: number;
  /** Units whose f'(z) is exactly 0 at every training input: no gradient reaches them. */
  dead: number;
  /** Not dead, but |f'(z)| < lab.limits.saturatedBelow (1e-3) at every input. */
  saturated: number;
  /** Norms of the last step's gradient and change, weight and bias together. */
  gradNorm: number;
  updateNorm: number;
}

export interface TrainerStats {
  step: number;
  /** MSE at the current weights, over every training point. */
  loss: number;
  layers: LayerStats[];
  /** Every hidden unit, layer by layer: 0 alive, 1 dead, 2 saturated. */
  units: Uint8Array;
  /** The first hidden layer whose every unit is dead (its output is then constant), or -1. */
  deadLayer: number;
}

export interface TrainerTrace {
  loss: number;
  x: Float64Array;
  target: Float64Array;
  output: Float64Array;
  /** Per hidden layer, unit-major (value of unit u at point i is [u * n + i]):
   *  pre-activation z, f'(z), and ∂L/∂z at each point. */
  layers: { z: Float64Array; slope: Float64Array; dz: Float64Array }[];
  /** ∂L/∂W and ∂L/∂b of every layer. */
  gradient: { in: number; out: number; weight: Float64Array; bias: Float64Array }[];
}

export interface Trainer {
  /** n optimiser steps (default 1); the loss before each step. */
  step(n?: number): Float64Array;
  stats(): TrainerStats;
  /** Steps taken since creation or reset (stats() also says, but runs a forward pass). */
  readonly steps: number;
  predict(xs: Float64Array | Float32Array | readonly number[]): Float64Array;
  weights(): { in: number; out: number; weight: Float64Array; bias: Float64Array }[];
  /** Same shapes as weights(); clears the optimiser's state (momentum, Adam's moments). */
  setWeights(layers: readonly LayerWeights[]): void;
  /** The seed's initial weights, step 0. */
  reset(): void;
  trace(): TrainerTrace;
  readonly data: { readonly x: Float64Array; readonly y: Float64Array };
  dispose(): void;
  [Symbol.dispose](): void;
}

export interface BornDeadOptions {
  activation?: string;
  params?: ActivationParams;
  /** depth hidden layers of `width` units (defaults 1 and 2). */
  depth?: number;
  width?: number;
  init?: 'pytorch' | 'he' | 'constant_bias';
  bias?: number;
  /** Grid points on xRange (defaults 256 and [-1, 1]). */
  inputs?: number;
  xRange?: readonly [number, number];
  /** Networks to draw (default 1000). */
  samples?: number;
  seed?: number;
  /** Called with the fraction done after each chunk of networks. */
  onProgress?: (fraction: number) => void;
}

export interface BornDeadResult {
  samples: number;
  bornDead: number;
  probability: number;
  /** sqrt(p (1 - p) / samples) */
  standardError: number;
}

export interface LabPreset {
  id: string;
  label: string;
  /** One sentence: what to watch. */
  watch: string;
  a: string;
  b: string;
  hidden: number[];
  init: 'pytorch' | 'he' | 'constant_bias';
  bias: number;
  optimizer: 'sgd' | 'adam';
  lr: number;
  momentum: number;
  target: string;
  n: number;
  xRange: [number, number];
  seed: number;
  steps: number;
}

export interface LabInfo {
  limits: { maxHiddenLayers: number; maxWidth: number; maxPoints: number; maxBornDeadDepth: number; saturatedBelow: number };
  targets: { id: string; label: string; formula: string }[];
  presets: LabPreset[];
}

export interface ActivationLab {
  /** A network of the table's activations to train (SGD or Adam, MSE loss, float64). */
  createTrainer(options?: TrainerOptions): Trainer;
  /** The fraction of networks dead at initialisation (Lu et al. 2020). */
  bornDead(options?: BornDeadOptions): BornDeadResult;
  /** The training engine's targets, presets and limits. */
  readonly lab: LabInfo;
  readonly activations: readonly Activation[];
  /** Metadata for one id; RangeError for an unknown id. */
  activation(id: string): Activation;
  /** f(x) elementwise. Float32Array in: float32 kernel, Float32Array out.
   *  With options.out, the result goes into out (same type as the result,
   *  xs's length; TypeError or RangeError otherwise), which is returned.
   *  out may be xs itself (in place) or overlap it: the result is as if xs
   *  were read first. */
  evaluate: Elementwise;
  /** f'(x) elementwise, same conventions as evaluate. */
  gradient: Elementwise;
  /** Why these parameters are invalid for `id` in that dtype (a float32
   *  kernel sees them rounded to float), or null when they are valid
   *  (RangeError only for an unknown id or dtype). */
  checkParams(id: string, params?: ActivationParams, dtype?: 'float64' | 'float32'): string | null;
  /** Sorted x where f or f' is not smooth (kinks and jumps) for these parameters. */
  kinks(id: string, params?: ActivationParams): Float64Array;
  /** Numbers in "-2, 0, 1e-3; 3" form; throws ParseValuesError. */
  parseValues(text: string): Float64Array;
  /** Help text on the accepted format (decimal point, separators). */
  readonly parseHelp: string;
  /** The accuracy every activation that is not bit-exact is tested to (ulp). */
  readonly maxUlps: number;
  /** The PyTorch release the "pytorch" references were computed with, e.g. "1.13". */
  readonly pytorchVersion: string;
  /** Largest number of values parseValues accepts. */
  readonly maxValues: number;
  /** Size of the wasm memory in bytes. */
  readonly heapBytes: number;
}

/** The shared instance (created on first call). */
export declare function loadActivationLab(): Promise<ActivationLab>;
