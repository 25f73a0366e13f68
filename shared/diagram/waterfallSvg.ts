// The waterfall as a standalone SVG string: what the HTML export embeds and what tests read.
import { sceneToSvg } from './sceneSvg';
import { layoutWaterfall, type WaterfallLayoutOptions } from './waterfallLayout';
import { buildWaterfall, type WaterfallInput } from './waterfallModel';

export function renderWaterfallSvg(input: WaterfallInput, options: WaterfallLayoutOptions = {}): string {
  return sceneToSvg(layoutWaterfall(buildWaterfall(input), options));
}
