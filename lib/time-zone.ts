/**
 * The user's time zone, as the browser has it: a calendar day, week or month (a spending limit's
 * period, an order dated by its day alone, the days the UI shows) is the user's, not UTC's.
 */
export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
