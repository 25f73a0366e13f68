import { readFile } from 'node:fs/promises';
import { LAB_HOSTNAME, LAB_PASSWORD, LAB_USER, scenarioInfo } from '../../shared/lab/scenarioCatalog';
import type { LabStatus, ReceivedMessageView } from '../../shared/ipc';
import { LAB_HOST, startLab, type Lab } from '../lab/labServer';

/** The built-in practice server inside the app: started once, on free loopback ports, so a
 * first Run has something real to talk to. */
export class LabService {
  private lab: Promise<Lab> | null = null;

  ensure(): Promise<Lab> {
    this.lab ??= startLab({ basePort: 0 });
    return this.lab;
  }

  async rootCaPem(): Promise<string> {
    const lab = await this.ensure();
    return readFile(lab.rootCaPath, 'utf8');
  }

  async status(): Promise<LabStatus> {
    const lab = await this.ensure();
    return {
      host: LAB_HOST,
      user: LAB_USER,
      password: LAB_PASSWORD,
      servername: LAB_HOSTNAME,
      rootCaPath: lab.rootCaPath,
      scenarios: lab.scenarios.map((s) => {
        const info = scenarioInfo(s.name);
        return {
          name: s.name,
          port: s.port,
          summary: info?.summary ?? '',
          notice: info?.notice ?? '',
          explainFix: info?.explainFix ?? '',
          client: info?.client ?? { tls: 'starttls', auth: false, to: [] },
          realPort: info?.realPort ?? 587,
        };
      }),
    };
  }

  async messages(scenario?: string): Promise<ReceivedMessageView[]> {
    const lab = await this.ensure();
    return lab.received
      .filter((m) => !scenario || m.scenario === scenario)
      .map((m) => ({
        scenario: m.scenario,
        from: m.from,
        to: m.to,
        receivedAt: m.receivedAt,
        text: m.raw.toString('utf8'),
      }));
  }

  async close(): Promise<void> {
    if (this.lab) await (await this.lab).close();
    this.lab = null;
  }
}
