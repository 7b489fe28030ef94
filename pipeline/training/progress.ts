/** A one-line progress bar for CLIs (`[#####.....] 2/4 training isolation forest`). */

/** Renders `step` of `total` steps, with a label, to a terminal line. */
export function progressLine(step: number, total: number, label: string, width = 20): string {
  const done = Math.max(0, Math.min(width, Math.round((step / total) * width)));
  return `[${"#".repeat(done)}${".".repeat(width - done)}] ${step}/${total} ${label}`;
}

/** Writes progress lines to stderr: redrawn in place on a terminal, one per line otherwise. */
export class Progress {
  #step = 0;
  #tty: boolean;
  constructor(
    readonly total: number,
    readonly out: { writeSync(b: Uint8Array): number } = Deno.stderr,
  ) {
    this.#tty = out === Deno.stderr && Deno.stderr.isTerminal();
  }

  /** Advances one step and shows `label`. */
  next(label: string): void {
    this.#step = Math.min(this.total, this.#step + 1);
    const line = progressLine(this.#step, this.total, label);
    const text = this.#tty
      ? `\r\x1b[2K${line}${this.#step === this.total ? "\n" : ""}`
      : `${line}\n`;
    this.out.writeSync(new TextEncoder().encode(text));
  }
}
