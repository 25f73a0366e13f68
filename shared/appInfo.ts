import { version } from '../package.json';

export const APP_NAME = 'SMTP Lens';
export const APP_VERSION: string = version;
