// password-control's password policy (§10): aging, length, composition, history, each feature's
// switch, and the super-password forms. The rules themselves are enforced by the device's
// PasswordPolicy on every path that sets a password; these commands only set them.
import { changed, Lines } from '../config';
import type { SettingKey } from '../device/settings';
import type { Ctx } from './services';

type NumberKey = Extract<
  SettingKey,
  | 'password-control.aging'
  | 'password-control.length'
  | 'password-control.history'
  | 'password-control.composition.type-number'
  | 'password-control.composition.type-length'
  | 'password-control.super.aging'
  | 'password-control.super.length'
  | 'password-control.super.composition.type-number'
  | 'password-control.super.composition.type-length'
>;

/** `password-control X N` sets one number; `undo` restores its default. */
async function setNumber(ctx: Ctx, key: NumberKey, arg: string): Promise<void> {
  const settings = await ctx.services.device.settings();
  if (ctx.undo) await settings.reset(key);
  else await settings.set(key, Number(ctx.args[arg]));
}

/** Types and, when given, characters per type (else 1, as on Comware); `undo` restores both. */
async function setComposition(ctx: Ctx, prefix: 'password-control' | 'password-control.super'): Promise<void> {
  const settings = await ctx.services.device.settings();
  const types = `${prefix}.composition.type-number` as NumberKey;
  const length = `${prefix}.composition.type-length` as NumberKey;
  if (ctx.undo) {
    await settings.reset(types);
    await settings.reset(length);
    return;
  }
  await settings.set(types, Number(ctx.args.types));
  await settings.set(length, ctx.args.len === undefined ? 1 : Number(ctx.args.len));
}

export const passwordControlAging = (ctx: Ctx) => setNumber(ctx, 'password-control.aging', 'days');
export const passwordControlLength = (ctx: Ctx) => setNumber(ctx, 'password-control.length', 'n');
export const passwordControlHistory = (ctx: Ctx) => setNumber(ctx, 'password-control.history', 'n');
export const passwordControlComposition = (ctx: Ctx) => setComposition(ctx, 'password-control');
export const passwordControlSuperAging = (ctx: Ctx) => setNumber(ctx, 'password-control.super.aging', 'days');
export const passwordControlSuperLength = (ctx: Ctx) => setNumber(ctx, 'password-control.super.length', 'n');
export const passwordControlSuperComposition = (ctx: Ctx) => setComposition(ctx, 'password-control.super');

const FEATURES = ['aging', 'composition', 'history', 'length'] as const;

/** `[undo] password-control { aging | composition | history | length } enable` */
export async function passwordControlFeature(ctx: Ctx): Promise<void> {
  const feature = FEATURES.find((f) => ctx.keywords.has(f))!;
  await (await ctx.services.device.settings()).set(`password-control.${feature}.enable`, !ctx.undo);
}

/** The features are on by default: only the ones switched off are printed. */
export const passwordControlFeatureLines: Lines<void> = (_, { settings: s }) =>
  FEATURES.filter((f) => !s[`password-control.${f}.enable`]).map((f) => ` undo password-control ${f} enable`);

const numberLine = (key: NumberKey, command: string): Lines<void> => (_, { settings: s }) => (changed(s, key) ? [` ${command} ${s[key]}`] : []);

const compositionLine = (prefix: 'password-control' | 'password-control.super', command: string): Lines<void> => (_, { settings: s }) => {
  const types = `${prefix}.composition.type-number` as NumberKey;
  const length = `${prefix}.composition.type-length` as NumberKey;
  return changed(s, types) || changed(s, length) ? [` ${command} composition type-number ${s[types]} type-length ${s[length]}`] : [];
};

export const passwordControlAgingLines = numberLine('password-control.aging', 'password-control aging');
export const passwordControlLengthLines = numberLine('password-control.length', 'password-control length');
export const passwordControlCompositionLines = compositionLine('password-control', 'password-control');
export const passwordControlHistoryLines = numberLine('password-control.history', 'password-control history');
export const passwordControlSuperAgingLines = numberLine('password-control.super.aging', 'password-control super aging');
export const passwordControlSuperLengthLines = numberLine('password-control.super.length', 'password-control super length');
export const passwordControlSuperCompositionLines = compositionLine('password-control.super', 'password-control super');
