// The typed values of a view, parsed once per text: after a 10 MB paste a
// slider step does not parse it again. While the text is invalid, `values`
// stays the last valid parse (the chart keeps it) and `error` says why.

/** A reader: (text) => {values: Float64Array | null, error: ParseValuesError | null}. */
export function valuesReader(lab) {
  let text = null;
  let values = null;
  let error = null;
  return (next) => {
    if (next !== text) {
      text = next;
      try {
        values = lab.parseValues(next);
        error = null;
      } catch (e) {
        error = e;
      }
    }
    return { values, error };
  };
}
