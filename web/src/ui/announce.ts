// announce speaks a status message to screen readers through the page's one
// polite live region (index.html's #announcer), and shows it in the status
// bar for everyone else.
export function announce(message: string) {
  const region = document.getElementById("announcer");
  if (!region) return;
  // Clearing first makes a repeated message be read again.
  region.textContent = "";
  window.setTimeout(() => (region.textContent = message), 50);
}
