// The single unit y = f(w x + b) of section 3, computed by the core: the
// same trainer the dying-ReLU lab uses, with one hidden unit and no output
// layer (hidden [1], output 'none'), trained by plain SGD on the lesson's
// points. The unit's z, f′(z), ∂L/∂z, loss, gradient, steps and outputs
// are the core's; this module only splits ∂L/∂z into each point's share of
// ∂L/∂w (∂L/∂z · x; the core's sum is the footer of the table) and finds
// where the plotted curve has f′ = 0.
import { POINTS } from './unit-lesson.js';

export class UnitModel {
  #lab;
  #trainer = null;
  #key = '';

  constructor(lab) {
    this.#lab = lab;
  }

  // One trainer per (activation, learning rate), made anew when they change.
  #trainerFor({ id, params }, lr) {
    const key = JSON.stringify([id, params, lr]);
    if (key !== this.#key) {
      this.#trainer?.dispose();
      this.#trainer = null;
      this.#key = '';
      this.#trainer = this.#lab.createTrainer({
        activation: id,
        params,
        hidden: [1],
        output: 'none',
        optimizer: 'sgd',
        lr,
        data: POINTS,
        seed: 0,
        init: 'pytorch',
      });
      this.#key = key;
    }
    return this.#trainer;
  }

  #at(choice, { w, b, lr }) {
    const trainer = this.#trainerFor(choice, lr);
    trainer.setWeights([{ in: 1, out: 1, weight: [w], bias: [b] }]);
    return trainer;
  }

  /**
   * The unit at (w, b): per point x, target, z, y = f(z), f′(z), ∂L/∂z and
   * the point's shares of ∂L/∂w (∂L/∂z · x) and ∂L/∂b (∂L/∂z); the
   * gradient (their sums, as the core adds them), the loss, and whether the
   * core counts the unit dead (f′(z) = 0 at every point).
   */
  evaluate(choice, state) {
    const trainer = this.#at(choice, state);
    const trace = trainer.trace();
    const stats = trainer.stats();
    const [layer] = trace.layers;
    const points = Array.from(trace.x, (x, i) => ({
      x,
      target: trace.target[i],
      z: layer.z[i],
      y: trace.output[i],
      slope: layer.slope[i],
      dz: layer.dz[i],
      dw: layer.dz[i] * x,
      db: layer.dz[i],
    }));
    return {
      points,
      loss: trace.loss,
      gradient: { w: trace.gradient[0].weight[0], b: trace.gradient[0].bias[0] },
      dead: stats.units[0] === 1,
    };
  }

  /**
   * n SGD steps from (w, b), one at a time so that the step at which some
   * z first rises above 0 is known. Returns the new {w, b} and, for each
   * step, whether some z > 0 after it.
   */
  step(choice, state, n) {
    const trainer = this.#at(choice, state);
    const above = [];
    for (let i = 0; i < n; i++) {
      trainer.step(1);
      above.push(trainer.trace().layers[0].z.some((z) => z > 0));
    }
    const [layer] = trainer.weights();
    return { w: layer.weight[0], b: layer.bias[0], above };
  }

  /**
   * The unit's curve over the plot's xs: y = f(w x + b) by the trainer's
   * predict(), and f′(w x + b) by the table's f′ (the shading: where it is
   * 0, no point there adds to the gradient).
   */
  curve(choice, state, xs) {
    const y = this.#at(choice, state).predict(xs);
    const z = xs.map((x) => state.w * x + state.b);
    return { y, slope: this.#lab.gradient(choice.id, z, choice.params) };
  }

  /** Why this learning rate cannot train (the core's message), or null. */
  problemOf(choice, lr) {
    try {
      this.#trainerFor(choice, lr);
      return null;
    } catch (e) {
      if (e instanceof RangeError || e instanceof TypeError) return e.message;
      throw e;
    }
  }

  dispose() {
    this.#trainer?.dispose();
    this.#trainer = null;
    this.#key = '';
  }
}
