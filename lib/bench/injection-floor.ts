/**
 * The baseline of the detector's time in the bench (issue 7): a script that does nothing,
 * injected into the same page the same way as the detector (`scripting.executeScript`, a file,
 * the page's own world) and answering as the detector does on a page without signs. What it costs
 * the page is what any injected script costs, the floor under the detector's own work, measured
 * in the same run and the same pages. Only bench builds have it (wxt.config.ts).
 */
export const INJECTION_FLOOR_FILE = "content-scripts/injection-floor.js";
export const INJECTION_FLOOR_SCRIPT = "[]";
