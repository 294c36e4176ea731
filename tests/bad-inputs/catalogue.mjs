// Reading tests/bad-inputs/cases.json for the Node and browser runners.
import { readFileSync } from 'node:fs';

export const cases = JSON.parse(readFileSync(new URL('cases.json', import.meta.url), 'utf8')).cases;

const repeat = ({ prefix = '', repeat, times }) => prefix + repeat.repeat(times);

/** The text of a values case (what a person types or pastes). */
export function valuesText(values) {
  if (typeof values === 'string') return values;
  if (values.codeUnits) return String.fromCharCode(...values.codeUnits);
  return repeat(values);
}

/** The hash of a hash case, without '#'. */
export const hashText = (hash) => (typeof hash === 'string' ? hash : repeat(hash));

/** JSON cannot hold NaN or infinities: the catalogue writes them as strings. */
export const number = (v) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
