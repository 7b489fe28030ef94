/** How a remaining-useful-life figure is shown to operators (SPEC §5). */

/** Display text and colour of a RUL figure. */
export interface RulDisplay {
  text: string;
  colour: "red" | "yellow" | "green";
}

const DAY = 24;
const WEEK = 7 * DAY;

/**
 * Under 24 h → `"X HRS"` red; under one week → `"X DAYS"` yellow; otherwise
 * `"X WEEKS"` green. Values are rounded down, so a figure never looks later
 * than it is.
 *
 * @example
 * ```ts
 * rulDisplay(30); // { text: "1 DAYS", colour: "yellow" }
 * ```
 */
export function rulDisplay(hours: number): RulDisplay {
  if (!Number.isFinite(hours) || hours < 0) {
    throw new RangeError(
      `Cannot display RUL: hours must be a finite number >= 0, got ${hours}`,
    );
  }
  if (hours < DAY) return { text: `${Math.floor(hours)} HRS`, colour: "red" };
  if (hours < WEEK) return { text: `${Math.floor(hours / DAY)} DAYS`, colour: "yellow" };
  return { text: `${Math.floor(hours / WEEK)} WEEKS`, colour: "green" };
}
