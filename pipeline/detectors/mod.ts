/** Component definitions in pipeline/detectors/. Add each new definition to this list. */
import type { AnyComponentDef } from "../engine/component.ts";
import { alerts } from "./alerts.ts";
import { flatline } from "./flatline.ts";
import { hybrid } from "./hybrid.ts";
import { isolationForest } from "./isolation_forest.ts";
import { lstmAutoencoder } from "./lstm_autoencoder.ts";
import { threshold } from "./threshold.ts";
import { zscore } from "./zscore.ts";

export const components: AnyComponentDef[] = [
  threshold,
  zscore,
  flatline,
  alerts,
  isolationForest,
  lstmAutoencoder,
  hybrid,
];
