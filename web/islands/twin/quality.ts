/**
 * Adaptive render quality for the twin: machines without a GPU (software
 * WebGL) cannot draw the full-resolution scene with bloom at a usable frame
 * rate. The governor watches the frame interval and lowers the pixel ratio,
 * then turns the bloom off; when frames are fast again it raises the ratio.
 */

/** Frames slower than this (ms, smoothed) lower the quality; faster than `FAST_MS` raise it. */
export const SLOW_MS = 40;
export const FAST_MS = 20;
/** Frames to wait after a change before judging again. */
const SETTLE_FRAMES = 3;
/** Far too slow: jump straight to the lowest pixel ratio. */
const HOPELESS_MS = 150;

/** Pixel ratio and bloom, adjusted from measured frame intervals. */
export class QualityGovernor {
  pixelRatio: number;
  bloom = true;
  #ema = 0;
  #frames = 0;

  /** Starts at `maxRatio` (the device's, capped) and never goes below `minRatio`. */
  constructor(readonly maxRatio: number, readonly minRatio = 0.5) {
    if (!(maxRatio > 0) || !(minRatio > 0) || minRatio > maxRatio) {
      throw new Error(
        `Cannot build QualityGovernor: need 0 < minRatio <= maxRatio, got ${minRatio} and ${maxRatio}`,
      );
    }
    this.pixelRatio = maxRatio;
  }

  /**
   * Feeds one frame interval in ms; returns true when the settings changed
   * (the caller then resizes the renderer).
   *
   * @example
   * ```ts
   * if (governor.sample(dtMs)) renderer.setPixelRatio(governor.pixelRatio);
   * ```
   */
  sample(ms: number): boolean {
    this.#ema = this.#frames === 0 ? ms : this.#ema * 0.7 + ms * 0.3;
    if (++this.#frames < SETTLE_FRAMES) return false;
    if (this.#ema > SLOW_MS) {
      if (this.pixelRatio > this.minRatio) {
        this.pixelRatio = this.#ema > HOPELESS_MS
          ? this.minRatio
          : Math.max(this.minRatio, round2(this.pixelRatio * 0.7));
      } else if (this.bloom) {
        this.bloom = false;
      } else {
        return false;
      }
      this.#frames = 0;
      return true;
    }
    if (this.#ema < FAST_MS && this.pixelRatio < this.maxRatio) {
      this.pixelRatio = Math.min(this.maxRatio, round2(this.pixelRatio / 0.7));
      this.#frames = 0;
      return true;
    }
    return false;
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
