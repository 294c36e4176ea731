// web/lib/training.mjs for the plots' build (scripts/plot-core.mjs): the
// explorer and the widget run a core without the training engine, and their
// bundles carry none of the trainer's JS either.
const absent = () => {
  throw new Error(
    'This build of Activation Lab (the explorer’s and the widget’s) has no training engine: the JS API of the activation-lab package has.',
  );
};

export const trainerOptions = absent;
export const bornDeadOptions = absent;
export const runBornDead = absent;
export class Trainer {
  constructor() {
    absent();
  }
}
