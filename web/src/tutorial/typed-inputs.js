// Section 2: the reader's own inputs. The box sets the widget's `values`
// attribute; the widget parses them and shows its own message for bad input
// (controls="compact" keeps that message visible and adds no other control).

/** Keeps plot's values equal to the text of input; marks the box invalid
 *  while the core's parser refuses it. */
export function wireTypedInputs(lab, input, plot) {
  const update = () => {
    plot.setAttribute('values', input.value);
    let valid = true;
    try {
      lab.parseValues(input.value);
    } catch {
      valid = false;
    }
    if (valid) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
  };
  input.addEventListener('input', update);
  update(); // text typed before the core was loaded
}
