// An esbuild plugin that lets esbuild drop the Chart.js scales a bundle does
// not register. Chart.js's ESM build defines them as classes whose static
// defaults read a property of an import (`callback: Ticks.formatters.numeric`,
// `static defaults = TimeScale.defaults`); esbuild must assume such a read may
// have side effects, so it kept the logarithmic, radial, time and timeseries
// scales (about 20 KB minified) in every bundle, registered or not. Reading
// the formatters once at the top of the module and making the timeseries
// defaults a getter leaves the classes side-effect free, with the same
// values (the same functions, the same defaults object).
import { readFileSync } from 'node:fs';

const EDITS = [
  ['callback: Ticks.formatters.numeric', 'callback: formatNumeric', 2],
  ['callback: Ticks.formatters.logarithmic', 'callback: formatLogarithmic', 1],
  ['static defaults = TimeScale.defaults;', 'static get defaults() { return TimeScale.defaults; }', 1],
];
const HOIST =
  '\nconst formatNumeric = Ticks.formatters.numeric;\nconst formatLogarithmic = Ticks.formatters.logarithmic;\n';
const LAST_IMPORT = "import '@kurkle/color';\n";

export const chartShake = {
  name: 'chart-shake',
  setup(build) {
    build.onLoad({ filter: /[\\/]chart\.js[\\/]dist[\\/]chart\.js$/ }, ({ path }) => {
      let code = readFileSync(path, 'utf8');
      for (const [from, to, count] of EDITS) {
        const found = code.split(from).length - 1;
        // A Chart.js update that moved these: look again rather than ship the old size.
        if (found !== count)
          throw new Error(`chart-shake: "${from}" found ${found} times in ${path}, expected ${count}`);
        code = code.replaceAll(from, to);
      }
      if (!code.includes(LAST_IMPORT)) throw new Error(`chart-shake: no "${LAST_IMPORT.trim()}" in ${path}`);
      return { contents: code.replace(LAST_IMPORT, LAST_IMPORT + HOIST), loader: 'js' };
    });
  },
};
