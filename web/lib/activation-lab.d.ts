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

export interface ActivationLab {
  readonly activations: readonly Activation[];
  /** Metadata for one id; RangeError for an unknown id. */
  activation(id: string): Activation;
  /** f(x) elementwise. Float32Array in: float32 kernel, Float32Array out. */
  evaluate(id: string, xs: Float32Array, params?: ActivationParams): Float32Array;
  evaluate(id: string, xs: Float64Array | readonly number[], params?: ActivationParams): Float64Array;
  /** f'(x) elementwise, same conventions as evaluate. */
  gradient(id: string, xs: Float32Array, params?: ActivationParams): Float32Array;
  gradient(id: string, xs: Float64Array | readonly number[], params?: ActivationParams): Float64Array;
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
