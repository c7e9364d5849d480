import { existsSync } from "node:fs";

/** Where the end-to-end tests and the demo find Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(candidate)) {
    throw new Error(
      `Chromium was not found at ${candidate}. Install it (Debian/Ubuntu: sudo apt-get install chromium) ` +
        `or set CHROMIUM_PATH to a Chromium or Chrome for Testing executable.`,
    );
  }
  return candidate;
}
