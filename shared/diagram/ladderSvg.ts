// The ladder as a standalone SVG string: what the HTML export embeds and what tests read.
import { buildLadder, type LadderInput } from './ladderModel';
import { layoutLadder, type LadderLayoutOptions } from './ladderLayout';
import { sceneToSvg } from './sceneSvg';

export function renderLadderSvg(input: LadderInput, options: LadderLayoutOptions = {}): string {
  return sceneToSvg(layoutLadder(buildLadder(input), options));
}
