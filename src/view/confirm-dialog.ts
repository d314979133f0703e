/**
 * Ask before an action that would throw the analyst's work away. Resolves true for the action,
 * false for Cancel or Escape. Text only, never HTML (file names come from the user's disk).
 */
export function confirmDialog(title: string, text: string, actionLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'import-dialog confirm-dialog';
    const heading = document.createElement('h2');
    heading.textContent = title;
    const body = document.createElement('p');
    body.textContent = text;
    const actions = document.createElement('div');
    actions.className = 'dialog-actions';
    const button = (label: string, name: string, answer: boolean, primary = false) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.name = name;
      b.textContent = label;
      if (primary) b.className = 'primary';
      b.addEventListener('click', () => finish(answer));
      return b;
    };
    const finish = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    const keep = button('Cancel', 'cancel', false, true);
    actions.append(keep, button(actionLabel, 'confirm', true));
    dialog.append(heading, body, actions);
    document.body.append(dialog);
    dialog.showModal();
    keep.focus();
  });
}
