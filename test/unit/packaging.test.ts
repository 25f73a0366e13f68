import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The parts of the resolved config these tests read. */
type BuilderConfig = Record<string, { target?: unknown; icon?: string } | undefined> & {
  electronFuses?: Record<string, unknown>;
};

// app-builder-lib is CommonJS and not a direct dependency of ours; electron-builder brings it.
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(dir: string, file: string | null, extra: null): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled?: boolean) => unknown };
// What electron-builder hands @electron/fuses when it flips the fuses, right before signing.
const { PlatformPackager } = require('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } };
};
const { FuseV1Options, FuseVersion } = require('@electron/fuses') as {
  FuseV1Options: Record<string, number>;
  FuseVersion: { V1: string };
};

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds AppImage and deb for Linux, dmg for macOS and nsis for Windows, with the icon from assets/', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
    for (const platform of ['linux', 'mac', 'win']) expect(config[platform]?.icon).toBe('assets/icon.png');
    const png = readFileSync('assets/icon.png');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // width: macOS and Windows need 512 / 256
  });

  it('a broken config is rejected (the validation can fail)', async () => {
    await expect(
      validateConfiguration({ linux: { target: 42 }, nonsense: true }, new DebugLogger(false)),
    ).rejects.toThrow();
  });

  it('flips the Electron fuses: no running as Node, no NODE_OPTIONS or --inspect, only the integrity-checked app.asar, no file:// privileges', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null);
    expect(config.asar).toBe(true); // onlyLoadAppFromAsar and the integrity check need an asar
    expect(config.electronFuses, 'electron-builder.yml sets no electronFuses').toBeDefined();
    const fuses = await PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses);
    expect(fuses).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: undefined,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('a misspelled fuse is rejected by the schema, so it cannot be silently ignored', async () => {
    await expect(
      validateConfiguration({ electronFuses: { runAsnode: false } }, new DebugLogger(false)),
    ).rejects.toThrow(/configuration.electronFuses/);
  });

  it('package.json points Electron at the built main process', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.main).toBe('./out/main/main.js');
    expect(pkg.scripts.dist).toContain('electron-builder');
  });
});

describe('the desktop shell bundle', () => {
  it('electron-vite builds main, a CommonJS preload and the renderer; main needs only packaged dependencies', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const out = mkdtempSync(path.join(tmpdir(), 'smtp-lens-electron-'));
    execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], {
      env: { ...process.env, SMTP_LENS_OUT: out },
      stdio: 'pipe',
    });
    const preload = readFileSync(path.join(out, 'preload/preload.cjs'), 'utf8');
    expect(preload).toMatch(/^let electron = require\("electron"\);/);
    expect(preload).not.toMatch(/^\s*import\s/m);
    const main = readFileSync(path.join(out, 'main/main.js'), 'utf8');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const imported = [...main.matchAll(/^import .*?from "([^"]+)";$|^import "([^"]+)";$/gm)].map((m) => m[1] ?? m[2]);
    const external = imported
      .filter((m) => !m.startsWith('node:') && m !== 'electron')
      .map((m) => (m.startsWith('@') ? m.split('/').slice(0, 2).join('/') : m.split('/')[0]));
    expect(external.length).toBeGreaterThan(0);
    for (const dep of external) expect(Object.keys(pkg.dependencies), dep).toContain(dep);
    expect(readFileSync(path.join(out, 'renderer/index.html'), 'utf8')).toContain('Content-Security-Policy');
  }, 120_000);
});
