// The diagrams of a session, for the app, the exports and the CLI:
//   events + findings → model (buildLadder, buildWaterfall)     what to draw, as data
//                     → scene (layoutLadder, layoutWaterfall)    where, as SVG primitives
//                     → string (sceneToSvg, render*Svg) or React (map the scene's nodes)
export { buildLadder, worstSeverity } from './ladderModel';
export type { ArrowDetail, ArrowItem, CloseItem, ConnectItem, FindingRef, Ladder, LadderInput, LadderItem, NoReplyItem, NoteItem, PhaseId, PhaseItem, TlsItem } from './ladderModel';
export { layoutLadder, DEFAULT_MAX_LADDER_ITEMS, type LadderLayoutOptions } from './ladderLayout';
export { renderLadderSvg } from './ladderSvg';
export { buildWaterfall } from './waterfallModel';
export type { StageKind, Waterfall, WaterfallInput, WaterfallStage } from './waterfallModel';
export { layoutWaterfall, DEFAULT_MAX_WATERFALL_ROWS, type WaterfallLayoutOptions } from './waterfallLayout';
export { renderWaterfallSvg } from './waterfallSvg';
export { renderWaterfallText, renderWaterfallTextFrom, type WaterfallTextOptions } from './waterfallText';
export { RELATIVE_FACTOR, SLOW_FLOOR_MS, roundTripMs, slowReason } from './slowStages';
export type { Scene, SceneNode, TextSpan } from './scene';
export { nodeAttributes, reactAttributeName, spanAttributes } from './scene';
export { sceneToSvg } from './sceneSvg';
export { DIAGRAM_CSS, ROOT_CLASS } from './diagramTheme';
export { escapeXml, formatMs } from './diagramText';
