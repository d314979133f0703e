/** A collapsible bottom drawer with tabs; returns each tab's content element by id. */
export function createDrawer(root: HTMLElement, tabs: readonly { id: string; label: string }[], onOpen?: (id: string) => void) {
  const bar = document.createElement('div');
  bar.className = 'drawer-tabs';
  bar.setAttribute('role', 'tablist');
  const body = document.createElement('div');
  body.className = 'drawer-body';
  const panels = new Map<string, HTMLElement>();
  const buttons = new Map<string, HTMLButtonElement>();
  let open: string | null = null;

  const show = (id: string | null) => {
    open = id;
    root.classList.toggle('drawer-open', id !== null);
    for (const [tab, panel] of panels) panel.hidden = tab !== id;
    for (const [tab, button] of buttons) button.setAttribute('aria-selected', String(tab === id));
    if (id) onOpen?.(id);
  };
  for (const tab of tabs) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = tab.label;
    button.setAttribute('role', 'tab');
    button.dataset.tab = tab.id;
    button.addEventListener('click', () => show(open === tab.id ? null : tab.id));
    bar.append(button);
    buttons.set(tab.id, button);
    const panel = document.createElement('section');
    panel.className = 'drawer-panel';
    panel.dataset.tab = tab.id;
    panel.setAttribute('role', 'tabpanel');
    panel.hidden = true;
    body.append(panel);
    panels.set(tab.id, panel);
  }
  root.append(bar, body);
  return { panel: (id: string) => panels.get(id)!, show };
}
