// The lesson of section 3: which unit, which points, where it starts. The
// unit's numbers all come from the core's trainer (unit-model.js).

/** Five points on t = 2x + 2 for x in [-1, 1]: a live ReLU unit fits them
 *  exactly (w = 2, b = 2), and z = w x + b <= 0 at all of them as soon as
 *  b <= -|w|. */
export const POINTS = { x: [-1, -0.5, 0, 0.5, 1], y: [0, 1, 2, 3, 4] };

/** The activations offered, with the lesson's parameters (its α is
 *  PyTorch's negative_slope). Labels come from the table. */
export const CHOICES = [
  { id: 'relu', params: {} },
  { id: 'leaky_relu', params: { negative_slope: 0.01 } },
];

/** Where the unit starts and where Reset brings it back: alive, z > 0 at
 *  four of the five points. Plain gradient descent on these points
 *  converges for lr < 1 (the loss's curvature is at most 2). */
export const START = { choice: 0, w: 0.5, b: 0.5, lr: 0.5 };

/** What a reader may type: weights within ±WEIGHT_LIMIT, 0 < lr <= LR_LIMIT. */
export const WEIGHT_LIMIT = 10;
export const LR_LIMIT = 10;

/** The plot's fixed window (data units): the points and a margin. */
export const WINDOW = { xMin: -1.25, xMax: 1.25, yMin: -1, yMax: 5 };
