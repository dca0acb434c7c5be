// ISP domains (comware-aaa-files.md §1): `domain NAME` creates and enters, `domain default enable`,
// and the domain view's methods and state.
import { changed, Lines } from '../config';
import type { AaaFunction, AaaMethod, AccessType, IspDomain } from '../device/aaa-types';
import { AAA_FUNCTIONS, ACCESS_TYPES, methodWords } from '../device/aaa-types';
import type { Ctx } from './services';

const viewDomain = (ctx: Ctx): string => ctx.view.vars.name;

export async function domain(ctx: Ctx): Promise<void> {
  await (await ctx.services.device.aaa()).ensureDomain(String(ctx.args.name));
}

export async function undoDomain(ctx: Ctx): Promise<void> {
  await (await ctx.services.device.aaa()).removeDomain(String(ctx.args.name));
}

export async function domainDefault(ctx: Ctx): Promise<void> {
  await (await ctx.services.device.aaa()).setDefaultDomain(ctx.undo ? undefined : String(ctx.args.name));
}

/** `{ local | none | radius-scheme NAME [ local ] }` as typed. */
function typedMethod(ctx: Ctx): AaaMethod {
  if (ctx.keywords.has('radius-scheme')) return { kind: 'radius', scheme: String(ctx.args.s), local: ctx.keywords.has('local') };
  return ctx.keywords.has('none') ? { kind: 'none' } : { kind: 'local' };
}

function setMethod(ctx: Ctx, fns: readonly AaaFunction[]): Promise<void> {
  const type: AccessType = ctx.keywords.has('login') ? 'login' : ctx.keywords.has('super') ? 'super' : 'default';
  const method = ctx.undo ? undefined : typedMethod(ctx);
  return ctx.services.device.aaa().then((aaa) =>
    aaa.updateDomain(viewDomain(ctx), (d: IspDomain) => {
      for (const fn of fns) {
        if (method) d.methods[`${fn}.${type}`] = method;
        else delete d.methods[`${fn}.${type}`];
      }
    }),
  );
}

export const domainAuthentication = (ctx: Ctx) => setMethod(ctx, ['authentication']);
export const domainAuthorization = (ctx: Ctx) => setMethod(ctx, ['authorization']);
export const domainAccounting = (ctx: Ctx) => setMethod(ctx, ['accounting']);
/** V3 `scheme …`: the `default` method of all three functions. */
export const domainScheme = (ctx: Ctx) => setMethod(ctx, AAA_FUNCTIONS);

export async function domainState(ctx: Ctx): Promise<void> {
  const state = !ctx.undo && ctx.keywords.has('block') ? 'block' : 'active';
  await (await ctx.services.device.aaa()).updateDomain(viewDomain(ctx), (d) => {
    d.state = state;
  });
}

// ---- configuration lines (V5 layout, comware-aaa-files.md §1.3) ----

export const domainLines: Lines<IspDomain> = (d) => [`domain ${d.name}`];
/** `authentication|authorization|accounting TYPE METHOD`, the V3 `scheme` alias included (it sets `default`). */
export const domainMethodLines: Lines<IspDomain> = (d) =>
  ACCESS_TYPES.flatMap((type) =>
    AAA_FUNCTIONS.flatMap((fn) => {
      const m = d.methods[`${fn}.${type}`];
      return m ? [` ${fn} ${type} ${methodWords(m)}`] : [];
    }),
  );
export const domainStateLines: Lines<IspDomain> = (d) => (d.state !== 'active' ? [` state ${d.state}`] : []);
/** Printed after the domains, so that loading the text back finds the domain it names. */
export const domainDefaultLines: Lines<void> = (_, state) =>
  changed(state.settings, 'aaa.domain-default') ? [` domain default enable ${state.settings['aaa.domain-default']}`] : [];
