import { defineConfig } from 'vite';
import { rendererConfig } from './viteConfig.mts';

export default defineConfig(rendererConfig);
