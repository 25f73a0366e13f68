// The ladder's fixed geometry. The width is fixed (it must fit the app's transcript column
// and a printed page); the height grows with the number of items.
import { MONO_EM } from './diagramText';

export const LADDER_WIDTH = 780;
/** Right edge of the time column. */
export const TIME_X = 54;
export const CLIENT_X = 140;
export const SERVER_X = 700;
export const MID_X = (CLIENT_X + SERVER_X) / 2;
export const LANE_BOX_WIDTH = 150;
export const HEADER_TOP = 10;
export const HEADER_HEIGHT = 36;
/** Where the first item starts, below the lane headers and the legend. */
export const ITEMS_TOP = 86;
export const BOTTOM_PADDING = 16;

/** Arrows slope down a little, as on a whiteboard: time passes while bytes travel. */
export const ARROW_SLOPE = 6;
export const LABEL_SIZE = 12;
export const DETAIL_SIZE = 11;
export const DETAIL_LINE = 14;
export const FINDING_LINE = 16;

/** How many monospace characters fit between the lanes at a font size, with a margin for the lock. */
export function charsBetweenLanes(fontSize: number, margin = 44): number {
  return Math.floor((SERVER_X - CLIENT_X - margin) / (fontSize * MONO_EM));
}
