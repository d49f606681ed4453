import { render } from "preact";
import { App } from "./app";

render(<App />, document.getElementById("app")!);

// The skip link moves focus to the page's content without touching the
// route in the fragment.
document.querySelector(".skip-link")?.addEventListener("click", (e) => {
  e.preventDefault();
  document.getElementById("main")?.focus();
});
