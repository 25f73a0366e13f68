// The diagrams of a session, for the app, the exports and the CLI:
//   events + findings → model (buildLadder, buildWaterfall)     what to draw, as data
//                     → scene (layoutLadder, layoutWaterfall)    where, as SVG primitives
//                     → string (sceneToSvg, render*Svg) or React (map the scene's nodes)
export { buildLadder } from './ladderModel';
export { layoutLadder } from './ladderLayout';
export { renderLadderSvg } from './ladderSvg';
export { buildWaterfall } from './waterfallModel';
export { layoutWaterfall } from './waterfallLayout';
export { renderWaterfallSvg } from './waterfallSvg';
export type { Scene, SceneNode } from './scene';
export { nodeAttributes, reactAttributeName, spanAttributes } from './scene';
export { DIAGRAM_CSS, ROOT_CLASS } from './diagramTheme';
