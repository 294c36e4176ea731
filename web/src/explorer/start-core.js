// Imported first by main.js, so this runs before the other modules of the
// bundle are evaluated (Chart.js's among them): the wasm, which index.html
// preloads, then compiles and instantiates while they are.
import { loadActivationLab } from 'activation-lab';

/** The page's core, on its way since the bundle started. */
export const labLoading = loadActivationLab();
