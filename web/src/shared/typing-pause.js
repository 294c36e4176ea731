// When a field's problem may be shown. While a person types, a half-typed
// "-", "1e" or "1e-" is normal, not an error, so a new message waits for a
// pause (PAUSE_MS with no input) or for the field to lose focus. A paste or
// a drop is complete at once, and so is a value a script sets (an untrusted
// event), so its problem shows at once. A message already shown keeps
// following the text while the person fixes it ("punish late, reward
// early"): it changes or goes away at the keystroke that changes it.

export const PAUSE_MS = 700;

const WHOLE_INPUT = new Set(['insertFromPaste', 'insertFromDrop', 'insertReplacementText']);

/**
 * Watches a field's typing. Register it before the field's own input
 * listeners, so that they see this input's `typing`.
 * @param field    an <input> or <textarea>
 * @param onPause  () => void: typing ended (a pause or blur); show what is pending
 * @param signal   an AbortSignal that removes the listeners
 * @returns {{readonly typing: boolean}} typing: a new message should wait
 */
export function typingPause(field, onPause, { signal } = {}) {
  let typing = false;
  let timer = 0;
  const pause = () => {
    clearTimeout(timer);
    if (!typing) return;
    typing = false;
    onPause();
  };
  field.addEventListener(
    'input',
    (event) => {
      clearTimeout(timer);
      typing = event.isTrusted && !WHOLE_INPUT.has(event.inputType);
      if (typing) timer = setTimeout(pause, PAUSE_MS);
    },
    { signal },
  );
  field.addEventListener('blur', pause, { signal });
  signal?.addEventListener('abort', () => clearTimeout(timer));
  return {
    get typing() {
      return typing;
    },
  };
}

/** Whether a problem should show now: not while typing, unless one already shows. */
export function showsProblem(problem, watch, shown) {
  return Boolean(problem) && (!watch.typing || Boolean(shown));
}
