// Copy text to the clipboard and say so on the button.
const labels = new WeakMap(); // button -> its own label (not "Copied")

export async function copy(text, button) {
  if (!labels.has(button)) labels.set(button, button.textContent);
  const label = labels.get(button);
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Copy failed: select the text';
  }
  setTimeout(() => (button.textContent = label), 1500);
}
