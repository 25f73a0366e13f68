import type { IpcEvents, SweepRequest } from '../../shared/ipc';
import type { SweepResult } from '../../shared/sweep';
import { optionsFromRequest } from '../engine/sessionOptions';
import { sweep } from '../engine/sweep/sweep';
import type { LabService } from './labService';

/** A port sweep from the window: the engine's sweep, with each row sent as soon as it is
 * done so the grid fills in while slow ports are still being waited for. */
export async function runSweep(
  request: SweepRequest,
  lab: LabService,
  emit: <E extends keyof IpcEvents>(channel: E, payload: IpcEvents[E]) => void,
): Promise<SweepResult> {
  return sweep(optionsFromRequest(request, request.trustLabCa ? await lab.rootCaPem() : undefined), {
    onRow: (row) => emit('sweep:row', { row }),
  });
}
