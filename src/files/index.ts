// flash: and its boot-file choice: one module resolves and checks every path the CLI, SFTP and SCP use.
export { DEFAULT_FLASH_BYTES, Flash } from './flash';
export type { FileInfo, FlashLocation, Usage } from './flash';
export { FileError } from './errors';
export type { FileErrorCode } from './errors';
export { checkName, displayPath, printable, resolvePath, slashPath } from './names';
export type { FlashPath } from './names';
export { Upload } from './upload';
export { DEFAULT_STARTUP, StartupFiles } from './startup-files';
export type { StartupChoice } from './startup-files';
export { adoptLegacyStartup, chooseBootFile } from './boot';
export type { BootFile } from './boot';
export { StartupConfig, CONFIG_MODE } from './startup-config';
export { flashOf, startupConfigOf, startupFilesOf } from './of-device';
