// safeUrl is url when it is a web address (http or https), else "": a
// link or image from another service must never carry a javascript: or
// data: URL into the page.
export function safeUrl(url?: string): string {
  if (!url) return "";
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : "";
  } catch {
    return "";
  }
}
