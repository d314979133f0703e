/**
 * A suggestion the analyst may take or leave (never applied silently): one sentence, an action
 * button and a close button, under the HUD; or, with no action, a notice that stays until closed.
 */
export function createOffer(root: HTMLElement) {
  root.hidden = true;
  return {
    show(text: string, actionLabel?: string, onAccept?: () => void) {
      const message = document.createElement('span');
      message.textContent = text;
      const accept = document.createElement('button');
      accept.type = 'button';
      accept.name = 'accept-offer';
      accept.textContent = actionLabel ?? '';
      const close = document.createElement('button');
      close.type = 'button';
      close.name = 'dismiss-offer';
      close.textContent = '×';
      close.setAttribute('aria-label', 'Dismiss');
      accept.addEventListener('click', () => {
        root.hidden = true;
        onAccept?.();
      });
      close.addEventListener('click', () => (root.hidden = true));
      root.replaceChildren(message, ...(actionLabel ? [accept] : []), close);
      root.hidden = false;
    },
    hide: () => void (root.hidden = true),
  };
}
