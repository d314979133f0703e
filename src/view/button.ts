/** A plain `<button type="button">` with a name (tests and forms find it by it), its label and what a click does (or none: the caller listens). */
export function makeButton(label: string, name: string, onClick?: () => void, title?: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.name = name;
  button.textContent = label;
  if (title) button.title = title;
  if (onClick) button.addEventListener('click', onClick);
  return button;
}
