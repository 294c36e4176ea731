// Section 2: the reader's own inputs. The box sets the widget's `values`
// attribute; the widget parses them and shows its own message for bad input
// (controls="compact" keeps that message visible and adds no other control).
import { typingPause } from '../shared/typing-pause.js';

/** Keeps plot's values equal to the text of input; marks the box invalid
 *  while the core's parser refuses it. */
export function wireTypedInputs(lab, input, plot) {
  // A half-typed "1e" waits for a pause in typing before the widget is
  // given it (and says it is wrong); valid text goes at once.
  const watch = typingPause(input, () => update());
  const update = () => {
    let valid = true;
    try {
      lab.parseValues(input.value);
    } catch {
      valid = false;
    }
    if (!valid && watch.typing && input.getAttribute('aria-invalid') !== 'true') return;
    plot.setAttribute('values', input.value);
    if (valid) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
  };
  input.addEventListener('input', update);
  update(); // text typed before the core was loaded
}
