// Public surface of the engine for hosts (console, SSH session process) and src/commands.
export { CliEngine } from './engine';
export type { EngineOptions, SessionOptions } from './options';
export { AbortError, CommandError } from './context';
export type { CommandContext, CommandIO, Handler, RawTerminal, SessionControl, ViewInfo } from './context';
export { compileTree, loadTree, readSources, TreeError } from './tree';
export type { Tree, ViewSource, CommandSource } from './tree-types';
