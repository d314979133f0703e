/** An element with text (never HTML) and an optional class. */
export function make<K extends keyof HTMLElementTagNameMap>(tag: K, text = '', className = ''): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

/** A plain button (not a form's submit) with a name tests and styles can find. */
export function button(text: string, name: string, onClick?: () => void): HTMLButtonElement {
  const b = make('button', text);
  b.type = 'button';
  b.name = name;
  if (onClick) b.addEventListener('click', onClick);
  return b;
}
